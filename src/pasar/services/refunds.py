"""Refunds: back through the payment gateway, idempotent, never above what was paid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from pasar.adapters.payment_gateway import PaymentGateway
from pasar.domain.errors import Conflict, InvalidInput
from pasar.domain.payments import AttemptStatus
from pasar.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Refund:
    amount: int
    reference: str
    replayed: bool


def refundable(order: Row[Any]) -> int:
    return int(order.total_amount - order.refunded_amount) if order.paid_at is not None else 0


def refund(
    uow: UnitOfWork,
    gateway: PaymentGateway,
    order: Row[Any],
    amount: int,
    *,
    key: str,
    reason: str,
    case_id: int | None = None,
    by_platform: bool = False,
) -> Refund:
    """Refund ``amount`` of a paid order once per ``key`` (a replay returns the first refund)."""
    existing = uow.fulfilment.refund_by_key(key)
    if existing is not None:
        return Refund(int(existing.amount), str(existing.gateway_reference), True)
    if amount <= 0:
        raise InvalidInput("a refund must be positive", field="amount")
    if amount > refundable(order):
        raise InvalidInput(
            f"refund of {amount} exceeds the {refundable(order)} still refundable on order {order.id}", field="amount"
        )
    if not uow.fulfilment.add_to_refunded(order.id, amount, uow.now):
        raise Conflict(f"order {order.id} cannot be refunded {amount}: it would exceed what was paid", field="amount")
    payment = next((a for a in uow.payments.for_order(order.id) if a.status == AttemptStatus.SUCCEEDED.value), None)
    if payment is None:
        raise Conflict(f"order {order.id} has no successful payment to refund")
    reference = gateway.refund(payment.reference, amount, key)
    uow.fulfilment.add_refund(
        {
            "order_id": order.id,
            "case_id": case_id,
            "idempotency_key": key,
            "amount": amount,
            "reason": reason,
            "by_platform": by_platform,
            "gateway_reference": reference,
            "created_at": uow.now,
        }
    )
    uow.emit(
        "order.refunded",
        order.id,
        {
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "amount": amount,
            "currency": order.currency,
            "reason": reason,
            "case_id": case_id,
        },
    )
    return Refund(amount, reference, False)
