"""R-BR-2: a review's responsibility comes from its ratings, else its text, else the default."""

from __future__ import annotations

import pytest

from pasar.reviews import (
    Responsibility,
    classify_text,
    counts_against_seller,
    responsibility_from_ratings,
    review_responsibility,
)

SELLER, LOGISTICS, BUYER = Responsibility.SELLER, Responsibility.LOGISTICS, Responsibility.BUYER


# --- structured ratings -------------------------------------------------------------------


def test_r_br_2_structured_ratings_win_over_text() -> None:
    """Given a low product rating and a text only about the courier, when the responsibility is
    decided, then the ratings decide: seller."""
    result = review_responsibility(1, 1, None, 5, "Courier took three weeks, parcel was soaked")
    assert result == (SELLER, "ratings")


def test_r_br_2_logistics_only_rating_wins_over_seller_text() -> None:
    """Given only the logistics sub-rating is low, when the text blames the product, then the
    structured ratings still win: logistics."""
    result = review_responsibility(2, 5, 4, 1, "the product is fake and broken")
    assert result == (LOGISTICS, "ratings")


@pytest.mark.parametrize(
    ("product", "service", "logistics", "expected"),
    [
        (None, None, None, None),  # nothing given: ratings do not decide
        (5, 5, 5, None),  # nothing low: ratings do not decide
        (3, 3, 3, None),  # 3 is not negative
        (1, None, None, SELLER),
        (None, 2, None, SELLER),
        (5, 5, 1, LOGISTICS),
        (None, None, 2, LOGISTICS),  # a lone low logistics rating is logistics-only
        (1, 5, 1, SELLER),  # product and logistics both low: not logistics-only
        (5, 1, 1, SELLER),
    ],
)
def test_r_br_2_responsibility_from_ratings(
    product: int | None, service: int | None, logistics: int | None, expected: Responsibility | None
) -> None:
    """Given sub-ratings, when read, then low product/service means seller, only low logistics
    means logistics, and anything else leaves the decision to the text."""
    assert responsibility_from_ratings(product, service, logistics) is expected


def test_r_br_2_low_rating_threshold_comes_from_the_market() -> None:
    """Given a market whose negative threshold is 3, when a sub-rating is 3, then it is low."""
    assert responsibility_from_ratings(3, None, None) is None
    assert responsibility_from_ratings(3, None, None, low_max=3) is SELLER


@pytest.mark.parametrize("bad", [0, 6, -1, True])
def test_r_br_2_ratings_outside_1_to_5_are_rejected(bad: int) -> None:
    """Given an impossible rating, when it is used, then a ValueError says so."""
    with pytest.raises(ValueError, match="1 to 5"):
        responsibility_from_ratings(bad, None, None)
    with pytest.raises(ValueError, match="1 to 5"):
        review_responsibility(bad, None, None, None, "fake")


# --- text, default, appeal ----------------------------------------------------------------


def test_r_br_2_text_decides_when_ratings_do_not() -> None:
    """Given no sub-ratings, when the text says the parcel never arrived, then the source is the
    text and the responsibility logistics."""
    assert review_responsibility(1, None, None, None, "Parcel never arrived") == (LOGISTICS, "text")


@pytest.mark.parametrize("text", [None, "", "   ", "Terrible!!! 1 star", "😡😡😡", "Péssimo"])
def test_r_br_2_negative_review_without_cue_defaults_to_seller(text: str | None) -> None:
    """Given a negative review with no usable cue, when decided, then the platform default holds
    the seller responsible (only a clearly logistics or buyer complaint is excused)."""
    assert review_responsibility(1, None, None, None, text) == (SELLER, "default")


def test_r_br_2_successful_appeal_overrides_ratings_and_text() -> None:
    """Given a successful appeal that found the courier at fault, when decided, then the appeal
    wins over a low product rating and a seller-blaming text."""
    result = review_responsibility(1, 1, 1, None, "fake product", appeal=LOGISTICS)
    assert result == (LOGISTICS, "appeal")


@pytest.mark.parametrize(
    ("overall", "responsibility", "counts"),
    [(1, SELLER, True), (2, SELLER, True), (3, SELLER, False), (1, LOGISTICS, False), (2, BUYER, False)],
)
def test_r_br_2_only_seller_responsible_negative_reviews_count(
    overall: int, responsibility: Responsibility, counts: bool
) -> None:
    """Given a review, when the seller's metrics are computed, then it counts only if it is
    negative (rating <= 2) and seller-responsible."""
    assert counts_against_seller(overall, responsibility) is counts


def test_r_br_2_negative_threshold_is_configurable() -> None:
    """Given a market whose negative threshold is 3, when a 3-star seller review is counted,
    then it counts."""
    assert counts_against_seller(3, SELLER, negative_max_rating=3)


# --- text classifier per language ---------------------------------------------------------

LOGISTICS_ONLY = {
    "en": "Package never arrived, tracking has been stuck for two weeks",
    "id": "paket belum sampai juga, kurirnya lama banget",
    "ms": "parcel tak sampai lagi, pos laju lambat gila",
    "th": "ส่งช้ามาก ของยังไม่ถึงเลย",
    "vi": "giao hàng chậm quá, đã 2 tuần mà chưa nhận được hàng",
    "zh": "快递太慢了，等了两个星期还没收到",
    "pt": "O produto ainda não chegou, os correios estão atrasando tudo",
}

