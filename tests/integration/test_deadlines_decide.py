"""Deadlines decide, whatever the worker's lag (docs/design.md principle 3, services/catch_up.py).

Each time-limited action is tried one second after its deadline with the worker stopped: the setup
may run the worker, but from the moment the deadline passes nothing calls ``work_once``. The action
itself must find what the deadline decided, and what the deadline decided is stored even when the
action is then refused.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from pasar.domain.case_commands import (
    AcceptOffer,
    Approve,
    Escalate,
    OfferPartialRefund,
    ReceiveReturn,
    Refund,
    Reject,
    ShipReturn,
    SubmitProof,
    Withdraw,
)
from pasar.domain.cases import CaseKind, CaseReason, CaseStatus
from pasar.domain.errors import InvalidTransition, NotFound, NotPayable
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason
from pasar.domain.orders import OrderStatus
from pasar.domain.payments import AttemptStatus, PaymentMethod, PaymentOutcome
from pasar.domain.reviews import NewReview
from pasar.rules import rulebook_for
from pasar.services import cancellations, deadlines, reviews
from pasar.services.after_sales import DeadlinePassed
from pasar.services.payments import pay_now
from tests.integration.test_after_sales import _undelivered_case_with_proof as undelivered_case_with_proof
from tests.support import Given

SECOND = timedelta(seconds=1)
ID = rulebook_for("ID")
AFTER_SALES = ID.after_sales


def _days(days: int) -> timedelta:
    return timedelta(days=days)


def _paid_order(given: Given, *, stock: int = 5):
    shop = given.shop(stock=[stock])
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0], 2)
    given.paid(buyer, order_id)
    return shop, buyer, order_id


def _statuses(given: Given, subject_type: str, subject_id: int) -> dict[str, str]:
    return {row["kind"]: row["status"] for row in given.deadlines_of(subject_type, subject_id)}


def _cancel(given: Given, buyer, order_id: int) -> str:
    with given.marketplace.uow() as uow:
        return cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND)


# --- unpaid orders (R-UP-3) ------------------------------------------------------------------------------
def test_r_up_3_a_payment_started_1s_after_the_timeout_is_refused_and_the_order_stays_cancelled(
    given: Given, clock
) -> None:
    shop = given.shop(stock=[5])
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0], 2)
    clock.advance(ID.orders.unpaid_timeout + SECOND)
    with pytest.raises(NotPayable, match="CANCELLED"):
        given.payment_started(buyer, order_id)
    # The refusal and the store agree: the timeout cancelled the order and released its stock
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.cancelled_by) == ("CANCELLED", "UNPAID_TIMEOUT", "system")
    assert given.available(shop.sku_ids[0]) == 5
    assert _statuses(given, "order", order_id)["unpaid_timeout"] == "fired"
    # Reminders are not caught up: they decide nothing, and none was sent in the same breath
    topics = [topic for topic, subject in given.outbox_topics() if subject == order_id]
    assert "order.payment_reminder" not in topics and topics.count("order.cancelled") == 1


def test_r_up_3_a_synchronous_capture_1s_after_the_timeout_is_refused(given: Given, clock) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    clock.advance(ID.orders.unpaid_timeout + SECOND)
    with pytest.raises(NotPayable), given.marketplace.uow() as uow:
        pay_now(uow, buyer, order_id, PaymentMethod.E_WALLET, "sync-1")
    assert given.order_row(order_id).status == OrderStatus.CANCELLED


def test_r_up_3_the_gateways_success_1s_after_the_timeout_is_given_back(given: Given, clock) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    reference = given.payment_started(buyer, order_id)
    clock.advance(ID.orders.unpaid_timeout + SECOND)
    result = given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    assert (result.status, result.order_status) == (AttemptStatus.REFUNDED, OrderStatus.CANCELLED)
    assert given.order_row(order_id).paid_at is None


def test_r_up_3_1s_before_the_timeout_the_payment_goes_through(given: Given, clock) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    reference = given.payment_started(buyer, order_id)
    clock.advance(ID.orders.unpaid_timeout - SECOND)
    assert given.gateway_says(reference, PaymentOutcome.SUCCEEDED).order_status == OrderStatus.ON_HOLD


def test_r_up_2_paying_after_a_reminder_fell_due_sends_no_reminder(given: Given, clock) -> None:
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    clock.advance(ID.orders.payment_reminders[0] + SECOND)
    given.paid(buyer, order_id)
    given.work()
    assert [n.kind for n in given.notifications(buyer)] == []
    assert _statuses(given, "order", order_id)["payment_reminder"] == "void"


def test_someone_elses_order_is_not_found_and_nothing_is_caught_up_for_them(given: Given, clock) -> None:
    shop = given.shop()
    owner, stranger = given.buyer(), given.buyer()
    order_id = given.order(owner, shop.sku_ids[0])
    clock.advance(ID.orders.unpaid_timeout + SECOND)
    before = given.snapshot()
    with pytest.raises(NotFound):
        given.payment_started(stranger, order_id)
    assert given.snapshot() == before


# --- the hold, shipping and cancellation (R-CN, R-FL) ---------------------------------------------------------
def test_r_cn_1_r_cn_2_a_buyer_cancelling_1s_after_the_hold_makes_a_request(given: Given, clock) -> None:
    _shop, buyer, order_id = _paid_order(given)
    clock.advance(ID.cancellation.hold + SECOND)
    assert _cancel(given, buyer, order_id) == "requested"  # not a free cancellation: the hold had ended
    row = given.order_row(order_id)
    assert (row.status, row.refunded_amount) == (OrderStatus.AWAITING_SHIPMENT, 0)
    assert row.dispatch_deadline_at is not None  # the hold's end set the fulfilment deadlines
    assert [(h.actor, h.event) for h in given.history(order_id)][-1] == ("system", "end_hold")
    assert _statuses(given, "order", order_id)["hold_end"] == "fired"


def test_r_cn_1_a_seller_may_ship_1s_after_the_hold_ends(given: Given, clock) -> None:
    shop, _buyer, order_id = _paid_order(given)
    clock.advance(ID.cancellation.hold + SECOND)
    given.shipped(shop, order_id)
    assert given.order_row(order_id).status == OrderStatus.AWAITING_COLLECTION
    assert [h.event for h in given.history(order_id)][-2:] == ["end_hold", "arrange_shipment"]


def test_r_fl_2_a_hold_long_past_applies_every_deadline_it_leads_to(given: Given, clock) -> None:
    """The worker was down for days: the hold's end schedules a collection deadline that has passed too."""
    shop, _buyer, order_id = _paid_order(given)
    clock.advance(timedelta(days=10))
    with pytest.raises(InvalidTransition, match="CANCELLED"):
        given.shipped(shop, order_id)
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.seller_fault) == ("CANCELLED", "NOT_SHIPPED_IN_TIME", True)
    assert row.refunded_amount == row.total_amount
    deadlines = _statuses(given, "order", order_id)
    assert (deadlines["hold_end"], deadlines["collection_timeout"]) == ("fired", "fired")


