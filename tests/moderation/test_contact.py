"""R-IM-4 (1): external contact details are found however they are disguised."""

from __future__ import annotations

import pytest

from tests.moderation.helpers import categories, spans


@pytest.mark.parametrize(
    ("market", "text"),
    [
        ("ID", "hubungi 0812-3456-7890 ya kak"),
        ("ID", "WA +62 812 3456 7890"),
        ("ID", "nomor saya 6281234567890"),
        ("MY", "call me 012-345 6789"),
        ("SG", "text 9123 4567 for the wholesale list"),
        ("TH", "โทร 081-234-5678 ได้เลยค่ะ"),
        ("VN", "sđt của em 0912 345 678"),
        ("PH", "text mo ako 0917 123 4567"),
        ("GB", "ring me on 07700 900123"),
        ("US", "call (415) 555-2671 after 6"),
    ],
)
def test_r_im_4_plain_phone_number_of_every_shipped_market_is_contact(market: str, text: str) -> None:
    """Given a seller message with a plain phone number of a shipped market, when checked, then it is `contact`."""
    assert "contact" in categories(text, market)


@pytest.mark.parametrize(
    ("market", "text"),
    [
        ("GB", "my number is zero seven seven zero zero nine zero zero one two three"),
        ("ID", "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan nol"),
        ("ID", "kosong lapan satu tiga, dua dua tiga tiga, empat empat lima lima"),
        ("MY", "kosong satu dua tiga empat lima enam tujuh lapan sembilan"),
        ("VN", "gọi em không chín một hai ba bốn năm sáu bảy tám"),
        ("VN", "khong chin mot hai ba bon nam sau bay tam nhe"),
        ("TH", "ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด"),
        ("SG", "电话九一二三四五六七"),
        ("MY", "零一二三四五六七八九"),
        ("PH", "sero siyam isa pito isa dalawa tatlo apat lima anim pito"),
    ],
)
def test_r_im_4_phone_written_as_number_words_is_contact(market: str, text: str) -> None:
    """Given digits spelt out in English/Indonesian/Malay/Vietnamese/Thai/Chinese/Filipino, then it is `contact`."""
    assert "contact" in categories(text, market)


def test_r_im_4_phone_written_as_indonesian_words_is_contact() -> None:
    """Given "nol delapan satu dua..." (R-IM-4 (1) obfuscated number), when checked, then the whole run is flagged."""
    text = "kak wa aku nol delapan satu dua tiga empat lima enam tujuh delapan sembilan ya"
    assert ("contact", "nol delapan satu dua tiga empat lima enam tujuh delapan sembilan") in spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "0 8 1 2 3 4 5 6 7 8 9 0",
        "0.8.1.2.3.4.5.6.7.8.9.0",
        "0-8-1-2-3-4-5-6-7-8-9-0",
        "０８１２３４５６７８９０",
        "0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣0️⃣",
        "⓪⑧①②③④⑤⑥⑦⑧⑨⓪",
        "0🌸8🌸1🌸2🌸3🌸4🌸5🌸6🌸7🌸8🌸9🌸0",
        "O8l2-3456-789O",
        "0812 tiga empat lima enam tujuh delapan sembilan",
        "๐๘๑๒๓๔๕๖๗๘๙๐",
    ],
)
def test_r_im_4_disguised_digits_are_contact(text: str) -> None:
    """Given a number disguised by spaces, dots, full-width, emoji, circled or Thai digits, then it is `contact`."""
    assert "contact" in categories(f"chat aku di {text} ya", "ID")


@pytest.mark.parametrize(
    "text",
    [
        "email me: john.doe88@gmail.com",
        "john at gmail dot com",
        "john(at)gmail(dot)com",
        "john @ gmail . com",
        "john [at] yahoo [dot] co [dot] id",
        "JOHN AT HOTMAIL DOT COM",
        "somchai แอท gmail ดอท com",
        "linwei888艾特qq点com",
        "thu.trang a còng gmail chấm com",
        "budi at gmail",
    ],
)
def test_r_im_4_email_in_any_at_dot_form_is_contact(text: str) -> None:
    """Given an e-mail with @/dot written as words or brackets in any language, then it is `contact`."""
    assert "contact" in categories(text, "MY")


@pytest.mark.parametrize(
    "text",
    [
        "add me on whatsapp",
        "w h a t s a p p me",
        "W h a t s A p p me",
        "w.h.a.t.s.a.p.p",
        "ｗｈａｔｓａｐｐ",
        "whаtsаpp",  # Cyrillic а
        "wh4tsapp",
        "wh@tsapp",
        "watsap aja kak",
        "whatapp me",
        "wasap saya",
        "wa.me/6281234567890",
        "line id: shopabc",
        "add my LINE @shopabc",
        "加我微信 shopabc",
        "vx: abc12345",
        "weixin abc12345",
        "telegram @shopabc",
        "tg: @shopabc",
        "zalo 0912345678",
        "kết bạn zalo với em nhé",
        "แอดไลน์มาได้เลยค่ะ shopabc",
        "viber mo ako",
    ],
)
def test_r_im_4_messenger_names_and_misspellings_are_contact(text: str) -> None:
    """Given a messenger name (spaced, punctuated, look-alike, leet or misspelt), then it is `contact`."""
    assert "contact" in categories(text, "TH")


def test_r_im_4_ambiguous_messenger_abbreviation_needs_context() -> None:
    """Given "wa"/"line"/"tele" without a handle or cue, then nothing; with a number or cue, then `contact`."""
    assert categories("bawa kawan wa'alaikumsalam, line 2 of your order, the tele lens", "ID") == set()
    assert "contact" in categories("chat wa aja kak", "ID")
    assert "contact" in categories("WA 0812 3456 7890", "ID")
