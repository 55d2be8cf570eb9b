"""Deadlines: every time limit an aggregate is under, as data (docs/design.md principle 3).

A deadline names its subject, what happens when it falls due, and when. Which states a deadline
runs in, and what the system does when it passes, is the subject's timer table, beside its
transition table (``domain/orders.py``, ``domain/cases.py``, ``domain/fulfilment.py``): a deadline
whose subject has left those states when it falls due is skipped, so a paid order's reminders
simply never happen. How long each one is: ``domain/due_times.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar


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
    SKIPPED = "skipped"  # fell due, but its subject had left the states its timer runs in
    VOID = "void"  # withdrawn before falling due (e.g. the order was paid)


@dataclass(frozen=True)
class NewDeadline:
    subject_type: str
    subject_id: int
    kind: DeadlineKind
    due_at: datetime
    seq: int = 0


@dataclass(frozen=True)
class DueDeadline:
    id: int
    subject_type: str
    subject_id: int
    kind: DeadlineKind
    seq: int
    due_at: datetime


Event = TypeVar("Event", bound=StrEnum)


@dataclass(frozen=True)
class Timer(Generic[Event]):
    """A delayed transition: while its subject is in a state that lists it, ``kind`` falls due
    ``rule`` after the timer started, and then the system fires ``fires`` (None: it only tells
    someone). A timer listed by two neighbouring states runs on from one to the other."""

    kind: DeadlineKind
    rule: str  # the rulebook key of its length ("a or b" where the subject decides which)
    fires: Event | None
    only_if: Callable[[Any], bool] | None = None  # the subjects it applies to (None: all of them)


TimerTable = Mapping[Any, tuple[Timer[Any], ...]]


def timers_in(table: TimerTable, state: StrEnum | None) -> tuple[Timer[Any], ...]:
    return () if state is None else table.get(state, ())


def states_running(table: TimerTable, kind: DeadlineKind) -> frozenset[Any]:
    """The states in which a deadline of ``kind`` still applies: the guard it fires under."""
    return frozenset(state for state, timers in table.items() if any(t.kind is kind for t in timers))


def system_events(table: Mapping[Any, tuple[Timer[Event], ...]]) -> dict[DeadlineKind, Event]:
    """What the system does when each kind of the table falls due (inform-only timers left out)."""
    return {t.kind: t.fires for timers in table.values() for t in timers if t.fires is not None}
