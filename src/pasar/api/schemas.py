"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason, TrackingStatus
from pasar.domain.orders import Channel
from pasar.domain.payments import FailureReason, PaymentMethod, PaymentOutcome

MAX_ID = 2**63 - 1
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Count = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]
Money = Annotated[StrictInt, Field(ge=0, le=10**15, description="Minor units of the market's currency.")]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CartLineIn(_In):
    sku_id: Id = Field(description="The SKU to buy.")
    quantity: Count = Field(description="Units, at least 1 and at most the rulebook's per-line maximum.")


class CheckoutIn(_In):
    lines: Annotated[list[CartLineIn], Field(min_length=1, max_length=200)]
    channel: Channel = Field(description="Where the buyer found the products (R-CT-1).")


class PaymentIn(_In):
    method: PaymentMethod


class GatewayCallbackIn(_In):
    reference: Annotated[str, Field(min_length=1, max_length=100)]
    outcome: PaymentOutcome
    failure_reason: FailureReason | None = None


class SkuIn(_In):
    code: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    price: Money
    stock: Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]


class ProductIn(_In):
    category: Annotated[str, Field(min_length=1, max_length=64)]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    description: Annotated[str, Field(max_length=10_000)] = ""
    skus: Annotated[list[SkuIn], Field(min_length=1, max_length=100)]


class StockIn(_In):
    on_hand: Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]


class PromotionIn(_In):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    first_n: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    discount_amount: Annotated[StrictInt, Field(ge=1, le=10**15, description="Minor units.")]
    starts_at: datetime
    ends_at: datetime


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
    reason: Annotated[str, Field(min_length=1, max_length=500)]


class ShipIn(_In):
    carrier: Annotated[str, Field(min_length=1, max_length=40)]
    tracking_number: Annotated[str, Field(min_length=4, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]


class TrackingEventIn(_In):
    event_id: Annotated[str, Field(min_length=1, max_length=100)]
    tracking_number: Annotated[str, Field(min_length=1, max_length=64)]
    status: TrackingStatus
    occurred_at: datetime


class CaseIn(_In):
    kind: CaseKind
    reason: CaseReason
    line_ids: Annotated[list[Id], Field(max_length=200)] | None = None
    description: Annotated[str, Field(max_length=5000)] = ""
    amount: Money | None = Field(None, description="Defaults to the whole value of the lines (minor units).")


class OfferIn(_In):
    amount: Money


class ProofIn(_In):
    attachment_id: Id


class ReturnShipmentIn(_In):
    carrier: Annotated[str, Field(min_length=1, max_length=40)]
    tracking_number: Annotated[str, Field(min_length=4, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]


class ArbitrationIn(_In):
    outcome: Annotated[str, Field(pattern=r"^(support_buyer|support_seller)$")]
    note: Annotated[str, Field(max_length=1000)] = ""
