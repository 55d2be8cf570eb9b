"""Payments: attempts, gateway results, and what paying does to an order (R-UP-4, R-UP-7, R-CN-1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from pasar.domain.errors import Conflict, InvalidInput, NotPayable, UnknownReference
from pasar.domain.orders import Actor, OrderEvent, OrderStatus
from pasar.domain.payments import OUTCOME_OF, AttemptStatus, FailureReason, PaymentMethod, PaymentOutcome
from pasar.domain.principals import Principal
from pasar.services.catch_up import catch_up_orders
from pasar.services.orders import caught_up_order, record_evidence, transition_locked
from pasar.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PaymentResult:
    reference: str
    order_id: int
    status: AttemptStatus
    order_status: OrderStatus
    replayed: bool = False


def start_payment(
    uow: UnitOfWork, principal: Principal, order_id: int, method: PaymentMethod, reference: str
) -> PaymentResult:
    """Record a payment attempt; the gateway's callback settles it (R-UP-3: not after the timeout)."""
    order = caught_up_order(uow, principal, order_id, lock=False)
    _check_payable(uow, order, method)
    _add_attempt(uow, order, method, reference, AttemptStatus.PENDING)
    uow.emit("payment.started", order.id, {"order_id": order.id, "reference": reference, "method": method.value})
    return PaymentResult(reference, order.id, AttemptStatus.PENDING, OrderStatus(order.status))


def apply_gateway_result(
    uow: UnitOfWork, reference: str, outcome: PaymentOutcome, failure_reason: FailureReason | None = None
) -> PaymentResult:
    """Settle an attempt. Idempotent: the same reference and outcome again changes nothing.

    The unpaid timeout is the stored deadline: a success that arrives after it finds the order
    cancelled (whether or not the worker has got there) and is given back (``_give_back``).
    """
    attempt = uow.payments.by_reference(reference, for_update=True)
    if attempt is None:
        raise UnknownReference(f"no payment attempt has reference {reference!r}", field="reference")
    if outcome is PaymentOutcome.FAILED and failure_reason is None:
        raise InvalidInput("a failed payment needs a failure_reason", field="failure_reason")
    if attempt.status != AttemptStatus.PENDING.value:
        return _replayed(uow, attempt, outcome)
    catch_up_orders(uow, [attempt.order_id])
    order = uow.orders.lock([attempt.order_id])[0]
    if outcome is PaymentOutcome.SUCCEEDED:
        if order.status != OrderStatus.UNPAID.value:
            return _give_back(uow, attempt, order)
        uow.payments.settle(attempt.id, status=AttemptStatus.SUCCEEDED.value, failure_reason=None, at=uow.now)
        _mark_paid(uow, order, attempt.method, reference)
        return PaymentResult(reference, order.id, AttemptStatus.SUCCEEDED, OrderStatus.ON_HOLD)
    assert failure_reason is not None
    uow.payments.settle(attempt.id, status=AttemptStatus.FAILED.value, failure_reason=failure_reason.value, at=uow.now)
    _record_failure(uow, order, attempt.method, reference, failure_reason)
    return PaymentResult(reference, order.id, AttemptStatus.FAILED, OrderStatus(order.status))


def _replayed(uow: UnitOfWork, attempt: Row[Any], outcome: PaymentOutcome) -> PaymentResult:
    """A callback for a settled attempt: the same outcome again is a replay, another one a conflict."""
    status = AttemptStatus(attempt.status)
    if OUTCOME_OF[status] is not outcome:
        raise Conflict(f"payment {attempt.reference} was already settled as {attempt.status}", field="outcome")
    order = uow.orders.get(attempt.order_id)
    assert order is not None
    return PaymentResult(attempt.reference, order.id, status, OrderStatus(order.status), True)


