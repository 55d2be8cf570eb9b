"""After-sales cases with every deadline of R-AS-1..3 crossed to the second (docs/rules.md §6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pasar.domain.case_commands import (
    AcceptOffer,
    Approve,
    Arbitrate,
    CaseCommand,
    DeclineOffer,
    Escalate,
    OfferPartialRefund,
    ReceiveReturn,
    Refund,
    Reject,
    ShipReturn,
    SubmitProof,
)
from pasar.domain.cases import CaseKind, CaseReason, CaseStatus
from pasar.domain.errors import Forbidden, InvalidInput, InvalidTransition
from pasar.domain.orders import OrderStatus
from pasar.rules import rulebook_for
from pasar.services import after_sales
from pasar.services.after_sales import DeadlinePassed, DuplicateCase
from pasar.services.attachments import attach
from tests.support import Given

SECOND = timedelta(seconds=1)
PDF = b"%PDF-1.4\n% proof of delivery\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _open(given: Given, buyer, order_id, kind=CaseKind.REFUND_ONLY, reason=CaseReason.DEFECTIVE, **extra) -> int:
    with given.marketplace.uow() as uow:
        return after_sales.open_case(uow, buyer, order_id, kind=kind, reason=reason, **extra)


def _act(given: Given, who, case_id: int, command: CaseCommand):
    with given.marketplace.uow() as uow:
        return after_sales.handle(uow, who, case_id, command)


def _case(given: Given, case_id: int):
    with given.marketplace.uow(read_only=True) as uow:
        return uow.cases.get(case_id)


def _days(market: str, key: str) -> timedelta:
    return timedelta(days=getattr(rulebook_for(market).after_sales, key))


def test_r_as_1_seller_approval_refunds_at_once(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = _open(given, buyer, order_id)
    _act(given, given.seller(shop), case_id, Approve())
    case, order = _case(given, case_id), given.order_row(order_id)
    assert case.status == CaseStatus.REFUNDED and case.refunded_amount == order.total_amount
    assert order.refunded_amount == order.total_amount and case.approved_at == clock.now()


def test_r_as_1_an_undecided_refund_is_approved_after_two_natural_days(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = _open(given, buyer, order_id)
    clock.advance(_days("ID", "seller_decision_days") - SECOND)
    given.work()
    assert _case(given, case_id).status == CaseStatus.REQUESTED
    clock.advance(SECOND)
    # At the deadline the seller can no longer decide: the system's approval stands
    with pytest.raises(DeadlinePassed):
        _act(given, given.seller(shop), case_id, Reject(reason="too late"))
    given.work()
    assert _case(given, case_id).status == CaseStatus.REFUNDED
    assert given.order_row(order_id).refunded_amount == given.order_row(order_id).total_amount


def _undelivered_case_with_proof(given: Given, clock):
    """A refund-only case on a parcel shipped but not delivered, and the seller's proof file."""
    shop = given.shop()
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    given.past_hold(clock)
    given.shipped(shop, order_id)
    given.carrier_reports(order_id, "picked_up")
    case_id = _open(given, buyer, order_id, reason=CaseReason.NOT_RECEIVED)
    seller = given.seller(shop)
    with given.marketplace.uow() as uow:
        proof = attach(
            uow,
            seller,
            case_id,
            purpose="proof_of_delivery",
            filename="pod.pdf",
            content_type="application/pdf",
            data=PDF,
            max_bytes=1_000_000,
        )
    return seller, case_id, proof


def test_r_as_2_proof_of_delivery_within_24_hours_sends_the_case_to_arbitration(given: Given, clock) -> None:
    seller, case_id, proof = _undelivered_case_with_proof(given, clock)
    clock.advance(timedelta(hours=rulebook_for("ID").after_sales.proof_of_delivery_hours) - SECOND)
    _act(given, seller, case_id, SubmitProof(attachment_id=proof))
    assert _case(given, case_id).status == CaseStatus.AWAITING_ARBITRATION
    _act(given, given.operator(), case_id, Arbitrate(outcome="support_seller", note="carrier photo shows the door"))
    case = _case(given, case_id)
    assert (case.status, case.arbitration_outcome, case.responsibility) == ("CLOSED", "support_seller", "logistics")


def test_r_as_2_proof_after_24_hours_is_refused(given: Given, clock) -> None:
    seller, case_id, proof = _undelivered_case_with_proof(given, clock)
    clock.advance(timedelta(hours=24))
    before = given.snapshot()
    with pytest.raises(DeadlinePassed):
        _act(given, seller, case_id, SubmitProof(attachment_id=proof))
    assert given.snapshot() == before