def _past_hold_awaiting_shipment(given: Given, clock):
    shop, buyer, order_id = _paid_order(given)
    given.past_hold(clock)
    return shop, buyer, order_id, given.order_row(order_id).collection_deadline_at


def test_r_fl_2_shipping_1s_after_the_collection_deadline_is_refused(given: Given, clock) -> None:
    shop, _buyer, order_id, collection = _past_hold_awaiting_shipment(given, clock)
    clock.set(collection + SECOND)
    with pytest.raises(InvalidTransition, match="CANCELLED"):
        given.shipped(shop, order_id)
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.seller_fault) == ("CANCELLED", "NOT_SHIPPED_IN_TIME", True)
    assert row.refunded_amount == row.total_amount and row.tracking_number is None


def test_r_fl_2_r_cn_4_a_seller_cancelling_1s_after_the_collection_deadline_finds_the_system_cancelled(
    given: Given, clock
) -> None:
    shop, _buyer, order_id, collection = _past_hold_awaiting_shipment(given, clock)
    clock.set(collection + SECOND)
    with pytest.raises(InvalidTransition), given.marketplace.uow() as uow:
        cancellations.seller_cancel(uow, given.seller(shop), order_id, SellerCancelReason.OUT_OF_STOCK)
    row = given.order_row(order_id)
    assert (row.cancel_reason, row.cancelled_by) == ("NOT_SHIPPED_IN_TIME", "system")


