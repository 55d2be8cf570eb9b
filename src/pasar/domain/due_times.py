"""Due times: an instant and the market's rulebook in, the instant a time limit ends out (pure).

Every time limit's length is computed here and nowhere else. The timers (``services/timers.py``)
store what these return in the deadlines table when a subject enters a state; from then on the
stored due time is the truth, so pages, reminders and analytics read it rather than asking again
(an edited rulebook changes the timers started after the edit, not those already running).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pasar.domain.calendar import add_business_days
from pasar.domain.deadlines import DeadlineKind
from pasar.rules.model import Rulebook


def payment_reminders_due(placed_at: datetime, rules: Rulebook) -> list[datetime]:
    """R-UP-2: one reminder at each of the rulebook's offsets from placing."""
    return [placed_at + offset for offset in rules.orders.payment_reminders]


def unpaid_timeout_due(placed_at: datetime, rules: Rulebook) -> datetime:
    """R-UP-3: still unpaid by then, the order is cancelled."""
    return placed_at + rules.orders.unpaid_timeout


def hold_end(paid_at: datetime, rules: Rulebook) -> datetime:
    """R-CN-1: the free-cancellation hold after payment."""
    return paid_at + rules.cancellation.hold


def cancel_request_response_due(requested_at: datetime, rules: Rulebook) -> datetime:
    """R-CN-2: a cancellation request the seller has not answered by then is approved."""
    return requested_at + timedelta(hours=rules.cancellation.request_response_hours)


@dataclass(frozen=True)
class FulfilmentDeadlines:
    dispatch: datetime  # R-FL-1: shipping after it is a late dispatch
    collection: datetime  # R-FL-2: not handed to the carrier by then → seller-fault cancellation
    promised_delivery: datetime  # R-FL-3


def fulfilment_deadlines(hold_ended: datetime, rules: Rulebook) -> FulfilmentDeadlines:
    """R-FL-1..3, in the market's business days from the end of the hold."""
    rule = rules.fulfilment
    dispatch = add_business_days(hold_ended, rule.dispatch_business_days, rules)
    return FulfilmentDeadlines(
        dispatch=dispatch,
        collection=add_business_days(hold_ended, rule.auto_cancel_business_days, rules),
        promised_delivery=add_business_days(dispatch, rule.delivery_promise_business_days, rules),
    )


def after_sales_window_end(delivered_at: datetime, rules: Rulebook, *, mall: bool) -> datetime:
    """§6, R-FL-4: the request window after delivery, longer for Mall shops where the market has one."""
    window = rules.after_sales
    return delivered_at + timedelta(days=window.mall_window_days if mall else window.window_days)


def proof_of_delivery_due(opened_at: datetime, rules: Rulebook) -> datetime:
    """R-AS-2: the seller's proof of delivery answers an undelivered parcel's case by then."""
    return opened_at + timedelta(hours=rules.after_sales.proof_of_delivery_hours)


def end_of_day(day: date, rules: Rulebook) -> datetime:
    """The instant the local date ``day`` ends: the next local midnight, in UTC (the score's day)."""
    zone = ZoneInfo(rules.market.timezone)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)


def _days(days: Callable[[Rulebook], int]) -> Callable[[datetime, Rulebook], datetime]:
    return lambda start, rules: start + timedelta(days=days(rules))


_ONE_DEADLINE: dict[DeadlineKind, Callable[[datetime, Rulebook], datetime]] = {
    DeadlineKind.UNPAID_TIMEOUT: unpaid_timeout_due,
    DeadlineKind.HOLD_END: hold_end,
    DeadlineKind.CANCEL_REQUEST_RESPONSE: cancel_request_response_due,
    DeadlineKind.COLLECTION_TIMEOUT: lambda hold_ended, rules: fulfilment_deadlines(hold_ended, rules).collection,
    # after-sales cases count natural days (R-AS-1, R-AS-3)
    DeadlineKind.CASE_SELLER_DECISION: _days(lambda r: r.after_sales.seller_decision_days),
    DeadlineKind.CASE_OFFER_RESPONSE: _days(lambda r: r.after_sales.offer_response_days),
    DeadlineKind.CASE_RETURN_SHIPMENT: _days(lambda r: r.after_sales.buyer_return_ship_days),
    DeadlineKind.CASE_RETURN_RECEIPT: _days(lambda r: r.after_sales.return_receipt_days),
    DeadlineKind.CASE_SELLER_REFUND: _days(lambda r: r.after_sales.seller_refund_after_receipt_days),
}

BY_SHOP_TIER = frozenset({DeadlineKind.AFTER_SALES_WINDOW_END})
"""Kinds whose length depends on whether the subject's shop is a Mall shop."""


def due_times(
    kind: DeadlineKind, start: datetime, rules: Rulebook, *, mall: bool = False
) -> list[tuple[int, datetime]]:
    """The (seq, due time) of each deadline a timer of ``kind`` started at ``start`` schedules.

    Reminders are numbered from 1; every other timer is one deadline, seq 0.
    """
    if kind is DeadlineKind.PAYMENT_REMINDER:
        return list(enumerate(payment_reminders_due(start, rules), start=1))
    if kind is DeadlineKind.AFTER_SALES_WINDOW_END:
        return [(0, after_sales_window_end(start, rules, mall=mall))]
    return [(0, _ONE_DEADLINE[kind](start, rules))]
