"""The deadline worker: claims due deadlines and applies them (docs/design.md principle 3).

Each batch is one transaction: claim, apply through the same service code a person would
trigger, mark fired/skipped, commit. A worker that dies mid-batch rolls back, so the batch is
claimed again later and every deadline fires at most once (and, eventually, exactly once).
A handler moves only the subjects still in a state its kind's timer runs in (the timer tables:
``domain.orders.ORDER_TIMERS``, ``domain.cases.CASE_TIMERS``, ``domain.fulfilment.REQUEST_TIMERS``);
the others' deadlines are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from pasar.domain.deadlines import DeadlineKind, DueDeadline, states_running
from pasar.domain.orders import ORDER_TIMERS, Actor, CancelReason
from pasar.services.after_sales import fire_case_deadlines
from pasar.services.cancellations import approve_unanswered, cancel_paid
from pasar.services.completion import complete_orders
from pasar.services.fulfilment import end_holds
from pasar.services.orders import cancel_orders
from pasar.services.reminders import send_payment_reminders
from pasar.services.scores import close_score_day
from pasar.services.unit_of_work import UnitOfWork

Handler = Callable[[UnitOfWork, Sequence[DueDeadline]], set[int]]


def _cancel_unpaid(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
    """R-UP-3: still unpaid at the timeout → cancelled by the system, stock released."""
    cancelled = set(
        cancel_orders(
            uow,
            [d.subject_id for d in due],
            actor=Actor.SYSTEM,
            reason=CancelReason.UNPAID_TIMEOUT,
            guard=states_running(ORDER_TIMERS, DeadlineKind.UNPAID_TIMEOUT),
        )
    )
    return {d.id for d in due if d.subject_id in cancelled}


def _by_subject(apply: Callable[[UnitOfWork, list[int]], Collection[int]]) -> Handler:
    """A handler that applies ``apply`` to the subjects and reports the deadlines whose subject moved."""

    def handler(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
        moved = set(apply(uow, [d.subject_id for d in due]))
        return {d.id for d in due if d.subject_id in moved}

    return handler


def _end_holds(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
    """R-CN-1: the hold ends when its deadline said, which is when the fulfilment deadlines count from."""
    ended = set(end_holds(uow, {d.subject_id: d.due_at for d in due}))
    return {d.id for d in due if d.subject_id in ended}


def _cancel_not_shipped(uow: UnitOfWork, order_ids: list[int]) -> list[int]:
    """R-FL-2: not handed to the carrier in time → seller-fault cancellation, refunded in full."""
    return cancel_paid(
        uow,
        order_ids,
        actor=Actor.SYSTEM,
        reason=CancelReason.NOT_SHIPPED_IN_TIME,
        seller_fault=True,
        guard=states_running(ORDER_TIMERS, DeadlineKind.COLLECTION_TIMEOUT),
    )


def _case_handler(kind: DeadlineKind) -> Handler:
    return _by_subject(lambda uow, ids: fire_case_deadlines(uow, kind, ids))


HANDLERS: dict[DeadlineKind, Handler] = {
    DeadlineKind.PAYMENT_REMINDER: send_payment_reminders,
    DeadlineKind.UNPAID_TIMEOUT: _cancel_unpaid,
    DeadlineKind.HOLD_END: _end_holds,
    DeadlineKind.CANCEL_REQUEST_RESPONSE: _by_subject(approve_unanswered),
    DeadlineKind.COLLECTION_TIMEOUT: _by_subject(_cancel_not_shipped),
    DeadlineKind.AFTER_SALES_WINDOW_END: _by_subject(complete_orders),
    DeadlineKind.SCORE_DAY: close_score_day,
    **{
        kind: _case_handler(kind)
        for kind in (
            DeadlineKind.CASE_SELLER_DECISION,
            DeadlineKind.CASE_OFFER_RESPONSE,
            DeadlineKind.CASE_RETURN_SHIPMENT,
            DeadlineKind.CASE_RETURN_RECEIPT,
            DeadlineKind.CASE_SELLER_REFUND,
        )
    },
}


@dataclass
class SweepReport:
    fired: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    skipped: int = 0
    batches: int = 0

    @property
    def total_fired(self) -> int:
        return sum(self.fired.values())


def _apply(
    uow: UnitOfWork, due: Sequence[DueDeadline], runs: Iterable[tuple[DeadlineKind, list[DueDeadline]]]
) -> dict[DeadlineKind, set[int]]:
    """Apply each run of deadlines through its kind's handler, then mark each fired or skipped."""
    fired: dict[DeadlineKind, set[int]] = defaultdict(set)
    for kind, items in runs:
        fired[kind] |= HANDLERS[kind](uow, items)
    applied = set().union(*fired.values())
    uow.deadlines.settle(applied, {d.id for d in due} - applied, uow.now)
    return fired


def apply_in_due_order(uow: UnitOfWork, due: Sequence[DueDeadline]) -> set[int]:
    """Apply claimed deadlines strictly in the order given (due order); returns those that fired.

    Consecutive deadlines of one kind go to their handler together. A request's catch-up uses this:
    one subject's deadlines may decide each other (a cancellation request approved before the
    collection deadline is a buyer's cancellation; after it, a seller-fault one), so order matters.
    """
    runs = ((kind, list(run)) for kind, run in groupby(due, key=attrgetter("kind")))
    return set().union(*_apply(uow, due, runs).values())


def fire_due_batch(
    uow_factory: Callable[[], UnitOfWork],
    batch_size: int,
    on_claimed: Callable[[list[DueDeadline]], None] | None = None,
) -> tuple[dict[str, int], int, int]:
    """Claim and apply one batch. Returns (fired per kind, skipped, claimed).

    A batch spans many subjects, so it is applied kind by kind (one set-based call per kind, in the
    order the kinds first fell due) rather than run by run.
    """
    with uow_factory() as uow:
        due = uow.deadlines.claim_due(uow.now, batch_size)
        if on_claimed is not None:
            on_claimed(due)
        by_kind: dict[DeadlineKind, list[DueDeadline]] = defaultdict(list)
        for deadline in due:
            by_kind[deadline.kind].append(deadline)
        fired = _apply(uow, due, by_kind.items())
        fired_ids = set().union(*fired.values())
        return {kind.value: len(ids) for kind, ids in fired.items()}, len(due) - len(fired_ids), len(due)


def sweep(
    uow_factory: Callable[[], UnitOfWork], *, batch_size: int = 2000, progress: Callable[[int], None] | None = None
) -> SweepReport:
    """Fire every deadline due now, batch after batch, until none is left."""
    report = SweepReport()
    while True:
        fired, skipped, claimed = fire_due_batch(uow_factory, batch_size)
        if claimed == 0:
            return report
        report.batches += 1
        report.skipped += skipped
        for kind, count in fired.items():
            report.fired[kind] += count
        if progress is not None:
            progress(claimed)
