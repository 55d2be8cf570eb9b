"""Market calendars: business days in the market's zone, skipping weekends and public holidays.

The holidays are the market's country's, or one subdivision's where the rulebook names it
(``market.holiday_subdivision``: Great Britain's rulebook counts England and Wales's).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from pasar.rules.model import Rulebook


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=[year, year + 1]).keys())


def is_business_day(day: date, country: str, subdivision: str | None = None) -> bool:
    """A weekday that is not a public holiday of the country (and of the subdivision, where one is named)."""
    return day.weekday() < 5 and day not in _holidays(country, subdivision, day.year)


def add_business_days(start: datetime, days: int, rules: Rulebook) -> datetime:
    """The same local time of day, ``days`` business days after ``start`` in the market's calendar.

    Counting starts the day after ``start``; a start on a weekend or holiday therefore lands on
    the N-th following business day (R-FL-1: "end of hold + 2 business days").
    """
    zone = ZoneInfo(rules.market.timezone)
    local = start.astimezone(zone)
    day = local.date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, rules.market.holiday_country, rules.market.holiday_subdivision):
            counted += 1
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)


def add_natural_days(start: datetime, days: int) -> datetime:
    """A natural day is 24 h of calendar time (docs/rules.md preamble)."""
    return start + timedelta(days=days)
