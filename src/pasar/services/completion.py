"""Completion (R-FL-4): a delivered order completes when its after-sales window has passed with no
open case. The window's end is asked for by fulfilment (at delivery), after-sales (opening a case)
and the deadline worker (completing), so it lives apart from all three.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from pasar.domain.cases import OPEN
from pasar.domain.errors import NotFound
from pasar.domain.orders import Actor, OrderEvent, OrderStatus
from pasar.services.orders import transition_locked
from pasar.services.unit_of_work import UnitOfWork


def after_sales_window_end(uow: UnitOfWork, order: Row[Any], *, delivered_at: datetime | None = None) -> datetime:
    """§6: the request window after delivery, longer for Mall shops where the market has one."""
    shop = uow.catalogue.shop(order.shop_id)
    return _window_end(uow, order, is_mall=bool(shop is not None and shop.is_mall), delivered_at=delivered_at)


def _window_end(uow: UnitOfWork, order: Row[Any], *, is_mall: bool, delivered_at: datetime | None = None) -> datetime:
    rules = uow.rules(order.market).after_sales
    delivered = delivered_at or order.delivered_at
    if delivered is None:
        raise NotFound(f"order {order.id} has not been delivered")
    return delivered + timedelta(days=rules.mall_window_days if is_mall else rules.window_days)


def complete_orders(uow: UnitOfWork, order_ids: Collection[int]) -> list[int]:
    """R-FL-4: DELIVERED → COMPLETED once the window has passed with no open after-sales case."""
    delivered = [row for row in uow.orders.lock(order_ids) if row.status == OrderStatus.DELIVERED.value]
    if not delivered:
        return []
    # One query for the Mall flags and one for open cases, whatever the batch size
    malls = uow.catalogue.mall_shops({row.shop_id for row in delivered})
    blocked = uow.cases.orders_with_case_in([row.id for row in delivered], [status.value for status in OPEN])
    ready = [
        row
        for row in delivered
        if row.id not in blocked and uow.now >= _window_end(uow, row, is_mall=row.shop_id in malls)
    ]
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
