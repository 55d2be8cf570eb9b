"""R-IM-4/R-IM-5 public API: verdict shape, offsets into the original text, markets, repetition helper."""

from __future__ import annotations

import pytest

from pasar.moderation import CATEGORIES, Verdict, Violation, check, is_repeated_unsolicited, verdict_to_json


def test_r_im_4_categories_are_the_ten_stable_codes_in_rule_order() -> None:
    """Given the public CATEGORIES, then they are the ten codes of R-IM-4 in the rule's order."""
    assert CATEGORIES == (
        "contact",
        "link",
        "off_platform",
        "review_manipulation",
        "abuse",
        "spam",
        "personal_data",
        "fraud",
        "illicit",
        "false_promise",
    )


def test_r_im_5_verdict_json_has_exactly_the_wire_fields() -> None:
    """Given a violating message, when serialised, then only allowed/violations(category,start,end) appear."""
    verdict = check("WA 0812-3456-7890", "ID")
    assert verdict_to_json(verdict) == {
        "allowed": False,
        "violations": [{"category": "contact", "start": 0, "end": 2}, {"category": "contact", "start": 3, "end": 17}],
    }


def test_r_im_5_allowed_is_false_iff_a_violation_blocks() -> None:
    """Given any verdict, then allowed is False exactly when some violation is blocking."""
    for text in ("hello, thanks for the order", "call 0812-3456-7890", "dasar goblok"):
        verdict = check(text, "ID")
        assert isinstance(verdict, Verdict)
        assert verdict.allowed == (not any(v.blocking for v in verdict.violations))


def test_r_im_5_verdict_is_frozen() -> None:
    """Given a verdict, then it cannot be changed after the fact."""
    verdict = check("call 0812-3456-7890", "ID")
    with pytest.raises(AttributeError):
        verdict.allowed = True
    assert isinstance(verdict.violations[0], Violation)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hi ０８１２３４５６７８９０ ok", "０８１２３４５６７８９０"),
        ("x 0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣0️⃣ y", "0️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣9️⃣0️⃣"),
        ("add me on W h a t s A p p please", "W h a t s A p p"),
        ("add me on whаtsаpp please", "whаtsаpp"),
        ("ติดต่อ ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด นะคะ", "ศูนย์แปดหนึ่งสองสามสี่ห้าหกเจ็ดแปด"),
        ("Liên hệ em qua số không chín một hai ba bốn năm sáu bảy tám ạ", "không chín một hai ba bốn năm sáu bảy tám"),
        ("email ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ now", "ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ"),
        ("Gọi em 0912 345 678 nhé", "0912 345 678"),
    ],
)
def test_r_im_5_offsets_point_into_the_original_text(text: str, expected: str) -> None:
    """Given a disguised contact detail, then start/end select exactly it in the ORIGINAL text."""
    found = [text[v.start : v.end] for v in check(text, "TH").violations]
    assert expected in found


def test_r_im_5_offsets_survive_decomposed_accents() -> None:
    """Given Vietnamese typed with combining tone marks, then the span still points at the original characters."""
    text = "đồ ngu".replace("ồ", "o\u0302\u0300")
    verdict = check(text, "VN")
    assert [(v.category, text[v.start : v.end]) for v in verdict.violations] == [("abuse", text)]


@pytest.mark.parametrize("market", ["ID", "TH", "VN", "MY", "PH", "SG", "GB", "US", "BR"])
def test_r_im_4_every_shipped_market_is_accepted(market: str) -> None:
    """Given any shipped market code, then check works (and detects all languages regardless)."""
    assert check("dasar goblok", market).allowed is False


@pytest.mark.parametrize("market", ["XX", "id", "", "IDN"])
def test_r_im_4_unknown_market_raises_value_error(market: str) -> None:
    """Given an unknown market code, then ValueError names it and lists the known ones."""
    with pytest.raises(ValueError, match="unknown market"):
        check("hello", market)


def test_r_im_4_empty_message_is_allowed() -> None:
    """Given an empty or blank message, then it is allowed with no violations."""
    assert check("", "ID") == Verdict(allowed=True, violations=())
    assert check("   \n", "ID").allowed


def test_r_im_4_repeated_unsolicited_counts_near_copies() -> None:
    """Given the sender's recent messages, then `threshold` near-copies (small edits allowed) mean spam."""
    promo = "Hi kak! Promo besar hari ini, diskon 50% semua produk, cek toko kami sekarang ya!"
    recent = [promo.replace("50%", "40%"), promo + " 🙏", "Pesanan kakak sudah dikirim"]
    assert is_repeated_unsolicited(recent, promo, threshold=2)
    assert not is_repeated_unsolicited(recent, promo, threshold=3)
    assert not is_repeated_unsolicited(["Pesanan kakak sudah dikirim"], promo, threshold=1)


def test_r_im_4_repeated_unsolicited_rejects_zero_threshold() -> None:
    """Given a threshold below one, then ValueError (every message would count as spam)."""
    with pytest.raises(ValueError):
        is_repeated_unsolicited([], "hi", threshold=0)
