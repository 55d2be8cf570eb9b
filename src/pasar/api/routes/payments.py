"""Payment attempts and the gateway's callback (R-UP-4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, status

from pasar.api.deps import MarketDep, PathId, PrincipalDep, require
from pasar.api.schemas import GatewayCallbackIn, PaymentIn, PaymentOut
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
    summary="The payment gateway reports an attempt's outcome (HMAC-signed; idempotent)",
)
async def gateway_callback(
    request: Request,
    body: GatewayCallbackIn,
    market: MarketDep,
    x_pasar_signature: Annotated[str | None, Header()] = None,
) -> PaymentOut:
    raw = await request.body()
    if x_pasar_signature is None or not market.gateway.verify(raw, x_pasar_signature):
        raise Unauthenticated("the callback's X-Pasar-Signature is missing or does not match its body")
    with market.uow() as uow:
        result = apply_gateway_result(uow, body.reference, body.outcome, body.failure_reason)
    return PaymentOut(
        reference=result.reference,
        order_id=result.order_id,
        status=result.status.value,
        order_status=result.order_status.value,
        replayed=result.replayed,
    )