def _give_back(uow: UnitOfWork, attempt: Row[Any], order: Row[Any]) -> PaymentResult:
    """A payment for an order that can no longer take it (cancelled, or paid by another attempt).

    The gateway has taken the buyer's money: it goes straight back in full through the gateway
    (idempotent key per attempt), the attempt is recorded as refunded with why, the order's history
    says so, and the buyer is told. The gateway is answered with what happened, not an error.
    """
    if order.status == OrderStatus.CANCELLED.value:
        why = f"order {order.id} was cancelled ({order.cancel_reason}) before the payment arrived"
    else:
        why = f"order {order.id} was already paid (it is {order.status})"
    refund_reference = uow.ports.gateway.refund(attempt.reference, attempt.amount, f"late-payment:{attempt.reference}")
    uow.payments.settle(
        attempt.id,
        status=AttemptStatus.REFUNDED.value,
        failure_reason=None,
        at=uow.now,
        void_reason=why,
        refund_reference=refund_reference,
    )
    record_evidence(
        uow,
        order,
        "payment_refunded",
        actor=Actor.SYSTEM,
        reason=f"{attempt.method} payment {attempt.reference} refunded in full ({refund_reference}): {why}",
    )
    uow.emit(
        "payment.refunded",
        order.id,
        {
            "order_id": order.id,
            "buyer_id": order.buyer_id,
            "reference": attempt.reference,
            "amount": attempt.amount,
            "currency": order.currency,
            "order_status": order.status,
            "reason": why,
        },
    )
    return PaymentResult(attempt.reference, order.id, AttemptStatus.REFUNDED, OrderStatus(order.status))


def pay_now(
    uow: UnitOfWork, principal: Principal, order_id: int, method: PaymentMethod, reference: str
) -> PaymentResult:
    """A synchronous capture (the gateway answered at once): attempt and success in one transaction."""
    order = caught_up_order(uow, principal, order_id)
    _check_payable(uow, order, method)
    _add_attempt(uow, order, method, reference, AttemptStatus.SUCCEEDED)
    _mark_paid(uow, order, method.value, reference)
    return PaymentResult(reference, order.id, AttemptStatus.SUCCEEDED, OrderStatus.ON_HOLD)


def _add_attempt(
    uow: UnitOfWork, order: Row[Any], method: PaymentMethod, reference: str, status: AttemptStatus
) -> None:
    settled = uow.now if status is not AttemptStatus.PENDING else None
    uow.payments.add(
        {
            "order_id": order.id,
            "reference": reference,
            "method": method.value,
            "status": status.value,
            "failure_reason": None,
            "amount": order.total_amount,
            "created_at": uow.now,
            "settled_at": settled,
        }
    )


def _check_payable(uow: UnitOfWork, order: Row[Any], method: PaymentMethod) -> None:
    if order.status != OrderStatus.UNPAID.value:
        raise NotPayable(f"order {order.id} is {order.status}; only an unpaid order can be paid", field="order_id")
    allowed = uow.rules(order.market).orders.payment_methods
    if method.value not in allowed:
        raise InvalidInput(
            f"payment method {method.value} is not offered in {order.market} (offered: {', '.join(allowed)})",
            field="method",
        )


def _mark_paid(uow: UnitOfWork, order: Row[Any], method: str, reference: str) -> None:
    transition_locked(
        uow,
        [order],
        OrderEvent.PAY,
        actor=Actor.BUYER,
        actor_id=str(order.buyer_id),
        reason=f"paid by {method} ({reference})",
        values={"paid_at": uow.now},
    )
    uow.emit(
        "order.paid",
        order.id,
        {
            "order_id": order.id,
            "shop_id": order.shop_id,
            "buyer_id": order.buyer_id,
            "amount": order.total_amount,
            "method": method,
            "reference": reference,
        },
    )
    _claim_first_payer_slots(uow, order)


def _claim_first_payer_slots(uow: UnitOfWork, order: Row[Any]) -> None:
    """R-UP-7: the payment order, not the placement order, decides who is among the first N."""
    for promotion in uow.promotions.active_for(order.shop_id, order.placed_at):
        rank = uow.promotions.take_slot(promotion.id)
        if rank is None:
            continue
        discount = promotion.discount_for(order.total_amount)
        uow.promotions.add_claim(
            {
                "promotion_id": promotion.id,
                "rank": rank,
                "order_id": order.id,
                "discount_amount": discount,
                "paid_at": uow.now,
            }
        )
        uow.emit(
            "promotion.won",
            order.id,
            {
                "order_id": order.id,
                "buyer_id": order.buyer_id,
                "promotion_id": promotion.id,
                "rank": rank,
                "discount_amount": discount,
                "currency": order.currency,
            },
        )


def _record_failure(uow: UnitOfWork, order: Row[Any], method: str, reference: str, reason: FailureReason) -> None:
    """R-UP-4: a failed attempt is evidence, not a transition; the unpaid timer keeps running."""
    transition_locked(
        uow,
        [order],
        OrderEvent.PAYMENT_FAILED,
        actor=Actor.SYSTEM,
        reason=f"{method} payment {reference} failed: {reason.value}",
    )
    uow.emit(
        "payment.failed",
        order.id,
        {"order_id": order.id, "buyer_id": order.buyer_id, "reference": reference, "reason": reason.value},
    )
