"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from pasar.api.fields import MAX_CART_LINES, Count, Id, Instant, Line, Money, Note, Price, Stock, Text
from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason, TrackingStatus
from pasar.domain.orders import Channel
from pasar.domain.payments import FailureReason, PaymentMethod, PaymentOutcome

TrackingNumber = Annotated[str, Text(4, 64, pattern=r"^[A-Za-z0-9-]+$")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CartLineIn(_In):
    sku_id: Id = Field(description="The SKU to buy.")
    quantity: Count = Field(description="Units, at least 1 and at most the rulebook's per-line maximum.")


class CheckoutIn(_In):
    lines: Annotated[list[CartLineIn], Field(min_length=1, max_length=MAX_CART_LINES)]
    channel: Channel = Field(description="Where the buyer found the products (R-CT-1).")


class PaymentIn(_In):
    method: PaymentMethod


class GatewayCallbackIn(_In):
    reference: Annotated[str, Text(1, 100)]
    outcome: PaymentOutcome
    failure_reason: FailureReason | None = None


class SkuIn(_In):
    code: Annotated[str, Text(1, 64)]
    name: Line
    price: Price
    stock: Stock


class ProductIn(_In):
    category: Annotated[str, Text(1, 64)]
    title: Annotated[str, Text(1, 300)]
    description: Annotated[str, Text(0, 10_000)] = ""
    skus: Annotated[list[SkuIn], Field(min_length=1, max_length=100)]


class StockIn(_In):
    on_hand: Stock


class PromotionIn(_In):
    title: Line
    first_n: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    discount_amount: Annotated[Money, Field(ge=1)]
    starts_at: Instant
    ends_at: Instant


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class PlacedOrderOut(BaseModel):
    id: int
    shop_id: int
    total_amount: int
    currency: str
    fulfilment_type: str


class CheckoutOut(BaseModel):
    orders: list[PlacedOrderOut]


class PaymentOut(BaseModel):
    reference: str
    order_id: int
    status: str = Field(
        description="pending, succeeded, failed, or refunded: it succeeded for an order that could no longer "
        "take it (cancelled, or already paid) and was given back in full at once."
    )
    order_status: str
    replayed: bool = Field(description="True when this callback had already been applied (nothing changed).")


class BuyerCancelIn(_In):
    reason: BuyerCancelReason = BuyerCancelReason.CHANGED_MIND


class SellerCancelIn(_In):
    reason: SellerCancelReason


class RejectIn(_In):
    reason: Annotated[str, Text(1, 500)]


class ShipIn(_In):
    carrier: Annotated[str, Text(1, 40)]
    tracking_number: TrackingNumber


class TrackingEventIn(_In):
    event_id: Annotated[str, Text(1, 100)]
    tracking_number: Annotated[str, Text(1, 64)]
    status: TrackingStatus
    occurred_at: Instant = Field(description="When it happened, by the carrier's clock (see the rulebook's tolerance).")


class CaseIn(_In):
    kind: CaseKind
    reason: CaseReason
    line_ids: Annotated[list[Id], Field(max_length=200)] | None = None
    description: Note = ""
    amount: Money | None = Field(None, description="Defaults to the whole value of the lines (minor units).")


class OfferIn(_In):
    amount: Money


class ProofIn(_In):
    attachment_id: Id


class ReturnShipmentIn(_In):
    carrier: Annotated[str, Text(1, 40)]
    tracking_number: TrackingNumber


class ArbitrationIn(_In):
    outcome: Annotated[str, Text(pattern=r"^(support_buyer|support_seller)$")]
    note: Annotated[str, Text(0, 1000)] = ""
