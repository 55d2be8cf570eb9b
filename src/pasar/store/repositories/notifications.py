"""Notifications to buyers and the payment reminders already sent."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, tuple_, update

from pasar.store.bulk import append_rows
from pasar.store.tables import notifications, order_reminders

_insert = insert(notifications)
_update = update(notifications).where(notifications.c.id == bindparam("notification_id"))


class NotificationRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        append_rows(self.conn, notifications, rows)

    def due_for_delivery(self, now: datetime, limit: int) -> list[Row[Any]]:
        query = (
            select(notifications)
            .where(notifications.c.status == "pending", notifications.c.next_attempt_at <= now)
            .order_by(notifications.c.id)
            .limit(limit)
        )
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(self.conn.execute(query))

    def update_many(self, changes: Sequence[dict[str, Any]]) -> None:
        """Each change: notification_id plus the columns to set (same columns in every change)."""
        if changes:
            columns: dict[str, Any] = {key: bindparam(key) for key in changes[0] if key != "notification_id"}
            self.conn.execute(_update.values(columns), list(changes))

    def for_buyer(self, buyer_id: int, *, channel: str, after_id: int, limit: int) -> list[Row[Any]]:
        query = (
            select(notifications)
            .where(
                notifications.c.buyer_id == buyer_id, notifications.c.channel == channel, notifications.c.id > after_id
            )
            .order_by(notifications.c.id)
            .limit(limit)
        )
        return list(self.conn.execute(query))

    def mark_read(self, buyer_id: int, notification_id: int, at: datetime) -> bool:
        result = self.conn.execute(
            update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.buyer_id == buyer_id,
                notifications.c.channel == "in_app",
            )
            .values(read_at=at)
        )
        return result.rowcount == 1

    def record_reminders(self, sent: Collection[tuple[int, int]], at: datetime) -> None:
        if sent:
            rows = [{"order_id": order_id, "seq": seq, "sent_at": at} for order_id, seq in sent]
            append_rows(self.conn, order_reminders, rows)

    def reminders_already_sent(self, keys: Collection[tuple[int, int]]) -> set[tuple[int, int]]:
        if not keys:
            return set()
        query = select(order_reminders.c.order_id, order_reminders.c.seq).where(
            tuple_(order_reminders.c.order_id, order_reminders.c.seq).in_(sorted(keys))
        )
        return {(row.order_id, row.seq) for row in self.conn.execute(query)}
