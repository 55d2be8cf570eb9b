"""Messaging and CRM policies (docs/rules.md §8, §10): pure functions over plain values, no I/O."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from pasar.domain.errors import InvalidInput


class Sender(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    FAQ = "faq"  # an FAQ auto-reply (R-IM-3): never answers a wait (R-SC-6)
    AUTO = "auto"  # the away message outside business hours


class MessageKind(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    ORDER_CARD = "order_card"
    PRODUCT_CARD = "product_card"


class FaqWhen(StrEnum):
    ALWAYS = "always"
    OUTSIDE_HOURS = "outside_hours"


class Segment(StrEnum):
    NEW = "new"
    REPEAT = "repeat"
    LAPSED = "lapsed"
    HIGH_VALUE = "high_value"
    CUSTOM = "custom"


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


# --- R-IM-5: restriction length -------------------------------------------------------------------
def restriction_days(points: int, after_points: int, min_days: int, max_days: int) -> int | None:
    """Days of read-only inbox for ``points`` active messaging points, or None below the threshold.

    Reaching the threshold restricts for ``min_days``; every point beyond it adds
    ``(max_days - min_days) / after_points`` days (rounded down), up to ``max_days`` at twice the
    threshold. Defaults: 12 points → 7 days, 18 → 18 days, 24 or more → 30 days.
    """
    if points < after_points:
        return None
    extra = (points - after_points) * (max_days - min_days) // after_points
    return min(max_days, min_days + extra)


def worst_category(categories: Iterable[str], points_by_category: dict[str, int]) -> str:
    """The most severe category of a blocked message: the one with the most points (R-IM-5)."""
    return max(categories, key=lambda category: (points_by_category.get(category, 1), category))


# --- R-IM-3: business hours and FAQ --------------------------------------------------------------
def parse_business_hours(hours: dict[str, list[str]] | None) -> dict[str, tuple[time, time]] | None:
    """``{"mon": ["09:00", "17:00"], ...}``: a day left out is closed; None means always open."""
    if hours is None:
        return None
    parsed: dict[str, tuple[time, time]] = {}
    for day, span in hours.items():
        if day not in DAYS:
            raise InvalidInput(f"{day!r} is not a day ({', '.join(DAYS)})", field=f"business_hours.{day}")
        if len(span) != 2 or not all(_CLOCK.match(value) for value in span):
            raise InvalidInput('hours are ["HH:MM", "HH:MM"]', field=f"business_hours.{day}")
        opens, closes = (time.fromisoformat(value) for value in span)
        if closes <= opens:
            raise InvalidInput("closing time must be after opening time", field=f"business_hours.{day}")
        parsed[day] = (opens, closes)
    return parsed


def is_open(hours: dict[str, tuple[time, time]] | None, local: datetime) -> bool:
    if hours is None:
        return True
    span = hours.get(DAYS[local.weekday()])
    return span is not None and span[0] <= local.time() < span[1]


def normalise_keyword(keyword: str) -> str:
    return " ".join(keyword.casefold().split())


def match_faq(entries: Sequence[tuple[int, Sequence[str]]], text: str) -> int | None:
    """The first FAQ entry (by id) with a keyword found in ``text`` as whole words, case-insensitive."""
    folded = " " + " ".join(re.findall(r"\w+", text.casefold())) + " "
    for entry_id, keywords in entries:
        for keyword in keywords:
            words = " ".join(re.findall(r"\w+", keyword.casefold()))
            if words and f" {words} " in folded:
                return entry_id
    return None


# --- R-SC-6, R-IM-6: the inbox -----------------------------------------------------------------
def wait_due(started_at: datetime, reply_within_hours: int) -> datetime:
    return started_at + timedelta(hours=reply_within_hours)


# --- R-CR-1: segments ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BuyerTotals:
    buyer_id: int
    orders: int
    spend: int
    first_order_at: datetime
    last_order_at: datetime


@dataclass(frozen=True)
class CustomRule:
    """A seller's own segment: every condition given must hold."""

    min_orders: int | None = None
    min_spend: int | None = None
    last_order_within_days: int | None = None
    category: str | None = None


def high_value(totals: Sequence[BuyerTotals], quantile: float) -> set[int]:
    """Buyers in the top ``1 - quantile`` by spend (at least one buyer; ties at the cut-off included)."""
    if not totals:
        return set()
    ranked = sorted((t.spend for t in totals), reverse=True)
    size = max(1, math.ceil(round(len(ranked) * (1 - quantile), 9)))
    cutoff = ranked[size - 1]
    return {t.buyer_id for t in totals if t.spend >= cutoff}


def segment_members(
    segment: Segment,
    totals: Sequence[BuyerTotals],
    now: datetime,
    *,
    new_buyer_days: int,
    lapsed_days: int,
    high_value_quantile: float,
    rule: CustomRule | None = None,
    in_category: set[int] | None = None,
) -> list[int]:
    if segment is Segment.NEW:
        chosen = {t.buyer_id for t in totals if t.first_order_at > now - timedelta(days=new_buyer_days)}
    elif segment is Segment.REPEAT:
        chosen = {t.buyer_id for t in totals if t.orders >= 2}
    elif segment is Segment.LAPSED:
        chosen = {t.buyer_id for t in totals if t.last_order_at <= now - timedelta(days=lapsed_days)}
    elif segment is Segment.HIGH_VALUE:
        chosen = high_value(totals, high_value_quantile)
    else:
        rule = rule or CustomRule()
        chosen = {
            t.buyer_id
            for t in totals
            if (rule.min_orders is None or t.orders >= rule.min_orders)
            and (rule.min_spend is None or t.spend >= rule.min_spend)
            and (
                rule.last_order_within_days is None
                or t.last_order_at > now - timedelta(days=rule.last_order_within_days)
            )
            and (rule.category is None or (in_category is not None and t.buyer_id in in_category))
        }
    return sorted(chosen)
