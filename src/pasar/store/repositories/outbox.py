"""The transactional outbox (docs/design.md principle 4)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, select, update

from pasar.store.bulk import append_rows
from pasar.store.tables import outbox


@dataclass(frozen=True)
class OutboxEvent:
    id: int
    topic: str
    subject_id: int | None
    payload: dict[str, Any]
    created_at: datetime


class OutboxRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, events: Sequence[tuple[str, int | None, dict[str, Any]]], at: datetime) -> None:
        if events:
            rows = [
                {"topic": topic, "subject_id": subject, "payload": orjson.dumps(payload).decode(), "created_at": at}
                for topic, subject, payload in events
            ]
            append_rows(self.conn, outbox, rows)

    def claim_pending(self, limit: int) -> list[OutboxEvent]:
        query = select(outbox).where(outbox.c.dispatched_at.is_(None)).order_by(outbox.c.id).limit(limit)
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return [
            OutboxEvent(row.id, row.topic, row.subject_id, orjson.loads(row.payload), row.created_at)
            for row in self.conn.execute(query)
        ]

    def mark_dispatched(self, ids: Collection[int], at: datetime) -> None:
        if ids:
            self.conn.execute(update(outbox).where(outbox.c.id.in_(sorted(ids))).values(dispatched_at=at))

    def topics_for(self, subject_id: int) -> list[str]:
        query = select(outbox.c.topic).where(outbox.c.subject_id == subject_id).order_by(outbox.c.id)
        return list(self.conn.execute(query).scalars())
