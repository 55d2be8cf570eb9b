"""Completion (R-FL-4): a delivered order completes when its after-sales window has passed with no
open case. The window's end is asked for by after-sales (opening a case) and the deadline worker
(completing), so it lives apart from both; the timers stored it at delivery.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from pasar.domain import due_times
from pasar.domain.cases import OPEN
from pasar.domain.deadlines import DeadlineKind
from pasar.domain.errors import NotFound
from pasar.domain.orders import Actor, OrderEvent, OrderStatus
from pasar.services.orders import transition_locked
from pasar.services.unit_of_work import UnitOfWork


def after_sales_window_end(uow: UnitOfWork, order: Row[Any]) -> datetime:
    """§6: when the delivered order's request window ends (R-FL-4)."""
    return _window_ends(uow, [order])[order.id]


def _window_ends(uow: UnitOfWork, delivered: list[Row[Any]]) -> dict[int, datetime]:
    """Each order's window end as its deadline stored it at delivery (a rulebook edited since changes
    nothing); from the rulebook only for an order delivered without one (an imported order)."""
    stored = uow.deadlines.due_at("order", [row.id for row in delivered], DeadlineKind.AFTER_SALES_WINDOW_END)
    missing = [row for row in delivered if row.id not in stored]
    malls = uow.catalogue.mall_shops({row.shop_id for row in missing}) if missing else set()
    for row in missing:
        if row.delivered_at is None:
            raise NotFound(f"order {row.id} has not been delivered")
        rules = uow.rules(row.market)
        stored[row.id] = due_times.after_sales_window_end(row.delivered_at, rules, mall=row.shop_id in malls)
    return stored


def complete_orders(uow: UnitOfWork, order_ids: Collection[int]) -> list[int]:
    """R-FL-4: DELIVERED → COMPLETED once the window has passed with no open after-sales case."""
    delivered = [row for row in uow.orders.lock(order_ids) if row.status == OrderStatus.DELIVERED.value]
    if not delivered:
        return []
    # One query for the window ends and one for open cases, whatever the batch size
    ends = _window_ends(uow, delivered)
    blocked = uow.cases.orders_with_case_in([row.id for row in delivered], [status.value for status in OPEN])
    ready = [row for row in delivered if row.id not in blocked and uow.now >= ends[row.id]]
    moved = transition_locked(
        uow,
        ready,
        OrderEvent.COMPLETE,
        actor=Actor.SYSTEM,
        reason="after-sales window ended",
        values={"completed_at": uow.now},
    )
    for row in moved:
        uow.emit("order.completed", row.id, {"order_id": row.id, "shop_id": row.shop_id})
    return [row.id for row in moved]
