"""Payment attempts and gateway callbacks (R-UP-4) and first-payer promotions (R-UP-7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pasar.domain.errors import Conflict, InvalidInput, NotFound, NotPayable, UnknownReference
from pasar.domain.orders import OrderStatus
from pasar.domain.payments import FailureReason, PaymentMethod, PaymentOutcome
from pasar.rules import rulebook_for
from pasar.services.promotions import create_first_payers_promotion
from tests.support import Given


def test_r_up_4_the_same_gateway_reference_applied_twice_pays_once(given: Given) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    reference = given.payment_started(buyer, order_id)
    first = given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    before = given.snapshot()
    again = [given.gateway_says(reference, PaymentOutcome.SUCCEEDED) for _ in range(3)]
    assert not first.replayed and all(result.replayed for result in again)
    assert given.snapshot() == before
    assert [h.event for h in given.history(order_id)].count("pay") == 1


def test_r_up_4_attempts_record_method_and_failure_reason(given: Given, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    reference = given.payment_started(buyer, order_id, PaymentMethod.E_WALLET)
    given.gateway_says(reference, PaymentOutcome.FAILED, FailureReason.RISK_REJECTED)
    with marketplace.uow(read_only=True) as uow:
        (attempt,) = uow.payments.for_order(order_id)
    assert (attempt.method, attempt.status, attempt.failure_reason) == ("e_wallet", "failed", "risk_rejected")


def test_r_up_4_unknown_reference_is_refused(given: Given) -> None:
    with pytest.raises(UnknownReference) as refused:
        given.gateway_says("pay_nope", PaymentOutcome.SUCCEEDED)
    assert refused.value.field == "reference"


def test_r_up_4_a_failure_needs_a_reason_and_a_settled_attempt_cannot_flip(given: Given) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    reference = given.payment_started(buyer, order_id)
    with pytest.raises(InvalidInput):
        given.gateway_says(reference, PaymentOutcome.FAILED)
    given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    before = given.snapshot()
    with pytest.raises(Conflict):
        given.gateway_says(reference, PaymentOutcome.FAILED, FailureReason.GATEWAY_ERROR)
    assert given.snapshot() == before


def test_r_up_4_paying_a_cancelled_or_paid_order_is_refused(given: Given, clock, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    cancelled = given.order(buyer, shop.sku_ids[0])
    clock.advance(rulebook_for("ID").orders.unpaid_timeout)
    marketplace.work_once()
    before = given.snapshot()
    with pytest.raises(NotPayable):
        given.payment_started(buyer, cancelled)
    assert given.snapshot() == before  # (a confirmation that arrives anyway: tests/integration/test_late_payments.py)
    paid = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, paid)
    with pytest.raises(NotPayable):
        given.payment_started(buyer, paid)


def test_r_up_4_cash_on_delivery_only_where_the_market_allows_it(given: Given) -> None:
    shop = given.shop(market="GB")
    buyer = given.buyer(market="GB")
    order_id = given.order(buyer, shop.sku_ids[0])
    with pytest.raises(InvalidInput) as refused:
        given.payment_started(buyer, order_id, PaymentMethod.CASH_ON_DELIVERY)
    assert refused.value.field == "method"


def test_another_buyer_cannot_pay_or_see_the_order(given: Given) -> None:
    shop = given.shop()
    owner, stranger = given.buyer(), given.buyer()
    order_id = given.order(owner, shop.sku_ids[0])
    with pytest.raises(NotFound):
        given.payment_started(stranger, order_id)


def test_r_up_7_first_payers_are_decided_by_payment_time_not_placement(given: Given, clock, marketplace) -> None:
    # Given a live promotion: the first 2 payers get 5,000 off
    shop = given.shop(stock=[10])
    with marketplace.uow() as uow:
        promotion = create_first_payers_promotion(
            uow,
            shop_id=shop.id,
            title="Live: first 2 payers",
            first_n=2,
            discount_amount=5_000,
            starts_at=clock.now(),
            ends_at=clock.now() + timedelta(hours=2),
        )
    buyers = [given.buyer() for _ in range(3)]
    # When three buyers order in order A, B, C but pay in order C, A, B
    orders = [given.order(buyer, shop.sku_ids[0]) for buyer in buyers]
    for index in (2, 0, 1):
        clock.advance(timedelta(seconds=30))
        given.paid(buyers[index], orders[index])
    # Then C and A won, ranked by payment, and B did not
    with marketplace.uow(read_only=True) as uow:
        winners = [(claim.rank, claim.order_id, claim.discount_amount) for claim in uow.promotions.claims(promotion)]
    assert winners == [(1, orders[2], 5_000), (2, orders[0], 5_000)]
    marketplace.work_once()
    assert [n.kind for n in given.notifications(buyers[2])] == ["promotion_won"]
    assert given.notifications(buyers[1]) == []


def test_r_up_7_orders_placed_outside_the_live_window_are_not_eligible(given: Given, clock, marketplace) -> None:
    shop = given.shop(stock=[10])
    buyer = given.buyer()
    early = given.order(buyer, shop.sku_ids[0])
    clock.advance(timedelta(minutes=1))
    with marketplace.uow() as uow:
        promotion = create_first_payers_promotion(
            uow,
            shop_id=shop.id,
            title="Live",
            first_n=5,
            discount_amount=1_000,
            starts_at=clock.now(),
            ends_at=clock.now() + timedelta(hours=1),
        )
    given.paid(buyer, early)
    with marketplace.uow(read_only=True) as uow:
        assert uow.promotions.claims(promotion) == []
    assert given.order_row(early).status == OrderStatus.ON_HOLD
