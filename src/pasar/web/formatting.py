"""Money, dates and times in the market's locale (rulebook ``market.locale``, ``currency``, ``timezone``).

Each takes the ``[market]`` section of the rulebook in force, so a page follows the marketplace's rulebooks.

Durations are words inside a sentence ("2 days left"), so they follow the page's language instead.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision

from pasar.rules.model import MarketInfo


def money(minor: int | None, currency: str, market: MarketInfo) -> str:
    """Integer minor units → the market's way of writing the amount (e.g. ``Rp 189.000``)."""
    if minor is None:
        return "—"
    digits = get_currency_precision(currency)
    amount = Decimal(minor).scaleb(-digits)
    return format_currency(amount, currency, locale=market.locale)


def when(value: datetime | str | None, market: MarketInfo, style: str = "medium") -> str:
    if value is None:
        return "—"
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(instant, style, tzinfo=ZoneInfo(market.timezone), locale=market.locale)


def duration(seconds: int | None, locale: str) -> str:
    """A coarse duration ("2 days", "5 hours") in the Babel ``locale`` of the page's language."""
    if seconds is None:
        return "—"
    return format_timedelta(seconds, locale=locale, threshold=2)


def score(value: float | int | None, market: MarketInfo) -> str:
    """A score (0–5: the SPS, a dimension, a sub-score) with one decimal, as the market writes it (``4,7``)."""
    if value is None:
        return "—"
    return format_decimal(value, "#,##0.0", locale=market.locale)


def percent(value: float | None, market: MarketInfo) -> str:
    if value is None:
        return "—"
    return format_percent(value, "#,##0.0%", locale=market.locale)


def number(value: int, locale: str) -> str:
    """A count (bytes, units) as the page's language writes it."""
    return format_decimal(value, locale=locale)


def iso(value: datetime | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.isoformat()
