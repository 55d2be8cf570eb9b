"""Notifications to buyers and the payment reminders already sent."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, bindparam, select, tuple_, update

from pasar.store.bulk import append_rows
from pasar.store.tables import buyers, notifications, order_reminders

_to_send = select(
    notifications.c.id,
    notifications.c.channel,
    notifications.c.title,
    notifications.c.body,
    notifications.c.status,
    notifications.c.attempts,
    notifications.c.interrupted_sends,
    buyers.c.email,
    buyers.c.phone,
).join(buyers, buyers.c.id == notifications.c.buyer_id)
_claim = (
    update(notifications)
    .where(notifications.c.id == bindparam("notification_id"))
    .values(
        status="sending",
        lease_until=bindparam("lease_until"),
        attempts=notifications.c.attempts + 1,
        interrupted_sends=notifications.c.interrupted_sends + bindparam("interrupted"),
    )
)


class NotificationRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, rows: Sequence[dict[str, Any]]) -> None:
        append_rows(self.conn, notifications, rows)

    def next_to_send(self, now: datetime) -> Row[Any] | None:
        """The next e-mail or SMS to send, with its buyer's addresses, locked for this transaction.

        First one left ``sending`` by a worker whose lease has run out, then the longest-due pending
        one: two queries, each served in order by its index, rather than one whose OR no index can
        order. PostgreSQL: ``FOR UPDATE SKIP LOCKED`` lets workers claim side by side; SQLite: the
        transaction already holds the single write lock (BEGIN IMMEDIATE).
        """
        abandoned = _to_send.where(notifications.c.status == "sending", notifications.c.lease_until <= now).order_by(
            notifications.c.lease_until, notifications.c.id
        )
        due = _to_send.where(notifications.c.status == "pending", notifications.c.next_attempt_at <= now).order_by(
            notifications.c.next_attempt_at, notifications.c.id
        )
        for query in (abandoned, due):
            row = self.conn.execute(self._locked(query.limit(1))).first()
            if row is not None:
                return row
        return None

    def _locked(self, query: Select[Any]) -> Select[Any]:
        if self.conn.dialect.name == "postgresql":
            return query.with_for_update(of=notifications, skip_locked=True)
        return query

    def claim(self, notification_id: int, lease_until: datetime, *, interrupted: bool) -> None:
        """Mark a notification as being sent until ``lease_until``: one more send started."""
        params = {"notification_id": notification_id, "lease_until": lease_until, "interrupted": int(interrupted)}
        self.conn.execute(_claim, params)

    def settle(self, notification_id: int, attempt: int, values: dict[str, Any]) -> bool:
        """Record the outcome of a send, if the claim it was made under is still the latest.

        A worker whose lease ran out before it got here finds the row claimed again (``attempts``
        moved on) or settled by another, and records nothing: the other claim counted its send.
        """
        result = self.conn.execute(
            update(notifications)
            .where(
                notifications.c.id == notification_id,
                notifications.c.status == "sending",
                notifications.c.attempts == attempt,
            )
            .values(lease_until=None, **values)
        )
        return result.rowcount == 1

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
