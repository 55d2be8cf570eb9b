"""The unpaid-order programme, end to end through the services and the worker (seed 000)."""

from __future__ import annotations

from datetime import timedelta

from pasar.domain.orders import CancelReason, OrderStatus
from pasar.domain.payments import FailureReason, PaymentOutcome
from pasar.rules import rulebook_for
from tests.rulebooks import built_with, rulebooks_with
from tests.support import Given

RULES = rulebook_for("ID").orders
SECOND = timedelta(seconds=1)


def _reminder_seqs(given: Given, buyer) -> list[str]:
    return [n.kind for n in given.notifications(buyer)]


def test_r_up_1_placed_order_is_unpaid_and_holds_its_reservation(given: Given) -> None:
    # Given a SKU with 10 units
    shop = given.shop(stock=[10])
    buyer = given.buyer()
    # When the buyer orders 3 and does not pay
    order_id = given.order(buyer, shop.sku_ids[0], 3)
    # Then the order is UNPAID and the 3 units are reserved
    assert given.order_row(order_id).status == OrderStatus.UNPAID
    assert given.reserved(shop.sku_ids[0]) == 3
    assert given.available(shop.sku_ids[0]) == 7


def test_r_up_2_each_reminder_is_sent_exactly_once_at_its_offset(given: Given, clock, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    given.order(buyer, shop.sku_ids[0])
    first, second = RULES.payment_reminders
    # One second before the first reminder: nothing
    clock.advance(first - SECOND)
    marketplace.work_once()
    assert _reminder_seqs(given, buyer) == []
    # At the first reminder's offset: one reminder
    clock.advance(SECOND)
    marketplace.work_once()
    marketplace.work_once()
    assert _reminder_seqs(given, buyer) == ["payment_reminder"]
    # At the second offset: the second, and running the worker again sends nothing more
    clock.advance(second - first)
    marketplace.work_once()
    marketplace.work_once()
    assert _reminder_seqs(given, buyer) == ["payment_reminder", "payment_reminder"]
    bodies = [n.body for n in given.notifications(buyer)]
    assert "55 minutes" in bodies[0] and "30 minutes" in bodies[1]


def test_r_up_2_no_reminder_after_payment(given: Given, clock, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    clock.advance(RULES.payment_reminders[0])
    marketplace.work_once()
    given.paid(buyer, order_id)
    # When every later deadline has passed
    clock.advance(RULES.unpaid_timeout * 2)
    marketplace.work_once()
    # Then only the first reminder was ever sent and the order is not cancelled
    assert _reminder_seqs(given, buyer) == ["payment_reminder"]
    assert given.order_row(order_id).status == OrderStatus.AWAITING_SHIPMENT  # paid, past the hold


def test_r_up_2_no_reminder_after_buyer_cancels(given: Given, clock, marketplace) -> None:
    from pasar.domain.fulfilment import BuyerCancelReason
    from pasar.services.cancellations import buyer_cancel

    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    with marketplace.uow() as uow:
        buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND)
    clock.advance(RULES.unpaid_timeout * 2)
    marketplace.work_once()
    assert _reminder_seqs(given, buyer) == []
    assert given.order_row(order_id).cancel_reason == CancelReason.BUYER_CANCELLED


def test_r_up_3_auto_cancel_at_exactly_the_timeout_with_stock_back(given: Given, clock, marketplace) -> None:
    # Given an unpaid order for 4 of 5 units
    shop = given.shop(stock=[5])
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0], 4)
    # One second before the timeout the order is still unpaid and holds its stock
    clock.advance(RULES.unpaid_timeout - SECOND)
    marketplace.work_once()
    assert given.order_row(order_id).status == OrderStatus.UNPAID
    assert given.available(shop.sku_ids[0]) == 1
    # At the timeout the system cancels it and the stock is released at once
    clock.advance(SECOND)
    marketplace.work_once()
    row = given.order_row(order_id)
    assert row.status == OrderStatus.CANCELLED
    assert row.cancel_reason == CancelReason.UNPAID_TIMEOUT
    assert row.cancelled_by == "system"
    assert row.cancelled_at == clock.now()
    assert given.available(shop.sku_ids[0]) == 5
    last = given.history(order_id)[-1]
    assert (last.actor, last.from_status, last.to_status, last.reason) == (
        "system",
        "UNPAID",
        "CANCELLED",
        "UNPAID_TIMEOUT",
    )
    assert "unpaid_cancelled" in _reminder_seqs(given, buyer)


def test_r_up_3_timeout_follows_the_rulebook_not_the_code(engine, clock, settings) -> None:
    # Given a marketplace whose rulebook says 15 minutes and one reminder at 10
    quick = rulebooks_with("ID", "orders", unpaid_timeout_minutes=15, payment_reminder_minutes=[10])
    marketplace = built_with(quick, engine, clock, settings)
    given = Given(marketplace)
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    # When 15 minutes pass
    clock.advance(timedelta(minutes=15))
    marketplace.work_once()
    # Then one reminder was sent and the order is cancelled
    assert given.order_row(order_id).status == OrderStatus.CANCELLED
    assert _reminder_seqs(given, buyer).count("payment_reminder") == 1


def test_r_up_4_failed_payment_leaves_the_timer_running(given: Given, clock, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    # When a payment attempt fails
    reference = given.payment_started(buyer, order_id)
    result = given.gateway_says(reference, PaymentOutcome.FAILED, FailureReason.INSUFFICIENT_BALANCE)
    # Then the order is still unpaid, the failure is on record, and the timeout still cancels it
    assert result.order_status == OrderStatus.UNPAID
    assert any(h.event == "payment_failed" and "insufficient_balance" in h.reason for h in given.history(order_id))
    clock.advance(RULES.unpaid_timeout)
    marketplace.work_once()
    assert given.order_row(order_id).cancel_reason == CancelReason.UNPAID_TIMEOUT


def test_r_up_4_a_second_attempt_after_a_failure_can_still_pay(given: Given) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.gateway_says(given.payment_started(buyer, order_id), PaymentOutcome.FAILED, FailureReason.GATEWAY_ERROR)
    result = given.paid(buyer, order_id)
    assert result.order_status == OrderStatus.ON_HOLD
    assert given.order_row(order_id).paid_at is not None


def test_r_cn_1_paid_order_leaves_hold_after_the_rulebook_hold(given: Given, clock, marketplace) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    hold = rulebook_for("ID").cancellation.hold
    clock.advance(hold - SECOND)
    marketplace.work_once()
    assert given.order_row(order_id).status == OrderStatus.ON_HOLD
    clock.advance(SECOND)
    marketplace.work_once()
    assert given.order_row(order_id).status == OrderStatus.AWAITING_SHIPMENT