@pytest.mark.parametrize("market", ["US", "TH"])
def test_r_as_3_the_whole_return_path(given: Given, clock, market: str) -> None:
    shop, buyer, order_id = given.delivered_order(clock, market=market, stock=[4], quantity=2)
    seller = given.seller(shop)
    case_id = _open(given, buyer, order_id, kind=CaseKind.RETURN_AND_REFUND, reason=CaseReason.NOT_AS_DESCRIBED)
    # The seller approves: the buyer is sent the return address automatically
    _act(given, seller, case_id, Approve())
    case = _case(given, case_id)
    assert case.status == CaseStatus.AWAITING_RETURN
    assert case.return_address == rulebook_for(market).after_sales.return_address
    given.work()
    # The buyer ships the return just inside 5 days
    clock.advance(_days(market, "buyer_return_ship_days") - SECOND)
    _act(given, buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET123456"))
    # The seller receives it: the units are back on the shelf
    clock.advance(timedelta(days=1))
    _act(given, seller, case_id, ReceiveReturn())
    assert given.available(shop.sku_ids[0]) == 4
    # The seller refunds just inside 2 days
    clock.advance(_days(market, "seller_refund_after_receipt_days") - SECOND)
    _act(given, seller, case_id, Refund())
    case, order = _case(given, case_id), given.order_row(order_id)
    assert case.status == CaseStatus.REFUNDED and not case.refunded_by_platform
    assert order.refunded_amount == order.total_amount
    assert [h.event for h in _history(given, case_id)] == ["open", "approve", "ship_return", "receive_return", "refund"]


def _history(given: Given, case_id: int):
    with given.marketplace.uow(read_only=True) as uow:
        return uow.cases.history(case_id)


@pytest.mark.parametrize("market", ["US", "TH"])
def test_r_as_3_a_return_not_shipped_in_5_days_closes_the_case(given: Given, clock, market: str) -> None:
    _shop, buyer, order_id = given.delivered_order(clock, market=market)
    case_id = _open(given, buyer, order_id, kind=CaseKind.RETURN_AND_REFUND, reason=CaseReason.CHANGED_MIND)
    clock.advance(_days(market, "seller_decision_days"))
    given.work()  # auto-approved at the seller's deadline
    assert _case(given, case_id).status == CaseStatus.AWAITING_RETURN
    clock.advance(_days(market, "buyer_return_ship_days") - SECOND)
    given.work()
    assert _case(given, case_id).status == CaseStatus.AWAITING_RETURN
    clock.advance(SECOND)
    given.work()
    case = _case(given, case_id)
    assert case.status == CaseStatus.CLOSED and given.order_row(order_id).refunded_amount == 0
    assert case.responsibility == "buyer"


@pytest.mark.parametrize("market", ["US", "TH"])
def test_r_as_3_a_seller_who_does_not_refund_in_time_is_debited(given: Given, clock, market: str) -> None:
    shop, buyer, order_id = given.delivered_order(clock, market=market)
    seller = given.seller(shop)
    case_id = _open(given, buyer, order_id, kind=CaseKind.RETURN_AND_REFUND, reason=CaseReason.WRONG_ITEM)
    _act(given, seller, case_id, Approve())
    _act(given, buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET777000"))
    _act(given, seller, case_id, ReceiveReturn())
    clock.advance(_days(market, "seller_refund_after_receipt_days"))
    given.work()
    case, order = _case(given, case_id), given.order_row(order_id)
    assert case.status == CaseStatus.REFUNDED and case.refunded_by_platform
    assert order.refunded_amount == order.total_amount
    with given.marketplace.uow(read_only=True) as uow:
        assert uow.fulfilment.debits_total(shop.id) == order.total_amount


def test_r_as_4_an_escalated_rejection_is_a_complaint_and_arbitration_decides(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = _open(given, buyer, order_id, reason=CaseReason.COUNTERFEIT)
    _act(given, given.seller(shop), case_id, Reject(reason="it is genuine"))
    _act(given, buyer, case_id, Escalate())
    with given.marketplace.uow(read_only=True) as uow:
        from sqlalchemy import select

        from pasar.store.tables import complaints

        kinds = list(uow.conn.execute(select(complaints.c.kind, complaints.c.shop_id)))
    assert [tuple(k) for k in kinds] == [("arbitration_escalation", shop.id)]
    _act(given, given.operator(), case_id, Arbitrate(outcome="support_buyer"))
    assert _case(given, case_id).status == CaseStatus.REFUNDED


def test_r_as_5_every_reason_carries_its_responsibility(given: Given, clock) -> None:
    _, buyer, order_id = given.delivered_order(clock, stock=[10], quantity=1)
    case_id = _open(given, buyer, order_id, reason=CaseReason.DAMAGED_IN_TRANSIT)
    assert _case(given, case_id).responsibility == "logistics"


def test_partial_refund_offer_accepted_or_declined(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock, price=80_000)
    seller = given.seller(shop)
    case_id = _open(given, buyer, order_id, kind=CaseKind.RETURN_AND_REFUND, reason=CaseReason.MISSING_PARTS)
    _act(given, seller, case_id, OfferPartialRefund(amount=30_000))
    _act(given, buyer, case_id, DeclineOffer())
    assert _case(given, case_id).status == CaseStatus.REQUESTED  # the seller decides again
    _act(given, seller, case_id, OfferPartialRefund(amount=40_000))
    _act(given, buyer, case_id, AcceptOffer())
    case, order = _case(given, case_id), given.order_row(order_id)
    assert case.status == CaseStatus.REFUNDED and case.refunded_amount == 40_000 == order.refunded_amount


def test_an_open_case_keeps_the_order_from_completing_until_it_closes(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = _open(given, buyer, order_id, kind=CaseKind.RETURN_AND_REFUND, reason=CaseReason.DEFECTIVE)
    seller = given.seller(shop)
    _act(given, seller, case_id, Approve())
    _act(given, buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET000111"))
    clock.advance(_days("ID", "window_days"))
    given.work()
    assert given.order_row(order_id).status == OrderStatus.DELIVERED  # the return is still on its way
    _act(given, seller, case_id, ReceiveReturn())
    _act(given, seller, case_id, Refund())
    assert given.order_row(order_id).status == OrderStatus.COMPLETED


def test_refused_actions_change_nothing(given: Given, clock) -> None:
    shop, buyer, order_id = given.delivered_order(clock, stock=[10], quantity=2, price=10_000)
    seller = given.seller(shop)
    case_id = _open(given, buyer, order_id, amount=5_000)
    before = given.snapshot()
    with pytest.raises(DuplicateCase):  # a second case for the same items
        _open(given, buyer, order_id)
    with pytest.raises(InvalidTransition):  # the wrong state
        _act(given, seller, case_id, ReceiveReturn())
    with pytest.raises(Forbidden):  # the wrong party
        _act(given, buyer, case_id, Approve())
    with pytest.raises(InvalidInput):  # an offer above what was asked
        _act(given, seller, case_id, OfferPartialRefund(amount=9_000))
    with pytest.raises(InvalidInput), given.marketplace.uow() as uow:  # wrong file type, declared as an image
        attach(
            uow,
            buyer,
            case_id,
            purpose="evidence",
            filename="x.png",
            content_type="image/png",
            data=b"MZ\x90\x00 not an image",
            max_bytes=1_000,
        )
    with pytest.raises(InvalidInput, match="limit"), given.marketplace.uow() as uow:
        attach(
            uow,
            buyer,
            case_id,
            purpose="evidence",
            filename="big.png",
            content_type="image/png",
            data=PNG * 100,
            max_bytes=1_000,
        )
    assert given.snapshot() == before


def test_a_refund_can_never_exceed_what_was_paid(given: Given, clock) -> None:
    _, buyer, order_id = given.delivered_order(clock, price=10_000)
    before = given.snapshot()
    with pytest.raises(InvalidInput, match="amount"):
        _open(given, buyer, order_id, amount=10_001)
    assert given.snapshot() == before


def test_r_fl_4_no_case_after_completion(given: Given, clock) -> None:
    _, buyer, order_id = given.delivered_order(clock)
    clock.advance(_days("ID", "window_days"))
    given.work()
    with pytest.raises(InvalidTransition, match="completed"):
        _open(given, buyer, order_id)


def test_r_as_6_the_policy_follows_the_market_and_the_mall(given: Given) -> None:
    from pasar.api.routes.after_sales import policy

    shop = given.shop(market="ID")
    answer = policy(shop.id, given.marketplace)
    assert answer["request_window_days"] == 6 and answer["return_address"].startswith("Pasar Returns Centre")


def test_a_refund_replayed_with_the_same_key_pays_once(given: Given, clock) -> None:
    from pasar.services.refunds import refund

    _, _, order_id = given.delivered_order(clock, price=10_000)
    with given.marketplace.uow() as uow:
        order = uow.orders.lock([order_id])[0]
        first = refund(uow, uow.ports.gateway, order, 4_000, key="goodwill-1", reason="goodwill")
    with given.marketplace.uow() as uow:
        order = uow.orders.lock([order_id])[0]
        again = refund(uow, uow.ports.gateway, order, 4_000, key="goodwill-1", reason="goodwill")
    assert (first.replayed, again.replayed, again.reference) == (False, True, first.reference)
    assert given.order_row(order_id).refunded_amount == 4_000
