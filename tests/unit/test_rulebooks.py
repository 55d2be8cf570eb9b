"""Rulebooks are data, validated on load (R-MK-1, R-MK-2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pasar.rules import MARKETS_DIR, RulebookError, all_rulebooks, load_rulebook_file

SHIPPED = {"ID", "TH", "VN", "MY", "PH", "GB", "US"}


def test_r_mk_1_every_required_market_ships_a_valid_rulebook() -> None:
    books = all_rulebooks()
    assert set(books) >= SHIPPED
    for code, book in books.items():
        assert book.market.code == code
        assert len(book.market.currency) == 3


def test_r_mk_2_no_mall_in_id_and_no_live_gifting_in_th() -> None:
    books = all_rulebooks()
    assert books["ID"].features.mall is False and "mall" in books["ID"].privileges.unavailable
    assert books["TH"].features.live_gifting is False and "live_gifting" in books["TH"].privileges.unavailable
    assert books["GB"].features.mall and books["GB"].features.live_gifting


def test_after_sales_windows_per_market_follow_section_6() -> None:
    windows = {code: book.after_sales.window_days for code, book in all_rulebooks().items() if code in SHIPPED}
    assert windows == {"ID": 6, "TH": 7, "VN": 15, "MY": 15, "PH": 15, "GB": 30, "US": 30}


def test_r_up_2_r_up_3_defaults() -> None:
    orders = all_rulebooks()["ID"].orders
    assert orders.payment_reminder_minutes == [5, 30] and orders.unpaid_timeout_minutes == 60


def _broken(tmp_path: Path, old: str, new: str, name: str = "ID") -> Path:
    text = (MARKETS_DIR / f"{name}.toml").read_text().replace(old, new, 1)
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("unpaid_timeout_minutes = 60", "unpaid_timeout_minutes = -5", "ID.toml: orders.unpaid_timeout_minutes"),
        ("unpaid_timeout_minutes = 60", "unpaid_timeout_minutes = 20", "before unpaid_timeout_minutes"),
        ("product_weight = 0.4", "product_weight = 0.5", "weights must add up to 1"),
        ('timezone = "Asia/Jakarta"', 'timezone = "Mars/Olympus"', "unknown time zone"),
        ("hold_minutes = 60", "hold_minutes = 60\nholdminutes = 5", "cancellation.holdminutes: Extra inputs"),
        ("[fulfilment]", "[fulfilment", "not valid TOML"),
        (
            'holiday_country = "ID"',
            'holiday_country = "ID"\nholiday_subdivision = "XX"',
            "ID.toml: market.holiday_subdivision: Value error, 'XX' is not a holiday subdivision of ID",
        ),
        ("return_receipt_days = 10", "return_receipt_days = 0", "ID.toml: after_sales.return_receipt_days"),
        (
            "tracking_clock_skew_minutes = 15",
            "tracking_clock_skew_minutes = -1",
            "ID.toml: fulfilment.tracking_clock_skew_minutes",
        ),
    ],
)
def test_an_invalid_rulebook_names_file_key_and_reason(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(RulebookError, match=re.escape(message)):
        load_rulebook_file(_broken(tmp_path, old, new))


def test_a_rulebook_whose_code_does_not_match_its_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "XX.toml"
    path.write_text((MARKETS_DIR / "ID.toml").read_text())
    with pytest.raises(RulebookError, match=r"XX\.toml: market\.code"):
        load_rulebook_file(path)
