"""The deadline table: record, withdraw, and claim due deadlines (docs/design.md principle 3)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, or_, select, update

from pasar.domain.deadlines import DeadlineKind, DeadlineStatus, DueDeadline, NewDeadline
from pasar.store.bulk import append_rows
from pasar.store.tables import deadlines

_pending_of_subjects = select(deadlines.c.id).where(
    deadlines.c.subject_type == bindparam("of_type"),
    deadlines.c.subject_id.in_(bindparam("ids", expanding=True)),
    deadlines.c.kind.in_(bindparam("kinds", expanding=True)),
    deadlines.c.status == DeadlineStatus.PENDING.value,
)
_void_by_id = (
    update(deadlines)
    .where(deadlines.c.id.in_(bindparam("ids", expanding=True)))
    .values(status=DeadlineStatus.VOID.value)
)
_void_of_subjects = (
    update(deadlines)
    .where(
        deadlines.c.subject_type == bindparam("of_type"),
        deadlines.c.subject_id.in_(bindparam("ids", expanding=True)),
        deadlines.c.kind.in_(bindparam("kinds", expanding=True)),
        deadlines.c.status == DeadlineStatus.PENDING.value,
    )
    .values(status=DeadlineStatus.VOID.value)
)
_due_columns = (
    deadlines.c.id,
    deadlines.c.subject_type,
    deadlines.c.subject_id,
    deadlines.c.kind,
    deadlines.c.seq,
    deadlines.c.due_at,
)
_settle = (
    update(deadlines)
    .where(deadlines.c.id.in_(bindparam("ids", expanding=True)))
    .values(status=bindparam("new_status"), fired_at=bindparam("at"))
)


class DeadlineRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, items: Sequence[NewDeadline]) -> None:
        if items:
            rows = [
                {
                    "subject_type": d.subject_type,
                    "subject_id": d.subject_id,
                    "kind": d.kind.value,
                    "seq": d.seq,
                    "due_at": d.due_at,
                    "status": DeadlineStatus.PENDING.value,
                }
                for d in items
            ]
            append_rows(self.conn, deadlines, rows)

    def withdraw(self, subject_type: str, subject_ids: Collection[int], kinds: Collection[DeadlineKind]) -> None:
        """Void pending deadlines that can no longer apply (e.g. reminders of a paid order).

        Voiding only tidies up: a deadline that fires anyway is skipped by its guard. So rows that
        another worker has claimed are passed over (SKIP LOCKED) rather than waited for, which keeps
        the lock order one-way (deadline rows, then orders) and rules out deadlocks between workers.
        """
        if not subject_ids:
            return
        params = {"of_type": subject_type, "ids": sorted(subject_ids), "kinds": [k.value for k in kinds]}
        if self.conn.dialect.name != "postgresql":  # one writer: nothing can be locked by another worker
            self.conn.execute(_void_of_subjects, params)
            return
        ids = list(self.conn.execute(_pending_of_subjects.with_for_update(skip_locked=True), params).scalars())
        if ids:
            self.conn.execute(_void_by_id, {"ids": ids})

    def claim_due(self, now: datetime, limit: int) -> list[DueDeadline]:
        """Due pending deadlines, oldest first, locked for this transaction.

        PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets several workers take disjoint batches.
        SQLite: the transaction already holds the single write lock (BEGIN IMMEDIATE).
        """
        query = (
            select(*_due_columns)
            .where(deadlines.c.status == DeadlineStatus.PENDING.value, deadlines.c.due_at <= now)
            .order_by(deadlines.c.due_at, deadlines.c.id)
            .limit(limit)
        )
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [_due(row) for row in self.conn.execute(query)]

    def claim_due_for(
        self,
        subjects: Mapping[str, Collection[int]],
        until: datetime,
        kinds: Collection[DeadlineKind],
        *,
        wait: bool = True,
    ) -> list[DueDeadline]:
        """The subjects' pending deadlines due by ``until``, in due order, locked for this transaction.

        This is how a request catches up (``services.catch_up``). Unlike the worker it waits for rows
        another transaction holds (``wait``): a worker that has claimed one fires it and commits, the
        row is then no longer pending and drops out, so a deadline fires once, by whoever came first.
        Rows are locked in due order before any order or case row: the worker's lock order.
        """
        wanted = [
            and_(deadlines.c.subject_type == subject_type, deadlines.c.subject_id.in_(sorted(ids)))
            for subject_type, ids in subjects.items()
            if ids
        ]
        if not wanted:
            return []
        query = (
            select(*_due_columns)
            .where(
                deadlines.c.status == DeadlineStatus.PENDING.value,
                deadlines.c.due_at <= until,
                deadlines.c.kind.in_(sorted(kind.value for kind in kinds)),
                or_(*wanted),
            )
            .order_by(deadlines.c.due_at, deadlines.c.id)
        )
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=not wait)
        return [_due(row) for row in self.conn.execute(query)]

    def settle(self, fired: Collection[int], skipped: Collection[int], at: datetime) -> None:
        for ids, status in ((fired, DeadlineStatus.FIRED), (skipped, DeadlineStatus.SKIPPED)):
            if ids:
                self.conn.execute(_settle, {"ids": sorted(ids), "new_status": status.value, "at": at})

    def due_at(self, subject_type: str, subject_ids: Collection[int], kind: DeadlineKind) -> dict[int, datetime]:
        """When each subject's latest deadline of ``kind`` is or was due, whatever became of it since.

        The stored due time is the truth: a rulebook edited after the timer started changes nothing.
        A subject that never had such a deadline (an imported order, say) is left out.
        """
        if not subject_ids:
            return {}
        query = (
            select(deadlines.c.subject_id, deadlines.c.due_at)
            .where(
                deadlines.c.subject_type == subject_type,
                deadlines.c.subject_id.in_(sorted(subject_ids)),
                deadlines.c.kind == kind.value,
            )
            .order_by(deadlines.c.id)
        )
        return {row.subject_id: row.due_at for row in self.conn.execute(query)}

    def pending(self, subject_type: str, subject_ids: Collection[int]) -> list[tuple[int, DeadlineKind, datetime]]:
        """The pending deadlines of many subjects, earliest first: (subject id, kind, due time)."""
        if not subject_ids:
            return []
        query = (
            select(deadlines.c.subject_id, deadlines.c.kind, deadlines.c.due_at)
            .where(
                deadlines.c.subject_type == subject_type,
                deadlines.c.subject_id.in_(sorted(subject_ids)),
                deadlines.c.status == DeadlineStatus.PENDING.value,
            )
            .order_by(deadlines.c.due_at, deadlines.c.id)
        )
        return [(row.subject_id, DeadlineKind(row.kind), row.due_at) for row in self.conn.execute(query)]

    def for_subject(self, subject_type: str, subject_id: int) -> list[dict[str, object]]:
        query = (
            select(deadlines.c.kind, deadlines.c.seq, deadlines.c.due_at, deadlines.c.status, deadlines.c.fired_at)
            .where(deadlines.c.subject_type == subject_type, deadlines.c.subject_id == subject_id)
            .order_by(deadlines.c.due_at, deadlines.c.id)
        )
        return [dict(row._mapping) for row in self.conn.execute(query)]

    def pending_subject_ids(self, subject_type: str) -> set[int]:
        """The subjects of ``subject_type`` with a pending deadline."""
        query = select(deadlines.c.subject_id).where(
            deadlines.c.subject_type == subject_type, deadlines.c.status == DeadlineStatus.PENDING.value
        )
        return set(self.conn.execute(query).scalars())


def _due(row: Any) -> DueDeadline:
    return DueDeadline(
        id=row.id,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        kind=DeadlineKind(row.kind),
        seq=row.seq,
        due_at=row.due_at,
    )
