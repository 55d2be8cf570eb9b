"""Deadlines decide, whatever the worker's lag (docs/design.md principle 3).

The worker fires deadlines soon after they fall due, but soon is not at: a worker that is behind,
stopped or busy must not change what a person's request decides. A buyer cancelling one second
after the hold ended makes a request, not a free cancellation, whether or not the worker has
moved the order on yet.

So every time-limited use case first calls ``catch_up`` for the subjects it is about to act on.
The subjects' deadlines that are due by now are claimed the way the worker claims them (a row a
worker holds is waited for, and once fired it is no longer pending), applied through the worker's
own handlers (``services.deadlines.HANDLERS``) in due order, in the request's transaction, and only
then is the action judged, against the state the deadlines left. What the deadlines decided is
kept even when the action is then refused (``UnitOfWork.keep_so_far``): the refusal and the stored
state agree. Call it before reading any order or case row under lock: deadline rows come first,
then orders (the worker's lock order, see ``DeadlineRepository.withdraw``).

Reminders are not caught up (``INFORM_ONLY``): they decide nothing, and a payment withdraws them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from pasar.domain.deadlines import INFORM_ONLY, DeadlineKind, DueDeadline
from pasar.services.unit_of_work import UnitOfWork

DECIDING = frozenset(DeadlineKind) - INFORM_ONLY


def catch_up(
    uow: UnitOfWork, subjects: Mapping[str, Collection[int]], *, until: datetime | None = None
) -> list[DueDeadline]:
    """Apply the subjects' deadlines due by ``until`` (default: now); returns those that fired.

    ``subjects`` maps a subject type (``"order"``, ``"case"``, ...) to ids. ``until`` is for facts
    that happened before they were reported (a carrier's scan): only what fell due before them applies.
    """
    # The handlers call the use cases that call this, so the worker's module is imported late
    from pasar.services.deadlines import apply_in_due_order

    until = uow.now if until is None else min(until, uow.now)
    fired: list[DueDeadline] = []
    wait = True
    # A deadline applied here may schedule one that is already due (a hold that ended three business
    # days ago schedules the collection deadline that has passed too): go round until none is left.
    while due := uow.deadlines.claim_due_for(subjects, until, DECIDING, wait=wait):
        applied = apply_in_due_order(uow, due)
        fired.extend(d for d in due if d.id in applied)
        wait = False  # later rounds find only rows this transaction created: never wait while holding orders
    if fired:
        uow.keep_so_far()
    return fired


def catch_up_orders(
    uow: UnitOfWork,
    order_ids: Collection[int],
    *,
    until: datetime | None = None,
    also: Mapping[str, Collection[int]] | None = None,
) -> list[DueDeadline]:
    """``catch_up`` for orders: their own deadlines and those of their waiting cancellation requests."""
    requests = uow.fulfilment.pending_request_ids(order_ids)
    return catch_up(uow, {"order": order_ids, "cancellation_request": requests, **(also or {})}, until=until)
