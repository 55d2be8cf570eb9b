"""Order transitions, applied in sets: one order for a person, thousands for the deadline worker.

Every transition goes through ``transition``: it checks the state machine, moves only the
orders still in a status the event allows, writes the history (R-OR-3) and the event, and lets
the timers (``services.timers``) withdraw the deadlines of the status left and start those of the
status entered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from pasar.domain.errors import NotFound
from pasar.domain.fulfilment import REQUEST_WAITS_IN, RequestStatus
from pasar.domain.orders import Actor, CancelReason, OrderEvent, OrderStatus, next_status, statuses_allowing
from pasar.domain.principals import Principal
from pasar.services import timers
from pasar.services.catch_up import catch_up_orders
from pasar.services.unit_of_work import UnitOfWork

Since = datetime | Mapping[int, datetime] | None
"""When the new status began, if not now: one instant, or one per order (its timers count from then)."""


def transition(
    uow: UnitOfWork,
    order_ids: Collection[int],
    event: OrderEvent,
    *,
    actor: Actor,
    actor_id: str | None = None,
    reason: str | None = None,
    guard: Collection[OrderStatus] | None = None,
    values: dict[str, Any] | None = None,
    since: Since = None,
) -> list[Row[Any]]:
    """Apply ``event`` to the orders whose status allows it (and ``guard``, if given).

    Returns the rows of the orders that moved, as they were before moving.
    """
    return transition_locked(
        uow,
        uow.orders.lock(order_ids),
        event,
        actor=actor,
        actor_id=actor_id,
        reason=reason,
        guard=guard,
        values=values,
        since=since,
    )


def transition_locked(
    uow: UnitOfWork,
    locked: list[Row[Any]],
    event: OrderEvent,
    *,
    actor: Actor,
    actor_id: str | None = None,
    reason: str | None = None,
    guard: Collection[OrderStatus] | None = None,
    values: dict[str, Any] | None = None,
    since: Since = None,
) -> list[Row[Any]]:
    """``transition`` for orders this transaction has already read under lock."""
    allowed = statuses_allowing(event) if guard is None else statuses_allowing(event) & frozenset(guard)
    candidates = [row for row in locked if row.status in allowed]
    target_of = {status: next_status(status, event) for status in allowed}
    by_target: dict[OrderStatus, list[int]] = defaultdict(list)
    for row in candidates:
        by_target[target_of[row.status]].append(row.id)
    moved: set[int] = set()
    for target, ids in by_target.items():
        changes = {"status": target.value, "updated_at": uow.now, **(values or {})}
        moved.update(uow.orders.transition(ids, guard=[s.value for s in allowed], values=changes))
    rows = [row for row in candidates if row.id in moved]
    uow.orders.record(
        [
            {
                "order_id": row.id,
                "at": uow.now,
                "actor": actor.value,
                "actor_id": actor_id,
                "event": event.value,
                "from_status": row.status,
                "to_status": target_of[row.status].value,
                "reason": reason,
            }
            for row in rows
        ]
    )
    timers.moved(
        uow,
        "order",
        [
            timers.Move(
                row.id, OrderStatus(row.status), target_of[row.status], _start(uow, since, row.id), row.market, row
            )
            for row in rows
        ],
    )
    _withdraw_waiting_requests(
        uow,
        {
            row.id: f"the order became {target_of[row.status].value}: {reason or event.value}"
            for row in rows
            if row.status in REQUEST_WAITS_IN and target_of[row.status] not in REQUEST_WAITS_IN
        },
    )
    return rows


def _start(uow: UnitOfWork, since: Since, order_id: int) -> datetime:
    if since is None:
        return uow.now
    return since if isinstance(since, datetime) else since[order_id]


def record_evidence(uow: UnitOfWork, order: Row[Any], event: str, *, actor: Actor, reason: str) -> None:
    """A history row for something that happened to the order without moving it (R-OR-3)."""
    uow.orders.record(
        [
            {
                "order_id": order.id,
                "at": uow.now,
                "actor": actor.value,
                "actor_id": None,
                "event": event,
                "from_status": order.status,
                "to_status": order.status,
                "reason": reason,
            }
        ]
    )


def _withdraw_waiting_requests(uow: UnitOfWork, reasons: dict[int, str]) -> None:
    """R-CN-2: an order that moved on (picked up, cancelled) takes its waiting cancellation request with it.

    Whatever moved it (the carrier's scan, a seller's or the system's cancellation), the request is
    withdrawn saying why, in the request and in the order's history, and its 24-hour deadline goes.
    """
    if not reasons:
        return
    withdrawn = uow.fulfilment.withdraw_requests(reasons, uow.now)
    if not withdrawn:
        return
    left = [timers.Move(r.id, RequestStatus.PENDING, RequestStatus.WITHDRAWN, uow.now) for r in withdrawn]
    timers.moved(uow, "cancellation_request", left)
    orders = {row.id: row for row in uow.orders.lock({request.order_id for request in withdrawn})}  # already ours
    for request in withdrawn:
        order, why = orders[request.order_id], reasons[request.order_id]
        record_evidence(
            uow,
            order,
            "cancellation_request_withdrawn",
            actor=Actor.SYSTEM,
            reason=f"cancellation request {request.id} withdrawn: {why}",
        )
        uow.emit(
            "cancellation.withdrawn",
            order.id,
            {
                "order_id": order.id,
                "request_id": request.id,
                "shop_id": order.shop_id,
                "buyer_id": order.buyer_id,
                "order_status": order.status,
                "reason": why,
            },
        )


def cancel_orders(
    uow: UnitOfWork,
    order_ids: Collection[int],
    *,
    actor: Actor,
    reason: CancelReason,
    actor_id: str | None = None,
    guard: Collection[OrderStatus] | None = None,
    seller_fault: bool = False,
    detail: str | None = None,
) -> list[int]:
    """Cancel the orders that may still be cancelled; their stock is released at once (R-UP-3).

    Refunds of paid orders are the caller's (``services.cancellations``), which knows the gateway.
    """
    values = {
        "cancelled_at": uow.now,
        "cancel_reason": reason.value,
        "cancelled_by": actor.value,
        "seller_fault": seller_fault,
    }
    rows = transition(
        uow,
        order_ids,
        OrderEvent.CANCEL,
        actor=actor,
        actor_id=actor_id,
        reason=f"{reason.value}: {detail}" if detail else reason.value,
        guard=guard,
        values=values,
    )
    cancelled = [row.id for row in rows]
    _release_stock(uow, cancelled)
    for row in rows:
        uow.emit(
            "order.cancelled",
            row.id,
            {
                "order_id": row.id,
                "shop_id": row.shop_id,
                "buyer_id": row.buyer_id,
                "reason": reason.value,
                "by": actor.value,
                "from_status": row.status,
            },
        )
    return cancelled


def _release_stock(uow: UnitOfWork, order_ids: list[int]) -> None:
    if not order_ids:
        return
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for line in uow.orders.lines(order_ids):
        totals[(line.sku_id, line.warehouse_id)] += line.quantity
    uow.catalogue.release([(sku, warehouse, quantity) for (sku, warehouse), quantity in totals.items()])


def caught_up_order(uow: UnitOfWork, principal: Principal, order_id: int, *, lock: bool = True) -> Row[Any]:
    """The order this principal may act on, once its due deadlines have been applied (``services.catch_up``).

    Visibility is checked first, so a request about someone else's order is not found and applies nothing.
    """
    visible_order(uow, principal, order_id)
    catch_up_orders(uow, [order_id])
    return visible_order(uow, principal, order_id, lock=lock)


def visible_order(uow: UnitOfWork, principal: Principal, order_id: int, *, lock: bool = False) -> Row[Any]:
    """The order if this principal may see it; another shop's or buyer's order does not exist."""
    rows = uow.orders.lock([order_id]) if lock else [uow.orders.get(order_id)]
    row = rows[0] if rows else None
    if row is None or not principal.may_see_order(buyer_id=row.buyer_id, shop_id=row.shop_id):
        raise NotFound(f"order {order_id} not found")
    return row
