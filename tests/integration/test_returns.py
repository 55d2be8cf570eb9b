"""A return on its way back (R-AS-3): the buyer gets the address, the carrier's delivery scan receives
it, a return nobody marks received still ends in a refund, and the order then completes (R-FL-4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from pasar.adapters.carriers import TrackingUpdate
from pasar.adapters.email import SmtpSender
from pasar.domain.case_commands import Approve, ShipReturn
from pasar.domain.cases import CaseKind, CaseReason, CaseStatus
from pasar.domain.errors import Conflict, UnknownReference
from pasar.rules import rulebook_for
from pasar.services import fulfilment
from pasar.services.fulfilment import DuplicateEvent
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.servers import smtp_server
from tests.support import Given

AFTER_SALES = rulebook_for("ID").after_sales


def _return_approved(given: Given, clock, *, channel: str = "in_app", quantity: int = 1):
    shop, buyer, order_id = given.delivered_order(clock, stock=[4], quantity=quantity, channel=channel)
    case_id = given.case_opened(buyer, order_id, CaseKind.RETURN_AND_REFUND, CaseReason.NOT_AS_DESCRIBED)
    given.acts(given.seller(shop), case_id, Approve())
    return shop, buyer, order_id, case_id


def _scan(given: Given, carrier: str, tracking: str, status: str, at, event_id: str | None = None) -> str:
    update = TrackingUpdate(carrier, event_id or f"{tracking}:{status}", tracking, status, at)
    with given.marketplace.uow() as uow:
        return fulfilment.apply_tracking_update(uow, update)


def test_r_as_3_the_carriers_delivery_of_the_return_receives_it_and_starts_the_refund_clock(
    given: Given, clock
) -> None:
    shop, buyer, order_id, case_id = _return_approved(given, clock, quantity=2)
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-ACME-1"))
    clock.advance(timedelta(days=1))
    assert _scan(given, "acme", "RET-ACME-1", "picked_up", clock.now()) == "picked_up"
    assert given.case_row(case_id).status == CaseStatus.RETURN_SHIPPED  # a scan on the way changes nothing
    delivered_at = clock.now()
    clock.advance(timedelta(hours=3))  # the carrier reports a little late
    assert _scan(given, "acme", "RET-ACME-1", "delivered", delivered_at) == "delivered"
    case = given.case_row(case_id)
    assert case.status == CaseStatus.RETURN_RECEIVED
    last = given.case_history(case_id)[-1]
    assert (last.actor, last.event) == ("system", "receive_return") and "RET-ACME-1" in last.reason
    assert given.available(shop.sku_ids[0]) == 4  # the units are back on the shelf
    (refund_due,) = [d["due_at"] for d in given.deadlines_of("case", case_id) if d["kind"] == "case_seller_refund"]
    assert refund_due == delivered_at + timedelta(days=AFTER_SALES.seller_refund_after_receipt_days)
    with given.marketplace.uow(read_only=True) as uow:
        scans = list(
            uow.conn.execute(select(tables.tracking_events).where(tables.tracking_events.c.case_id == case_id))
        )
    assert [(s.status, s.order_id) for s in scans] == [("picked_up", order_id), ("delivered", order_id)]
    before = given.snapshot()
    with pytest.raises(DuplicateEvent):
        _scan(given, "acme", "RET-ACME-1", "delivered", delivered_at)
    assert given.snapshot() == before


def test_r_fl_3_a_scan_of_a_parcel_nobody_ships_is_still_refused(given: Given, clock) -> None:
    with pytest.raises(UnknownReference, match="no order or return ships with acme tracking number NOPE"):
        _scan(given, "acme", "NOPE", "delivered", clock.now())


def test_r_as_3_a_return_shipped_with_the_simulated_carrier_is_delivered_by_it(
    given: Given, clock, marketplace: Marketplace
) -> None:
    _shop, buyer, _order_id, case_id = _return_approved(given, clock)
    given.acts(buyer, case_id, ShipReturn(carrier="simulated", tracking_number="SIM-RET-1"))
    settings = marketplace.settings
    clock.advance(timedelta(hours=settings.simulated_pickup_hours + settings.simulated_transit_hours))
    given.work()
    assert given.case_row(case_id).status == CaseStatus.RETURN_RECEIVED


def test_r_as_3_a_return_nobody_marks_received_is_refunded_and_the_order_completes(given: Given, clock) -> None:
    """Checked 60 days on, with the worker running daily and neither the seller nor the carrier acting."""
    shop, buyer, order_id, case_id = _return_approved(given, clock)
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-LOST-1"))
    for _ in range(60):
        clock.advance(timedelta(days=1))
        given.work()
    case, order = given.case_row(case_id), given.order_row(order_id)
    assert [h.event for h in given.case_history(case_id)] == [
        "open",
        "approve",
        "ship_return",
        "return_deemed_received",
        "platform_refund",
    ]
    assert (case.status, case.refunded_by_platform, order.status) == (CaseStatus.REFUNDED, True, "COMPLETED")
    assert order.refunded_amount == order.total_amount == given.debits(shop.id)


def test_r_as_3_one_second_before_the_receipt_deadline_the_return_is_still_on_its_way(given: Given, clock) -> None:
    _shop, buyer, _order_id, case_id = _return_approved(given, clock)
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-EDGE-1"))
    clock.advance(timedelta(days=AFTER_SALES.return_receipt_days, seconds=-1))
    given.work()
    assert given.case_row(case_id).status == CaseStatus.RETURN_SHIPPED
    clock.advance(timedelta(seconds=1))
    given.work()
    assert given.case_row(case_id).status == CaseStatus.RETURN_RECEIVED


def test_a_tracking_number_names_one_parcel_an_orders_or_a_returns(given: Given, clock) -> None:
    shop, buyer, order_id, case_id = _return_approved(given, clock)
    used = given.order_row(order_id).tracking_number
    with pytest.raises(Conflict, match="already used"):
        given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number=used))
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-ONE-1"))
    other = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, other)
    given.past_hold(clock)
    with pytest.raises(Conflict, match="already used"):
        given.shipped(shop, other, tracking="RET-ONE-1")


def test_r_as_3_on_approval_the_buyer_is_sent_the_return_address_in_the_app_and_by_email(
    given: Given, clock, marketplace: Marketplace
) -> None:
    with smtp_server() as (port, inbox):
        mailing = replace(marketplace, email=SmtpSender("127.0.0.1", port, "Pasar <no-reply@pasar.test>"))
        _shop, buyer, order_id, case_id = _return_approved(given, clock, channel="email")
        mailing.work_once()
        mailing.work_once()
    address = given.case_row(case_id).return_address
    (in_app,) = [n for n in given.notifications(buyer) if n.kind == "return_address"]
    assert in_app.order_id == order_id and address in in_app.body
    assert f"within {AFTER_SALES.buyer_return_ship_days} days" in in_app.body
    (mail,) = [m for m in inbox if m["Subject"] == f"Send your return for order {order_id}"]
    assert mail["To"] == "buyer@example.com" and address in mail.get_payload(decode=True).decode()
