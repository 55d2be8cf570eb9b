"""R-BR-2: the text classifier must know a review's language (en, id, ms, th, vi, zh, pt)."""

from __future__ import annotations

import pytest

from pasar.reviews import SUPPORTED_LANGUAGES, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The item arrived broken and the seller won't reply", "en"),
        ("barangnya udah sampe tapi rusak, sellernya gak bales chat", "id"),
        ("barang dah sampai tapi rosak, kedai tak balas langsung", "ms"),
        ("ของมาถึงแล้วแต่แตก ร้านไม่ตอบแชทเลย", "th"),
        ("hàng tới nơi bị vỡ, shop không trả lời tin nhắn", "vi"),
        ("东西到了但是碎了，客服也不回复", "zh"),
        ("O produto chegou quebrado e a loja não responde", "pt"),
    ],
)
def test_r_br_2_detects_each_market_language(text: str, expected: str) -> None:
    """Given a review in one of the market languages, when detected, then its language is found."""
    assert detect_language(text) == expected


def test_r_br_2_vietnamese_typed_without_accents_is_vietnamese() -> None:
    """Given Vietnamese typed on a keyboard without accents, then it is still Vietnamese."""
    assert detect_language("giao hang qua cham, da 10 ngay ma chua nhan duoc hang") == "vi"


def test_r_br_2_portuguese_typed_without_accents_is_portuguese() -> None:
    """Given Portuguese without accents, then the function-word profile finds Portuguese."""
    assert detect_language("ainda nao recebi o produto e ja passou do prazo") == "pt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("penghantaran lambat, pos laju memang hampeh", "ms"),
        ("pengiriman lama banget, kurirnya gak ngabarin", "id"),
        ("kasut ni tak muat, saiz kecik sangat", "ms"),
        ("sepatunya gak muat, ukurannya kekecilan", "id"),
    ],
)
def test_r_br_2_indonesian_and_malay_are_told_apart_by_distinguishing_words(text: str, expected: str) -> None:
    """Given Indonesian or Malay with words the two standards spell differently, then the right
    one is chosen (rusak/rosak, pengiriman/penghantaran, gak/tak, sepatu/kasut)."""
    assert detect_language(text) == expected


def test_r_br_2_script_wins_over_embedded_english() -> None:
    """Given Thai or Chinese with English brand names and slang, then the script decides."""
    assert detect_language("ของ fake มาก shop ไม่ตอบ Kerry ก็ช้า") == "th"
    assert detect_language("这个 iPhone case 是假货，seller 不理人") == "zh"


@pytest.mark.parametrize("text", ["", "   ", "😡😡😡", "12345 !!!"])
def test_r_br_2_text_without_letters_falls_back_to_english(text: str) -> None:
    """Given no letters to read, then the fallback language (English) is reported."""
    assert detect_language(text) == "en"


def test_r_br_2_supported_languages_are_the_marketplace_languages() -> None:
    """The identifier covers exactly the languages the rule requires."""
    assert set(SUPPORTED_LANGUAGES) == {"en", "id", "ms", "th", "vi", "zh", "pt"}
