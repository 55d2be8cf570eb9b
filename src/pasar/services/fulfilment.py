"""Fulfilment: from the end of the hold to delivery and completion (RULES.md §5, R-FL-1..4).

Deadlines are computed in the market's business days; tracking events (from a carrier's webhook
or the simulated carrier) move orders to IN_TRANSIT and DELIVERED; the after-sales window then
decides completion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row

from pasar.adapters.carriers import TrackingUpdate
from pasar.domain.cases import OPEN
from pasar.domain.deadlines import DeadlineKind, NewDeadline
from pasar.domain.errors import Conflict, InvalidInput, InvalidTransition, NotFound, UnknownReference
from pasar.domain.fulfilment import TrackingStatus, fulfilment_deadlines
from pasar.domain.orders import Actor, FulfilmentType, OrderEvent, OrderStatus
from pasar.domain.principals import Principal
from pasar.services.orders import transition, transition_locked, visible_order
from pasar.services.unit_of_work import UnitOfWork

SHIPPING = f"{OrderStatus.AWAITING_SHIPMENT.value}|{OrderStatus.AWAITING_COLLECTION.value}"


class DuplicateEvent(Conflict):
    code = "duplicate-event"


def end_holds(uow: UnitOfWork, order_ids: Collection[int]) -> list[int]:
    """R-CN-1, R-FL-1..3: after the hold the order waits for shipment, under its deadlines."""
    rows = transition(uow, order_ids, OrderEvent.END_HOLD, actor=Actor.SYSTEM, reason="hold period ended")
    changes, deadlines = [], []
    for row in rows:
        rules = uow.rules(row.market)
        hold_end = row.paid_at + rules.cancellation.hold
        due = fulfilment_deadlines(hold_end, rules)
        changes.append(
            {
                "order_id": row.id,
                "hold_ends_at": hold_end,
                "dispatch_deadline_at": due.dispatch,
                "collection_deadline_at": due.collection,
                "promised_delivery_at": due.promised_delivery,
            }
        )
        if row.fulfilment_type == FulfilmentType.SELLER.value:
            deadlines.append(NewDeadline("order", row.id, DeadlineKind.COLLECTION_TIMEOUT, due.collection, SHIPPING))
        uow.emit(
            "order.awaiting_shipment",
            row.id,
            {"order_id": row.id, "shop_id": row.shop_id, "dispatch_deadline_at": due.dispatch.isoformat()},
        )
    uow.orders.update_each(changes)
    uow.deadlines.add(deadlines)
    platform = [row for row in rows if row.fulfilment_type == FulfilmentType.PLATFORM.value]
    for row in uow.orders.lock([r.id for r in platform]) if platform else []:
        _hand_over(uow, row, uow.ports.platform_carrier, f"FBT{row.id:010d}", Actor.SYSTEM, None)
    return [row.id for row in rows]


def ship(uow: UnitOfWork, seller: Principal, order_id: int, carrier: str, tracking_number: str) -> None:
    """R-FL-3: the seller hands the parcel to a carrier, naming the carrier and tracking number."""
    order = visible_order(uow, seller, order_id, lock=True)
    if order.status == OrderStatus.ON_HOLD.value:
        raise InvalidTransition(f"order {order_id} is still in its hold; the seller may not ship yet (R-CN-1)")
    if order.fulfilment_type == FulfilmentType.PLATFORM.value:
        raise InvalidTransition(f"order {order_id} is fulfilled by the platform's warehouse")
    if uow.fulfilment.pending_request_for(order_id) is not None:
        raise Conflict(f"order {order_id} has a cancellation request waiting for your decision", field="order_id")
    uow.ports.carrier(carrier)
    if uow.fulfilment.order_by_tracking(carrier, tracking_number) is not None:
        raise Conflict(f"tracking number {tracking_number} of {carrier} is already used", field="tracking_number")
    _hand_over(uow, order, carrier, tracking_number, Actor.SELLER, str(seller.shop_id))


def _hand_over(uow: UnitOfWork, order: Row[Any], carrier: str, tracking: str, actor: Actor, who: str | None) -> None:
    moved = transition_locked(
        uow,
        [order],
        OrderEvent.ARRANGE_SHIPMENT,
        actor=actor,
        actor_id=who,
        reason=f"{carrier} {tracking}",
        values={"carrier": carrier, "tracking_number": tracking},
    )
    if not moved:
        raise InvalidTransition(f"order {order.id} is {order.status} and cannot be shipped")
    uow.ports.carrier(carrier).register(uow.fulfilment, tracking, uow.now)
    uow.emit("order.shipment_arranged", order.id, {"order_id": order.id, "carrier": carrier, "tracking": tracking})


def apply_tracking_update(uow: UnitOfWork, update: TrackingUpdate) -> str:
    """Apply one carrier event; a replayed event id is refused and changes nothing."""
    order = uow.fulfilment.order_by_tracking(update.carrier, update.tracking_number)
    if order is None:
        raise UnknownReference(
            f"no order ships with {update.carrier} tracking number {update.tracking_number}", field="tracking_number"
        )
    _check_event_time(uow, order, update.occurred_at)
    recorded = uow.fulfilment.record_tracking_event(
        {
            "carrier": update.carrier,
            "event_id": update.event_id,
            "tracking_number": update.tracking_number,
            "order_id": order.id,
            "status": update.status,
            "occurred_at": update.occurred_at,
            "received_at": uow.now,
        }
    )
    if not recorded:
        raise DuplicateEvent(f"event {update.event_id} of {update.carrier} was already applied", field="event_id")
    (order,) = uow.orders.lock([order.id])
    status = TrackingStatus(update.status)
    if status in (TrackingStatus.PICKED_UP, TrackingStatus.IN_TRANSIT, TrackingStatus.DELIVERED):
        _handed_to_carrier(uow, order, update.occurred_at)
    if status is TrackingStatus.DELIVERED:
        (order,) = uow.orders.lock([order.id])
        _delivered(uow, order, update.occurred_at)
    if status is TrackingStatus.LOST:
        uow.emit("parcel.lost", order.id, {"order_id": order.id, "buyer_id": order.buyer_id})
    return status.value


def _check_event_time(uow: UnitOfWork, order: Row[Any], occurred_at: datetime) -> None:
    """R-FL-3: an event's time decides the ship time and the after-sales window, so it must be plausible.

    Not later than now, nor earlier than the end of the order's hold (no parcel moves before it may be
    shipped), give or take the rulebook's clock skew. A refused event records nothing: the carrier may
    send it again, with the same id, once its time is right.
    """
    skew = uow.rules(order.market).fulfilment.tracking_clock_skew
    earliest = (order.hold_ends_at or order.paid_at or order.placed_at) - skew
    latest = uow.now + skew
    if occurred_at.tzinfo is None:
        raise InvalidInput("occurred_at needs a time zone", field="occurred_at")
    if occurred_at > latest:
        raise InvalidInput(
            f"occurred_at {occurred_at.isoformat()} is later than now ({uow.now.isoformat()})", field="occurred_at"
        )
    if occurred_at < earliest:
        raise InvalidInput(
            f"occurred_at {occurred_at.isoformat()} is before order {order.id} could be shipped "
            f"({earliest.isoformat()})",
            field="occurred_at",
        )


def _handed_to_carrier(uow: UnitOfWork, order: Row[Any], at: datetime) -> None:
    """The ship time of R-SC-4 is when the carrier took the parcel; its stock leaves the warehouse."""
    moved = transition_locked(
        uow,
        [order],
        OrderEvent.HAND_TO_CARRIER,
        actor=Actor.SYSTEM,
        actor_id=order.carrier,
        reason="picked up by the carrier",
        values={"shipped_at": at},
    )
    if moved:
        uow.catalogue.consume(_stock_lines(uow, [order.id]))
        uow.deadlines.withdraw("order", [order.id], [DeadlineKind.COLLECTION_TIMEOUT])


def _delivered(uow: UnitOfWork, order: Row[Any], at: datetime) -> None:
    moved = transition_locked(
        uow,
        [order],
        OrderEvent.DELIVER,
        actor=Actor.SYSTEM,
        actor_id=order.carrier,
        reason="delivered",
        values={"delivered_at": at},
    )
    if moved:
        window_end = after_sales_window_end(uow, order, delivered_at=at)
        uow.deadlines.add(
            [
                NewDeadline(
                    "order", order.id, DeadlineKind.AFTER_SALES_WINDOW_END, window_end, OrderStatus.DELIVERED.value
                )
            ]
        )
        uow.emit("order.delivered", order.id, {"order_id": order.id, "buyer_id": order.buyer_id})


def _stock_lines(uow: UnitOfWork, order_ids: list[int]) -> list[tuple[int, int, int]]:
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for line in uow.orders.lines(order_ids):
        totals[(line.sku_id, line.warehouse_id)] += line.quantity
    return [(sku, warehouse, quantity) for (sku, warehouse), quantity in totals.items()]


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


def report_simulated_parcels(uow_factory: Callable[[], UnitOfWork]) -> int:
    """Let the simulated carriers report every event that has fallen due (through the tracking code)."""
    total = 0
    while True:
        with uow_factory() as uow:
            updates: Sequence[TrackingUpdate] = [
                update
                for carrier in uow.ports.simulated_carriers()
                for update in carrier.due_updates(uow.fulfilment, uow.now)
            ]
            for update in updates:
                apply_tracking_update(uow, update)
        if not updates:
            return total
        total += len(updates)
