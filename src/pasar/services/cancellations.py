"""Cancelling paid orders: free in the hold, a request after it, seller-fault when the seller fails
(R-CN-1..4, R-FL-2). Every cancellation of a paid order is refunded in full."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Row

from pasar.domain.errors import Conflict, InvalidInput, InvalidTransition, NotFound
from pasar.domain.fulfilment import (
    REQUEST_WAITS_IN,
    BuyerCancelReason,
    RequestStatus,
    SellerCancelReason,
    buyer_reason_is_seller_fault,
)
from pasar.domain.orders import Actor, CancelReason, OrderStatus
from pasar.domain.principals import Principal
from pasar.services import timers
from pasar.services.catch_up import catch_up_orders
from pasar.services.orders import cancel_orders, caught_up_order
from pasar.services.refunds import refund
from pasar.services.unit_of_work import UnitOfWork

AFTER_HOLD = tuple(sorted(REQUEST_WAITS_IN))


def cancel_paid(
    uow: UnitOfWork,
    order_ids: Collection[int],
    *,
    actor: Actor,
    reason: CancelReason,
    seller_fault: bool,
    guard: Collection[OrderStatus],
    actor_id: str | None = None,
    detail: str | None = None,
) -> list[int]:
    """Cancel, release the stock and refund everything paid, in one transaction."""
    cancelled = cancel_orders(
        uow,
        order_ids,
        actor=actor,
        actor_id=actor_id,
        reason=reason,
        guard=guard,
        seller_fault=seller_fault,
        detail=detail,
    )
    for order in uow.orders.lock(cancelled) if cancelled else []:
        if order.paid_at is not None and order.total_amount > order.refunded_amount:
            refund(
                uow,
                uow.ports.gateway,
                order,
                order.total_amount - order.refunded_amount,
                key=f"cancel:{order.id}",
                reason=reason.value,
            )
    return cancelled


def buyer_cancel(uow: UnitOfWork, buyer: Principal, order_id: int, reason: BuyerCancelReason) -> str:
    """Returns what happened: ``cancelled`` or ``requested`` (after the hold, the seller decides).

    The hold's end is the stored deadline, whether or not the worker has moved the order on yet.
    """
    order = caught_up_order(uow, buyer, order_id)
    if buyer.buyer_id != order.buyer_id:
        raise NotFound(f"order {order_id} not found")
    seller_fault = buyer_reason_is_seller_fault(reason)
    if order.status in (OrderStatus.UNPAID.value, OrderStatus.ON_HOLD.value):  # R-CN-1: no approval needed
        cancel_paid(
            uow,
            [order_id],
            actor=Actor.BUYER,
            actor_id=str(buyer.buyer_id),
            reason=CancelReason.BUYER_CANCELLED,
            seller_fault=seller_fault,
            guard=[OrderStatus(order.status)],
            detail=reason.value,
        )
        _flag_listing_if_wrong(uow, order_id, reason)
        return "cancelled"
    if order.status not in {s.value for s in AFTER_HOLD}:
        raise InvalidTransition(
            f"order {order_id} is {order.status}; it can no longer be cancelled (open an after-sales case instead)"
        )
    if uow.fulfilment.pending_request_for(order_id) is not None:
        raise Conflict(f"order {order_id} already has a cancellation request waiting", field="order_id")
    request_id = uow.fulfilment.add_request(
        {
            "order_id": order_id,
            "reason": reason.value,
            "seller_responsible": seller_fault,
            "status": RequestStatus.PENDING.value,
            "requested_at": uow.now,
        }
    )
    (response,) = timers.moved(
        uow, "cancellation_request", [timers.Move(request_id, None, RequestStatus.PENDING, uow.now, order.market)]
    )
    due = response.due_at
    uow.emit(
        "cancellation.requested",
        order_id,
        {"order_id": order_id, "request_id": request_id, "shop_id": order.shop_id, "due_at": due.isoformat()},
    )
    return "requested"


def decide_request(
    uow: UnitOfWork, seller: Principal, request_id: int, *, approve: bool, reject_reason: str | None = None
) -> None:
    """R-CN-2: the seller approves or rejects a waiting request (after 24 hours the system has approved it)."""
    request = uow.fulfilment.request(request_id)
    order = uow.orders.get(request.order_id) if request is not None else None
    if request is None or order is None or order.shop_id != seller.shop_id:
        raise NotFound(f"cancellation request {request_id} not found")
    if not approve and not (reject_reason or "").strip():
        raise InvalidInput("a rejection needs a reason", field="reason")
    catch_up_orders(uow, [order.id])
    uow.orders.lock([order.id])  # the order first, then its request: the order of every withdrawal
    (request,) = uow.fulfilment.requests([request_id])
    if request.status != RequestStatus.PENDING.value:
        why = f": {request.withdraw_reason}" if request.withdraw_reason else ""
        raise InvalidTransition(f"cancellation request {request_id} was already {request.status}{why}")
    _decide(uow, request, approve=approve, actor=Actor.SELLER, actor_id=str(seller.shop_id), reject=reject_reason)


def approve_unanswered(uow: UnitOfWork, request_ids: list[int]) -> list[int]:
    """R-CN-2, the deadline's handler: a request still waiting after 24 hours is approved by the system."""
    order_ids = {request.order_id for request in uow.fulfilment.requests(request_ids)}
    uow.orders.lock(order_ids)  # then re-read: a request withdrawn meanwhile is no longer waiting
    waiting = [r for r in uow.fulfilment.requests(request_ids) if r.status == RequestStatus.PENDING.value]
    for request in waiting:
        _decide(uow, request, approve=True, actor=Actor.SYSTEM, actor_id=None, reject=None)
    return [request.id for request in waiting]