def test_r_cn_2_a_seller_rejecting_1s_after_24_hours_finds_the_request_approved(given: Given, clock) -> None:
    shop, buyer, order_id, _ = _past_hold_awaiting_shipment(given, clock)
    request_id = _requested(given, buyer, order_id)
    clock.advance(timedelta(hours=ID.cancellation.request_response_hours) + SECOND)
    with pytest.raises(InvalidTransition, match="already approved"), given.marketplace.uow() as uow:
        cancellations.decide_request(uow, given.seller(shop), request_id, approve=False, reject_reason="packed")
    request = _request(given, request_id)
    assert (request.status, request.decided_by) == ("approved", "system")
    row = given.order_row(order_id)
    assert (row.status, row.cancel_reason, row.refunded_amount) == ("CANCELLED", "BUYER_CANCELLED", row.total_amount)


@pytest.mark.parametrize(
    ("requested_before_collection", "cancel_reason", "request_status"),
    [
        (timedelta(hours=36), "BUYER_CANCELLED", "approved"),  # its 24 hours end 12 h before the collection deadline
        (timedelta(hours=12), "NOT_SHIPPED_IN_TIME", "withdrawn"),  # ... 12 h after it
    ],
)
def test_r_cn_2_r_fl_2_an_orders_deadlines_apply_in_the_order_they_fell_due(
    given: Given, clock, requested_before_collection, cancel_reason, request_status
) -> None:
    shop, buyer, order_id, collection = _past_hold_awaiting_shipment(given, clock)
    clock.set(collection - requested_before_collection)
    request_id = _requested(given, buyer, order_id)
    clock.set(collection + timedelta(hours=13))  # both deadlines have passed; the worker ran neither
    with pytest.raises(InvalidTransition):
        given.shipped(shop, order_id)
    assert given.order_row(order_id).cancel_reason == cancel_reason
    assert _request(given, request_id).status == request_status


def _requested(given: Given, buyer, order_id: int) -> int:
    assert _cancel(given, buyer, order_id) == "requested"
    with given.marketplace.uow(read_only=True) as uow:
        return int(uow.fulfilment.pending_request_for(order_id).id)


def _request(given: Given, request_id: int):
    with given.marketplace.uow(read_only=True) as uow:
        return uow.fulfilment.request(request_id)


