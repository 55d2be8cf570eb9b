"""Orders, their lines and their append-only history (R-OR-3)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Update, bindparam, func, insert, select, update

from pasar.store.bulk import append_rows
from pasar.store.tables import order_history, order_lines, orders

# Statements on the hot path are built once: SQLAlchemy then reuses their compiled form.
_insert_order = insert(orders).returning(orders.c.id)
_get = select(orders).where(orders.c.id == bindparam("order_id"))
_lock = select(orders).where(orders.c.id.in_(bindparam("ids", expanding=True))).order_by(orders.c.id)
_lock_for_update = _lock.with_for_update()
_get_for_update = _get.with_for_update()
_lines = (
    select(order_lines)
    .where(order_lines.c.order_id.in_(bindparam("ids", expanding=True)))
    .order_by(order_lines.c.order_id, order_lines.c.id)
)
_transitions: dict[tuple[str, ...], Update] = {}  # by changed columns, guard and arity
_count_timeouts = (
    select(func.count())
    .select_from(orders)
    .where(
        orders.c.buyer_id == bindparam("buyer_id"),
        orders.c.cancel_reason == bindparam("reason"),
        orders.c.cancelled_at > bindparam("since"),
    )
)
_count_in_status = (
    select(func.count())
    .select_from(orders)
    .where(orders.c.buyer_id == bindparam("buyer_id"), orders.c.status == bindparam("status"))
)


def _transition_statement(columns: tuple[str, ...], guard: tuple[str, ...], single: bool) -> Update:
    key = (*columns, "|", *guard, "|1" if single else "|n")
    statement = _transitions.get(key)
    if statement is None:
        ids = orders.c.id == bindparam("order_id") if single else orders.c.id.in_(bindparam("ids", expanding=True))
        statement = (
            update(orders)
            .where(ids, orders.c.status.in_(guard))
            .values({column: bindparam(f"v_{column}") for column in columns})
            .returning(orders.c.id)
        )
        _transitions[key] = statement
    return statement


class OrderRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(_insert_order, values).scalar_one())

    def add_lines(self, rows: Sequence[dict[str, Any]]) -> None:
        append_rows(self.conn, order_lines, rows)

    def get(self, order_id: int) -> Row[Any] | None:
        return self.conn.execute(_get, {"order_id": order_id}).first()

    def lock(self, order_ids: Collection[int]) -> list[Row[Any]]:
        """Read orders for update, in id order (a fixed lock order prevents deadlocks)."""
        postgres = self.conn.dialect.name == "postgresql"
        if len(order_ids) == 1:  # the common case of one person acting on one order: no IN-list expansion
            (order_id,) = order_ids
            return list(self.conn.execute(_get_for_update if postgres else _get, {"order_id": order_id}))
        return list(self.conn.execute(_lock_for_update if postgres else _lock, {"ids": sorted(order_ids)}))

    def lines(self, order_ids: Collection[int]) -> list[Row[Any]]:
        return list(self.conn.execute(_lines, {"ids": list(order_ids)}))

    def transition(self, order_ids: Collection[int], *, guard: Collection[str], values: dict[str, Any]) -> list[int]:
        """Move the orders still in a guarded status; returns the ids that moved."""
        if not order_ids:
            return []
        columns = tuple(sorted(values))
        single = len(order_ids) == 1
        params: dict[str, Any] = {f"v_{c}": values[c] for c in columns}
        if single:
            (params["order_id"],) = order_ids
        else:
            params["ids"] = sorted(order_ids)
        statement = _transition_statement(columns, tuple(sorted(guard)), single)
        return sorted(int(order_id) for order_id in self.conn.execute(statement, params).scalars())

    def update_each(self, changes: Sequence[dict[str, Any]]) -> None:
        """Per-order column updates: each change has ``order_id`` and the same other keys."""
        if not changes:
            return
        columns = sorted(key for key in changes[0] if key != "order_id")
        statement = (
            update(orders)
            .where(orders.c.id == bindparam("b_order_id"))
            .values({column: bindparam(f"b_{column}") for column in columns})
        )
        self.conn.execute(statement, [{f"b_{key}": value for key, value in change.items()} for change in changes])

    def record(self, entries: Sequence[dict[str, Any]]) -> None:
        """Append history rows: order_id, at, actor, actor_id, event, from_status, to_status, reason."""
        append_rows(self.conn, order_history, entries)

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

    def count_cancelled_since(self, buyer_id: int, reason: str, since: datetime) -> int:
        params = {"buyer_id": buyer_id, "reason": reason, "since": since}
        return int(self.conn.execute(_count_timeouts, params).scalar_one())

    def count_in_status(self, buyer_id: int, status: str) -> int:
        return int(self.conn.execute(_count_in_status, {"buyer_id": buyer_id, "status": status}).scalar_one())
