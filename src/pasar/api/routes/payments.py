"""Payment attempts and the gateway's callback (R-UP-4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, status

from pasar.api.deps import MarketDep, PathId, PrincipalDep, require
from pasar.api.schemas import GatewayCallbackIn, PaymentIn, PaymentOut
from pasar.api.signed import RawBody, check_timestamp, json_body, parse_body
from pasar.domain.errors import Unauthenticated
from pasar.domain.principals import PrincipalKind
from pasar.services.payments import apply_gateway_result, start_payment

router = APIRouter(prefix="/v1", tags=["payments"])


@router.post(
    "/orders/{order_id}/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentOut,
    summary="Start a payment attempt; the gateway's callback settles it",
)
def create_payment(order_id: PathId, body: PaymentIn, who: PrincipalDep, market: MarketDep) -> PaymentOut:
    require(who, PrincipalKind.BUYER)
    with market.uow() as uow:
        result = start_payment(uow, who, order_id, body.method, market.gateway.new_reference())
    return PaymentOut(
        reference=result.reference,
        order_id=result.order_id,
        status=result.status.value,
        order_status=result.order_status.value,
        replayed=False,
    )


@router.post(
    "/payments/callback",
    response_model=PaymentOut,
    summary="The payment gateway reports an attempt's outcome (HMAC-signed over a timestamp; idempotent)",
    description=(
        "Signed with `PASAR_GATEWAY_SECRET`: `X-Pasar-Timestamp` (Unix seconds) and "
        '`X-Pasar-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. A timestamp further than '
        "`PASAR_SIGNATURE_TOLERANCE` seconds from now is refused as a replay; the signature is checked "
        "before the body is read. The same reference and outcome again is answered with `replayed: true`."
    ),
    openapi_extra=json_body(GatewayCallbackIn, "The attempt's reference and outcome."),
)
def gateway_callback(
    raw: RawBody,
    market: MarketDep,
    x_pasar_timestamp: Annotated[str | None, Header()] = None,
    x_pasar_signature: Annotated[str | None, Header()] = None,
) -> PaymentOut:
    tolerance = market.settings.signature_tolerance_seconds
    timestamp = check_timestamp(x_pasar_timestamp, x_pasar_signature, now=market.clock.now(), tolerance=tolerance)
    if x_pasar_signature is None or not market.gateway.verify(raw, timestamp, x_pasar_signature):
        raise Unauthenticated("the callback's X-Pasar-Signature does not match its timestamp and body")
    body = parse_body(GatewayCallbackIn, raw)
    with market.uow() as uow:
        result = apply_gateway_result(uow, body.reference, body.outcome, body.failure_reason)
    return PaymentOut(
        reference=result.reference,
        order_id=result.order_id,
        status=result.status.value,
        order_status=result.order_status.value,
        replayed=result.replayed,
    )