# --- after-sales cases (R-AS-1..4, R-FL-4) ---------------------------------------------------------------------
def test_r_as_1_a_seller_deciding_1s_after_two_days_finds_the_refund_approved(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = given.case_opened(buyer, order_id)
    clock.advance(_days(AFTER_SALES.seller_decision_days) + SECOND)
    with pytest.raises(DeadlinePassed, match="seller decision deadline"):
        given.acts(given.seller(shop), case_id, Reject(reason="too late"))
    case, order = given.case_row(case_id), given.order_row(order_id)
    assert case.status == CaseStatus.REFUNDED and order.refunded_amount == order.total_amount
    assert [(h.actor, h.event) for h in given.case_history(case_id)] == [("buyer", "open"), ("system", "approve")]


def test_r_as_3_an_approval_by_the_deadline_sends_the_return_address(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = given.case_opened(buyer, order_id, CaseKind.RETURN_AND_REFUND, CaseReason.NOT_AS_DESCRIBED)
    clock.advance(_days(AFTER_SALES.seller_decision_days) + SECOND)
    with pytest.raises(DeadlinePassed):
        given.acts(given.seller(shop), case_id, Approve())
    assert given.case_row(case_id).status == CaseStatus.AWAITING_RETURN
    assert ("case.return_address", case_id) in given.outbox_topics()


def test_r_as_1_a_partial_offer_1s_after_the_decision_deadline_is_refused(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock, price=80_000)
    case_id = given.case_opened(buyer, order_id)
    clock.advance(_days(AFTER_SALES.seller_decision_days) + SECOND)
    with pytest.raises(DeadlinePassed):
        given.acts(given.seller(shop), case_id, OfferPartialRefund(amount=10_000))
    assert given.case_row(case_id).status == CaseStatus.REFUNDED


def _offered(given: Given, clock):
    shop, buyer, order_id = given.delivered_order(clock, price=80_000)
    case_id = given.case_opened(buyer, order_id, CaseKind.RETURN_AND_REFUND, CaseReason.MISSING_PARTS)
    given.acts(given.seller(shop), case_id, OfferPartialRefund(amount=30_000))
    clock.advance(_days(AFTER_SALES.seller_decision_days) + SECOND)
    return shop, buyer, case_id


def test_accepting_an_offer_1s_after_its_deadline_is_refused_the_offer_was_declined(given: Given, clock) -> None:
    _shop, buyer, case_id = _offered(given, clock)
    with pytest.raises(DeadlinePassed, match="decline offer"):
        given.acts(buyer, case_id, AcceptOffer())
    case = given.case_row(case_id)
    assert (case.status, case.refunded_amount) == (CaseStatus.REQUESTED, 0)
    assert _statuses(given, "case", case_id)["case_seller_decision"] == "pending"  # the seller decides again


def test_after_an_offer_lapsed_what_the_new_status_allows_is_allowed(given: Given, clock) -> None:
    _shop, buyer, case_id = _offered(given, clock)
    assert given.acts(buyer, case_id, Withdraw()).status == CaseStatus.CLOSED
    assert [h.event for h in given.case_history(case_id)] == ["open", "offer_partial", "decline_offer", "withdraw"]


def test_r_as_2_proof_of_delivery_1s_after_24_hours_is_refused(given: Given, clock) -> None:
    seller, case_id, proof = undelivered_case_with_proof(given, clock)
    clock.advance(timedelta(hours=AFTER_SALES.proof_of_delivery_hours) + SECOND)
    with pytest.raises(DeadlinePassed, match="R-AS-2"):
        given.acts(seller, case_id, SubmitProof(attachment_id=proof))
    assert given.case_row(case_id).status == CaseStatus.REQUESTED


def test_r_as_4_r_fl_4_escalating_1s_after_the_window_is_refused_the_order_completed(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = given.case_opened(buyer, order_id, reason=CaseReason.COUNTERFEIT)
    given.acts(given.seller(shop), case_id, Reject(reason="it is genuine"))
    clock.advance(_days(AFTER_SALES.window_days) + SECOND)
    with pytest.raises(DeadlinePassed, match="R-FL-4"):
        given.acts(buyer, case_id, Escalate())
    assert given.order_row(order_id).status == OrderStatus.COMPLETED
    assert given.case_row(case_id).status == CaseStatus.REJECTED


def _awaiting_return(given: Given, clock):
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = given.case_opened(buyer, order_id, CaseKind.RETURN_AND_REFUND, CaseReason.WRONG_ITEM)
    given.acts(given.seller(shop), case_id, Approve())
    return shop, buyer, order_id, case_id


def test_r_as_3_shipping_the_return_1s_after_5_days_is_refused_the_case_closed(given: Given, clock) -> None:
    _shop, buyer, order_id, case_id = _awaiting_return(given, clock)
    clock.advance(_days(AFTER_SALES.buyer_return_ship_days) + SECOND)
    with pytest.raises(DeadlinePassed):
        given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-LATE-1"))
    case = given.case_row(case_id)
    assert (case.status, case.return_tracking_number) == (CaseStatus.CLOSED, None)
    assert given.order_row(order_id).refunded_amount == 0


def test_r_as_3_receiving_1s_after_the_receipt_deadline_finds_the_return_counted_as_received(
    given: Given, clock
) -> None:
    shop, buyer, _order_id, case_id = _awaiting_return(given, clock)
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-SLOW-1"))
    clock.advance(_days(AFTER_SALES.return_receipt_days) + SECOND)
    with pytest.raises(DeadlinePassed, match="return deemed received"):
        given.acts(given.seller(shop), case_id, ReceiveReturn())
    assert given.case_row(case_id).status == CaseStatus.RETURN_RECEIVED
    (refund_deadline,) = [d for d in given.deadlines_of("case", case_id) if d["kind"] == "case_seller_refund"]
    assert refund_deadline["due_at"] == clock.now() + _days(AFTER_SALES.seller_refund_after_receipt_days)


def test_r_as_3_refunding_1s_after_2_days_is_refused_the_platform_refunded(given: Given, clock) -> None:
    shop, buyer, order_id, case_id = _awaiting_return(given, clock)
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-REF-1"))
    given.acts(given.seller(shop), case_id, ReceiveReturn())
    clock.advance(_days(AFTER_SALES.seller_refund_after_receipt_days) + SECOND)
    with pytest.raises(DeadlinePassed, match="platform refund"):
        given.acts(given.seller(shop), case_id, Refund())
    case, order = given.case_row(case_id), given.order_row(order_id)
    assert (case.status, case.refunded_by_platform) == (CaseStatus.REFUNDED, True)
    assert order.refunded_amount == order.total_amount == given.debits(shop.id)


def test_r_fl_4_opening_a_case_1s_after_the_window_is_refused_the_order_completed(given: Given, clock) -> None:
    _shop, buyer, order_id = given.delivered_order(clock)
    clock.advance(_days(AFTER_SALES.window_days) + SECOND)
    with pytest.raises(InvalidTransition, match="completed"):
        given.case_opened(buyer, order_id)
    row = given.order_row(order_id)
    assert (row.status, row.completed_at) == (OrderStatus.COMPLETED, clock.now())


def test_r_br_2_a_review_1s_after_the_window_finds_the_order_completed(given: Given, clock) -> None:
    _shop, buyer, order_id = given.delivered_order(clock)
    clock.advance(_days(AFTER_SALES.window_days) + SECOND)
    with given.marketplace.uow() as uow:
        reviews.create_review(uow, buyer, order_id, NewReview(rating=5, text="great"))
    assert given.order_row(order_id).status == OrderStatus.COMPLETED


# --- the worker and a request never both fire one deadline ------------------------------------------------
def test_a_request_waits_for_the_worker_firing_its_deadline_and_it_fires_once(given: Given, clock) -> None:
    _shop, buyer, order_id = _paid_order(given)
    clock.advance(ID.cancellation.hold + SECOND)
    claimed, release = threading.Event(), threading.Event()

    def hold_the_batch(_due: object) -> None:
        claimed.set()
        release.wait(60)

    worker = threading.Thread(
        target=deadlines.fire_due_batch, args=(given.marketplace.uow, 100), kwargs={"on_claimed": hold_the_batch}
    )
    worker.start()
    assert claimed.wait(60)
    outcome: dict[str, str] = {}
    request = threading.Thread(target=lambda: outcome.update(result=_cancel(given, buyer, order_id)))
    request.start()
    request.join(0.5)
    # PostgreSQL: the request waits for the worker's deadline rows; SQLite: for its write lock
    assert request.is_alive() and not outcome
    release.set()
    worker.join(60)
    request.join(60)
    assert outcome == {"result": "requested"}
    assert [h.event for h in given.history(order_id)].count("end_hold") == 1


def test_a_deadline_a_request_applied_is_not_fired_again_by_the_worker(given: Given, clock) -> None:
    _shop, buyer, order_id = _paid_order(given)
    clock.advance(ID.cancellation.hold + SECOND)
    _cancel(given, buyer, order_id)
    report = deadlines.sweep(given.marketplace.uow)
    assert report.fired.get("hold_end", 0) == 0
    assert [h.event for h in given.history(order_id)].count("end_hold") == 1
