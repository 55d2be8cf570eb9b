"""Timers: entering a state starts its deadlines, leaving it withdraws them (docs/design.md principle 3).

This is the one place that writes and withdraws state deadlines, driven by the timer tables beside
the transition tables (``ORDER_TIMERS``, ``CASE_TIMERS``, ``REQUEST_TIMERS``); the transitions call
``moved`` and say nothing of deadlines themselves. A timer that both the old and the new state
list runs on (the collection deadline from AWAITING_SHIPMENT to AWAITING_COLLECTION), so a
transition back into the same state (a failed payment) restarts nothing. How long each timer is,
is ``domain/due_times.py``; once stored, the due time is read back, never computed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pasar.domain.cases import CASE_TIMERS, CaseStatus
from pasar.domain.deadlines import DeadlineKind, NewDeadline, Timer, TimerTable, timers_in
from pasar.domain.due_times import BY_SHOP_TIER, due_times
from pasar.domain.fulfilment import REQUEST_TIMERS
from pasar.domain.orders import ORDER_TIMERS
from pasar.services.unit_of_work import UnitOfWork

TABLES: dict[str, TimerTable] = {
    "order": ORDER_TIMERS,
    "case": CASE_TIMERS,
    "cancellation_request": REQUEST_TIMERS,
}


@dataclass(frozen=True)
class Move:
    """One subject's transition, as the timers need it."""

    subject_id: int
    before: StrEnum | None  # None: the subject has just been created
    after: StrEnum
    start: datetime  # when the new state began (a carrier's scan may be earlier than now)
    market: str | None = None  # whose rulebook times the new state's timers (not needed to leave one)
    subject: Any = None  # the subject's row: for timers that apply to some subjects only, and its shop


def moved(uow: UnitOfWork, subject_type: str, moves: Sequence[Move]) -> list[NewDeadline]:
    """Withdraw the timers the subjects left, start those they entered; returns the deadlines scheduled."""
    table = TABLES[subject_type]
    leaving: dict[frozenset[DeadlineKind], list[int]] = defaultdict(list)
    entering: list[tuple[Move, Timer[Any]]] = []
    for move in moves:
        before, after = timers_in(table, move.before), timers_in(table, move.after)
        running_on = {timer.kind for timer in before} & {timer.kind for timer in after}
        left = frozenset(timer.kind for timer in before) - running_on
        if left:
            leaving[left].append(move.subject_id)
        entering += [
            (move, timer)
            for timer in after
            if timer.kind not in running_on and (timer.only_if is None or timer.only_if(move.subject))
        ]
    for kinds, subject_ids in leaving.items():
        uow.deadlines.withdraw(subject_type, subject_ids, sorted(kinds))
    malls = _mall_shops(uow, [move for move, timer in entering if timer.kind in BY_SHOP_TIER])
    scheduled = [
        NewDeadline(subject_type, move.subject_id, timer.kind, due, seq)
        for move, timer in entering
        for seq, due in due_times(
            timer.kind,
            move.start,
            uow.rules(_market(move)),
            mall=timer.kind in BY_SHOP_TIER and move.subject.shop_id in malls,
        )
    ]
    uow.deadlines.add(scheduled)
    return scheduled


def _market(move: Move) -> str:
    if move.market is None:
        raise ValueError(f"subject {move.subject_id} enters {move.after}, whose timers need its market")
    return move.market


def _mall_shops(uow: UnitOfWork, moves: Collection[Move]) -> set[int]:
    return uow.catalogue.mall_shops({move.subject.shop_id for move in moves}) if moves else set()


def cases_due(uow: UnitOfWork, cases: Iterable[Any]) -> dict[int, datetime]:
    """When the pending deadline of each case's status falls due, as stored, in one query.

    A case whose status runs no timer (or whose timer has fired) is left out.
    """
    statuses = {case.id: CaseStatus(case.status) for case in cases}
    running = {status: {timer.kind for timer in timers_in(CASE_TIMERS, status)} for status in set(statuses.values())}
    due: dict[int, datetime] = {}
    for subject_id, kind, due_at in uow.deadlines.pending("case", statuses):  # earliest first
        if kind in running[statuses[subject_id]]:
            due.setdefault(subject_id, due_at)
    return due
