"""Cancellation after payment, shipping, and carriers' tracking webhooks (R-CN, R-FL)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path

from pasar.adapters.carriers import TrackingUpdate
from pasar.adapters.signing import signature_matches
from pasar.api.deps import MarketDep, PathId, PrincipalDep, require
from pasar.api.routes.orders import get_order
from pasar.api.schemas import BuyerCancelIn, RejectIn, SellerCancelIn, ShipIn, TrackingEventIn
from pasar.api.serialise import plain
from pasar.api.signed import RawBody, check_timestamp, json_body, parse_body
from pasar.domain.errors import NotFound, Unauthenticated
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
    description=(
        "Signed with the carrier's own secret, `PASAR_CARRIER_SECRET_<NAME>`: `X-Pasar-Timestamp` (Unix "
        'seconds) and `X-Pasar-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. A carrier not '
        "in `PASAR_CARRIERS` is a 404 before anything else; the signature is checked before the body is read."
    ),
    openapi_extra=json_body(TrackingEventIn, "One tracking event."),
)
def tracking_event(
    raw: RawBody,
    market: MarketDep,
    carrier: Annotated[str, Path(min_length=1, max_length=40)],
    x_pasar_timestamp: Annotated[str | None, Header()] = None,
    x_pasar_signature: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    if carrier not in market.settings.carriers:
        raise NotFound(f"carrier {carrier!r} not found", field="carrier")
    tolerance = market.settings.signature_tolerance_seconds
    timestamp = check_timestamp(x_pasar_timestamp, x_pasar_signature, now=market.clock.now(), tolerance=tolerance)
    secret = market.settings.carrier_secrets.get(carrier)
    if x_pasar_signature is None or not signature_matches(secret, timestamp, raw, x_pasar_signature):
        raise Unauthenticated(f"the event's signature does not match its timestamp and body with {carrier}'s secret")
    body = parse_body(TrackingEventIn, raw)
    update = TrackingUpdate(carrier, body.event_id, body.tracking_number, body.status.value, body.occurred_at)
    with market.uow() as uow:
        applied = fulfilment.apply_tracking_update(uow, update)
    return {"applied": applied, "event_id": body.event_id}
