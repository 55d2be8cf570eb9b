"""Cancellation reasons and fulfilment deadlines (docs/rules.md §4–5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pasar.domain.calendar import add_business_days
from pasar.domain.orders import OrderStatus
from pasar.rules.model import Rulebook


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


REQUEST_WAITS_IN = frozenset({OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION})
"""R-CN-2: after the hold and before the carrier has the parcel, a buyer's cancellation is a request;
an order that leaves these statuses takes its waiting request with it (withdrawn, saying why)."""


class TrackingStatus(StrEnum):
    PICKED_UP = "picked_up"  # handed to the carrier: the ship time of R-SC-4
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    LOST = "lost"


@dataclass(frozen=True)
class FulfilmentDeadlines:
    dispatch: datetime  # R-FL-1: shipping after it is a late dispatch
    collection: datetime  # R-FL-2: not handed to the carrier by then → seller-fault cancellation
    promised_delivery: datetime  # R-FL-3


def fulfilment_deadlines(hold_end: datetime, rules: Rulebook) -> FulfilmentDeadlines:
    rule = rules.fulfilment
    dispatch = add_business_days(hold_end, rule.dispatch_business_days, rules)
    return FulfilmentDeadlines(
        dispatch=dispatch,
        collection=add_business_days(hold_end, rule.auto_cancel_business_days, rules),
        promised_delivery=add_business_days(dispatch, rule.delivery_promise_business_days, rules),
    )
