"""From payment to completion: hold, cancellation, shipping deadlines, tracking, completion (R-CN, R-FL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pasar.domain.errors import Conflict, InvalidTransition, UnknownReference
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason
from pasar.domain.orders import CancelReason, OrderStatus
from pasar.rules import rulebook_for
from pasar.services import cancellations, fulfilment
from tests.support import Given

SECOND = timedelta(seconds=1)
ID = rulebook_for("ID")


def _paid_order(given: Given, clock, *, market: str = "ID", stock: int = 5, quantity: int = 2):
    shop = given.shop(market=market, stock=[stock])
    buyer = given.buyer(market=market)
    order_id = given.order(buyer, shop.sku_ids[0], quantity)
    given.paid(buyer, order_id)
    return shop, buyer, order_id


def test_r_cn_1_buyer_cancels_freely_during_the_hold_with_a_full_refund(given: Given, clock, marketplace) -> None:
    shop, buyer, order_id = _paid_order(given, clock)
    clock.advance(ID.cancellation.hold - SECOND)
    with marketplace.uow() as uow:
        assert cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND) == "cancelled"
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.seller_fault) == ("CANCELLED", "BUYER_CANCELLED", False)
    assert row.refunded_amount == row.total_amount
    assert given.available(shop.sku_ids[0]) == 5


def test_r_cn_1_the_seller_may_not_ship_during_the_hold(given: Given, clock) -> None:
    shop, _, order_id = _paid_order(given, clock)
    with pytest.raises(InvalidTransition, match="hold"):
        given.shipped(shop, order_id)
    given.past_hold(clock)
    given.shipped(shop, order_id)
    assert given.order_row(order_id).status == OrderStatus.AWAITING_COLLECTION


def test_r_cn_2_after_the_hold_a_cancellation_is_a_request_approved_after_24_hours(
    given: Given, clock, marketplace
) -> None:
    _shop, buyer, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    with marketplace.uow() as uow:
        assert cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.BETTER_PRICE) == "requested"
    clock.advance(timedelta(hours=ID.cancellation.request_response_hours) - SECOND)
    given.work()
    assert given.order_row(order_id).status == OrderStatus.AWAITING_SHIPMENT
    clock.advance(SECOND)
    given.work()
    row = given.order_row(order_id)
    assert (row.status, row.seller_fault, row.refunded_amount) == ("CANCELLED", False, row.total_amount)
    assert given.history(order_id)[-1].actor == "system"


def test_r_cn_2_a_seller_rejection_keeps_the_order_and_needs_a_reason(given: Given, clock, marketplace) -> None:
    from pasar.domain.errors import InvalidInput

    shop, buyer, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    with marketplace.uow() as uow:
        cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND)
        request = uow.fulfilment.pending_request_for(order_id)
    with pytest.raises(InvalidInput), marketplace.uow() as uow:
        cancellations.decide_request(uow, given.seller(shop), request.id, approve=False, reject_reason=" ")
    with marketplace.uow() as uow:
        cancellations.decide_request(uow, given.seller(shop), request.id, approve=False, reject_reason="already packed")
    clock.advance(timedelta(days=2))
    given.work()
    assert given.order_row(order_id).status in (OrderStatus.AWAITING_SHIPMENT, OrderStatus.CANCELLED)
    assert given.order_row(order_id).cancel_reason in (None, CancelReason.NOT_SHIPPED_IN_TIME)


def test_r_cn_3_wrong_product_details_flag_the_listing_and_count_against_the_seller(
    given: Given, clock, marketplace
) -> None:
    _shop, buyer, order_id = _paid_order(given, clock)
    with marketplace.uow() as uow:
        cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.WRONG_PRODUCT_DETAILS)
        product = uow.catalogue.product(uow.orders.lines([order_id])[0].product_id)
    assert given.order_row(order_id).seller_fault is True
    assert product.flagged_at is not None and "details were wrong" in product.flag_reason


def test_r_cn_4_a_seller_cancellation_is_seller_fault_and_refunded(given: Given, clock, marketplace) -> None:
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    with marketplace.uow() as uow:
        cancellations.seller_cancel(uow, given.seller(shop), order_id, SellerCancelReason.OUT_OF_STOCK)
    row = given.order_row(order_id)
    assert (row.cancel_reason, row.cancelled_by, row.seller_fault) == ("SELLER_CANCELLED", "seller", True)
    assert row.refunded_amount == row.total_amount and given.available(shop.sku_ids[0]) == 5


@pytest.mark.parametrize(
    ("market", "paid_at", "dispatch", "collection"),
    [
        # Jakarta: paid Wednesday 18 March 2026, 09:00; Thursday 19 is Nyepi, then a weekend
        (
            "ID",
            datetime(2026, 3, 18, 2, 0, tzinfo=UTC),
            datetime(2026, 3, 23, 3, 0, tzinfo=UTC),
            datetime(2026, 3, 24, 3, 0, tzinfo=UTC),
        ),
        # London: paid Christmas Eve 2025, 14:00; Christmas, Boxing Day, then a weekend
        (
            "GB",
            datetime(2025, 12, 24, 14, 0, tzinfo=UTC),
            datetime(2025, 12, 30, 15, 0, tzinfo=UTC),
            datetime(2025, 12, 31, 15, 0, tzinfo=UTC),
        ),
    ],
)
def test_r_fl_1_r_fl_2_deadlines_in_business_days_and_the_seller_fault_auto_cancel(
    given: Given, clock, market, paid_at, dispatch, collection
) -> None:
    clock.set(paid_at - timedelta(minutes=10))
    shop = given.shop(market=market, stock=[5])
    buyer = given.buyer(market=market)
    order_id = given.order(buyer, shop.sku_ids[0], 2)
    clock.set(paid_at)
    given.paid(buyer, order_id)
    given.past_hold(clock)
    row = given.order_row(order_id)
    assert (row.dispatch_deadline_at, row.collection_deadline_at) == (dispatch, collection)
    # One second before the collection deadline nothing happens; at it, the system cancels
    clock.set(collection - SECOND)
    given.work()
    assert given.order_row(order_id).status == OrderStatus.AWAITING_SHIPMENT
    clock.set(collection)
    given.work()
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.seller_fault) == ("CANCELLED", "NOT_SHIPPED_IN_TIME", True)
    assert row.refunded_amount == row.total_amount and given.available(shop.sku_ids[0]) == 5
    clock.set(collection + SECOND)
    given.work()
    assert given.order_row(order_id).refunded_amount == row.total_amount  # refunded once, not again


def test_r_fl_1_shipping_after_the_dispatch_deadline_is_a_late_dispatch(given: Given, clock) -> None:
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    deadline = given.order_row(order_id).dispatch_deadline_at
    clock.set(deadline + SECOND)
    given.shipped(shop, order_id)
    given.carrier_reports(order_id, "picked_up")
    row = given.order_row(order_id)
    assert row.shipped_at > row.dispatch_deadline_at and row.status == OrderStatus.IN_TRANSIT


def test_r_fl_2_a_parcel_handed_over_in_time_is_not_cancelled(given: Given, clock) -> None:
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    given.shipped(shop, order_id)
    given.carrier_reports(order_id, "picked_up")
    clock.advance(timedelta(days=10))
    given.work()
    assert given.order_row(order_id).status != OrderStatus.CANCELLED


def test_r_fl_3_the_simulated_carrier_moves_the_order_to_in_transit_and_delivered(
    given: Given, clock, marketplace
) -> None:
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    given.shipped(shop, order_id, tracking="SIM0001", carrier="simulated")
    handed = clock.now()
    clock.advance(timedelta(days=5))
    given.work()
    row = given.order_row(order_id)
    settings = marketplace.settings
    assert row.status == OrderStatus.DELIVERED and row.carrier == "simulated" and row.tracking_number == "SIM0001"
    assert row.shipped_at == handed + timedelta(hours=settings.simulated_pickup_hours)
    assert row.delivered_at == row.shipped_at + timedelta(hours=settings.simulated_transit_hours)
    assert row.promised_delivery_at is not None
    assert given.reserved(shop.sku_ids[0]) == 0 and given.available(shop.sku_ids[0]) == 3  # 2 left the warehouse


def test_r_fl_3_a_replayed_tracking_event_is_refused_and_changes_nothing(given: Given, clock) -> None:
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    given.shipped(shop, order_id)
    given.carrier_reports(order_id, "picked_up", event_id="evt-1")
    before = given.snapshot()
    with pytest.raises(Conflict, match="already applied"):
        given.carrier_reports(order_id, "picked_up", event_id="evt-1")
    assert given.snapshot() == before


def test_r_fl_3_an_event_for_an_unknown_parcel_is_refused(given: Given, marketplace) -> None:
    from pasar.adapters.carriers import TrackingUpdate

    with pytest.raises(UnknownReference), marketplace.uow() as uow:
        fulfilment.apply_tracking_update(
            uow, TrackingUpdate("simulated", "e", "NOPE", "delivered", marketplace.clock.now())
        )


def test_r_sl_4_platform_fulfilled_orders_are_shipped_by_the_platform(given: Given, clock) -> None:
    shop = given.shop(platform=True)
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    given.past_hold(clock)
    row = given.order_row(order_id)
    assert row.status == OrderStatus.AWAITING_COLLECTION and row.tracking_number.startswith("FBT")
    clock.advance(timedelta(days=4))  # past the seller's collection deadline: none applies to the platform
    given.work()
    row = given.order_row(order_id)
    assert row.status == OrderStatus.DELIVERED and row.seller_fault is False


def test_r_fl_4_delivered_becomes_completed_when_the_window_passes(given: Given, clock) -> None:
    _, _, order_id = given.delivered_order(clock, market="ID")
    window = timedelta(days=ID.after_sales.window_days)
    clock.advance(window - SECOND)
    given.work()
    assert given.order_row(order_id).status == OrderStatus.DELIVERED
    clock.advance(SECOND)
    given.work()
    row = given.order_row(order_id)
    assert row.status == OrderStatus.COMPLETED and row.completed_at == clock.now()


def test_r_fl_4_mall_shops_have_the_longer_window(given: Given, clock) -> None:
    _, _, order_id = given.delivered_order(clock, market="TH", is_mall=True)
    clock.advance(timedelta(days=rulebook_for("TH").after_sales.window_days) + SECOND)
    given.work()
    assert given.order_row(order_id).status == OrderStatus.DELIVERED
    clock.advance(timedelta(days=rulebook_for("TH").after_sales.mall_window_days))
    given.work()
    assert given.order_row(order_id).status == OrderStatus.COMPLETED


def test_r_or_3_every_transition_is_recorded_with_who_when_and_why(given: Given, clock) -> None:
    """Given an order's whole life, its history names each move's actor, instant, statuses and reason."""
    shop, _, order_id = _paid_order(given, clock)
    given.past_hold(clock)
    given.shipped(shop, order_id, tracking="ACME-HIST-1")
    given.carrier_reports(order_id, "picked_up")
    given.carrier_reports(order_id, "delivered")
    history = given.history(order_id)
    assert [(h.actor, h.event, h.from_status, h.to_status) for h in history] == [
        ("buyer", "place", None, "UNPAID"),
        ("buyer", "pay", "UNPAID", "ON_HOLD"),
        ("system", "end_hold", "ON_HOLD", "AWAITING_SHIPMENT"),
        ("seller", "arrange_shipment", "AWAITING_SHIPMENT", "AWAITING_COLLECTION"),
        ("system", "hand_to_carrier", "AWAITING_COLLECTION", "IN_TRANSIT"),
        ("system", "deliver", "IN_TRANSIT", "DELIVERED"),
    ]
    assert all(h.at is not None and h.reason for h in history)
    assert history[3].reason == "acme ACME-HIST-1" and history[3].actor_id == str(shop.id)
