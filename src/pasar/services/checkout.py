"""Placing orders: a cart becomes one order per shop, with stock reserved (R-OR-1, R-OR-2, R-UP-1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Row

from pasar.domain.errors import InsufficientStock, UnknownReference
from pasar.domain.orders import (
    Actor,
    CancelReason,
    CartLine,
    Channel,
    FulfilmentType,
    OrderStatus,
    PricedLine,
    order_total,
    split_by_shop,
    validate_cart,
)
from pasar.domain.unpaid import check_may_place, unpaid_history
from pasar.services import timers
from pasar.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PlacedOrder:
    id: int
    shop_id: int
    total_amount: int
    currency: str
    fulfilment_type: FulfilmentType


@dataclass(frozen=True)
class _Reservation:
    warehouse_id: int
    platform: bool


def place_orders(uow: UnitOfWork, *, buyer_id: int, cart: Sequence[CartLine], channel: Channel) -> list[PlacedOrder]:
    buyer = uow.people.buyer(buyer_id)
    if buyer is None:
        raise UnknownReference(f"buyer {buyer_id} does not exist", field="buyer_id")
    rules = uow.rules(buyer.market)
    validate_cart(cart, rules.orders.max_quantity_per_line)
    priced = _price(uow, cart, buyer.market)
    by_shop = split_by_shop(priced)
    for lines in by_shop.values():
        order_total(lines)  # refused before any stock is reserved
    _check_unpaid_history(uow, buyer_id, buyer.market, new_orders=len(by_shop))
    reservations = _reserve(uow, cart, priced)
    return [
        _create_order(uow, buyer_id, buyer.market, rules.market.currency, channel, lines, reservations)
        for _, lines in sorted(by_shop.items())
    ]


def _price(uow: UnitOfWork, cart: Sequence[CartLine], market: str) -> list[PricedLine]:
    catalogue = uow.catalogue.sellable_skus([line.sku_id for line in cart])
    return [_priced_line(index, line, catalogue.get(line.sku_id), market) for index, line in enumerate(cart)]


def _priced_line(index: int, line: CartLine, row: Row[Any] | None, market: str) -> PricedLine:
    field = f"lines[{index}].sku_id"
    if row is None:
        raise UnknownReference(f"SKU {line.sku_id} does not exist", field=field)
    if row.product_status != "live" or row.shop_status != "active":
        raise UnknownReference(f"SKU {line.sku_id} is not for sale", field=field)
    if row.market != market:
        raise UnknownReference(f"SKU {line.sku_id} is sold in market {row.market}, not {market}", field=field)
    return PricedLine(line.sku_id, row.product_id, row.shop_id, row.category_id, line.quantity, row.price)


def _check_unpaid_history(uow: UnitOfWork, buyer_id: int, market: str, *, new_orders: int) -> None:
    """R-UP-6: habitual non-payers may only hold a few open unpaid orders."""
    rules = uow.rules(market).orders
    since = uow.now - timedelta(days=rules.unpaid_history_days)
    timeouts = uow.orders.count_cancelled_since(buyer_id, CancelReason.UNPAID_TIMEOUT.value, since)
    if timeouts >= rules.habitual_nonpayer_threshold:
        open_unpaid = uow.orders.count_in_status(buyer_id, OrderStatus.UNPAID.value)
        check_may_place(unpaid_history(timeouts, open_unpaid, rules), new_orders)


def _reserve(uow: UnitOfWork, cart: Sequence[CartLine], priced: Sequence[PricedLine]) -> dict[int, _Reservation]:
    """R-OR-2: reserve every line, SKUs in ascending order so that concurrent carts lock alike."""
    candidates: dict[int, list[Row[Any]]] = {}
    for row in uow.catalogue.stock_candidates([line.sku_id for line in priced]):
        candidates.setdefault(row.sku_id, []).append(row)
    index_of = {line.sku_id: index for index, line in enumerate(cart)}
    reservations: dict[int, _Reservation] = {}
    for line in sorted(priced, key=lambda item: item.sku_id):
        reservation = _reserve_line(uow, line, candidates.get(line.sku_id, []))
        if reservation is None:
            available = sum(max(row.available, 0) for row in candidates.get(line.sku_id, []))
            raise InsufficientStock(
                f"only {available} of SKU {line.sku_id} available, {line.quantity} requested",
                field=f"lines[{index_of[line.sku_id]}].quantity",
            )
        reservations[line.sku_id] = reservation
    return reservations


def _reserve_line(uow: UnitOfWork, line: PricedLine, rows: list[Row[Any]]) -> _Reservation | None:
    # The platform's warehouse ships faster, so it is tried first (R-SL-4).
    for row in sorted(rows, key=lambda r: (r.kind != FulfilmentType.PLATFORM.value, r.warehouse_id)):
        if row.available >= line.quantity and uow.catalogue.reserve(line.sku_id, row.warehouse_id, line.quantity):
            return _Reservation(row.warehouse_id, row.kind == FulfilmentType.PLATFORM.value)
    return None


def _create_order(
    uow: UnitOfWork,
    buyer_id: int,
    market: str,
    currency: str,
    channel: Channel,
    lines: list[PricedLine],
    reservations: dict[int, _Reservation],
) -> PlacedOrder:
    shop_id = lines[0].shop_id
    total = order_total(lines)
    platform = all(reservations[line.sku_id].platform for line in lines)
    fulfilment = FulfilmentType.PLATFORM if platform else FulfilmentType.SELLER
    order_id = uow.orders.add(
        {
            "shop_id": shop_id,
            "buyer_id": buyer_id,
            "market": market,
            "status": OrderStatus.UNPAID.value,
            "channel": channel.value,
            "fulfilment_type": fulfilment.value,
            "currency": currency,
            "total_amount": total,
            "placed_at": uow.now,
            "updated_at": uow.now,
        }
    )
    uow.orders.add_lines(
        [
            {
                "order_id": order_id,
                "sku_id": line.sku_id,
                "warehouse_id": reservations[line.sku_id].warehouse_id,
                "product_id": line.product_id,
                "category_id": line.category_id,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "amount": line.amount,
            }
            for line in lines
        ]
    )
    uow.orders.record(
        [
            {
                "order_id": order_id,
                "at": uow.now,
                "actor": Actor.BUYER.value,
                "actor_id": str(buyer_id),
                "event": "place",
                "from_status": None,
                "to_status": OrderStatus.UNPAID.value,
                "reason": f"placed from {channel.value}",
            }
        ]
    )
    timers.moved(uow, "order", [timers.Move(order_id, None, OrderStatus.UNPAID, uow.now, market)])
    uow.emit(
        "order.placed",
        order_id,
        {
            "order_id": order_id,
            "shop_id": shop_id,
            "buyer_id": buyer_id,
            "total_amount": total,
            "currency": currency,
            "channel": channel.value,
        },
    )
    return PlacedOrder(order_id, shop_id, total, currency, fulfilment)
