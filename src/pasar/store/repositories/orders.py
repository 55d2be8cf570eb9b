"""Orders, their lines and their append-only history (R-OR-3)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from pasar.store.tables import order_history, order_lines, orders

_insert_line = insert(order_lines)
_insert_history = insert(order_history)

class OrderRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(orders).values(values).returning(orders.c.id)).scalar_one())

    def add_lines(self, rows: Sequence[dict[str, Any]]) -> None:
        if rows:
            self.conn.execute(_insert_line, list(rows))

    def get(self, order_id: int) -> Row[Any] | None:
        return self.conn.execute(select(orders).where(orders.c.id == order_id)).first()

    def lock(self, order_ids: Collection[int]) -> list[Row[Any]]:
        """Read orders for update, in id order (a fixed lock order prevents deadlocks)."""
        query = select(orders).where(orders.c.id.in_(sorted(order_ids))).order_by(orders.c.id)
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return list(self.conn.execute(query))

    def lines(self, order_ids: Collection[int]) -> list[Row[Any]]:
        query = select(order_lines).where(order_lines.c.order_id.in_(list(order_ids)))
        return list(self.conn.execute(query.order_by(order_lines.c.order_id, order_lines.c.id)))

    def transition(self, order_ids: Collection[int], *, guard: Collection[str], values: dict[str, Any]) -> list[int]:
        """Move the orders still in a guarded status; returns the ids that moved."""
        if not order_ids:
            return []
        statement = (
            update(orders)
            .where(orders.c.id.in_(sorted(order_ids)), orders.c.status.in_(list(guard)))
            .values(values)
            .returning(orders.c.id)
        )
        return sorted(int(order_id) for order_id in self.conn.execute(statement).scalars())

    def record(self, entries: Sequence[dict[str, Any]]) -> None:
        """Append history rows: order_id, at, actor, actor_id, event, from_status, to_status, reason."""
        if entries:
            self.conn.execute(_insert_history, list(entries))

    def history(self, order_id: int) -> list[Row[Any]]:
        query = select(order_history).where(order_history.c.order_id == order_id)
        return list(self.conn.execute(query.order_by(order_history.c.id)))

    def page(
        self,
        *,
        shop_id: int | None = None,
        buyer_id: int | None = None,
        status: str | None = None,
        channel: str | None = None,
        after_id: int = 0,
        limit: int = 50,
    ) -> list[Row[Any]]:
        query = select(orders).where(orders.c.id > after_id)
        if shop_id is not None:
            query = query.where(orders.c.shop_id == shop_id)
        if buyer_id is not None:
            query = query.where(orders.c.buyer_id == buyer_id)
        if status is not None:
            query = query.where(orders.c.status == status)
        if channel is not None:
            query = query.where(orders.c.channel == channel)
        return list(self.conn.execute(query.order_by(orders.c.id).limit(limit)))

    def count_buyer_orders(self, buyer_id: int, *, status: str | None = None, cancel_reason: str | None = None,
                           cancelled_since: datetime | None = None) -> int:
        query = select(func.count()).select_from(orders).where(orders.c.buyer_id == buyer_id)
        if status is not None:
            query = query.where(orders.c.status == status)
        if cancel_reason is not None:
            query = query.where(orders.c.cancel_reason == cancel_reason)
        if cancelled_since is not None:
            query = query.where(orders.c.cancelled_at > cancelled_since)
        return int(self.conn.execute(query).scalar_one())

