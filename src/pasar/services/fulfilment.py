"""Fulfilment: from the end of the hold to delivery and completion (docs/rules.md §5, R-FL-1..4).

Deadlines are computed in the market's business days; tracking events (from a carrier's webhook
or the simulated carrier) move orders to IN_TRANSIT and DELIVERED, and a return's delivery scan
receives the return (R-AS-3); the after-sales window then decides completion (``services.completion``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from pasar.adapters.carriers import TrackingUpdate
from pasar.domain.due_times import fulfilment_deadlines
from pasar.domain.errors import Conflict, InvalidInput, InvalidTransition, UnknownReference
from pasar.domain.fulfilment import TrackingStatus
from pasar.domain.orders import Actor, FulfilmentType, OrderEvent, OrderStatus
from pasar.domain.principals import Principal
from pasar.services.after_sales import receive_return_by_carrier
from pasar.services.catch_up import catch_up_orders
from pasar.services.orders import caught_up_order, transition, transition_locked
from pasar.services.unit_of_work import UnitOfWork


class DuplicateEvent(Conflict):
    code = "duplicate-event"


def end_holds(uow: UnitOfWork, hold_ends: Mapping[int, datetime]) -> list[int]:
    """R-CN-1, R-FL-1..3: after the hold the order waits for shipment, under its deadlines.

    ``hold_ends`` maps each order to its hold's end as its deadline stored it: the fulfilment
    deadlines count from there, however late the worker is.
    """
    rows = transition(
        uow, list(hold_ends), OrderEvent.END_HOLD, actor=Actor.SYSTEM, reason="hold period ended", since=hold_ends
    )
    changes = []
    for row in rows:
        hold_ended = hold_ends[row.id]
        due = fulfilment_deadlines(hold_ended, uow.rules(row.market))
        changes.append(
            {
                "order_id": row.id,
                "hold_ends_at": hold_ended,
                "dispatch_deadline_at": due.dispatch,
                "collection_deadline_at": due.collection,
                "promised_delivery_at": due.promised_delivery,
            }
        )
        uow.emit(
            "order.awaiting_shipment",
            row.id,
            {"order_id": row.id, "shop_id": row.shop_id, "dispatch_deadline_at": due.dispatch.isoformat()},
        )
    uow.orders.update_each(changes)
    platform = [row for row in rows if row.fulfilment_type == FulfilmentType.PLATFORM.value]
    for row in uow.orders.lock([r.id for r in platform]) if platform else []:
        _hand_over(uow, row, uow.ports.platform_carrier, f"FBT{row.id:010d}", Actor.SYSTEM, None)
    return [row.id for row in rows]


def ship(uow: UnitOfWork, seller: Principal, order_id: int, carrier: str, tracking_number: str) -> None:
    """R-FL-3: the seller hands the parcel to a carrier, naming the carrier and tracking number.

    The hold's end and the collection deadline are the stored deadlines, whether or not the worker has run.
    """
    order = caught_up_order(uow, seller, order_id)
    if order.status == OrderStatus.ON_HOLD.value:
        raise InvalidTransition(f"order {order_id} is still in its hold; the seller may not ship yet (R-CN-1)")
    if order.fulfilment_type == FulfilmentType.PLATFORM.value:
        raise InvalidTransition(f"order {order_id} is fulfilled by the platform's warehouse")
    if uow.fulfilment.pending_request_for(order_id) is not None:
        raise Conflict(f"order {order_id} has a cancellation request waiting for your decision", field="order_id")
    uow.ports.carrier(carrier)
    if uow.fulfilment.tracking_in_use(carrier, tracking_number):
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
    """Apply one carrier event; a replayed event id is refused and changes nothing.

    The order's deadlines that fell due before the scan apply first (``services.catch_up``).
    """
    order = uow.fulfilment.order_by_tracking(update.carrier, update.tracking_number)
    if order is None:
        return _apply_return_update(uow, update)
    _check_event_time(uow, order, update.occurred_at)
    _record(uow, update, order_id=order.id)
    catch_up_orders(uow, [order.id], until=update.occurred_at)
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


def _apply_return_update(uow: UnitOfWork, update: TrackingUpdate) -> str:
    """A scan of a return parcel (the tracking number the buyer gave when shipping it back, R-AS-3)."""
    case = uow.cases.by_return_tracking(update.carrier, update.tracking_number)
    if case is None:
        raise UnknownReference(
            f"no order or return ships with {update.carrier} tracking number {update.tracking_number}",
            field="tracking_number",
        )
    order = uow.orders.get(case.order_id)
    assert order is not None  # a case always has its order
    _check_event_time(uow, order, update.occurred_at)
    _record(uow, update, order_id=case.order_id, case_id=case.id)
    receive_return_by_carrier(uow, case.id, TrackingStatus(update.status), update.occurred_at)
    return update.status


def _record(uow: UnitOfWork, update: TrackingUpdate, *, order_id: int, case_id: int | None = None) -> None:
    recorded = uow.fulfilment.record_tracking_event(
        {
            "carrier": update.carrier,
            "event_id": update.event_id,
            "tracking_number": update.tracking_number,
            "order_id": order_id,
            "case_id": case_id,
            "status": update.status,
            "occurred_at": update.occurred_at,
            "received_at": uow.now,
        }
    )
    if not recorded:
        raise DuplicateEvent(f"event {update.event_id} of {update.carrier} was already applied", field="event_id")


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


def _delivered(uow: UnitOfWork, order: Row[Any], at: datetime) -> None:
    moved = transition_locked(
        uow,
        [order],
        OrderEvent.DELIVER,
        actor=Actor.SYSTEM,
        actor_id=order.carrier,
        reason="delivered",
        values={"delivered_at": at},
        since=at,  # the after-sales window counts from the scan
    )
    if moved:
        uow.emit("order.delivered", order.id, {"order_id": order.id, "buyer_id": order.buyer_id})


def _stock_lines(uow: UnitOfWork, order_ids: list[int]) -> list[tuple[int, int, int]]:
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for line in uow.orders.lines(order_ids):
        totals[(line.sku_id, line.warehouse_id)] += line.quantity
    return [(sku, warehouse, quantity) for (sku, warehouse), quantity in totals.items()]


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
