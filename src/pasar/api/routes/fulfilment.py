"""Cancellation after payment, shipping, and carriers' tracking webhooks (R-CN, R-FL)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request

from pasar.adapters.carriers import TrackingUpdate
from pasar.api.deps import MarketDep, PathId, PrincipalDep, require
from pasar.api.routes.orders import get_order
from pasar.api.schemas import BuyerCancelIn, RejectIn, SellerCancelIn, ShipIn, TrackingEventIn
from pasar.api.serialise import plain
from pasar.domain.errors import Unauthenticated
from pasar.domain.principals import PrincipalKind
from pasar.services import cancellations, fulfilment

router = APIRouter(prefix="/v1", tags=["fulfilment"])


@router.post(
    "/orders/{order_id}/cancel",
    summary="The buyer cancels: at once while unpaid or on hold, else a request the seller decides (R-CN-1/2)",
)
def buyer_cancel(
    order_id: PathId, who: PrincipalDep, market: MarketDep, body: BuyerCancelIn | None = None
) -> dict[str, Any]:
    require(who, PrincipalKind.BUYER)
    with market.uow() as uow:
        outcome = cancellations.buyer_cancel(uow, who, order_id, (body or BuyerCancelIn()).reason)
    return {"outcome": outcome, "order": get_order(order_id, who, market)}


@router.post("/orders/{order_id}/seller-cancel", summary="The seller cancels a paid order: seller-fault (R-CN-4)")
def seller_cancel(order_id: PathId, body: SellerCancelIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    with market.uow() as uow:
        cancellations.seller_cancel(uow, who, order_id, body.reason)
    return get_order(order_id, who, market)


@router.get("/cancellation-requests", summary="Cancellation requests waiting for the seller (R-CN-2)")
def pending_requests(who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    require(who, PrincipalKind.SELLER, PrincipalKind.OPERATOR)
    with market.uow(read_only=True) as uow:
        return [plain(row) for row in uow.fulfilment.pending_requests(who.shop_id)]


@router.post("/cancellation-requests/{request_id}/approve", summary="Approve: the order is cancelled and refunded")
def approve_request(request_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    with market.uow() as uow:
        cancellations.decide_request(uow, who, request_id, approve=True)
        return plain(uow.fulfilment.request(request_id))  # type: ignore[arg-type]


@router.post("/cancellation-requests/{request_id}/reject", summary="Reject, with a reason: the order goes on")
def reject_request(request_id: PathId, body: RejectIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    with market.uow() as uow:
        cancellations.decide_request(uow, who, request_id, approve=False, reject_reason=body.reason)
        return plain(uow.fulfilment.request(request_id))  # type: ignore[arg-type]


@router.post("/orders/{order_id}/ship", summary="The seller hands the parcel to a carrier (R-FL-3)")
def ship(order_id: PathId, body: ShipIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    with market.uow() as uow:
        fulfilment.ship(uow, who, order_id, body.carrier, body.tracking_number)
    return get_order(order_id, who, market)


@router.post(
    "/carriers/{carrier}/events",
    summary="A carrier reports a tracking event (HMAC-signed with a timestamp; each event id applies once)",
)
async def tracking_event(
    request: Request,
    body: TrackingEventIn,
    market: MarketDep,
    carrier: Annotated[str, Path(min_length=1, max_length=40)],
    x_pasar_timestamp: Annotated[str | None, Header()] = None,
    x_pasar_signature: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    raw = await request.body()
    _verify_carrier_signature(market, raw, x_pasar_timestamp, x_pasar_signature)
    update = TrackingUpdate(carrier, body.event_id, body.tracking_number, body.status.value, body.occurred_at)
    with market.uow() as uow:
        market.ports.carrier(carrier)
        applied = fulfilment.apply_tracking_update(uow, update)
    return {"applied": applied, "event_id": body.event_id}


def carrier_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>": a captured request cannot be replayed later."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _verify_carrier_signature(market: Any, body: bytes, timestamp: str | None, signature: str | None) -> None:
    if not timestamp or not signature:
        raise Unauthenticated("a carrier event needs X-Pasar-Timestamp and X-Pasar-Signature headers")
    try:
        sent = int(timestamp)
    except ValueError:
        raise Unauthenticated("X-Pasar-Timestamp must be Unix seconds") from None
    now = int(market.clock.now().timestamp())
    if abs(now - sent) > market.settings.carrier_signature_tolerance_seconds:
        raise Unauthenticated("the signature's timestamp is too old or too far ahead: a replayed request?")
    if not hmac.compare_digest(carrier_signature(market.settings.carrier_secret, timestamp, body), signature):
        raise Unauthenticated("the carrier event's signature does not match its body")
