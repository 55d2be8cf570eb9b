"""R-IM-4 (1): every digit and messenger obfuscation, in each of the seven languages.

The obfuscations are written here independently of the detector: each test takes a phone number
of the language's market and a sentence a seller of that language would send, disguises the
number (or the messenger name) one way, and expects `contact` with the span on the disguise.
"""

from __future__ import annotations

import pytest

from pasar.moderation import check

# language -> (market, sentence with {x}, national phone number of that market, number words 0..9)
LANGUAGES = {
    "en": (
        "GB",
        "Text me on {x} for the wholesale price",
        "07700900123",
        "zero one two three four five six seven eight nine",
    ),
    "id": (
        "ID",
        "Kak hubungi aku di {x} ya biar cepat",
        "081234567890",
        "nol satu dua tiga empat lima enam tujuh delapan sembilan",
    ),
    "ms": (
        "MY",
        "Boleh mesej saya terus di {x} untuk stok",
        "0123456789",
        "kosong satu dua tiga empat lima enam tujuh lapan sembilan",
    ),
    "th": ("TH", "สนใจโทรมาที่ {x} ได้เลยค่ะ", "0812345678", "ศูนย์ หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด เก้า"),
    "vi": ("VN", "Chị gọi em qua số {x} nhé", "0912345678", "không một hai ba bốn năm sáu bảy tám chín"),
    "zh": ("SG", "有问题直接打我电话 {x} 谢谢", "91234567", "零 一 二 三 四 五 六 七 八 九"),
    "fil": (
        "PH",
        "Text mo na lang ako sa {x} para mabilis",
        "09171234567",
        "sero isa dalawa tatlo apat lima anim pito walo siyam",
    ),
}

DIGIT_DISGUISES = {
    "spaced": lambda n, words: " ".join(n),
    "punctuated": lambda n, words: ".".join(n),
    "dashed": lambda n, words: "-".join(n),
    "fullwidth": lambda n, words: "".join(chr(0xFF10 + int(d)) for d in n),
    "keycap_emoji": lambda n, words: "".join(d + "\ufe0f\u20e3" for d in n),
    "circled": lambda n, words: "".join("⓪" if d == "0" else chr(0x2460 + int(d) - 1) for d in n),
    "emoji_between": lambda n, words: "💕".join(n),
    "lookalike_letters": lambda n, words: n.replace("0", "O").replace("1", "l"),
    "number_words": lambda n, words: " ".join(words.split()[int(d)] for d in n),
    "half_words": lambda n, words: n[:4] + " " + " ".join(words.split()[int(d)] for d in n[4:]),
}


@pytest.mark.parametrize("disguise", sorted(DIGIT_DISGUISES))
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_r_im_4_disguised_phone_is_contact_in_every_language(language: str, disguise: str) -> None:
    """Given a phone disguised one way in a seller sentence of each language, then `contact` covers the disguise."""
    market, sentence, number, words = LANGUAGES[language]
    disguised = DIGIT_DISGUISES[disguise](number, words)
    text = sentence.format(x=disguised)
    found = [text[v.start : v.end] for v in check(text, market).violations if v.category == "contact"]
    assert any(disguised.strip() in span or span in disguised for span in found), (text, found)


# language -> (market, sentence with {m}, messenger name sellers of that language use)
MESSENGER_SENTENCES = {
    "en": ("GB", "Add me on {m}, I'll send more photos there", "WhatsApp"),
    "id": ("ID", "Info lengkap add {m} kami ya kak", "Telegram"),
    "ms": ("MY", "Nak gambar lebih, add {m} saya", "WhatsApp"),
    "th": ("TH", "สนใจแอด {m} มาได้เลยค่ะ", "WhatsApp"),
    "vi": ("VN", "Anh kết bạn {m} với em nhé", "Zalo"),
    "zh": ("SG", "加我{m}，发你更多图片", "WeChat"),
    "fil": ("PH", "Message mo ako sa {m} para mabilis", "Viber"),
}
CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "A": "А", "T": "Т", "C": "С", "h": "һ"})
NAME_DISGUISES = {
    "plain": lambda m: m,
    "spaced": lambda m: " ".join(m),
    "punctuated": lambda m: ".".join(m),
    "fullwidth": lambda m: "".join(chr(ord(c) + 0xFEE0) for c in m),
    "lookalike": lambda m: m.translate(CYRILLIC),
    "lower": lambda m: m.lower(),
}


@pytest.mark.parametrize("disguise", sorted(NAME_DISGUISES))
@pytest.mark.parametrize("language", sorted(MESSENGER_SENTENCES))
def test_r_im_4_disguised_messenger_name_is_contact_in_every_language(language: str, disguise: str) -> None:
    """Given a messenger name disguised one way in each language, then `contact` covers the disguised name."""
    market, sentence, name = MESSENGER_SENTENCES[language]
    disguised = NAME_DISGUISES[disguise](name)
    text = sentence.format(m=disguised)
    found = [text[v.start : v.end] for v in check(text, market).violations if v.category == "contact"]
    assert any(disguised in span for span in found), (text, found)
