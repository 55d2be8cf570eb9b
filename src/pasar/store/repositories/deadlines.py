"""The deadline table: record, withdraw, and claim due deadlines (DESIGN.md principle 3)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, insert, select, update

from pasar.domain.deadlines import DeadlineKind, DeadlineStatus, DueDeadline, NewDeadline
from pasar.store.tables import deadlines

_insert = insert(deadlines)
_settle = (
    update(deadlines)
    .where(deadlines.c.id == bindparam("deadline_id"))
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
                    "guard_state": d.guard_state,
                    "status": DeadlineStatus.PENDING.value,
                }
                for d in items
            ]
            self.conn.execute(_insert, rows)

    def withdraw(self, subject_type: str, subject_ids: Collection[int], kinds: Collection[DeadlineKind]) -> None:
        """Void pending deadlines that can no longer apply (e.g. reminders of a paid order).

        Voiding only tidies up: a deadline that fires anyway is skipped by its guard. So rows that
        another worker has claimed are passed over (SKIP LOCKED) rather than waited for, which keeps
        the lock order one-way (deadline rows, then orders) and rules out deadlocks between workers.
        """
        if not subject_ids:
            return
        targets = select(deadlines.c.id).where(
            deadlines.c.subject_type == subject_type,
            deadlines.c.subject_id.in_(sorted(subject_ids)),
            deadlines.c.kind.in_([k.value for k in kinds]),
            deadlines.c.status == DeadlineStatus.PENDING.value,
        )
        if self.conn.dialect.name == "postgresql":
            targets = targets.with_for_update(skip_locked=True)
        ids = list(self.conn.execute(targets).scalars())
        if ids:
            self.conn.execute(
                update(deadlines).where(deadlines.c.id.in_(ids)).values(status=DeadlineStatus.VOID.value)
            )

    def claim_due(self, now: datetime, limit: int) -> list[DueDeadline]:
        """Due pending deadlines, oldest first, locked for this transaction.

        PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets several workers take disjoint batches.
        SQLite: the transaction already holds the single write lock (BEGIN IMMEDIATE).
        """
        query = (
            select(deadlines.c.id, deadlines.c.subject_id, deadlines.c.kind, deadlines.c.seq, deadlines.c.guard_state)
            .where(deadlines.c.status == DeadlineStatus.PENDING.value, deadlines.c.due_at <= now)
            .order_by(deadlines.c.due_at, deadlines.c.id)
            .limit(limit)
        )
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [
            DueDeadline(id=row.id, subject_id=row.subject_id, kind=DeadlineKind(row.kind), seq=row.seq,
                        guard_state=row.guard_state)
            for row in self.conn.execute(query)
        ]

    def settle(self, fired: Collection[int], skipped: Collection[int], at: datetime) -> None:
        params = [{"deadline_id": i, "new_status": DeadlineStatus.FIRED.value, "at": at} for i in fired]
        params += [{"deadline_id": i, "new_status": DeadlineStatus.SKIPPED.value, "at": at} for i in skipped]
        if params:
            self.conn.execute(_settle, params)

    def for_subject(self, subject_type: str, subject_id: int) -> list[dict[str, object]]:
        query = (
            select(deadlines.c.kind, deadlines.c.seq, deadlines.c.due_at, deadlines.c.status, deadlines.c.fired_at)
            .where(deadlines.c.subject_type == subject_type, deadlines.c.subject_id == subject_id)
            .order_by(deadlines.c.due_at, deadlines.c.id)
        )
        return [dict(row._mapping) for row in self.conn.execute(query)]
