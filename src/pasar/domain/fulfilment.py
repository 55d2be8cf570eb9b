"""Cancellation reasons, cancellation requests and tracking (docs/rules.md §4–5)."""

from __future__ import annotations

from enum import StrEnum

from pasar.domain.deadlines import DeadlineKind, Timer
from pasar.domain.orders import OrderStatus


class BuyerCancelReason(StrEnum):
    CHANGED_MIND = "changed_mind"
    BETTER_PRICE = "better_price"
    WRONG_ADDRESS = "wrong_address"
    WRONG_PRODUCT_DETAILS = "wrong_product_details"  # R-CN-3: seller-responsible, flags the listing
    OTHER = "other"


class SellerCancelReason(StrEnum):
    """R-CN-4: every seller cancellation of a paid order is seller-fault."""

    OUT_OF_STOCK = "out_of_stock"
    PRICING_ERROR = "pricing_error"
    CANNOT_SHIP = "cannot_ship"


def buyer_reason_is_seller_fault(reason: BuyerCancelReason) -> bool:
    return reason is BuyerCancelReason.WRONG_PRODUCT_DETAILS


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the system: the order moved on (picked up, cancelled) before a decision


class RequestEvent(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    WITHDRAW = "withdraw"


# The deadline that runs while a request waits (from the request), and the system's move when it passes.
REQUEST_TIMERS: dict[RequestStatus, tuple[Timer[RequestEvent], ...]] = {
    RequestStatus.PENDING: (  # R-CN-2
        Timer(DeadlineKind.CANCEL_REQUEST_RESPONSE, "cancellation.request_response_hours", RequestEvent.APPROVE),
    ),
}


REQUEST_WAITS_IN = frozenset({OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION})
"""R-CN-2: after the hold and before the carrier has the parcel, a buyer's cancellation is a request;
an order that leaves these statuses takes its waiting request with it (withdrawn, saying why)."""


class TrackingStatus(StrEnum):
    PICKED_UP = "picked_up"  # handed to the carrier: the ship time of R-SC-4
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    LOST = "lost"
