"""A cancellation request waits only while the order does (R-CN-2): when the order moves on first
(the carrier picks the parcel up, or the order is cancelled another way) the request is withdrawn,
saying why, in the request and the order's history, and its 24-hour approval never fires.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from pasar.domain.errors import InvalidTransition
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason
from pasar.domain.orders import OrderStatus
from pasar.rules import rulebook_for
from pasar.services import cancellations
from tests.support import Given

ID = rulebook_for("ID")


def _request(given: Given, buyer, order_id: int):
    with given.marketplace.uow() as uow:
        assert cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND) == "requested"
        return uow.fulfilment.pending_request_for(order_id)


def _request_now(given: Given, request_id: int):
    with given.marketplace.uow(read_only=True) as uow:
        return uow.fulfilment.request(request_id)


def _awaiting_collection(given: Given, clock, *, platform: bool = False):
    shop = given.shop(platform=platform)
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    given.past_hold(clock)
    if not platform:
        given.shipped(shop, order_id)
    assert given.order_row(order_id).status == OrderStatus.AWAITING_COLLECTION
    return shop, buyer, order_id


def test_r_cn_2_a_request_waiting_when_the_carrier_picks_up_is_withdrawn(given: Given, clock) -> None:
    _shop, buyer, order_id = _awaiting_collection(given, clock)
    request = _request(given, buyer, order_id)
    given.carrier_reports(order_id, "picked_up")
    withdrawn = _request_now(given, request.id)
    assert (withdrawn.status, withdrawn.decided_by, withdrawn.decided_at) == ("withdrawn", "system", clock.now())
    assert withdrawn.withdraw_reason == "the order became IN_TRANSIT: picked up by the carrier"
    last = given.history(order_id)[-1]
    assert (last.actor, last.event, last.to_status) == ("system", "cancellation_request_withdrawn", "IN_TRANSIT")
    assert last.reason == f"cancellation request {request.id} withdrawn: {withdrawn.withdraw_reason}"
    assert [d["status"] for d in given.deadlines_of("cancellation_request", request.id)] == ["void"]
    # A day later nothing approves it: the parcel travels on and nothing is refunded
    clock.advance(timedelta(hours=ID.cancellation.request_response_hours, seconds=1))
    given.work()
    row = given.order_row(order_id)
    assert (row.status, row.refunded_amount) == (OrderStatus.IN_TRANSIT, 0)
    assert _request_now(given, request.id).status == "withdrawn"
    assert [n.kind for n in given.notifications(buyer) if n.kind == "cancellation_withdrawn"] == [
        "cancellation_withdrawn"
    ]


def test_r_cn_2_r_sl_4_a_request_on_a_platform_order_is_withdrawn_when_the_platform_carrier_collects(
    given: Given, clock, marketplace
) -> None:
    _shop, buyer, order_id = _awaiting_collection(given, clock, platform=True)
    request = _request(given, buyer, order_id)
    clock.advance(timedelta(hours=marketplace.settings.simulated_pickup_hours))
    given.work()  # the simulated platform carrier reports its pickup
    assert given.order_row(order_id).status == OrderStatus.IN_TRANSIT
    assert _request_now(given, request.id).status == "withdrawn"


def test_r_cn_2_r_cn_4_a_seller_cancelling_withdraws_the_waiting_request(given: Given, clock) -> None:
    shop, buyer, order_id = _awaiting_collection(given, clock)
    request = _request(given, buyer, order_id)
    with given.marketplace.uow() as uow:
        cancellations.seller_cancel(uow, given.seller(shop), order_id, SellerCancelReason.OUT_OF_STOCK)
    withdrawn = _request_now(given, request.id)
    assert withdrawn.status == "withdrawn"
    assert withdrawn.withdraw_reason == "the order became CANCELLED: SELLER_CANCELLED: out_of_stock"
    row = given.order_row(order_id)
    assert (row.cancel_reason, row.seller_fault, row.refunded_amount) == ("SELLER_CANCELLED", True, row.total_amount)
    refused = pytest.raises(InvalidTransition, match="already withdrawn: the order became CANCELLED")
    with refused, given.marketplace.uow() as uow:
        cancellations.decide_request(uow, given.seller(shop), request.id, approve=True)


def test_r_cn_2_an_approved_request_is_not_withdrawn_by_its_own_cancellation(given: Given, clock) -> None:
    shop, buyer, order_id = _awaiting_collection(given, clock)
    request = _request(given, buyer, order_id)
    with given.marketplace.uow() as uow:
        cancellations.decide_request(uow, given.seller(shop), request.id, approve=True)
    assert _request_now(given, request.id).status == "approved"
    assert "cancellation_request_withdrawn" not in [h.event for h in given.history(order_id)]