PRODUCT_DEFECT = {
    "en": "The zipper broke on the first day and the colour is nothing like the photo",
    "id": "barangnya rusak, warnanya juga beda sama foto",
    "ms": "barang rosak, warna lain dari gambar",
    "th": "สินค้าชำรุด สีไม่ตรงปกเลย",
    "vi": "hàng bị lỗi, màu không giống hình",
    "zh": "质量太差了，用了一天就坏了",
    "pt": "Produto veio com defeito e a cor é diferente do anúncio",
}

BUYER_ERROR = {
    "en": "My bad, I ordered the wrong size",
    "id": "salah saya, salah pilih ukuran",
    "ms": "saya tersalah pilih saiz, barang ok",
    "th": "เราสั่งผิดไซส์เอง",
    "vi": "mình đặt nhầm size, lỗi mình",
    "zh": "是我自己拍错尺码了，怪我",
    "pt": "Comprei errado, culpa minha",
}


@pytest.mark.parametrize(("language", "text"), sorted(LOGISTICS_ONLY.items()))
def test_r_br_2_logistics_only_complaint_is_not_seller_responsible(language: str, text: str) -> None:
    """Given a complaint only about delivery, in any market language, when classified, then it
    is logistics (and so never counts against the seller)."""
    result = classify_text(text)
    assert result.responsibility is LOGISTICS
    assert result.language == language
    assert not counts_against_seller(1, result.responsibility)


@pytest.mark.parametrize(("language", "text"), sorted(PRODUCT_DEFECT.items()))
def test_r_br_2_product_defect_is_seller_responsible(language: str, text: str) -> None:
    """Given a complaint about the product, when classified, then it is the seller's."""
    result = classify_text(text)
    assert (result.responsibility, result.language) == (SELLER, language)
    assert result.evidence, "a seller must be able to see why"


@pytest.mark.parametrize(("language", "text"), sorted(BUYER_ERROR.items()))
def test_r_br_2_buyer_error_is_not_seller_responsible(language: str, text: str) -> None:
    """Given the buyer admits their own mistake, when classified, then it is the buyer's."""
    result = classify_text(text)
    assert (result.responsibility, result.language) == (BUYER, language)


@pytest.mark.parametrize(
    "text",
    [
        "delivery was fast but the product is fake",
        "Took three weeks to arrive and it was broken",
        "pengiriman cepat tapi barangnya palsu",
        "Entrega rápida, mas o produto veio quebrado",
        "物流很快，但是东西是假的",
        "giao hàng nhanh nhưng hàng bị vỡ",
        "ส่งไวแต่ของปลอม",
    ],
)
def test_r_br_2_text_with_both_logistics_and_product_cues_is_seller(text: str) -> None:
    """Given a text that complains about the product and mentions delivery, when classified,
    then it is not a logistics-only complaint: seller."""
    assert classify_text(text).responsibility is SELLER


@pytest.mark.parametrize(
    "text",
    [
        "Not damaged at all, it just arrived two weeks late",
        "barang tidak rusak, cuma kurirnya lama",
        "Não veio quebrado, só demorou demais para chegar",
        "ของไม่แตก แต่ส่งช้ามาก",
        "没有任何破损，就是物流太慢",
        "hàng không bị hỏng, chỉ giao chậm",
        "tak rosak pun, cuma penghantaran lambat",
    ],
)
def test_r_br_2_negated_defect_does_not_make_the_seller_responsible(text: str) -> None:
    """Given a defect word under a negation ("not damaged"), when classified, then the defect is
    ignored and the delivery complaint decides: logistics."""
    assert classify_text(text).responsibility is LOGISTICS


def test_r_br_2_not_arrived_is_logistics_but_arrived_broken_is_seller() -> None:
    """Given "não chegou" (did not arrive) and "chegou quebrado" (arrived broken), when
    classified, then the first is logistics and the second the seller's (what arrives is the
    seller's product and packing unless the carrier is blamed)."""
    assert classify_text("Não chegou").responsibility is LOGISTICS
    assert classify_text("Chegou quebrado").responsibility is SELLER
    assert classify_text("O correio rasgou a caixa e demorou um mês").responsibility is LOGISTICS


def test_r_br_2_explicit_exoneration_cancels_seller_evidence() -> None:
    """Given the buyer says the seller is not at fault, when the damage was the courier's,
    then the review is logistics."""
    text = "Courier left it outside in the sun and the chocolate melted. Not the seller's fault"
    assert classify_text(text).responsibility is LOGISTICS


def test_r_br_2_classification_explains_itself() -> None:
    """Given a classified text, then evidence lists the deciding cue phrases and the confidence
    is a probability-like number."""
    result = classify_text("The courier lost my parcel, still waiting after 3 weeks")
    assert result.responsibility is LOGISTICS
    assert {"still waiting", "lost my parcel"} <= set(result.evidence)
    assert 0.0 < result.confidence <= 1.0


def test_r_br_2_text_without_cues_reports_no_evidence() -> None:
    """Given a text with no cue, then it falls back to the default with no evidence and zero
    confidence."""
    result = classify_text("Hmm.")
    assert (result.responsibility, result.evidence, result.confidence) == (SELLER, (), 0.0)


def test_r_br_2_given_language_is_used_and_unknown_language_is_detected() -> None:
    """Given a language tag, when it is supported ("pt-BR") it is used; when it is not ("fil")
    the language is detected from the text."""
    assert classify_text("Não chegou", "pt-BR").language == "pt"
    assert classify_text("paket belum sampai", "fil").language == "id"