def _decide(
    uow: UnitOfWork, request: Row[Any], *, approve: bool, actor: Actor, actor_id: str | None, reject: str | None
) -> None:
    status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    decided = {"status": status.value, "decided_at": uow.now, "decided_by": actor.value, "reject_reason": reject}
    if not uow.fulfilment.decide_request(request.id, decided):
        raise Conflict(f"cancellation request {request.id} changed while you were deciding it; try again")
    if approve:
        reason = BuyerCancelReason(request.reason)
        cancel_paid(
            uow,
            [request.order_id],
            actor=actor,
            actor_id=actor_id,
            reason=CancelReason.BUYER_CANCELLED,
            seller_fault=bool(request.seller_responsible),
            guard=AFTER_HOLD,
            detail=f"request {request.id} approved ({reason.value})",
        )
        _flag_listing_if_wrong(uow, request.order_id, reason)
    timers.moved(uow, "cancellation_request", [timers.Move(request.id, RequestStatus.PENDING, status, uow.now)])
    uow.emit(
        "cancellation.decided",
        request.order_id,
        {"order_id": request.order_id, "request_id": request.id, "status": status.value, "by": actor.value},
    )


def seller_cancel(uow: UnitOfWork, seller: Principal, order_id: int, reason: SellerCancelReason) -> None:
    """R-CN-4: a seller cancelling a paid order is a seller-fault cancellation."""
    order = caught_up_order(uow, seller, order_id)
    allowed = (OrderStatus.ON_HOLD, *AFTER_HOLD)
    if order.status not in {s.value for s in allowed}:
        raise InvalidTransition(
            f"order {order_id} is {order.status}; a seller can cancel only a paid order before it ships"
        )
    cancel_paid(
        uow,
        [order_id],
        actor=Actor.SELLER,
        actor_id=str(seller.shop_id),
        reason=CancelReason.SELLER_CANCELLED,
        seller_fault=True,
        guard=allowed,
        detail=reason.value,
    )


def _flag_listing_if_wrong(uow: UnitOfWork, order_id: int, reason: BuyerCancelReason) -> None:
    """R-CN-3: wrong product details flag the listing for the seller to fix."""
    if reason is BuyerCancelReason.WRONG_PRODUCT_DETAILS:
        products = {line.product_id for line in uow.orders.lines([order_id])}
        uow.fulfilment.flag_products(products, "buyer cancelled: product details were wrong", uow.now)
        uow.emit("listing.flagged", order_id, {"order_id": order_id, "product_ids": sorted(products)})
