"""A payment that arrives for an order that can no longer take it is given back, not left pending (R-UP-3, R-UP-4).

The gateway has taken the buyer's money: the attempt is recorded as refunded through the gateway with
why, the order's history says so, the buyer is told, and the gateway's callback is answered with
what happened. A replay gives back nothing more.
"""

from __future__ import annotations

import pytest

from pasar.domain.errors import Conflict
from pasar.domain.orders import OrderStatus
from pasar.domain.payments import AttemptStatus, FailureReason, PaymentOutcome
from pasar.rules import rulebook_for
from tests.support import Given

ID = rulebook_for("ID")


def _attempt(given: Given, reference: str):
    with given.marketplace.uow(read_only=True) as uow:
        return uow.payments.by_reference(reference)


def _cancelled_with_a_payment_on_its_way(given: Given, clock, *, channel: str = "in_app"):
    shop = given.shop(stock=[5])
    buyer = given.buyer(channel=channel)
    order_id = given.order(buyer, shop.sku_ids[0], 2)
    reference = given.payment_started(buyer, order_id)
    clock.advance(ID.orders.unpaid_timeout)
    given.work()  # the worker cancels the unpaid order
    return shop, buyer, order_id, reference


def test_r_up_3_a_success_after_the_timeout_is_refunded_in_full_and_recorded(given: Given, clock) -> None:
    shop, _buyer, order_id, reference = _cancelled_with_a_payment_on_its_way(given, clock)
    result = given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    # The gateway is answered with what happened
    assert (result.status, result.order_status, result.replayed) == (
        AttemptStatus.REFUNDED,
        OrderStatus.CANCELLED,
        False,
    )
    attempt = _attempt(given, reference)
    expected_refund = given.marketplace.gateway.refund(reference, attempt.amount, f"late-payment:{reference}")
    assert (attempt.status, attempt.refund_reference, attempt.settled_at) == ("refunded", expected_refund, clock.now())
    assert "cancelled (UNPAID_TIMEOUT) before the payment arrived" in attempt.void_reason
    # The order stays cancelled and unpaid, its stock released; its history says why the money went back
    row = given.order_row(order_id)
    assert (row.status, row.paid_at, row.refunded_amount) == ("CANCELLED", None, 0)
    assert given.available(shop.sku_ids[0]) == 5
    (last,) = [h for h in given.history(order_id) if h.event == "payment_refunded"]
    assert (last.actor, last.from_status, last.to_status) == ("system", "CANCELLED", "CANCELLED")
    assert reference in last.reason and expected_refund in last.reason


def test_r_up_3_the_buyer_is_told_in_the_app_and_on_their_channel(given: Given, clock) -> None:
    _shop, buyer, order_id, reference = _cancelled_with_a_payment_on_its_way(given, clock, channel="email")
    given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    given.work()
    in_app = [n for n in given.notifications(buyer) if n.kind == "payment_refunded"]
    assert len(in_app) == 1 and in_app[0].order_id == order_id
    assert "arrived after the order was cancelled" in in_app[0].body and "refunded in full" in in_app[0].body
    assert [n.kind for n in given.notifications(buyer, "email") if n.kind == "payment_refunded"] == ["payment_refunded"]


def test_r_up_4_a_replayed_late_success_gives_back_nothing_more(given: Given, clock) -> None:
    _shop, _buyer, _order_id, reference = _cancelled_with_a_payment_on_its_way(given, clock)
    first = given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    before = given.snapshot()
    again = [given.gateway_says(reference, PaymentOutcome.SUCCEEDED) for _ in range(3)]
    assert all(r.replayed and r.status is AttemptStatus.REFUNDED for r in again) and not first.replayed
    assert given.snapshot() == before
    with pytest.raises(Conflict, match="refunded"):
        given.gateway_says(reference, PaymentOutcome.FAILED, FailureReason.GATEWAY_ERROR)
    assert given.snapshot() == before


def test_r_up_4_a_second_successful_payment_of_a_paid_order_is_given_back(given: Given) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    first, second = given.payment_started(buyer, order_id), given.payment_started(buyer, order_id)
    given.gateway_says(first, PaymentOutcome.SUCCEEDED)
    result = given.gateway_says(second, PaymentOutcome.SUCCEEDED)
    assert (result.status, result.order_status) == (AttemptStatus.REFUNDED, OrderStatus.ON_HOLD)
    assert "already paid" in _attempt(given, second).void_reason
    assert _attempt(given, first).status == "succeeded"
    assert [h.event for h in given.history(order_id)].count("pay") == 1
