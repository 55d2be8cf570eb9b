"""The order aggregate's vocabulary and its state machine (docs/rules.md §3–5).

The transition table is the whole life of an order on one screen: a (status, event) pair not in
the table is refused. The timer table beside it says which deadline runs in each status and what
the system does when it passes. Guards that need data (stock) live in the services.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pasar.domain.deadlines import DeadlineKind, Timer
from pasar.domain.errors import InvalidInput, InvalidTransition

MAX_AMOUNT = 2**63 - 1  # money columns are 64-bit integers of minor units


class OrderStatus(StrEnum):
    UNPAID = "UNPAID"
    ON_HOLD = "ON_HOLD"
    AWAITING_SHIPMENT = "AWAITING_SHIPMENT"
    AWAITING_COLLECTION = "AWAITING_COLLECTION"
    IN_TRANSIT = "IN_TRANSIT"
    DELIVERED = "DELIVERED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class OrderEvent(StrEnum):
    PAY = "pay"
    PAYMENT_FAILED = "payment_failed"
    CANCEL = "cancel"
    END_HOLD = "end_hold"
    ARRANGE_SHIPMENT = "arrange_shipment"
    HAND_TO_CARRIER = "hand_to_carrier"
    DELIVER = "deliver"
    COMPLETE = "complete"


class Actor(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    SYSTEM = "system"
    OPERATOR = "operator"


class CancelReason(StrEnum):
    UNPAID_TIMEOUT = "UNPAID_TIMEOUT"
    BUYER_CANCELLED = "BUYER_CANCELLED"
    SELLER_CANCELLED = "SELLER_CANCELLED"
    NOT_SHIPPED_IN_TIME = "NOT_SHIPPED_IN_TIME"


class Channel(StrEnum):
    """R-CT-1, R-UP-5: where the order came from."""

    LIVE = "live"
    SHORT_VIDEO = "short_video"
    SEARCH = "search"
    SHOP_PAGE = "shop_page"
    AFFILIATE_LINK = "affiliate_link"


class FulfilmentType(StrEnum):
    """R-SL-4."""

    SELLER = "seller"
    PLATFORM = "platform"


S, E = OrderStatus, OrderEvent

TRANSITIONS: dict[tuple[OrderStatus, OrderEvent], OrderStatus] = {
    (S.UNPAID, E.PAY): S.ON_HOLD,  # R-CN-1
    (S.UNPAID, E.PAYMENT_FAILED): S.UNPAID,  # R-UP-4: the timer keeps running
    (S.UNPAID, E.CANCEL): S.CANCELLED,  # R-UP-3
    (S.ON_HOLD, E.CANCEL): S.CANCELLED,  # R-CN-1
    (S.ON_HOLD, E.END_HOLD): S.AWAITING_SHIPMENT,  # R-CN-1
    (S.AWAITING_SHIPMENT, E.CANCEL): S.CANCELLED,  # R-CN-2, R-CN-4, R-FL-2
    (S.AWAITING_SHIPMENT, E.ARRANGE_SHIPMENT): S.AWAITING_COLLECTION,
    (S.AWAITING_COLLECTION, E.CANCEL): S.CANCELLED,  # R-FL-2
    (S.AWAITING_SHIPMENT, E.HAND_TO_CARRIER): S.IN_TRANSIT,  # R-FL-3
    (S.AWAITING_COLLECTION, E.HAND_TO_CARRIER): S.IN_TRANSIT,  # R-FL-3
    (S.IN_TRANSIT, E.DELIVER): S.DELIVERED,  # R-FL-3
    (S.DELIVERED, E.COMPLETE): S.COMPLETED,  # R-FL-4
}


def _seller_ships(order: Any) -> bool:
    return bool(order.fulfilment_type == FulfilmentType.SELLER.value)  # R-SL-4: the platform's own have none


D = DeadlineKind
_COLLECTION = Timer(D.COLLECTION_TIMEOUT, "fulfilment.auto_cancel_business_days", E.CANCEL, only_if=_seller_ships)

# The deadline that runs in each status (from entering it), its length, and the system's move when it passes.
ORDER_TIMERS: dict[OrderStatus, tuple[Timer[OrderEvent], ...]] = {
    S.UNPAID: (
        Timer(D.PAYMENT_REMINDER, "orders.payment_reminder_minutes", None),  # R-UP-2: only a reminder
        Timer(D.UNPAID_TIMEOUT, "orders.unpaid_timeout_minutes", E.CANCEL),  # R-UP-3
    ),
    S.ON_HOLD: (Timer(D.HOLD_END, "cancellation.hold_minutes", E.END_HOLD),),  # R-CN-1
    S.AWAITING_SHIPMENT: (_COLLECTION,),  # R-FL-2: from the hold's end, in business days
    S.AWAITING_COLLECTION: (_COLLECTION,),  # the same timer runs on once shipment is arranged
    S.DELIVERED: (  # R-FL-4: from the delivery scan
        Timer(D.AFTER_SALES_WINDOW_END, "after_sales.window_days or after_sales.mall_window_days", E.COMPLETE),
    ),
}

TERMINAL = frozenset({S.COMPLETED, S.CANCELLED})


def next_status(status: OrderStatus, event: OrderEvent) -> OrderStatus:
    try:
        return TRANSITIONS[(status, event)]
    except KeyError:
        raise InvalidTransition(f"an order that is {status} cannot {event.replace('_', ' ')}") from None


def statuses_allowing(event: OrderEvent) -> frozenset[OrderStatus]:
    """The statuses from which ``event`` is allowed: a deadline's or an update's guard."""
    return frozenset(status for (status, ev) in TRANSITIONS if ev is event)


@dataclass(frozen=True)
class CartLine:
    sku_id: int
    quantity: int


@dataclass(frozen=True)
class PricedLine:
    """A cart line once the catalogue has told us its shop, price and category."""

    sku_id: int
    product_id: int
    shop_id: int
    category_id: int
    quantity: int
    unit_price: int

    @property
    def amount(self) -> int:
        return self.unit_price * self.quantity


def validate_cart(lines: Sequence[CartLine], max_quantity: int) -> None:
    """Refuse an empty cart, non-positive or excessive quantities, and repeated SKUs."""
    if not lines:
        raise InvalidInput("the cart is empty", field="lines")
    seen: set[int] = set()
    for index, line in enumerate(lines):
        where = f"lines[{index}].quantity"
        if line.quantity <= 0:
            raise InvalidInput(f"quantity must be at least 1, got {line.quantity}", field=where)
        if line.quantity > max_quantity:
            raise InvalidInput(f"quantity must be at most {max_quantity}, got {line.quantity}", field=where)
        if line.sku_id in seen:
            raise InvalidInput(f"SKU {line.sku_id} appears twice in the cart", field=f"lines[{index}].sku_id")
        seen.add(line.sku_id)


def order_total(lines: Iterable[PricedLine]) -> int:
    """The order's total, refused when it would not fit the store's 64-bit amounts."""
    total = sum(line.amount for line in lines)
    if total > MAX_AMOUNT:
        raise InvalidInput(f"the total would be {total:,}, above the largest amount {MAX_AMOUNT:,}", field="lines")
    return total


def split_by_shop(lines: Iterable[PricedLine]) -> dict[int, list[PricedLine]]:
    """R-OR-1: a cart spanning several shops becomes one order per shop."""
    by_shop: dict[int, list[PricedLine]] = defaultdict(list)
    for line in lines:
        by_shop[line.shop_id].append(line)
    return dict(by_shop)
