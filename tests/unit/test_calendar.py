"""Business days per market: weekends and the country's public holidays, in the market's zone (R-FL-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pasar.domain.calendar import add_business_days, is_business_day
from pasar.domain.due_times import fulfilment_deadlines
from pasar.rules import rulebook_for


def test_r_fl_1_indonesia_skips_the_day_of_silence_and_the_weekend() -> None:
    # Given a hold ending Wednesday 18 March 2026, 10:00 in Jakarta (Thursday 19 is Nyepi)
    hold_end = datetime(2026, 3, 18, 3, 0, tzinfo=UTC)
    due = fulfilment_deadlines(hold_end, rulebook_for("ID"))
    # Then business day 1 is Friday 20 and day 2 Monday 23, at the same local time
    assert due.dispatch == datetime(2026, 3, 23, 3, 0, tzinfo=UTC)
    assert due.collection == datetime(2026, 3, 24, 3, 0, tzinfo=UTC)  # R-FL-2: 3 business days


def test_r_fl_1_great_britain_skips_christmas_and_boxing_day() -> None:
    hold_end = datetime(2025, 12, 24, 15, 0, tzinfo=UTC)  # Wednesday, 15:00 in London
    assert add_business_days(hold_end, 2, rulebook_for("GB")) == datetime(2025, 12, 30, 15, 0, tzinfo=UTC)


def test_r_fl_1_a_deadline_across_a_daylight_saving_change_keeps_the_local_hour() -> None:
    # Friday 27 March 2026, 12:00 GMT; clocks go forward on Sunday 29
    due = add_business_days(datetime(2026, 3, 27, 12, 0, tzinfo=UTC), 2, rulebook_for("GB"))
    assert due == datetime(2026, 3, 31, 11, 0, tzinfo=UTC)  # Tuesday 12:00 BST


def test_r_fl_1_a_hold_ending_on_a_saturday_counts_from_monday() -> None:
    saturday = datetime(2026, 3, 7, 3, 0, tzinfo=UTC)
    assert add_business_days(saturday, 2, rulebook_for("TH")) == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def test_r_fl_3_promised_delivery_follows_the_dispatch_deadline() -> None:
    due = fulfilment_deadlines(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), rulebook_for("US"))  # Sunday 22:00 NY
    assert due.dispatch == datetime(2026, 6, 3, 2, 0, tzinfo=UTC)
    assert due.promised_delivery == datetime(2026, 6, 6, 2, 0, tzinfo=UTC)  # Fri 5 June 22:00 NY


@pytest.mark.parametrize("day", [date(2026, 4, 6), date(2026, 8, 31)])
def test_r_fl_1_easter_monday_and_the_august_bank_holiday_are_not_business_days_in_great_britain(day: date) -> None:
    gb = rulebook_for("GB").market
    assert (gb.holiday_country, gb.holiday_subdivision) == ("GB", "ENG")  # England and Wales by default
    assert day.weekday() == 0
    assert not is_business_day(day, gb.holiday_country, gb.holiday_subdivision)
    assert is_business_day(day, gb.holiday_country)  # the UK-wide list alone would count it (Scotland works)


@pytest.mark.parametrize(
    ("hold_end", "dispatch"),
    [
        # Thursday 2 April 2026, 11:00 BST: Good Friday, the weekend, Easter Monday, then Tuesday and Wednesday
        (datetime(2026, 4, 2, 10, 0, tzinfo=UTC), datetime(2026, 4, 8, 10, 0, tzinfo=UTC)),
        # Friday 28 August 2026: the weekend, the bank holiday Monday 31, then 1 and 2 September
        (datetime(2026, 8, 28, 10, 0, tzinfo=UTC), datetime(2026, 9, 2, 10, 0, tzinfo=UTC)),
    ],
)
def test_r_fl_1_a_british_dispatch_deadline_moves_over_the_english_bank_holidays(hold_end, dispatch) -> None:
    assert fulfilment_deadlines(hold_end, rulebook_for("GB")).dispatch == dispatch
