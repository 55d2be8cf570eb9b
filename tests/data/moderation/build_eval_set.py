"""Build the R-IM-4 evaluation set: violating.jsonl and ordinary.jsonl.

Written from the rule text (docs/rules.md R-IM-4/R-IM-5) and from how sellers actually write, not
from the detector's word lists. Run from the repository root:

    .venv/bin/python tests/data/moderation/build_eval_set.py

The split is assigned per template, not per row: every row made from one template lands in the
same split, so the holdout measures phrasings the tuner never saw, not just new fillers.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from pathlib import Path

import phonenumbers

OUT = Path(__file__).parent
RNG = random.Random(20240512)
HOLDOUT_SHARE = 30  # percent of templates

LANG_MARKETS = {
    "en": ["GB", "US", "SG", "MY", "PH"],
    "id": ["ID"],
    "ms": ["MY", "MY", "SG"],
    "th": ["TH"],
    "vi": ["VN"],
    "zh": ["MY", "SG"],
    "fil": ["PH"],
}


def split_for(template_id: str) -> str:
    digest = int(hashlib.sha256(template_id.encode()).hexdigest(), 16)
    return "holdout" if digest % 100 < HOLDOUT_SHARE else "tune"


# --------------------------------------------------------------------------- phone numbers
PHONE_SHAPES = {
    "ID": ("0", ["811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "895", "896", "838"], 8),
    "MY": ("0", ["12", "13", "16", "17", "19", "11", "14"], 7),
    "SG": ("", ["8", "9"], 7),
    "TH": ("0", ["81", "82", "86", "89", "61", "62", "92", "95"], 7),
    "VN": ("0", ["90", "91", "93", "98", "97", "86", "33", "70", "77", "83"], 7),
    "PH": ("0", ["917", "918", "927", "935", "945", "966", "977", "995", "998"], 7),
    "GB": ("0", ["7700", "7911", "7400", "7812", "7538"], 6),
    "US": ("", ["212", "415", "646", "718", "310", "312", "617", "206", "305", "512"], 7),
}
COUNTRY_CODE = {"ID": "62", "MY": "60", "SG": "65", "TH": "66", "VN": "84", "PH": "63", "GB": "44", "US": "1"}


def national_number(region: str) -> str:
    trunk, prefixes, tail = PHONE_SHAPES[region]
    while True:
        first = "" if region != "US" else str(RNG.randint(2, 9))
        rest = tail - len(first)
        digits = trunk + RNG.choice(prefixes) + first + "".join(str(RNG.randint(0, 9)) for _ in range(rest))
        if phonenumbers.is_valid_number(phonenumbers.parse(digits, region)):
            return digits


def grouped(digits: str) -> str:
    """Write a national number the way people type it: 0812-3456-7890, 012 345 6789, ..."""
    style = RNG.choice(["compact", "dash", "space", "space", "dot"])
    if style == "compact":
        return digits
    sep = {"dash": "-", "space": " ", "dot": "."}[style]
    size = 4 if len(digits) >= 11 else 3
    head, rest = digits[:size], digits[size:]
    parts = [head]
    while rest:
        take = 4 if len(rest) > 5 else len(rest)
        parts.append(rest[:take])
        rest = rest[take:]
    return sep.join(parts)


def phone_plain(region: str) -> str:
    national = national_number(region)
    form = RNG.choice(["national", "national", "intl", "intl_nospace"])
    if form == "national":
        return grouped(national)
    body = national[1:] if national.startswith("0") else national
    if form == "intl":
        return f"+{COUNTRY_CODE[region]} {grouped(body)}"
    return RNG.choice(["+", ""]) + COUNTRY_CODE[region] + body


NUMBER_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "id": ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"],
    "ms": ["kosong", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "lapan", "sembilan"],
    "th": ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"],
    "vi": ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"],
    "zh": ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"],
    "fil": ["sero", "isa", "dalawa", "tatlo", "apat", "lima", "anim", "pito", "walo", "siyam"],
}
ALT_WORDS = {
    "en": {"0": ["oh", "zero", "O"]},
    "id": {"0": ["kosong", "nol"]},
    "vi": {"0": ["khong", "không"], "1": ["mot", "một"], "7": ["bảy", "bẩy"], "9": ["chin", "chín"]},
    "zh": {"0": ["〇", "零"], "1": ["幺", "一"], "2": ["二", "两"]},
    "fil": {"0": ["zero", "sero"]},
}
ZH_CAPITAL = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]


def digit_word(lang: str, d: str) -> str:
    alts = ALT_WORDS.get(lang, {}).get(d)
    if alts and RNG.random() < 0.4:
        return RNG.choice(alts)
    return NUMBER_WORDS[lang][int(d)]


def obfuscate_digits(text: str, how: str, lang: str) -> str:
    """Rewrite only the digits of a phone string the way evasive sellers do."""
    digits = [c for c in text if c.isdigit()]
    rewrite = DIGIT_OBFUSCATIONS.get(how)
    return text if rewrite is None else rewrite(text, digits, lang)


def _spaced(text: str, digits: list[str], lang: str) -> str:
    return " ".join(digits)


def _punctuated(text: str, digits: list[str], lang: str) -> str:
    sep = RNG.choice([".", "-", "*", "_", "/", ","])
    if sep in "/,":
        sep = "."
    return sep.join(digits)


def _number_words(text: str, digits: list[str], lang: str) -> str:
    if lang == "zh" and RNG.random() < 0.3:
        return "".join(ZH_CAPITAL[int(d)] for d in digits)
    joiner = "" if lang in ("th", "zh") and RNG.random() < 0.6 else " "
    if lang == "en" and RNG.random() < 0.3:
        joiner = "-"
    return joiner.join(digit_word(lang, d) for d in digits)


def _mixed_words(text: str, digits: list[str], lang: str) -> str:
    cut = RNG.randint(3, 5)
    tail = " ".join(digit_word(lang, d) for d in digits[cut:])
    return "".join(digits[:cut]) + " " + tail


def _fullwidth(text: str, digits: list[str], lang: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in text)


def _emoji_digits(text: str, digits: list[str], lang: str) -> str:
    style = RNG.choice(["keycap", "circled", "dingbat", "between"])
    if style == "keycap":
        return "".join(d + "\ufe0f\u20e3" for d in digits)
    if style == "circled":
        return "".join("⓪" if d == "0" else chr(0x2460 + int(d) - 1) for d in digits)
    if style == "dingbat":
        return "".join("⓿" if d == "0" else chr(0x2776 + int(d) - 1) for d in digits)
    emoji = RNG.choice(["🌸", "🔥", "💕", "✨", "⭐", "🍓"])
    return emoji.join(digits)


def _lookalike_digits(text: str, digits: list[str], lang: str) -> str:
    out = []
    for c in text:
        if c == "0" and RNG.random() < 0.7:
            out.append(RNG.choice(["O", "o"]))
        elif c == "1" and RNG.random() < 0.7:
            out.append(RNG.choice(["l", "I"]))
        else:
            out.append(c)
    return "".join(out)


DIGIT_OBFUSCATIONS: dict[str, Callable[[str, list[str], str], str]] = {
    "spaced": _spaced,
    "punctuated": _punctuated,
    "number_words": _number_words,
    "mixed_words": _mixed_words,
    "fullwidth": _fullwidth,
    "emoji_digits": _emoji_digits,
    "lookalike": _lookalike_digits,
}


# --------------------------------------------------------------------------- messengers, e-mail, links
MESSENGERS = {
    "en": ["WhatsApp", "Telegram", "WeChat", "LINE", "Viber", "whatsapp", "Whatsapp"],
    "id": ["WA", "WhatsApp", "wa", "Line", "Telegram", "whatsapp", "WA"],
    "ms": ["WhatsApp", "WS", "Telegram", "wasap", "WeChat", "whatsapp"],
    "th": ["ไลน์", "LINE", "Line", "line", "ไลน์", "WhatsApp"],
    "vi": ["Zalo", "zalo", "Zalo", "Telegram", "WhatsApp", "zalo"],
    "zh": ["微信", "WeChat", "微信", "Line", "Telegram", "WhatsApp"],
    "fil": ["Viber", "WhatsApp", "Telegram", "viber", "WhatsApp"],
}
MISSPELLED = {
    "en": ["watsap", "whatapp", "whatsap", "W/A", "WA", "tele", "tg", "wechat id", "line id", "Watsapp"],
    "id": ["watsap", "wasap", "w/a", "WA", "Wa", "whatapp", "wa.me", "tele", "line id", "WhatsAp"],
    "ms": ["wassap", "wasap", "whatapp", "tele", "tg", "watsap", "W.A"],
    "th": ["line id", "ไลน์ไอดี", "ID line", "Line@", "watsap"],
    "vi": ["za lo", "zalo", "Zaloo", "zl", "tele", "tg"],
    "zh": ["vx", "VX", "V信", "wx", "威信", "weixin", "薇信", "加微"],
    "fil": ["watsap", "vibr", "tele", "tg", "whatapp", "Telegram"],
}
CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "i": "і",
    "A": "А",
    "E": "Е",
    "O": "О",
    "P": "Р",
    "C": "С",
    "T": "Т",
    "H": "Н",
    "K": "К",
    "M": "М",
    "B": "В",
    "y": "у",
}


def lookalike(word: str) -> str:
    out = [CYRILLIC[c] if c in CYRILLIC and RNG.random() < 0.6 else c for c in word]
    if out == list(word):
        out = [CYRILLIC.get(c, c) for c in word]
    return "".join(out)


def fullwidth(word: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)


def messenger(lang: str, how: str) -> str:
    if how == "misspelled_messenger":
        return RNG.choice(MISSPELLED[lang])
    latin = [m for m in MESSENGERS[lang] if m.isascii()]
    name = RNG.choice(latin if how != "none" else MESSENGERS[lang])
    if how == "spaced":
        return " ".join(name)
    if how == "punctuated":
        return RNG.choice([".", "-", "*", "_"]).join(name)
    if how == "lookalike":
        return lookalike(name)
    if how == "fullwidth":
        return fullwidth(name)
    return name


HANDLES = [
    "budi_store88",
    "@mirashop",
    "kedai_aina",
    "shopmira88",
    "thaistore_bkk",
    "@hoa_shop",
    "linwei888",
    "@juan_ukay",
    "sellerjkt99",
    "aina.collection",
    "@wiwi_olshop",
    "somchai_shop",
    "@ngoc_anh_boutique",
]
EMAIL_LOCAL = [
    "budi.santoso88",
    "mira.shop",
    "nguyenthanh92",
    "somchai.k",
    "linwei888",
    "juan.delacruz",
    "aina_kedai",
    "tokobaju.jkt",
    "orders.hana",
    "thu.trang.shop",
]
PROVIDERS = [
    ("gmail", "com"),
    ("yahoo", "com"),
    ("hotmail", "com"),
    ("outlook", "com"),
    ("qq", "com"),
    ("yahoo", "co.id"),
    ("icloud", "com"),
    ("163", "com"),
    ("ymail", "com"),
]
AT_DOT_LOCAL = {
    "id": [("at", "titik"), ("at", "dot")],
    "ms": [("at", "titik"), ("at", "dot")],
    "vi": [("a còng", "chấm"), ("at", "chấm")],
    "th": [("แอท", "ดอท"), ("at", "dot")],
    "zh": [("艾特", "点"), ("at", "dot")],
}


def email(lang: str, how: str) -> str:
    local = RNG.choice(EMAIL_LOCAL)
    prov, tld = RNG.choice(PROVIDERS)
    if how != "at_dot":
        return f"{local}@{prov}.{tld}"
    styles = [
        f"{local} at {prov} dot {tld.replace('.', ' dot ')}",
        f"{local}(at){prov}(dot){tld.replace('.', '(dot)')}",
        f"{local} @ {prov} . {tld.replace('.', ' . ')}",
        f"{local} [at] {prov} [dot] {tld.replace('.', ' [dot] ')}",
        f"{local} AT {prov} DOT {tld.upper().replace('.', ' DOT ')}",
    ]
    if lang in AT_DOT_LOCAL:
        at, dot = RNG.choice(AT_DOT_LOCAL[lang])
        styles.append(f"{local} {at} {prov} {dot} {tld.replace('.', f' {dot} ')}")
    return RNG.choice(styles)


SITES = [
    "tokoku",
    "shopmurah",
    "kedaiaina",
    "bangkokfashion",
    "hoashop",
    "linweistore",
    "ukayukayph",
    "mirabeauty",
    "gadgetmurah",
    "zenhome",
]
TLDS = [
    "com",
    "com",
    "net",
    "shop",
    "store",
    "id",
    "co.id",
    "com.my",
    "my",
    "vn",
    "co.th",
    "ph",
    "sg",
    "co.uk",
    "online",
]
SHORT = ["bit.ly/{c}", "s.id/{c}", "tinyurl.com/{c}", "linktr.ee/{c}", "cutt.ly/{c}", "shorturl.at/{c}"]
COMPETITOR = [
    "shopee.co.id/{s}",
    "tokopedia.com/{s}",
    "lazada.com.my/shop/{s}",
    "shopee.ph/{s}",
    "lazada.vn/shop/{s}",
    "shopee.co.th/{s}",
    "etsy.com/shop/{s}",
    "amazon.com/shops/{s}",
    "carousell.sg/{s}",
]
DOT_WORDS = {"id": "titik", "ms": "titik", "vi": "chấm", "th": "จุด", "zh": "点", "en": "dot", "fil": "dot"}


def code() -> str:
    return "".join(RNG.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


def url(lang: str, how: str) -> str:
    site, tld = RNG.choice(SITES), RNG.choice(TLDS)
    if how == "none":
        return RNG.choice(
            [
                f"https://{site}.{tld}",
                f"http://www.{site}.{tld}/katalog",
                f"https://{site}.{tld}/p/{code()}",
                f"www.{site}.{tld}",
            ]
        )
    if how == "schemeless_url":
        return RNG.choice(
            [
                f"{site}.{tld}",
                f"{site}.{tld}/{code()}",
                RNG.choice(SHORT).format(c=code()),
                RNG.choice(COMPETITOR).format(s=site),
            ]
        )
    if how == "spaced_dot":
        return RNG.choice(
            [
                f"{site} . {tld.replace('.', ' . ')}",
                f"{site} .{tld}",
                f"{site}. {tld}",
                RNG.choice(COMPETITOR).format(s=site).replace(".", " . ", 1),
            ]
        )
    if how == "dot_word":
        word = RNG.choice([DOT_WORDS[lang], "dot"])
        return RNG.choice([f"{site} {word} com", f"{site}({word}){tld.split('.')[0]}", f"{site} {word.upper()} com"])
    if how == "bracket_dot":
        return RNG.choice([f"{site}[.]{tld}", f"{site}(.){tld}", f"{site}{{.}}com"])
    if how == "fullwidth":
        return fullwidth(f"{site}.{tld}")
    if how == "lookalike":
        return lookalike(f"{site}.com")
    return f"{site}.{tld}"


# --------------------------------------------------------------------------- violating templates
CONTACT_TEMPLATES = {
    "en": [
        "Hi! For faster replies message me on {msgr} {phone}",
        "Add me on {msgr}: {handle}, I'll send more photos there",
        "You can reach me at {phone}, call anytime",
        "Email me at {email} and I'll send the invoice",
        "My {msgr} is {phone}, text me for the wholesale price",
        "Contact {phone} for custom orders 😊",
        "Drop me a message on {msgr} ({handle}) for the catalogue",
        "Send your address to {email}, we'll arrange it",
        "call or text me {phone} i'm the owner",
    ],
    "id": [
        "Kak chat {msgr} aja ya di {phone} biar fast respon",
        "Untuk nego harga hubungi {phone} ya kak",
        "Add {msgr} saya kak: {handle}",
        "Kirim bukti ke email {email} ya kak",
        "No {msgr} admin {phone}, langsung chat aja",
        "Kak simpan nomor saya {phone} ya, nanti saya kabari stok baru",
        "Info lengkap di {msgr} kami {handle} kak",
        "kalau ada kendala japri {msgr} {phone}",
        "Hubungi kami lewat email {email} untuk pesanan grosir",
    ],
    "ms": [
        "Boleh {msgr} saya terus di {phone} untuk tanya stok",
        "Hubungi saya di {phone} ya cik",
        "Add {msgr} saya {handle} untuk katalog penuh",
        "Emel saya di {email} untuk invois",
        "{msgr} {phone} kalau nak order banyak",
        "Senang cerita mesej saya kat {msgr}, nombor {phone}",
        "Nak gambar lebih, PM {msgr} {handle}",
    ],
    "th": [
        "สนใจแอด{msgr}มาได้เลยค่ะ {handle}",
        "โทร {phone} ได้ตลอดค่ะ",
        "ติดต่อร้านโดยตรง {phone} นะคะ",
        "ส่งอีเมลมาที่ {email} ได้เลยครับ",
        "แอด {msgr} {handle} รับส่วนลดพิเศษ",
        "เบอร์ร้าน {phone} ทักมาคุยรายละเอียดได้เลยค่ะ",
        "ทัก{msgr}มาที่ {phone} ตอบไวกว่าค่ะ",
    ],
    "vi": [
        "Chị kết bạn {msgr} với em qua số {phone} nhé",
        "Liên hệ em qua sđt {phone} để được tư vấn ạ",
        "Anh nhắn {msgr} {handle} để xem thêm mẫu",
        "Gửi email cho shop theo địa chỉ {email} ạ",
        "Gọi {phone} để đặt số lượng lớn nhé",
        "Add {msgr} em {phone} em gửi ảnh thật cho",
        "Shop có {msgr}: {phone}, nhắn tin cho nhanh",
    ],
    "zh": [
        "加我{msgr}：{handle}，发你更多图片",
        "有问题直接打我电话 {phone}",
        "联系方式 {phone}，随时联系",
        "发邮件到 {email} 我给你开发票",
        "加{msgr} {phone} 有优惠",
        "我的{msgr}号是 {phone}，方便沟通",
        "{msgr}联系：{handle}",
    ],
    "fil": [
        "Message mo na lang ako sa {msgr} {phone} para mabilis",
        "Text or call {phone} po for inquiries",
        "Add mo ako sa {msgr}: {handle}",
        "Email mo ako sa {email} para sa resibo",
        "Pm mo ako sa {msgr}, number ko {phone}",
        "Tawagan mo na lang ako sa {phone} kuya",
        "Dun na lang tayo mag-usap sa {msgr} {handle}",
    ],
}
PHONE_OBFUSCATIONS = [
    "none",
    "spaced",
    "punctuated",
    "number_words",
    "number_words",
    "mixed_words",
    "fullwidth",
    "emoji_digits",
    "emoji_digits",
    "lookalike",
]
MSGR_OBFUSCATIONS = [
    "none",
    "spaced",
    "punctuated",
    "misspelled_messenger",
    "misspelled_messenger",
    "lookalike",
    "fullwidth",
]

LINK_TEMPLATES = {
    "en": [
        "Check our full catalogue at {url}",
        "Cheaper on our website {url} 😉",
        "More photos here: {url}",
        "Order through {url} and get free shipping",
        "We're also on {url}, same shop name",
    ],
    "id": [
        "Katalog lengkap cek {url} ya kak",
        "Lebih murah di web kami {url}",
        "Foto real pic ada di {url}",
        "Order lewat {url} gratis ongkir kak",
        "Cek toko kami juga di {url}",
    ],
    "ms": [
        "Katalog penuh di {url}",
        "Lagi murah kat website kami {url}",
        "Tengok gambar lain di {url} ye",
        "Order terus melalui {url} dapat free postage",
    ],
    "th": ["ดูสินค้าทั้งหมดได้ที่ {url} ค่ะ", "สั่งผ่านเว็บ {url} ถูกกว่านะคะ", "รูปเพิ่มเติมที่ {url}", "ร้านเรามีเว็บด้วยนะ {url}"],
    "vi": ["Xem thêm mẫu tại {url} nhé", "Đặt qua web {url} rẻ hơn ạ", "Ảnh thật ở {url}", "Shop có trang riêng {url}"],
    "zh": ["更多款式请看 {url}", "在我们网站 {url} 下单更便宜", "实拍图在 {url}", "我们的官网是 {url}"],
    "fil": [
        "Check mo yung catalog namin sa {url}",
        "Mas mura sa website namin {url}",
        "Order ka na lang sa {url} para may freebie",
        "Andito yung iba pang items {url}",
    ],
}
LINK_OBFUSCATIONS = [
    "none",
    "schemeless_url",
    "schemeless_url",
    "spaced_dot",
    "dot_word",
    "bracket_dot",
    "fullwidth",
    "lookalike",
]
MESSENGER_LINKS = ["wa.me/{intl}", "https://wa.me/{intl}", "t.me/{handle}", "line.me/ti/p/~{handle}", "zalo.me/{nat}"]

# Phrase categories: one list per language; the messages are whole, not templates.
PHRASES: dict[str, dict[str, list[str]]] = {
    "off_platform": {
        "en": [
            "If you transfer directly to my bank account I can give you 10% off, no need to checkout.",
            "Cancel this order and pay me via PayPal instead, cheaper for both of us.",
            "Let's skip the app fees, send the money straight to my account and I'll ship today.",
            "Please cancel the order, I will sell it to you privately for less.",
            "You can pay outside the app by bank transfer, I'll give you my account details.",
            "Better to deal direct, the platform takes too much commission. Pay me by Venmo.",
            "Don't check out here, order from me directly and I'll throw in a free gift.",
            "pls transfer to my maybank acc first then i ship, no need go thru pasar",
            "Can PayNow me directly, then I cancel the order on the app.",
            "Bank in to my account directly ok, faster than app payment.",
        ],
        "id": [
            "Kak transfer langsung ke rekening BCA saya aja biar ga kena potongan aplikasi",
            "Batalin aja pesanannya kak, nanti saya jual langsung lebih murah",
            "Bayar di luar aplikasi bisa kak, tf ke rek saya nanti langsung kirim",
            "Kalau mau lebih murah transaksi langsung sama saya aja, ga usah lewat Pasar",
            "Cancel orderan ya kak, nanti COD ketemuan aja di Blok M",
            "Bisa tf via Dana langsung ke saya kak, nanti saya kirim hari ini",
            "ga usah checkout kak, langsung transfer aja ke no rek saya",
            "Kak mending order di luar aplikasi aja, potongan admin di sini gede",
        ],
        "ms": [
            "Boleh bank in terus ke akaun Maybank saya, tak payah checkout dalam app",
            "Cancel order tu ya, nanti saya jual terus pada cik dengan harga lagi murah",
            "Bayar luar app lagi jimat, transfer je ke akaun saya",
            "Urusan terus dengan saya lebih senang, tak perlu melalui Pasar",
            "Kalau nak murah, beli terus dari saya, jangan buat pesanan di sini",
            "Boleh TnG terus kepada saya, lepas tu saya pos hari ini",
            "Batalkan pesanan dan buat pembayaran terus ke akaun CIMB saya",
        ],
        "th": [
            "โอนตรงเข้าบัญชีร้านได้เลยค่ะ ไม่ต้องกดสั่งในแอป ถูกกว่า",
            "ยกเลิกออเดอร์แล้วโอนมาที่บัญชีพี่โดยตรงนะคะ",
            "ซื้อกับเราโดยตรงนอกแอปได้ลด 10% ค่ะ",
            "จ่ายผ่านพร้อมเพย์มาที่ร้านโดยตรงได้เลยครับ ไม่ต้องผ่านระบบ",
            "ไม่ต้องสั่งผ่านแอปนะคะ โอนเงินมาบัญชีกสิกรได้เลย",
            "ยกเลิกคำสั่งซื้อแล้วมาซื้อกับร้านตรงๆ ถูกกว่าค่ะ",
            "นัดรับของแล้วจ่ายเงินสดกันเองได้ครับ ไม่ต้องสั่งในแอป",
        ],
        "vi": [
            "Chị chuyển khoản trực tiếp cho em nhé, không cần đặt qua app đâu",
            "Anh hủy đơn đi, em bán riêng cho anh giá rẻ hơn",
            "Thanh toán ngoài app cho shop thì được giảm 10% ạ",
            "Bạn chuyển khoản vào tài khoản Vietcombank của shop rồi shop gửi hàng luôn",
            "Đừng đặt trên sàn, mua trực tiếp với em rẻ hơn nhiều",
            "Chuyển Momo trực tiếp cho em rồi em giao luôn nha",
            "Hủy đơn trên app rồi giao dịch riêng với shop cho tiện ạ",
        ],
        "zh": [
            "直接转账给我就可以，不用在平台下单，便宜一点",
            "你先取消订单，我私下卖给你更便宜",
            "平台抽成太高了，我们私下交易吧",
            "不要在这里付款，直接转到我的银行账户",
            "可以用支付宝直接付给我，不用走平台",
            "取消订单后私聊我，价格好商量",
            "线下交易更划算，转账给我就发货",
        ],
        "fil": [
            "Cancel mo na lang yung order, GCash mo na lang ako direkta para mas mura",
            "Wag ka na mag-checkout sa app, bayad ka na lang diretso sa akin",
            "Pwede tayo mag-deal outside the app para walang commission",
            "Magbayad ka na lang sa BDO account ko para ma-ship agad",
            "Meet up na lang tayo, cash na lang bayad, i-cancel mo na yung order",
            "Send mo na lang bayad through Maya sa akin diretso, bibigyan kita discount",
            "Private transaction na lang tayo, mas mura kesa sa app",
        ],
    },
    "review_manipulation": {
        "en": [
            "Please give us 5 stars and we'll send you a RM10 voucher!",
            "Leave a 5-star review with photos and get a free gift on your next order.",
            "Could you change your 1-star rating? We'll refund you half.",
            "Kindly remove your negative review, we will give you cashback.",
            "Rate us 5 stars please, it really helps our shop 🙏",
            "If you update your review to 5 stars I will send you a free sample.",
            "Only positive reviews please, otherwise we can't offer you discounts in the future.",
            "Delete the bad review and I'll give you a full refund.",
        ],
        "id": [
            "Kak minta tolong kasih bintang 5 ya, nanti dapat voucher 20rb",
            "Kak review bintang 5 + foto nanti saya kasih cashback",
            "Tolong ubah ulasan bintang 1 nya ya kak, nanti saya refund setengah",
            "Kak hapus review jeleknya dong, saya kasih bonus barang",
            "Jangan lupa kasih rating bintang lima ya kak 🙏 biar toko kami naik",
            "Kalau ulasannya diganti jadi bintang 5 saya kirim hadiah",
            "Kak boleh ganti penilaiannya? nanti saya ganti ongkirnya",
            "kasih bintang 5 dapet cashback 10rb kak, kirim ss nya ke sini",
        ],
        "ms": [
            "Tolong bagi 5 bintang ya, nanti saya bagi baucar RM5",
            "Boleh tukar review 1 bintang tu? saya refund separuh",
            "Padam ulasan negatif tu dan saya bagi hadiah percuma",
            "Bagi rating 5 bintang dapat cashback RM3 ya",
            "Harap cik boleh ubah penilaian kepada 5 bintang, kami beri diskaun",
            "Review 5 star siap gambar, dapat free gift next order",
            "Jangan lupa bagi 5 bintang tau, nanti dapat hadiah",
        ],
        "th": [
            "รบกวนให้ 5 ดาวนะคะ แล้วร้านจะส่งคูปองส่วนลดให้ค่ะ",
            "รีวิว 5 ดาวพร้อมรูปรับของแถมฟรีค่ะ",
            "ช่วยแก้รีวิว 1 ดาวหน่อยได้ไหมคะ ร้านจะคืนเงินให้ครึ่งหนึ่ง",
            "ลบรีวิวแย่ๆ ออกได้ไหมครับ เดี๋ยวส่งของแถมให้",
            "ให้คะแนนเต็ม 5 ดาวรับเงินคืน 20 บาททันที",
            "เปลี่ยนรีวิวเป็น 5 ดาวนะคะ แล้วจะได้ส่วนลดครั้งหน้า",
            "ฝากกดห้าดาวให้ร้านด้วยนะคะ มีของแถมให้",
        ],
        "vi": [
            "Chị đánh giá 5 sao giúp shop nhé, shop tặng voucher 20k",
            "Đánh giá 5 sao kèm ảnh được tặng quà ạ",
            "Anh sửa đánh giá 1 sao giúp em được không, em hoàn tiền một nửa",
            "Bạn xóa đánh giá xấu đi, shop gửi quà tặng nhé",
            "Cho shop xin 5 sao nha, shop hoàn 10k vào ví",
            "Nếu đổi đánh giá thành 5 sao em gửi thêm 1 sản phẩm",
            "Đánh giá 5 sao giúp em để nhận ưu đãi lần sau nhé",
        ],
        "zh": [
            "麻烦给个五星好评，返现10元",
            "好评晒图送小礼品哦",
            "亲，能不能把差评改一下，我退你一半的钱",
            "删除差评的话我给你补偿20元",
            "五星好评返现，记得带图哦",
            "请追加好评，下次给您优惠券",
            "给个好评吧，送你一个小礼物",
        ],
        "fil": [
            "Pa-5 stars naman po, bibigyan kita ng voucher",
            "Bigyan mo kami ng 5 star review with photo para may free gift ka",
            "Pwede mo bang palitan yung 1 star review mo? ire-refund ko kalahati",
            "Paki-delete naman po yung bad review, bibigyan kita ng cashback",
            "5 stars lang po please, may freebie sa next order mo",
            "Edit mo na lang yung review to 5 stars, sagot ko shipping mo next time",
            "Paki rate po kami ng 5 stars para may discount kayo sa susunod",
        ],
    },
    "abuse": {
        "en": [
            "You are an idiot, read the description before complaining.",
            "Stupid buyer, go to hell with your refund.",
            "If you leave a bad review I know where you live, watch your back.",
            "Shut up you moron, the item was fine.",
            "People like you from that country are all scammers.",
            "I'll find you and make you regret this, you piece of trash.",
            "What a useless f*cking customer.",
            "Go back to your own country if you can't read English.",
        ],
        "id": [
            "Dasar goblok, baca deskripsi dulu baru komplain!",
            "Pembeli tolol, ga usah belanja kalau ga ada duit",
            "Anjing lu, udah dikirim masih aja ngeluh",
            "Awas ya kalau kasih bintang 1, gue tau alamat rumah lu",
            "Bego banget sih kak, ukuran aja ga ngerti",
            "Dasar cina pelit, nawar terus",
            "Bangsat, jangan main-main sama toko gue",
            "Kampungan banget sih, ga pernah beli barang bagus ya?",
        ],
        "ms": [
            "Bodoh betul, baca la deskripsi dulu",
            "Kau ni babi ke? Barang dah sampai pun nak komplen",
            "Jangan sampai aku cari rumah kau, tunggu la nasib kau",
            "Bangang, size pun tak reti pilih",
            "Celaka punya customer, menyusahkan orang je",
            "Bodoh macam lembu, tak faham bahasa",
            "Sial betul pembeli macam kau ni",
        ],
        "th": [
            "โง่จริงๆ อ่านรายละเอียดก่อนสิ",
            "ไอ้ควาย สั่งผิดเองแล้วมาโทษร้าน",
            "มึงอย่ามาเหี้ยกับร้านกูนะ",
            "ถ้ารีวิวไม่ดี รู้นะว่าบ้านอยู่ไหน ระวังตัวไว้",
            "ไอ้สัตว์ ขี้โกงชัดๆ",
            "ลูกค้าปัญญาอ่อน เรื่องมากจริง",
            "อีบ้า ไม่ซื้อก็ไม่ต้องถาม",
        ],
        "vi": [
            "Đồ ngu, đọc mô tả trước đi rồi hãy phàn nàn",
            "Mày bị điên à, hàng đúng rồi còn kêu",
            "Óc chó thật sự, không biết chọn size",
            "Coi chừng đấy, tao biết nhà mày ở đâu",
            "Cút đi, không mua thì đừng hỏi nhiều",
            "Đồ khốn nạn, đánh giá 1 sao là tao không tha",
            "Ngu như bò, hướng dẫn rõ ràng thế mà không hiểu",
        ],
        "zh": [
            "你是白痴吗？看清楚描述再投诉",
            "傻逼买家，退什么款",
            "再给差评小心我找到你家",
            "滚，不买就别问那么多",
            "你这个垃圾，脑子有病吧",
            "穷鬼，买不起就别买",
            "神经病，收到货还要投诉",
        ],
        "fil": [
            "Bobo mo naman, basahin mo muna yung description",
            "Tanga ka ba? tama naman yung size",
            "Putang ina mo, wag ka nang bumili",
            "Gago, kung mag-bad review ka alam ko kung saan ka nakatira",
            "Ang tanga ng buyer na 'to, nakakainis",
            "Ulol, wala kang pambayad",
            "Bwisit ka, ang arte mo",
        ],
    },
    "spam": {
        "en": [
            "SALE SALE SALE SALE SALE!!! Visit our shop now!!! Best deals!!!",
            "Forward this message to 10 friends and get a free voucher!!!",
            "Follow our shop, like and share to 5 groups to win an iPhone!!!",
            "Buy now buy now buy now buy now limited stock!!!",
            "Hi dear, check out our new collection! Hi dear, check out our new collection! "
            "Hi dear, check out our new collection!",
            "Join our giveaway: share this chat with all your contacts to get 50% off",
            "CHEAPEST CHEAPEST CHEAPEST CHEAPEST deals in town, visit us now",
        ],
        "id": [
            "PROMO PROMO PROMO PROMO!!! Buruan order sekarang juga!!!",
            "Sebarkan pesan ini ke 10 grup dan dapatkan voucher gratis!",
            "Follow toko kami, like dan share ke semua teman untuk menang hadiah!",
            "Diskon gede diskon gede diskon gede diskon gede cek toko kami",
            "Kak mampir ya kak, mampir ya kak, mampir ya kak, banyak promo",
            "Bagikan chat ini ke 20 kontak kamu untuk klaim hadiah",
            "murah murah murah murah murah cuma hari ini",
        ],
        "ms": [
            "JOM BELI JOM BELI JOM BELI JOM BELI sekarang!!!",
            "Kongsi mesej ini kepada 10 kawan untuk dapat baucar percuma",
            "Murah murah murah murah murah, cepat datang kedai kami",
            "Sebarkan kepada semua kenalan anda dan menangi hadiah",
            "Follow kedai kami, like dan share ke 5 group untuk menang hadiah",
            "PROMOSI PROMOSI PROMOSI PROMOSI jangan lepaskan peluang",
        ],
        "th": [
            "โปรแรง โปรแรง โปรแรง โปรแรง รีบสั่งเลยวันนี้!!!",
            "แชร์ข้อความนี้ไปยัง 10 กลุ่มรับคูปองฟรี",
            "กดติดตามร้าน กดไลก์ แชร์ให้เพื่อนทุกคน ลุ้นรับไอโฟน",
            "ส่งต่อข้อความนี้ให้เพื่อน 5 คน รับส่วนลด 50%",
            "ลดราคา ลดราคา ลดราคา ลดราคา ลดราคา",
            "ถูกที่สุด ถูกที่สุด ถูกที่สุด ถูกที่สุด แวะมาที่ร้านเลย",
        ],
        "vi": [
            "SALE SỐC SALE SỐC SALE SỐC SALE SỐC mua ngay!!!",
            "Chia sẻ tin nhắn này cho 10 người bạn để nhận voucher",
            "Theo dõi shop, like và share lên 5 nhóm để trúng iPhone",
            "Gửi tin nhắn này đến tất cả bạn bè để nhận quà",
            "Giảm giá giảm giá giảm giá giảm giá giảm giá",
            "Rẻ nhất rẻ nhất rẻ nhất rẻ nhất ghé shop ngay",
        ],
        "zh": [
            "转发此消息给10个好友即可领取优惠券",
            "关注店铺，点赞分享到5个群，抽奖送手机",
            "特价特价特价特价特价，快来抢购",
            "把这条消息分享到你所有的群，免费领礼品",
            "大促大促大促大促，错过等一年",
            "清仓清仓清仓清仓，全场一折",
        ],
        "fil": [
            "SALE SALE SALE SALE SALE!!! Order na kayo!!!",
            "I-share mo 'to sa 10 groups para manalo ng free item",
            "I-forward mo 'tong message sa lahat ng friends mo para sa discount",
            "Follow, like at share sa 5 group chats para sa giveaway",
            "Mura mura mura mura mura dito lang sa shop namin",
            "Bili na bili na bili na bili na, limited stocks lang",
        ],
    },
    "personal_data": {
        "en": [
            "Please send me a photo of your ID card front and back to process the order.",
            "What's your card number and CVV? I'll charge you manually.",
            "Give me the OTP code you just received so I can confirm your refund.",
            "Tell me your Pasar password so I can fix the order for you.",
            "Kindly provide your NRIC number for verification.",
            "Send me your social security number for the warranty registration.",
            "Please send your online banking username and password.",
            "The previous buyer's card 4532 0151 1283 0366 was also charged twice.",
        ],
        "id": [
            "Kak kirim foto KTP dan selfie ya untuk verifikasi pesanan",
            "Boleh minta nomor NIK kakak?",
            "Kak tolong kasih tahu kode OTP yang masuk ke HP kakak",
            "Sebutkan nomor kartu kredit dan CVV nya kak biar saya proses",
            "Kirim password akun Pasar kakak, biar saya bantu cek",
            "Kak minta foto kartu ATM bagian depan dan belakang",
            "NIK pembeli sebelumnya 3174015501900003, dia juga komplain",
        ],
        "ms": [
            "Sila hantar gambar IC depan belakang untuk pengesahan",
            "Boleh bagi nombor kad pengenalan cik?",
            "Bagi saya kod OTP yang cik terima tadi",
            "Nombor kad kredit dan CVV tolong bagi ya",
            "Boleh beritahu kata laluan akaun Pasar cik?",
            "No IC customer sebelum ni 900101-14-5678, dia pun komplen",
        ],
        "th": [
            "รบกวนส่งรูปบัตรประชาชนหน้าหลังมาด้วยนะคะ",
            "ขอเลขบัตรประชาชน 13 หลักหน่อยครับ",
            "แจ้งรหัส OTP ที่ได้รับทาง SMS ให้ร้านหน่อยนะคะ",
            "ขอเลขบัตรเครดิตและรหัส CVV ด้วยค่ะ",
            "บอกรหัสผ่านบัญชี Pasar มาหน่อย ร้านจะช่วยแก้ให้",
            "ส่งรูปถ่ายหน้าบัตรเครดิตมาให้ร้านตรวจสอบด้วยค่ะ",
        ],
        "vi": [
            "Bạn gửi ảnh CCCD hai mặt để shop xác minh nhé",
            "Cho em xin số CMND của anh ạ",
            "Chị đọc giúp em mã OTP vừa gửi về điện thoại",
            "Gửi số thẻ tín dụng và mã CVV để shop trừ tiền",
            "Cho shop mật khẩu tài khoản Pasar để kiểm tra đơn",
            "Chụp giúp em mặt trước thẻ ngân hàng nhé",
        ],
        "zh": [
            "请发一下身份证正反面照片",
            "把你的银行卡号和CVV告诉我",
            "把收到的验证码发给我，我帮你退款",
            "请提供你的账号密码，我帮你处理",
            "请告诉我你的身份证号码",
            "麻烦拍一下银行卡正面给我",
        ],
        "fil": [
            "Pakisend po ng picture ng valid ID niyo front and back",
            "Ano po yung OTP na natanggap niyo? Kailangan ko para sa refund",
            "Pahingi ng card number at CVV para ma-process",
            "Ibigay mo na lang password ng account mo, ako na bahala",
            "Pakibigay ng SSS number mo para sa warranty",
            "Send mo sa akin yung code na na-receive mo sa text",
        ],
    },
    "fraud": {
        "en": [
            "Your refund failed. Click here to verify your bank details: pasar-refund-center.com",
            "Congratulations! You won a prize, pay a $5 handling fee to claim it.",
            "To receive your refund you need to pay a release fee first.",
            "This is Pasar Support: your account will be suspended unless you confirm your card details.",
            "I sent you double the refund by mistake, please transfer the extra back to me.",
            "We are refunding you, please scan this QR code and enter your PIN.",
            "Your parcel is held at customs, pay RM30 clearance fee to my account.",
        ],
        "id": [
            "Selamat kak, anda memenangkan hadiah! Transfer biaya admin 50rb untuk klaim",
            "Refund kakak gagal, silakan verifikasi data rekening di link berikut",
            "Ini dari CS Pasar, akun kakak akan diblokir kalau tidak konfirmasi kode",
            "Saya salah transfer refund kelebihan, tolong kembalikan ke rekening saya",
            "Untuk mencairkan dana refund kakak harus bayar biaya pencairan dulu",
            "Paket tertahan di bea cukai, bayar denda 200rb dulu ke saya",
            "Kak, anda terpilih jadi pemenang undian, bayar pajak hadiah dulu ya",
        ],
        "ms": [
            "Tahniah! Anda menang hadiah, bayar yuran pemprosesan RM20 dulu",
            "Bayaran balik gagal, sila sahkan butiran akaun bank anda melalui pautan ini",
            "Saya ter-refund lebih, tolong pulangkan lebihan ke akaun saya",
            "Ini pihak Pasar, akaun anda akan digantung jika tidak sahkan kad",
            "Untuk terima refund, bayar caj pelepasan RM15 dulu",
            "Parcel tersangkut di kastam, bayar caj RM50 kepada saya untuk lepaskan",
        ],
        "th": [
            "ยินดีด้วยค่ะ คุณได้รับรางวัล กรุณาโอนค่าธรรมเนียม 100 บาทเพื่อรับของรางวัล",
            "การคืนเงินไม่สำเร็จ กรุณายืนยันข้อมูลบัญชีธนาคารผ่านลิงก์นี้",
            "ร้านโอนเงินคืนเกินไป รบกวนโอนส่วนเกินกลับมาด้วยนะคะ",
            "ทางแอปจะระงับบัญชีของคุณ หากไม่ยืนยันข้อมูลบัตร",
            "ต้องจ่ายค่าปลดล็อกเงินคืนก่อน ถึงจะได้รับเงินคืน",
            "พัสดุติดศุลกากร ต้องโอนค่าภาษี 500 บาทมาที่ร้านก่อน",
        ],
        "vi": [
            "Chúc mừng bạn trúng thưởng, chuyển phí 50k để nhận quà",
            "Hoàn tiền thất bại, vui lòng xác minh tài khoản ngân hàng tại đường link này",
            "Shop hoàn tiền dư cho bạn, bạn chuyển lại phần dư giúp shop",
            "Tài khoản của bạn sẽ bị khóa nếu không xác nhận thông tin thẻ",
            "Muốn nhận hoàn tiền phải đóng phí xử lý trước",
            "Bạn đã trúng giải đặc biệt, nộp phí nhận thưởng 200k nhé",
        ],
        "zh": [
            "恭喜您中奖了，先支付手续费50元即可领取",
            "退款失败，请点击链接验证银行卡信息",
            "我多退了钱给你，请把多出的部分转回给我",
            "我是平台客服，您的账户即将冻结，请提供验证码解冻",
            "领取退款需要先缴纳保证金",
            "您的包裹被海关扣留，需要先付清关费",
        ],
        "fil": [
            "Congrats! Nanalo ka ng premyo, magbayad ka muna ng processing fee na 200",
            "Failed yung refund mo, i-verify mo bank details mo sa link na ito",
            "Sobra yung na-refund ko, pakibalik na lang yung sobra sa GCash ko",
            "Pasar Support ito, ma-suspend ang account mo kung di mo i-confirm ang card mo",
            "Para makuha refund mo kailangan mo munang magbayad ng release fee",
            "Na-hold sa customs yung parcel mo, bayaran mo muna yung customs fee sa akin",
        ],
    },
    "illicit": {
        "en": [
            "We also sell weed and cocaine, ask for the menu.",
            "Join our online casino, first deposit bonus 200%!",
            "Want to see sexy photos? Extra service available after order.",
            "We have fake passports and driver's licences too.",
            "Bet on football with us, big payouts every weekend!",
            "Escort service available, message me after you buy.",
            "Selling unregistered guns, discreet shipping.",
        ],
        "id": [
            "Kak mau main slot gacor? Deposit 50rb bonus 100%",
            "Ada juga obat aborsi, pengiriman rahasia",
            "Jual ganja kualitas bagus, pengiriman aman",
            "Gabung judi online kami, banyak bonus",
            "Mau open BO kak? Tarif terjangkau",
            "Ada video bokep lengkap kak, mau dikirim?",
            "Jual sabu paket hemat, dijamin aman",
        ],
        "ms": [
            "Jom main judi online, deposit RM10 dapat bonus",
            "Ada jual ganja dan pil khayal, hantar senyap",
            "Ada servis urut plus plus, boleh booking",
            "Nombor ekor 4D, beli sekarang sebelum cabutan",
            "Kami juga jual dadah, penghantaran rahsia",
            "Nak video lucah? boleh hantar",
        ],
        "th": [
            "สนใจเล่นบาคาร่าออนไลน์ไหมคะ ฝากครั้งแรกรับโบนัส 100%",
            "มีกัญชาและยาไอซ์ขาย ส่งแบบลับ",
            "เว็บพนันบอล แทงบอลออนไลน์ จ่ายจริง",
            "มีบริการสาวไซด์ไลน์ สนใจทักมา",
            "ขายยาทำแท้ง ส่งฟรี",
            "มีคลิปโป๊ขายด้วยนะคะ",
        ],
        "vi": [
            "Chơi cá độ bóng đá online, nạp lần đầu thưởng 100%",
            "Bên em có bán cần sa, giao kín đáo",
            "Có dịch vụ gái gọi, liên hệ sau khi mua hàng",
            "Tham gia sòng bài trực tuyến, thưởng lớn",
            "Bán thuốc phá thai không cần đơn",
            "Có phim sex full HD, mua kèm giảm giá",
        ],
        "zh": [
            "线上赌场，首充送100%",
            "出售大麻，包邮保密发货",
            "有特殊服务，下单后联系",
            "足球博彩，高赔率",
            "办假证，身份证驾照都可以",
            "有黄色视频，需要的私聊",
        ],
        "fil": [
            "Sali ka sa online sabong namin, may bonus sa first deposit",
            "May benta din kaming marijuana, discreet delivery",
            "Online casino, taya ka na, malaki ang panalo",
            "Nagbebenta din kami ng pampalaglag, walang reseta",
            "May shabu din kami, message mo lang ako",
            "May mga bold videos kami, gusto mo?",
        ],
    },
    "false_promise": {
        "en": [
            "This cream cures diabetes and cancer in 2 weeks, 100% guaranteed.",
            "Pasar guarantees a double refund if you are not happy.",
            "Guaranteed delivery tomorrow or the platform pays you RM50.",
            "Lose 10kg in 7 days guaranteed, no diet needed.",
            "100% original, certified by Pasar, lifetime warranty from the platform.",
            "Buy now, the price will triple next week, guaranteed profit.",
            "Officially endorsed by the Ministry of Health, no side effects at all.",
        ],
        "id": [
            "Dijamin sembuh total dari diabetes dalam 2 minggu kak",
            "Pasar menjamin uang kembali 2x lipat kalau barang tidak sesuai",
            "Garansi seumur hidup dari Pasar kak",
            "Turun 10 kg dalam seminggu, dijamin 100%",
            "Pasti sampai besok, kalau telat Pasar kasih kompensasi 100rb",
            "Produk ini sudah disertifikasi resmi oleh Pasar sebagai barang terbaik",
            "Obat ini pasti menyembuhkan kanker tanpa efek samping",
        ],
        "ms": [
            "Dijamin sembuh kencing manis dalam masa seminggu",
            "Pasar jamin bayaran balik dua kali ganda",
            "Kurus 10kg dalam 7 hari, confirm berkesan",
            "Jaminan seumur hidup daripada platform Pasar",
            "Dijamin sampai esok, kalau lambat Pasar bayar pampasan",
            "Produk ni disahkan oleh KKM, 100% tiada kesan sampingan",
        ],
        "th": [
            "รักษาเบาหวานหายขาดใน 2 สัปดาห์ รับประกัน 100%",
            "แพลตฟอร์มรับประกันคืนเงิน 2 เท่า ถ้าไม่พอใจ",
            "ลดน้ำหนัก 10 โล ใน 7 วัน ไม่ต้องคุมอาหาร รับประกันผล",
            "รับประกันตลอดชีพจากแอป Pasar",
            "ส่งถึงพรุ่งนี้แน่นอน ถ้าช้าแพลตฟอร์มจ่ายชดเชยให้",
            "ครีมนี้รักษามะเร็งผิวหนังได้ ไม่มีผลข้างเคียง",
        ],
        "vi": [
            "Cam kết chữa khỏi tiểu đường trong 2 tuần",
            "Sàn cam kết hoàn tiền gấp đôi nếu không hài lòng",
            "Giảm 10kg trong 7 ngày, đảm bảo 100%",
            "Bảo hành trọn đời từ Pasar",
            "Chắc chắn giao ngày mai, nếu trễ sàn đền bù 100k",
            "Thuốc này chữa khỏi ung thư, không có tác dụng phụ",
        ],
        "zh": [
            "保证两周治好糖尿病",
            "平台保证不满意双倍退款",
            "七天瘦十斤，无效退款，百分百保证",
            "平台官方认证，终身保修",
            "明天一定送到，晚到平台赔偿100元",
            "这款药能根治癌症，没有任何副作用",
        ],
        "fil": [
            "Garantisadong gagaling ang diabetes mo in 2 weeks",
            "Guaranteed ng Pasar na double refund kapag di ka satisfied",
            "Papayat ka ng 10kg in 1 week, sure na sure",
            "Lifetime warranty from Pasar mismo",
            "Sigurado dating bukas, pag late babayaran ka ng Pasar",
            "Gamot ito sa cancer, walang side effects",
        ],
    },
}

WRAP = {
    "en": (["", "", "Hi, ", "Hello dear, ", "Hey! "], ["", "", " Thanks!", " 😊", " ok?"]),
    "id": (["", "", "Halo kak, ", "Kak, ", "Permisi kak, "], ["", "", " ya kak 🙏", " makasih", " kak"]),
    "ms": (["", "", "Hai cik, ", "Salam, ", "Hi boss, "], ["", "", " ya", " terima kasih", " ok"]),
    "th": (["", "", "สวัสดีค่ะ ", "คุณลูกค้าคะ ", "ลูกค้าครับ "], ["", "", " นะคะ", " ค่ะ", " ครับ"]),
    "vi": (["", "", "Chào bạn, ", "Dạ ", "Anh ơi, "], ["", "", " ạ", " nha", " nhé"]),
    "zh": (["", "", "亲，", "您好，", "老板，"], ["", "", "哦", "～", "谢谢"]),
    "fil": (["", "", "Hi po, ", "Hello ma'am, ", "Sir, "], ["", "", " po", " salamat", " ha"]),
}


def wrap(lang: str, text: str) -> str:
    pre, post = WRAP[lang]
    return RNG.choice(pre) + text + RNG.choice(post)


Add = Callable[..., None]


def violating_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []

    def add(text: str, lang: str, cats: list[str], obf: str, template_id: str, market: str | None = None) -> None:
        rows.append(
            {
                "text": text,
                "market": market or RNG.choice(LANG_MARKETS[lang]),
                "language": lang,
                "categories": cats,
                "obfuscation": obf,
                "split": split_for(template_id),
            }
        )

    _contact_rows(add)
    _link_rows(add)
    _phrase_rows(add)
    return rows


def _contact_fill(template: str, lang: str, market: str) -> tuple[dict[str, str], str]:
    fill: dict[str, str] = {"handle": RNG.choice(HANDLES)}
    obf = "none"
    if "{phone}" in template:
        obf = RNG.choice(PHONE_OBFUSCATIONS)
        phone = phone_plain(market)
        fill["phone"] = obfuscate_digits(phone, obf, lang)
        fill["msgr"] = messenger(lang, "none")
    elif "{msgr}" in template:
        obf = RNG.choice(MSGR_OBFUSCATIONS)
        fill["msgr"] = messenger(lang, obf)
    if "{email}" in template:
        obf = RNG.choice(["none", "at_dot", "at_dot"])
        fill["email"] = email(lang, obf)
    return fill, obf


def _contact_rows(add: Add) -> None:
    for lang, templates in CONTACT_TEMPLATES.items():
        for t_index, template in enumerate(templates):
            tid = f"contact/{lang}/{t_index}"
            repeats = 5 if "{phone}" in template else 4
            for _ in range(repeats):
                market = RNG.choice(LANG_MARKETS[lang])
                fill, obf = _contact_fill(template, lang, market)
                add(wrap(lang, template.format(**fill)), lang, ["contact"], obf, tid, market)


def _link_rows(add: Add) -> None:
    for lang, templates in LINK_TEMPLATES.items():
        for t_index, template in enumerate(templates):
            tid = f"link/{lang}/{t_index}"
            for _ in range(4):
                obf = RNG.choice(LINK_OBFUSCATIONS)
                add(wrap(lang, template.format(url=url(lang, obf))), lang, ["link"], obf, tid)
            market = RNG.choice(LANG_MARKETS[lang])
            national = national_number(market)
            intl = COUNTRY_CODE[market] + national.lstrip("0")
            messenger_link = RNG.choice(MESSENGER_LINKS).format(
                intl=intl, nat=national, handle=RNG.choice(HANDLES).lstrip("@")
            )
            add(
                wrap(lang, template.format(url=messenger_link)),
                lang,
                ["contact", "link"],
                "messenger_link",
                tid,
                market,
            )


def _phrase_rows(add: Add) -> None:
    for category, by_lang in PHRASES.items():
        for lang, messages in by_lang.items():
            for index, message in enumerate(messages):
                tid = f"{category}/{lang}/{index}"
                text, obf = message, "none"
                if lang in ("en", "id", "ms", "fil", "vi") and RNG.random() < 0.12:
                    obf = RNG.choice(["lookalike", "fullwidth"])
                    words = text.split(" ")
                    pick = max(range(len(words)), key=lambda i: len(words[i]))
                    words[pick] = lookalike(words[pick]) if obf == "lookalike" else fullwidth(words[pick])
                    text = " ".join(words)
                add(wrap(lang, text), lang, [category], obf, tid)


# --------------------------------------------------------------------------- ordinary messages
def rdigits(n: int) -> str:
    return str(RNG.randint(1, 9)) + "".join(str(RNG.randint(0, 9)) for _ in range(n - 1))


def d2() -> str:
    return f"{RNG.randint(0, 99):02d}"


def order_no() -> str:
    styles = [
        lambda: "57" + rdigits(16),
        lambda: "58" + rdigits(16),
        lambda: f"#2024{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}-{RNG.randint(1000, 9999)}",
        lambda: (
            f"24{RNG.randint(1, 12):02d}{RNG.randint(1, 28):02d}"
            + "".join(RNG.choice("ABCDEFGHJKMNPQRSTUVWXY23456789") for _ in range(8))
        ),
        lambda: f"INV/2024{RNG.randint(1, 12):02d}{RNG.randint(10, 28)}/MPL/{rdigits(10)}",
        lambda: f"PSR-{RNG.randint(2401, 2412)}-{rdigits(7)}",
        lambda: "#" + rdigits(18),
    ]
    return RNG.choice(styles)()


COURIERS = {
    "ID": [
        ("JNE", lambda: "CGK" + rdigits(10)),
        ("J&T", lambda: "JP" + rdigits(10)),
        ("SPX", lambda: "SPXID0" + rdigits(10)),
        ("SiCepat", lambda: "00" + rdigits(10)),
        ("AnterAja", lambda: "10" + rdigits(12)),
        ("Ninja Xpress", lambda: "NLIDAP" + rdigits(9)),
    ],
    "MY": [
        ("J&T", lambda: "63" + rdigits(10)),
        ("Pos Laju", lambda: "ER" + rdigits(9) + "MY"),
        ("Ninja Van", lambda: "NVMY" + rdigits(10)),
        ("SPX", lambda: "SPXMY0" + rdigits(10)),
        ("DHL eCommerce", lambda: "MYCGU" + rdigits(12)),
    ],
    "SG": [
        ("Ninja Van", lambda: "NVSGPSR" + rdigits(9)),
        ("SingPost", lambda: "RR" + rdigits(9) + "SG"),
        ("J&T", lambda: "JTSG" + rdigits(10)),
    ],
    "TH": [
        ("Flash", lambda: "TH" + rdigits(10) + "A"),
        ("Kerry", lambda: "KEX" + rdigits(11)),
        ("Thailand Post", lambda: "EF" + rdigits(9) + "TH"),
        ("J&T", lambda: "8" + rdigits(11)),
    ],
    "VN": [
        ("GHN", lambda: "GHN" + "".join(RNG.choice("ABCDEFGHKLMNPQRTUVXY") for _ in range(5)) + rdigits(3)),
        ("GHTK", lambda: f"S{rdigits(8)}.SG{RNG.randint(10, 99)}.{rdigits(9)}"),
        ("VNPost", lambda: "EB" + rdigits(9) + "VN"),
        ("J&T", lambda: "84" + rdigits(10)),
        ("SPX", lambda: "SPXVN0" + rdigits(11)),
    ],
    "PH": [
        ("LBC", lambda: rdigits(12)),
        ("J&T", lambda: "JT" + rdigits(10)),
        ("Flash", lambda: "P" + rdigits(11) + "A"),
        ("Ninja Van", lambda: "NVPHPSR" + rdigits(9)),
    ],
    "GB": [
        ("Royal Mail", lambda: "AB" + rdigits(9) + "GB"),
        ("Evri", lambda: "H0" + rdigits(14)),
        ("DPD", lambda: "1550 " + rdigits(4) + " " + rdigits(4) + " " + rdigits(2)),
    ],
    "US": [
        ("UPS", lambda: "1Z999AA1" + rdigits(10)),
        ("USPS", lambda: "9400 " + " ".join(rdigits(4) for _ in range(4)) + " " + d2()),
        ("FedEx", lambda: " ".join(rdigits(4) for _ in range(3))),
    ],
}
PRICES = {
    "ID": [
        lambda: f"Rp {RNG.randint(15, 999)}.{RNG.choice(['000', '500', '900'])}",
        lambda: f"Rp{RNG.randint(1, 9)}.{RNG.randint(100, 999)}.000",
        lambda: f"{RNG.randint(15, 450)}rb",
        lambda: f"{RNG.randint(15, 450)}k",
        lambda: f"IDR {RNG.randint(20, 900)}.000",
    ],
    "MY": [
        lambda: f"RM {RNG.randint(5, 299)}.{RNG.choice(['00', '50', '90', '99'])}",
        lambda: f"RM{RNG.randint(1, 3)},{RNG.randint(100, 999)}.00",
        lambda: f"RM{RNG.randint(5, 99)}",
    ],
    "SG": [
        lambda: f"S${RNG.randint(3, 199)}.{RNG.choice(['00', '50', '90'])}",
        lambda: f"${RNG.randint(3, 299)}",
        lambda: f"SGD {RNG.randint(10, 999)}.00",
    ],
    "TH": [
        lambda: f"฿{RNG.randint(1, 9)},{RNG.randint(100, 999)}",
        lambda: f"{RNG.randint(99, 999)} บาท",
        lambda: f"{RNG.randint(1, 5)},{RNG.randint(100, 990)} บาท",
    ],
    "VN": [
        lambda: f"₫{RNG.randint(50, 999)},000",
        lambda: f"{RNG.randint(50, 999)}.000đ",
        lambda: f"{RNG.randint(50, 999)}k",
        lambda: f"{RNG.randint(1, 9)}.{RNG.randint(100, 999)}.000 VND",
    ],
    "PH": [
        lambda: f"₱{RNG.randint(99, 999)}",
        lambda: f"PHP {RNG.randint(1, 5)},{RNG.randint(100, 999)}.00",
        lambda: f"P{RNG.randint(99, 999)}",
    ],
    "GB": [
        lambda: f"£{RNG.randint(2, 199)}.{RNG.choice(['99', '49', '00'])}",
        lambda: f"£{RNG.randint(1, 3)},{RNG.randint(100, 999)}",
    ],
    "US": [
        lambda: f"${RNG.randint(2, 199)}.{RNG.choice(['99', '49', '00'])}",
        lambda: f"USD {RNG.randint(1, 3)},{RNG.randint(100, 999)}.00",
    ],
}
PICKUPS = {
    "ID": [
        "Pasar Pickup Point, Jl. Gatot Subroto Kav. 52, Jakarta 12950",
        "Pasar Point Bandung, Jl. Asia Afrika No. 8, Bandung 40111",
        "Pasar Hub Surabaya, Jl. Basuki Rahmat 129-137, Surabaya 60271",
    ],
    "MY": [
        "Pasar Hub Petaling Jaya, Lot 12, Jalan SS 7/26, 47301 Petaling Jaya",
        "Pasar Point, 1 Jalan Ampang, 50450 Kuala Lumpur",
    ],
    "SG": [
        "Pasar Pickup, 1 Raffles Place #02-01, Singapore 048616",
        "Pasar Point Tampines, 10 Tampines Central 1 #03-12, Singapore 529536",
    ],
    "TH": [
        "Pasar Point Bangkok, 999/9 Rama I Rd, Pathum Wan, Bangkok 10330",
        "Pasar จุดรับสินค้า 55/12 ถนนสุขุมวิท 21 กรุงเทพฯ 10110",
    ],
    "VN": [
        "Pasar Điểm nhận hàng, 123 Nguyễn Huệ, Quận 1, TP.HCM 700000",
        "Pasar Hub Hà Nội, 54 Liễu Giai, Ba Đình, Hà Nội 100000",
    ],
    "PH": [
        "Pasar Hub, 26th St cor. 5th Ave, BGC, Taguig 1634",
        "Pasar Pickup Point, 88 Rizal Ave, Sta. Cruz, Manila 1003",
    ],
    "GB": [
        "Pasar Collect, Unit 5, 20 Great Eastern St, London EC2A 3EH",
        "Pasar Point, 14 Deansgate, Manchester M3 1AZ",
    ],
    "US": ["Pasar Pickup, 500 Market St, San Francisco, CA 94105", "Pasar Point, 1201 3rd Ave, Seattle, WA 98101"],
}
POSTCODES = {
    "ID": ["12950", "40111", "60271", "10310"],
    "MY": ["47301", "50450", "81200", "10450"],
    "SG": ["048616", "529536", "238859"],
    "TH": ["10330", "10110", "50200"],
    "VN": ["700000", "100000", "550000"],
    "PH": ["1634", "1003", "6000"],
    "GB": ["EC2A 3EH", "M3 1AZ", "SW1A 1AA"],
    "US": ["94105", "98101", "10001"],
}


def fillers(market: str) -> dict[str, str]:
    courier, tracking = RNG.choice(COURIERS[market])
    price = RNG.choice(PRICES[market])
    month = RNG.randint(1, 12)
    day = RNG.randint(1, 28)
    date = RNG.choice(
        [
            f"{day:02d}/{month:02d}/2024",
            f"2024-{month:02d}-{day:02d}",
            f"{day}/{month}",
            f"{day:02d}.{month:02d}.2024",
            f"{day:02d}-{month:02d}-2024",
        ]
    )
    hour = RNG.randint(8, 21)
    return {
        "order": order_no(),
        "courier": courier,
        "tracking": tracking(),
        "price": price(),
        "price2": price(),
        "qty": str(RNG.choice([1, 2, 3, 5, 10, 12, 20, 50])),
        "size": RNG.choice(["38", "39", "40", "41", "42", "43", "M", "L", "XL", "XXL", "S", "36", "44"]),
        "size2": RNG.choice(["XL", "XXL", "44", "45", "3XL"]),
        "chest": RNG.choice(["96-100", "100-104", "88-92", "104-108"]),
        "dims": RNG.choice(["120x60 cm", "120 x 60 x 75 cm", "30x40x15cm", "45 x 45 cm", "200x180 cm", "60x90cm"]),
        "weight": RNG.choice(["1.2 kg", "850 g", "2,5 kg", "500gr", "12 kg", "3.4kg"]),
        "date": date,
        "time": RNG.choice(
            [f"{hour}:00", f"{hour}:30", f"{hour}.00", f"{hour % 12 or 12}pm", f"{hour}:{RNG.choice(['15', '45'])}"]
        ),
        "time2": f"{hour + 2}:00",
        "sku": RNG.choice(
            [
                f"SKU-AB{RNG.randint(10, 99)}-{RNG.randint(1000, 9999)}",
                f"BRG-{RNG.randint(1000, 9999)}-XL",
                f"A{RNG.randint(1000, 9999)}-BLK-42",
                f"TS{rdigits(6)}-WHT",
                f"{RNG.randint(100, 999)}-{RNG.randint(1000, 9999)}-{RNG.randint(10, 99)}",
            ]
        ),
        "pickup": RNG.choice(PICKUPS[market]),
        "postcode": RNG.choice(POSTCODES[market]),
        "volume": RNG.choice(["500ml", "750 ml", "1.5 L", "1L", "350ml", "2 liter"]),
        "capacity": RNG.choice(["5000mAh", "10.000 mAh", "20000 mAh", "3000mAh"]),
        "hours": str(RNG.choice([6, 8, 10, 12, 24])),
        "model": RNG.choice(["iPhone 13 Pro", "Galaxy A54", "Redmi Note 12", "iPhone 15", "Oppo A78", "Vivo Y36"]),
        "invoice": RNG.choice(
            [
                f"INV/2024{month:02d}{day:02d}/MPL/{rdigits(10)}",
                f"INV-{rdigits(8)}",
                f"PSR{month:02d}{day:02d}{rdigits(5)}",
            ]
        ),
        "voucher": RNG.choice(["PASAR10", "HEMAT25", "MAY2024", "FREESHIP", "NEWBUYER5", "SALE1212"]),
        "percent": RNG.choice(["10%", "15%", "5%", "20%"]),
        "va": " ".join(rdigits(4) for _ in range(4)),
    }


ORDINARY_FIXED = {
    "en": [
        "Hi there! Thanks for your order, we'll pack it today.",
        "Sorry for the late reply, we were offline over the weekend.",
        "The deadline for the flash sale is tonight, so grab it soon if you like it.",
        "Yes, this item is available online only.",
        "The television stand comes fully assembled.",
        "The courier will contact you through the app on delivery day.",
        "Thank you for your review! We're glad you like the dress.",
        "We're sorry the colour looked different. You can request a return in the app within the window.",
        "Could you send a photo of the damaged part here in the chat? We'll sort it out.",
        "The cotton is breathable and machine washable.",
        "We don't have the blue one anymore, but the navy is very similar.",
        "Line 2 of your order is out of stock, would you like a refund for that item or wait a week?",
        "Please make sure your address is complete, including the unit number.",
        "Our product line includes matching pillowcases as well.",
        "Feel free to leave an honest review after you try it.",
        "For your safety, never share your OTP or password with anyone, including sellers.",
        "Payment is handled by Pasar, we never ask you to transfer money outside the app.",
        "The refund goes back to your original payment method automatically.",
        "Happy to help! Let me know if you need anything else.",
        "We restock every Monday, follow the shop here to get notified.",
        "This charger supports fast charging for most phones.",
        "Was the parcel left at the door or did you collect it from the pickup point?",
        "The warranty is from the manufacturer, keep the box and invoice.",
        "The telescope comes with a tripod, as in the photos.",
        "We have the big size in white and grey.",
        "Apologies, the courier missed the pickup yesterday. It's going out first thing tomorrow.",
        "Our team is online from 9 to 6 on weekdays.",
        "Please check the size chart in the product photos before ordering.",
        "Hope the gift makes your mum happy!",
        "There's a shop voucher on the product page, claim it before checkout.",
        "This is already the final price, sorry we can't go lower.",
        "Whats the size you usually wear? I'll help you choose.",
        "We chat here in the app so there's a record of everything, just ask anytime.",
        "The telecom shop downstairs can cut the SIM tray if needed, but this phone takes nano SIM.",
        "Sorry, we only ship within the country for now.",
        "The lining is polyester so it dries quickly.",
        "If anything is missing from the box, tell us here and we'll send it.",
        "Great choice! That model is our bestseller this month.",
        "The parcel might be a day late because of the public holiday.",
        "The cable is fine, the issue is usually the adapter, can you try another one?",
        "You can cancel it yourself in the app while it's still unpaid.",
        "Thanks for your patience, we really appreciate it.",
        "It's waterproof for rain but not for swimming.",
        "Our online store is the only one we run, everything is here on Pasar.",
        "Hi, sorry the item arrived dented. Please file a return in the app and we'll approve it.",
        "Hang on, let me check with the warehouse.",
        "We'd love to hear your feedback after you use it for a while.",
        "Please don't worry, your refund is being processed by Pasar.",
        "The baseline model doesn't have wireless charging, the Pro does.",
        "Wash inside out at 30 degrees to keep the print.",
    ],
    "id": [
        "Halo kak, terima kasih sudah order 🙏 pesanan akan kami kemas hari ini",
        "Maaf kak baru balas, kemarin tokonya libur",
        "Siap kak, barang ready stok ya",
        "Kak, warna hitam tinggal sedikit ya, yang putih masih banyak",
        "Wa'alaikumsalam kak, ada yang bisa dibantu?",
        "Waalaikumsalam, iya kak masih ada",
        "Banyak kawan-kawan reseller yang ambil model ini kak",
        "Jangan lupa bawa bukti pesanan saat ambil di pickup point ya kak",
        "Barangnya sudah kami bawa ke agen ekspedisi tadi pagi",
        "Kak, deadline pembayaran sampai jam 12 malam ya",
        "Toko kami online setiap hari dari pagi sampai malam",
        "Mohon maaf kak atas keterlambatannya, kurirnya lagi antri",
        "Terima kasih atas ulasannya kak, semoga cocok ya 😊",
        "Kak, untuk keamanan jangan pernah berikan kode OTP atau password ke siapa pun ya",
        "Pembayaran semua lewat aplikasi Pasar ya kak, kami tidak pernah minta transfer di luar aplikasi",
        "Dananya akan dikembalikan otomatis ke metode pembayaran kakak",
        "Bahannya katun combed 30s, adem dan menyerap keringat",
        "Kak bisa kirim foto barang yang rusak di chat ini? nanti kami bantu proses retur",
        "Ukuran M cocok buat BB 50-55 kg kak",
        "Kak silakan ajukan pengembalian lewat aplikasi ya, nanti kami proses",
        "Garansi resmi distributor 1 tahun kak, simpan kotaknya",
        "Stok baru masuk hari Senin kak, follow toko kami biar dapat notifikasi",
        "Iya kak bisa COD, pilih bayar di tempat saat checkout",
        "Casing ini pas untuk telepon genggam tipe yang kakak sebut",
        "Tinggal klaim voucher toko di halaman produk ya kak",
        "Mohon ditunggu ya kak, paket sedang dalam perjalanan",
        "Kak kalau ada yang kurang jelas boleh tanya di sini saja",
        "Ini sudah harga paling murah kak, sudah termasuk bubble wrap",
        "Mantap kak, semoga awet ya barangnya",
        "Kak, pesanan yang dibatalkan otomatis dananya kembali ke saldo",
        "Boleh kak kasih ulasan jujur setelah dicoba",
        "Sepatu ini bisa dipakai untuk olahraga maupun santai",
        "Wah kak makasih banyak sudah langganan di toko kami",
        "Kawan kerja kakak juga boleh pakai voucher yang sama",
        "Tolong bawa paketnya ke drop point terdekat untuk retur ya kak",
        "Kak tidak perlu khawatir, dana kakak aman di Pasar sampai barang diterima",
        "Mohon cek lagi alamatnya kak, RT/RW nya belum lengkap",
        "Maaf kak, warna cream sedang kosong, restock minggu depan",
        "Kami kirim pakai kardus tebal kak, aman",
        "Kak, tombol terima pesanan ada di halaman pesanan ya",
        "Iya kak bahan wolfis, tidak menerawang",
        "Untuk ukuran anak umur 5 tahun pilih yang L ya kak",
        "Semua pertanyaan silakan di chat Pasar ini saja kak, admin standby",
        "Barang sudah dicek sebelum dikirim kak, semua berfungsi",
        "Kak bisa pilih pengiriman instan kalau mau cepat",
        "Maaf kak, kami belum bisa kirim ke luar negeri",
        "Kaosnya oversize ya kak, kalau mau pas ambil satu ukuran di bawahnya",
        "Siap kak, catatan untuk bungkus kado sudah kami baca",
        "Lampunya pakai colokan biasa kak, 220V",
        "Terima kasih kak, ditunggu orderan berikutnya",
    ],
    "ms": [
        "Hai cik, terima kasih atas pesanan, kami akan pos hari ini",
        "Maaf lambat balas, kedai tutup semalam",
        "Barang ready stock ya, boleh terus checkout",
        "Warna hitam tinggal sikit je, yang putih banyak lagi",
        "Waalaikumsalam, ya masih ada stok",
        "Ramai kawan-kawan dropship ambil model ni",
        "Jangan lupa bawa bukti pesanan masa ambil di pickup point",
        "Kami dah bawa parcel ke kaunter kurier pagi tadi",
        "Deadline bayaran sampai tengah malam ni ya",
        "Kedai online kami buka setiap hari",
        "Minta maaf atas kelewatan, kurier tengah sibuk",
        "Terima kasih atas ulasan, harap cik suka",
        "Untuk keselamatan, jangan kongsi kod OTP atau kata laluan dengan sesiapa",
        "Semua bayaran melalui aplikasi Pasar, kami tak pernah minta transfer luar",
        "Duit akan dikembalikan automatik ke kaedah pembayaran asal",
        "Kain cotton, sejuk dan serap peluh",
        "Boleh hantar gambar barang rosak dalam chat ni? kami bantu proses pemulangan",
        "Saiz M sesuai untuk berat 50-55 kg",
        "Sila buat permohonan pemulangan dalam app ya",
        "Waranti pengedar 1 tahun, simpan kotak",
        "Stok baru masuk hari Isnin, follow kedai kami untuk notifikasi",
        "Boleh COD, pilih bayar semasa terima masa checkout",
        "Tuntut baucar kedai di halaman produk ya",
        "Sila tunggu ya, parcel dalam perjalanan",
        "Kalau ada soalan boleh tanya di sini je",
        "Ni harga paling murah dah, termasuk bubble wrap",
        "Terima kasih sebab selalu beli dengan kami",
        "Boleh bagi ulasan jujur lepas cuba ya",
        "Kasut ni sesuai untuk sukan dan santai",
        "Kawan cik pun boleh guna baucar yang sama",
        "Tolong bawa parcel ke drop-off point terdekat untuk pemulangan",
        "Jangan risau, duit cik selamat dalam Pasar sampai barang diterima",
        "Maaf, warna krim habis stok, restock minggu depan",
        "Kami bungkus dengan kotak tebal, selamat",
        "Tudung ni tak jarang, kain lembut",
        "Untuk budak umur 5 tahun ambil saiz L",
        "Semua soalan boleh tanya dalam chat Pasar ni, admin sentiasa ada",
        "Barang dah diperiksa sebelum pos, semua berfungsi",
        "Maaf, kami belum hantar ke luar negara",
        "Baju ni oversize, kalau nak muat ambil satu saiz kecil",
        "Ok noted, nota untuk balut hadiah kami dah baca",
        "Lampu ni guna plug biasa 3 pin",
        "Terima kasih, jemput datang lagi",
        "Bawa je resit masa ambil barang",
        "Kami ada line produk baru untuk raya nanti",
    ],
    "th": [
        "สวัสดีค่ะ ขอบคุณที่สั่งซื้อนะคะ ร้านจะแพ็คของให้วันนี้ค่ะ",
        "ขอโทษที่ตอบช้านะคะ เมื่อวานร้านหยุด",
        "สินค้าพร้อมส่งค่ะ กดสั่งได้เลย",
        "สีดำเหลือน้อยแล้วนะคะ สีขาวยังมีเยอะ",
        "ร้านเปิดออนไลน์ทุกวันค่ะ",
        "ขออภัยที่ส่งช้านะคะ ขนส่งมีพัสดุเยอะ",
        "ขอบคุณสำหรับรีวิวนะคะ หวังว่าจะชอบค่ะ",
        "เพื่อความปลอดภัย อย่าบอกรหัส OTP หรือรหัสผ่านกับใครนะคะ",
        "ชำระเงินผ่านแอป Pasar เท่านั้นนะคะ ร้านไม่เคยให้โอนนอกแอป",
        "เงินคืนจะเข้าช่องทางชำระเงินเดิมอัตโนมัติค่ะ",
        "ผ้าคอตตอน ใส่สบาย ระบายอากาศดี",
        "รบกวนส่งรูปสินค้าที่เสียหายในแชทนี้ได้เลยค่ะ ร้านจะช่วยดำเนินการคืนสินค้า",
        "ไซส์ M ใส่ได้ประมาณน้ำหนัก 50-55 กิโลค่ะ",
        "สามารถกดขอคืนสินค้าในแอปได้เลยนะคะ",
        "รับประกันศูนย์ 1 ปีค่ะ เก็บกล่องไว้ด้วยนะคะ",
        "ของเข้าใหม่ทุกวันจันทร์ค่ะ กดติดตามร้านไว้ได้เลย",
        "เก็บโค้ดส่วนลดร้านที่หน้าสินค้าก่อนสั่งนะคะ",
        "รอสักครู่นะคะ พัสดุกำลังจัดส่ง",
        "สงสัยอะไรถามในแชทนี้ได้เลยค่ะ",
        "ราคานี้ถูกที่สุดแล้วค่ะ รวมห่อบับเบิ้ลแล้ว",
        "ขอบคุณที่อุดหนุนร้านเรานะคะ",
        "ลองใช้แล้วรีวิวตามจริงได้เลยค่ะ",
        "รองเท้าใส่ได้ทั้งออกกำลังกายและใส่เที่ยว",
        "นำพัสดุไปส่งคืนที่จุดส่งใกล้บ้านได้เลยค่ะ",
        "ไม่ต้องกังวลนะคะ เงินของลูกค้าอยู่กับ Pasar จนกว่าจะได้รับของ",
        "ขออภัยค่ะ สีครีมหมด จะเข้าอาทิตย์หน้า",
        "ร้านแพ็คกล่องหนาอย่างดีค่ะ",
        "เด็กอายุ 5 ขวบเลือกไซส์ L นะคะ",
        "สินค้าตรวจเช็คก่อนส่งทุกชิ้นค่ะ",
        "ตอนนี้ร้านยังไม่ส่งต่างประเทศนะคะ",
        "เสื้อทรงโอเวอร์ไซส์ค่ะ ถ้าชอบพอดีตัวลดลงหนึ่งไซส์",
        "รับทราบค่ะ ห่อของขวัญให้เรียบร้อยค่ะ",
        "ปลั๊กเป็นแบบไทยมาตรฐานค่ะ",
        "ขอบคุณค่ะ แล้วแวะมาใหม่นะคะ",
        "ดูรายละเอียดสินค้าในหน้าออนไลน์ได้เลยค่ะ",
        "สินค้าล็อตนี้เป็นไลน์การผลิตใหม่ค่ะ คุณภาพดีขึ้น",
        "ลูกค้าสามารถยกเลิกคำสั่งซื้อเองในแอปได้ถ้ายังไม่ชำระเงิน",
        "เดดไลน์โปรโมชั่นคือเที่ยงคืนนี้นะคะ",
        "ขนาดนี้เหมาะกับโต๊ะทำงานทั่วไปค่ะ",
        "ร้านตอบแชทตั้งแต่เก้าโมงถึงหกโมงเย็นค่ะ",
        "สีในรูปอาจต่างจากของจริงเล็กน้อยตามแสงนะคะ",
        "ถ้าของไม่ครบแจ้งในแชทนี้ได้เลยค่ะ ร้านจะส่งเพิ่มให้",
        "ครีมนี้เหมาะกับผิวแห้ง ใช้เช้าเย็นค่ะ",
    ],
    "vi": [
        "Chào bạn, cảm ơn bạn đã đặt hàng, shop sẽ đóng gói trong hôm nay ạ",
        "Xin lỗi bạn shop trả lời chậm, hôm qua shop nghỉ",
        "Hàng có sẵn ạ, bạn đặt luôn nhé",
        "Màu đen còn ít thôi ạ, màu trắng còn nhiều",
        "Shop bán online mỗi ngày ạ",
        "Xin lỗi vì giao chậm, bên vận chuyển đang quá tải",
        "Cảm ơn bạn đã đánh giá, mong bạn hài lòng ạ",
        "Để an toàn, bạn đừng cung cấp mã OTP hay mật khẩu cho ai nhé",
        "Thanh toán đều qua ứng dụng Pasar ạ, shop không bao giờ yêu cầu chuyển khoản ngoài app",
        "Tiền hoàn sẽ tự động về phương thức thanh toán ban đầu ạ",
        "Vải cotton mát, thấm hút mồ hôi tốt",
        "Bạn gửi ảnh sản phẩm bị hỏng trong khung chat này, shop hỗ trợ đổi trả nhé",
        "Size M hợp với người 50-55 kg ạ",
        "Bạn gửi yêu cầu trả hàng trong app giúp shop nhé",
        "Bảo hành chính hãng 1 năm, bạn giữ hộp nhé",
        "Thứ Hai có hàng mới, bạn theo dõi shop để nhận thông báo nhé",
        "Bạn lưu voucher của shop ở trang sản phẩm trước khi đặt nhé",
        "Bạn chờ chút nhé, đơn đang được giao",
        "Có gì thắc mắc bạn cứ hỏi ở đây ạ",
        "Giá này là thấp nhất rồi ạ, đã gồm bọc chống sốc",
        "Cảm ơn bạn đã ủng hộ shop",
        "Dùng thử rồi đánh giá thật lòng giúp shop nhé",
        "Giày đi tập thể thao hay đi chơi đều được ạ",
        "Bạn mang hàng ra bưu cục gần nhất để trả nhé",
        "Bạn yên tâm, tiền của bạn được Pasar giữ cho đến khi nhận hàng",
        "Xin lỗi bạn, màu kem hết rồi, tuần sau có lại",
        "Shop đóng hộp carton dày, rất an toàn",
        "Bé 5 tuổi thì lấy size L nhé",
        "Hàng được kiểm tra trước khi gửi ạ",
        "Hiện shop chưa giao quốc tế ạ",
        "Áo form rộng, thích vừa người thì lấy nhỏ hơn một size",
        "Dạ shop đã ghi chú gói quà rồi ạ",
        "Cảm ơn bạn, hẹn gặp lại ạ",
        "Máy giặt mini này chạy êm, phù hợp phòng trọ",
        "Em đi ngủ sớm nên sáng mai shop trả lời tiếp nhé",
        "Bạn có thể tự hủy đơn trong app khi chưa thanh toán",
        "Hạn chót của chương trình khuyến mãi là tối nay ạ",
        "Ba mẹ bạn dùng cũng rất hợp",
        "Hai màu này đều đang có sẵn",
        "Năm nay mẫu này bán chạy nhất shop",
        "Dạ không sao ạ, shop gửi lại cho bạn món bị thiếu",
        "Bạn chọn giao hỏa tốc nếu cần gấp nhé",
        "Nồi chiên này dùng điện 220V ạ",
    ],
    "zh": [
        "亲，谢谢下单，今天就给您打包",
        "不好意思回复晚了，昨天店休",
        "有现货的，可以直接下单",
        "黑色只剩几件了，白色还有很多",
        "我们网店每天都营业",
        "抱歉发货慢了，快递最近件多",
        "谢谢您的评价，希望您喜欢",
        "为了安全，请不要把验证码或密码告诉任何人",
        "所有付款都在Pasar里完成，我们不会让您在平台外转账",
        "退款会自动原路返回",
        "纯棉面料，透气吸汗",
        "麻烦在这里发一下损坏的照片，我们帮您处理退货",
        "M码适合体重50-55公斤",
        "您可以直接在应用里申请退货",
        "官方保修一年，请保留包装盒",
        "每周一上新，关注店铺就能收到通知",
        "下单前记得领取店铺优惠券",
        "请稍等，包裹正在派送中",
        "有问题随时在这里问我们",
        "这已经是最低价了，包含气泡膜包装",
        "谢谢您一直支持我们小店",
        "用了以后欢迎如实评价",
        "这双鞋运动休闲都可以穿",
        "请把包裹送到附近的退货点",
        "放心，货款由Pasar保管，确认收货后才给我们",
        "抱歉，米色暂时缺货，下周补货",
        "我们用厚纸箱包装，很安全",
        "五岁小朋友选L码",
        "每件都检查过再发货的",
        "目前暂不支持国际配送",
        "衣服是宽松版，喜欢合身的可以拿小一码",
        "好的，已备注礼品包装",
        "谢谢，欢迎再来",
        "这款是我们今年的新产品线",
        "在线客服时间是早上九点到晚上六点",
        "未付款的订单可以在应用里自行取消",
        "活动截止到今晚十二点",
        "一二三号这几天发货会慢一点，请见谅",
        "颜色因为光线可能略有差异",
        "少了配件请在这里告诉我们，马上补发",
        "这款锅可以用电磁炉",
        "好的亲，已经帮您改好地址了",
    ],
    "fil": [
        "Hi po, salamat sa order! I-pack na namin ngayong araw",
        "Sorry po late reply, sarado kami kahapon",
        "Available pa po, pwede na mag-checkout",
        "Konti na lang po yung black, marami pa yung white",
        "Online po kami araw-araw",
        "Pasensya na po sa delay, madami pong parcel ang courier",
        "Salamat po sa review! Sana nagustuhan niyo",
        "For your safety po, huwag ibigay ang OTP o password kahit kanino",
        "Lahat po ng bayad ay sa Pasar app, hindi kami humihingi ng transfer sa labas",
        "Babalik po automatic ang refund sa original payment method niyo",
        "Cotton po yung tela, presko at hindi mainit",
        "Pakisend po ng picture ng sira dito sa chat, tutulungan namin kayo sa return",
        "Size M po ay para sa 50-55 kg",
        "Pwede po kayo mag-request ng return sa app",
        "May 1 year warranty po, itago ang box",
        "May bagong stocks tuwing Lunes, i-follow niyo lang po ang shop",
        "I-claim niyo po yung shop voucher bago mag-checkout",
        "Antay lang po, on the way na ang parcel",
        "Kung may tanong po, dito lang po sa chat",
        "Ito na po ang pinakamababang presyo, kasama na bubble wrap",
        "Salamat po sa suki!",
        "Pwede po kayo mag-iwan ng honest review pagkatapos gamitin",
        "Pang-sports at pang-casual po yung sapatos",
        "Dalhin niyo lang po ang parcel sa pinakamalapit na drop-off point para sa return",
        "Wag po kayo mag-alala, hawak ng Pasar ang bayad hanggang matanggap niyo",
        "Sorry po, out of stock ang cream, next week pa restock",
        "Naka-box po ng makapal, safe",
        "Para sa 5 years old, size L po",
        "Chineck po namin bago i-ship",
        "Hindi pa po kami nag-sh-ship abroad",
        "Oversized po ito, kung gusto niyo fit, one size down",
        "Noted po, i-gift wrap namin",
        "Salamat po, balik kayo ulit!",
        "Ang deadline ng sale ay mamayang hatinggabi po",
        "Pwede niyo po i-cancel sa app habang unpaid pa",
        "Yung kulay po ay pwedeng iba ng konti dahil sa ilaw",
        "Kung may kulang, sabihan niyo lang po kami dito",
        "Mas maganda po kung sa inyong kawan ng kaibigan din i-share ang good news hehe",
        "Meron din po kaming bagong product line sa susunod na buwan",
        "Ingat po sa pag-unbox, may kasamang salamin",
    ],
}

ORDINARY_SLOTS = {
    "en": [
        "Hi, order {order} has been shipped with {courier}. Tracking number: {tracking}.",
        "Your order {order} is packed and will be picked up before {time} today.",
        "It's {price} and we have {qty} left in stock.",
        "Size {size} fits a chest of about {chest} cm.",
        "Dimensions: {dims}, net weight {weight}.",
        "Sorry for the delay, it will ship by {date}.",
        "Refund of {price} for order {order} has been approved.",
        "Please pick the variant with SKU {sku} for the black one.",
        "You can collect from our pickup point: {pickup}.",
        "We deliver to postcode {postcode}, shipping is {price}.",
        "Buy {qty} for {price}, promo ends {date} at {time}.",
        "Tracking {tracking} shows it reached the local hub on {date}.",
        "Order summary: {qty} x tote bag, total {price}, order no. {order}.",
        "Orders placed after {time} ship the next business day.",
        "The bottle holds {volume} and is BPA-free.",
        "Battery capacity is {capacity}, about {hours} hours of use.",
        "This case fits the {model}.",
        "Invoice {invoice} is in your order page.",
        "Your parcel {tracking} is due {date} between {time} and {time2}.",
        "We received your return for order {order}; the refund of {price} will be processed by {date}.",
        "Size {size} is {price}, size {size2} is {price2}.",
        "Use code {voucher} for {percent} off orders above {price}.",
        "{courier} tracking no. {tracking}, estimated delivery {date}.",
        "Ref {order}: we've sent a replacement, tracking {tracking}.",
        "Pay to the virtual account {va} shown in the app before {time}.",
    ],
    "id": [
        "Pesanan {order} sudah dikirim via {courier} ya kak, no resi {tracking}",
        "Kak, paket dengan resi {tracking} estimasi sampai {date}",
        "Harganya {price} kak, stok tinggal {qty}",
        "Ukuran {size} ready kak, lingkar dada {chest} cm",
        "Ukuran mejanya {dims}, berat {weight}",
        "Maaf kak, pesanan dikirim paling lambat {date}",
        "Refund {price} untuk pesanan {order} sudah disetujui ya kak",
        "Varian hitam kodenya {sku} ya kak",
        "Bisa diambil di titik pickup kami: {pickup}",
        "Kode pos {postcode} masuk jangkauan kak, ongkirnya {price}",
        "Beli {qty} cuma {price} kak, promo sampai {date} jam {time}",
        "Pesanan masuk setelah jam {time} dikirim besok ya kak",
        "Isi botolnya {volume} kak, aman untuk air panas",
        "Kapasitas baterai {capacity}, tahan sekitar {hours} jam",
        "Casing ini cocok untuk {model} kak",
        "Invoice {invoice} bisa dicek di halaman pesanan",
        "Total pesanan {order}: {qty} pcs, {price} sudah termasuk ongkir",
        "Kak pesanan {order} sudah sampai di gudang transit {date} jam {time}",
        "Ukuran {size} harganya {price}, ukuran {size2} {price2} ya kak",
        "Pengembalian untuk pesanan {order} sudah kami terima, dana {price} diproses sampai {date}",
        "Jadwal pickup kurir jam {time}, resi {tracking} aktif setelah itu",
        "Berat paket {weight}, dimensi {dims}",
        "Pakai kode {voucher} diskon {percent} min belanja {price} kak",
        "Silakan bayar ke virtual account {va} yang muncul di aplikasi sebelum jam {time}",
        "No. pesanan {order} ya kak, sudah kami proses",
    ],
    "ms": [
        "Pesanan {order} dah dihantar melalui {courier}, no tracking {tracking}",
        "Parcel {tracking} dijangka sampai {date}",
        "Harga {price}, stok tinggal {qty}",
        "Saiz {size} ada, ukur dada {chest} cm",
        "Ukuran meja {dims}, berat {weight}",
        "Maaf, pesanan akan dihantar selewat-lewatnya {date}",
        "Bayaran balik {price} untuk pesanan {order} telah diluluskan",
        "Kod varian hitam {sku}",
        "Boleh ambil di pickup point kami: {pickup}",
        "Poskod {postcode} dalam kawasan penghantaran, caj {price}",
        "Beli {qty} hanya {price}, promosi sampai {date} pukul {time}",
        "Pesanan selepas {time} akan dihantar esok",
        "Botol ni muat {volume}, selamat untuk air panas",
        "Kapasiti bateri {capacity}, tahan lebih kurang {hours} jam",
        "Casing ni sesuai untuk {model}",
        "Invois {invoice} boleh semak dalam halaman pesanan",
        "Jumlah pesanan {order}: {qty} pcs, {price} termasuk pos",
        "Saiz {size} harga {price}, saiz {size2} {price2}",
        "Kurier akan pickup pukul {time}, tracking {tracking} aktif selepas tu",
        "Guna kod {voucher} diskaun {percent} untuk belian atas {price}",
        "No. pesanan {order}, kami dah proses",
        "Pemulangan untuk {order} diterima, {price} akan dikreditkan sebelum {date}",
    ],
    "th": [
        "คำสั่งซื้อ {order} จัดส่งแล้วทาง {courier} เลขพัสดุ {tracking} ค่ะ",
        "พัสดุเลข {tracking} คาดว่าจะถึง {date} ค่ะ",
        "ราคา {price} ค่ะ เหลือ {qty} ชิ้น",
        "ไซส์ {size} มีค่ะ รอบอก {chest} ซม.",
        "ขนาดโต๊ะ {dims} น้ำหนัก {weight}",
        "ขออภัยค่ะ จะจัดส่งภายใน {date}",
        "คืนเงิน {price} สำหรับคำสั่งซื้อ {order} อนุมัติแล้วค่ะ",
        "รหัสสินค้าสีดำคือ {sku} ค่ะ",
        "รับสินค้าได้ที่จุดรับของเรา: {pickup}",
        "รหัสไปรษณีย์ {postcode} อยู่ในพื้นที่จัดส่ง ค่าส่ง {price}",
        "ซื้อ {qty} ชิ้น {price} โปรถึง {date} เวลา {time}",
        "สั่งหลัง {time} น. จะส่งวันถัดไปนะคะ",
        "ขวดนี้จุ {volume} ค่ะ",
        "แบตเตอรี่ {capacity} ใช้งานได้ประมาณ {hours} ชั่วโมง",
        "เคสนี้ใส่กับ {model} ได้ค่ะ",
        "ใบแจ้งหนี้ {invoice} ดูได้ในหน้าคำสั่งซื้อ",
        "ยอดรวมคำสั่งซื้อ {order}: {qty} ชิ้น {price} รวมค่าส่งแล้ว",
        "ไซส์ {size} ราคา {price} ไซส์ {size2} ราคา {price2}",
        "ขนส่งจะมารับ {time} น. เลขพัสดุ {tracking} จะอัปเดตหลังจากนั้น",
        "ใช้โค้ด {voucher} ลด {percent} เมื่อซื้อครบ {price}",
        "หมายเลขคำสั่งซื้อ {order} ร้านดำเนินการแล้วค่ะ",
    ],
    "vi": [
        "Đơn {order} đã gửi qua {courier}, mã vận đơn {tracking} ạ",
        "Đơn có mã vận đơn {tracking} dự kiến giao ngày {date}",
        "Giá {price} ạ, còn {qty} cái",
        "Size {size} còn hàng ạ, vòng ngực {chest} cm",
        "Kích thước bàn {dims}, nặng {weight}",
        "Xin lỗi bạn, đơn sẽ gửi chậm nhất ngày {date}",
        "Hoàn tiền {price} cho đơn {order} đã được duyệt ạ",
        "Mã phân loại màu đen là {sku} ạ",
        "Bạn có thể nhận hàng tại điểm của Pasar: {pickup}",
        "Mã bưu chính {postcode} có giao ạ, phí ship {price}",
        "Mua {qty} chỉ {price}, khuyến mãi đến {date} lúc {time}",
        "Đơn đặt sau {time} sẽ gửi vào hôm sau ạ",
        "Bình dung tích {volume} ạ",
        "Pin {capacity}, dùng khoảng {hours} tiếng",
        "Ốp này vừa {model} ạ",
        "Hóa đơn {invoice} xem trong trang đơn hàng nhé",
        "Tổng đơn {order}: {qty} cái, {price} đã gồm phí ship",
        "Size {size} giá {price}, size {size2} giá {price2}",
        "Shipper lấy hàng lúc {time}, mã {tracking} sẽ cập nhật sau đó",
        "Nhập mã {voucher} giảm {percent} cho đơn từ {price}",
        "Mã đơn {order} shop đã xử lý rồi ạ",
    ],
    "zh": [
        "订单{order}已通过{courier}发出，快递单号{tracking}",
        "单号{tracking}预计{date}送达",
        "价格{price}，还剩{qty}件",
        "{size}码有货，胸围{chest}厘米",
        "桌子尺寸{dims}，重量{weight}",
        "抱歉，最晚{date}发货",
        "订单{order}的退款{price}已批准",
        "黑色款的编码是{sku}",
        "可以到我们的自提点取货：{pickup}",
        "邮编{postcode}在配送范围内，运费{price}",
        "买{qty}件只要{price}，活动到{date} {time}",
        "{time}以后下单的明天发货",
        "瓶子容量{volume}",
        "电池容量{capacity}，可以用大约{hours}小时",
        "这个手机壳适合{model}",
        "发票{invoice}可在订单页面查看",
        "订单{order}：共{qty}件，{price}含运费",
        "{size}码{price}，{size2}码{price2}",
        "快递{time}来取件，单号{tracking}之后会更新",
        "用优惠码{voucher}满{price}减{percent}",
        "订单号{order}已经处理好了",
    ],
    "fil": [
        "Na-ship na po ang order {order} via {courier}, tracking no. {tracking}",
        "Yung parcel {tracking} po ay expected dumating sa {date}",
        "{price} po, {qty} na lang ang stock",
        "Available po ang size {size}, chest {chest} cm",
        "Sukat ng table {dims}, bigat {weight}",
        "Sorry po, ma-ship ito hanggang {date}",
        "Approved na po ang refund na {price} para sa order {order}",
        "Ang SKU po ng black ay {sku}",
        "Pwede niyo pong i-pick up sa: {pickup}",
        "Sakop po ang zip code {postcode}, shipping fee {price}",
        "Buy {qty} for {price} lang po, hanggang {date} {time}",
        "Ang orders after {time} ay ma-ship kinabukasan po",
        "Ang bote ay {volume} po",
        "Battery {capacity}, mga {hours} hours ang gamit",
        "Pasok po ang case sa {model}",
        "Ang invoice {invoice} ay nasa order page po",
        "Total ng order {order}: {qty} pcs, {price} kasama na shipping",
        "Size {size} ay {price}, size {size2} ay {price2}",
        "Pi-pickup ng courier ng {time}, ang tracking {tracking} ay mag-update pagkatapos",
        "Gamitin ang code {voucher} para sa {percent} off sa minimum {price}",
        "Order no. {order} po, na-process na namin",
    ],
}
SLOT_REPEATS = {"en": 8, "id": 8, "ms": 8, "th": 8, "vi": 8, "zh": 8, "fil": 8}


def ordinary_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for lang, messages in ORDINARY_FIXED.items():
        for index, message in enumerate(messages):
            rows.append(
                {
                    "text": message,
                    "market": RNG.choice(LANG_MARKETS[lang]),
                    "language": lang,
                    "split": split_for(f"ordinary-fixed/{lang}/{index}"),
                }
            )
    for lang, templates in ORDINARY_SLOTS.items():
        for index, template in enumerate(templates):
            for _ in range(SLOT_REPEATS[lang]):
                market = RNG.choice(LANG_MARKETS[lang])
                rows.append(
                    {
                        "text": template.format(**fillers(market)),
                        "market": market,
                        "language": lang,
                        "split": split_for(f"ordinary-slot/{lang}/{index}"),
                    }
                )
    return rows


def write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    violating = violating_rows()
    ordinary = ordinary_rows()
    write(OUT / "violating.jsonl", violating)
    write(OUT / "ordinary.jsonl", ordinary)
    print(f"violating: {len(violating)} rows, ordinary: {len(ordinary)} rows")


if __name__ == "__main__":
    main()
