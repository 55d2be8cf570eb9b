"""Checkout and orders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, status

from pasar.api.deps import MarketDep, PathId, PrincipalDep, decode_cursor, encode_cursor, require
from pasar.api.fields import Cursor
from pasar.api.schemas import CheckoutIn, CheckoutOut, Page, PlacedOrderOut
from pasar.api.serialise import plain
from pasar.domain.orders import CartLine, Channel, OrderStatus
from pasar.domain.principals import PrincipalKind
from pasar.services import orders as order_service
from pasar.services.checkout import place_orders

router = APIRouter(prefix="/v1", tags=["orders"])


@router.post(
    "/checkout",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckoutOut,
    summary="Place a cart: one order per shop, stock reserved (R-OR-1, R-OR-2)",
)
def checkout(body: CheckoutIn, who: PrincipalDep, market: MarketDep) -> CheckoutOut:
    require(who, PrincipalKind.BUYER)
    assert who.buyer_id is not None
    cart = [CartLine(line.sku_id, line.quantity) for line in body.lines]
    with market.uow() as uow:
        placed = place_orders(uow, buyer_id=who.buyer_id, cart=cart, channel=body.channel)
    return CheckoutOut(
        orders=[
            PlacedOrderOut(
                id=o.id,
                shop_id=o.shop_id,
                total_amount=o.total_amount,
                currency=o.currency,
                fulfilment_type=o.fulfilment_type.value,
            )
            for o in placed
        ]
    )


@router.get("/orders", response_model=Page, summary="Orders the caller may see, paginated with a cursor")
def list_orders(
    who: PrincipalDep,
    market: MarketDep,
    status: OrderStatus | None = None,
    channel: Channel | None = None,
    cursor: Cursor = None,
    limit: int = Query(50, ge=1, le=200),
) -> Page:
    shop_id = who.shop_id if who.kind is PrincipalKind.SELLER else None
    buyer_id = who.buyer_id if who.kind is PrincipalKind.BUYER else None
    with market.uow(read_only=True) as uow:
        rows = uow.orders.page(
            shop_id=shop_id,
            buyer_id=buyer_id,
            status=status.value if status else None,
            channel=channel.value if channel else None,
            after_id=decode_cursor(cursor),
            limit=limit,
        )
    items = [plain(row) for row in rows]
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if len(rows) == limit else None)


@router.get("/orders/{order_id}", summary="One order: lines, payments, deadlines and promotion slot")
def get_order(order_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        order = plain(order_service.visible_order(uow, who, order_id))
        order["lines"] = [plain(row, drop=("order_id",)) for row in uow.orders.lines([order_id])]
        order["payment_attempts"] = [plain(row, drop=("order_id",)) for row in uow.payments.for_order(order_id)]
        order["deadlines"] = [
            {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in item.items()}
            for item in uow.deadlines.for_subject("order", order_id)
        ]
        claim = uow.promotions.claim_for_order(order_id)
        order["promotion_claim"] = plain(claim, drop=("order_id",)) if claim else None
        return order


@router.get("/orders/{order_id}/history", summary="The order's append-only history: who, when, why (R-OR-3)")
def order_history(order_id: PathId, who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        order_service.visible_order(uow, who, order_id)
        return [plain(row, drop=("order_id",)) for row in uow.orders.history(order_id)]
