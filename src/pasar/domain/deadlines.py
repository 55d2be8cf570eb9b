"""Deadlines: every time limit an aggregate is under, as data (docs/design.md principle 3).

A deadline names its subject, what happens when it falls due, and the state it guards: it fires
only if the subject is still in that state, so a paid order's reminders simply never happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pasar.domain.orders import OrderStatus
from pasar.rules.model import Rulebook


class DeadlineKind(StrEnum):
    PAYMENT_REMINDER = "payment_reminder"  # R-UP-2
    UNPAID_TIMEOUT = "unpaid_timeout"  # R-UP-3
    HOLD_END = "hold_end"  # R-CN-1
    CANCEL_REQUEST_RESPONSE = "cancel_request_response"  # R-CN-2: auto-approve
    COLLECTION_TIMEOUT = "collection_timeout"  # R-FL-2: seller-fault auto-cancel
    AFTER_SALES_WINDOW_END = "after_sales_window_end"  # R-FL-4: DELIVERED → COMPLETED
    CASE_SELLER_DECISION = "case_seller_decision"  # R-AS-1, R-AS-3: auto-approve
    CASE_OFFER_RESPONSE = "case_offer_response"  # an unanswered partial offer counts as declined
    CASE_RETURN_SHIPMENT = "case_return_shipment"  # R-AS-3: buyer did not ship the return → closed
    CASE_RETURN_RECEIPT = "case_return_receipt"  # R-AS-3: a shipped return not received in time counts as received
    CASE_SELLER_REFUND = "case_seller_refund"  # R-AS-3: platform refunds, seller debited
    SCORE_DAY = "score_day"  # R-SC-1..10: a market's local day closed at its midnight → daily scores


INFORM_ONLY = frozenset({DeadlineKind.PAYMENT_REMINDER})
"""Kinds that only tell someone something and decide nothing. A request does not catch them up
(``services.catch_up``): a reminder to pay, sent in the same breath as the payment, says nothing."""


class DeadlineStatus(StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    SKIPPED = "skipped"  # fell due, but its subject had left the guarded state
    VOID = "void"  # withdrawn before falling due (e.g. the order was paid)


@dataclass(frozen=True)
class NewDeadline:
    subject_type: str
    subject_id: int
    kind: DeadlineKind
    due_at: datetime
    guard_state: str
    seq: int = 0


@dataclass(frozen=True)
class DueDeadline:
    id: int
    subject_id: int
    kind: DeadlineKind
    seq: int
    guard_state: str
    due_at: datetime | None = None


def unpaid_order_deadlines(order_id: int, placed_at: datetime, rules: Rulebook) -> list[NewDeadline]:
    """R-UP-2, R-UP-3: reminders at each rulebook offset, then the auto-cancel."""
    unpaid = OrderStatus.UNPAID.value
    deadlines = [
        NewDeadline("order", order_id, DeadlineKind.PAYMENT_REMINDER, placed_at + offset, unpaid, seq)
        for seq, offset in enumerate(rules.orders.payment_reminders, start=1)
    ]
    deadlines.append(
        NewDeadline("order", order_id, DeadlineKind.UNPAID_TIMEOUT, placed_at + rules.orders.unpaid_timeout, unpaid)
    )
    return deadlines


def hold_deadline(order_id: int, paid_at: datetime, rules: Rulebook) -> NewDeadline:
    """R-CN-1: the hold after payment ends after the rulebook's hold."""
    return NewDeadline(
        "order", order_id, DeadlineKind.HOLD_END, paid_at + rules.cancellation.hold, OrderStatus.ON_HOLD.value
    )
