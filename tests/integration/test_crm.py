"""CRM on both databases: segments (R-CR-1) and broadcasts with privilege, opt-out, cap, moderation (R-CR-2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert

from pasar.domain.messaging import CustomRule, Segment
from pasar.rules import rulebook_for
from pasar.services import crm
from pasar.services.notifications import dispatch_outbox
from pasar.store import tables
from pasar.store.tables_messaging import crm_coupons, crm_recipients, violations
from tests.conftest import START
from tests.messaging_support import rows, snapshot

CRM = rulebook_for("ID").crm


@pytest.fixture
def shop_with_buyers(given, clock):
    """B1 new (1 order now), B2 repeat (100 days ago and now), B3 lapsed (100 days ago), B4 high value
    (3 orders of 2 units now), B5 repeat (40 days ago and now; opted in). Prices 50,000 a unit;
    B1 also bought a beauty product (10,000)."""
    shop = given.shop(stock=[100])
    beauty = given.product(shop, category="beauty_personal_care")
    sku = shop.sku_ids[0]
    b = {name: given.buyer() for name in ("B1", "B2", "B3", "B4", "B5")}

    def bought(buyer, days_ago, quantity=1, item=sku):
        clock.set(START - timedelta(days=days_ago))
        given.paid(buyer, given.order(buyer, item, quantity))

    bought(b["B2"], 100)
    bought(b["B3"], 100)
    bought(b["B5"], 40)
    bought(b["B1"], 0)
    bought(b["B1"], 0, item=beauty)
    bought(b["B2"], 0)
    bought(b["B5"], 0)
    for _ in range(3):
        bought(b["B4"], 0, quantity=2)
    clock.set(START)
    return shop, {name: buyer.buyer_id for name, buyer in b.items()}, {n: bu for n, bu in b.items()}


def _members(given, shop, segment, rule=None):
    with given.marketplace.uow(read_only=True) as uow:
        return crm.members(uow, shop.id, segment, rule)


def test_r_cr_1_segments_match_hand_computed_membership(given, shop_with_buyers) -> None:
    """Given five buyers with known histories, then new/repeat/lapsed/high value/custom segments hold
    exactly the buyers computed by hand from the rulebook (new 30 d, lapsed 90 d, top 20% by spend)."""
    shop, ids, _ = shop_with_buyers
    pick = lambda *names: sorted(ids[n] for n in names)  # noqa: E731
    assert _members(given, shop, Segment.NEW) == pick("B1", "B4")
    assert _members(given, shop, Segment.REPEAT) == pick("B1", "B2", "B4", "B5")  # B1: two orders (two products)
    assert _members(given, shop, Segment.LAPSED) == pick("B3")
    assert _members(given, shop, Segment.HIGH_VALUE) == pick("B4")  # ceil(5 × 0.2) = 1 buyer: 300,000
    assert _members(given, shop, Segment.CUSTOM, CustomRule(min_orders=2, min_spend=100_000)) == pick("B2", "B4", "B5")
    assert _members(given, shop, Segment.CUSTOM, CustomRule(category="beauty_personal_care")) == pick("B1")
    assert _members(given, shop, Segment.CUSTOM, CustomRule(last_order_within_days=30)) == pick("B1", "B2", "B4", "B5")


def _broadcast(given, shop, segment=Segment.REPEAT, text="Koleksi baru sudah tersedia, cek toko kami!", **kw):
    with given.marketplace.uow() as uow:
        return crm.broadcast(uow, given.seller(shop), segment=segment, text=text, **kw)


def test_r_cr_2_opt_out_and_the_cap_at_its_boundary(given, clock, shop_with_buyers) -> None:
    """Given B5 opted out, when the shop broadcasts to repeat buyers, then B1, B2 and B4 get it (one
    outbox event each, an in-app notification after dispatch) and B5 is skipped and counted; a second
    broadcast 7 days minus a second later reaches nobody (refused, nothing stored); at exactly 7 days it
    reaches them again."""
    shop, ids, b = shop_with_buyers
    with given.marketplace.uow() as uow:
        crm.set_opt_out(uow, b["B5"], shop.id, opted_out=True)
    first = _broadcast(given, shop)
    assert (first.recipients, first.skipped_opted_out, first.skipped_capped) == (3, 1, 0)
    assert sorted(r.buyer_id for r in rows(given, crm_recipients)) == sorted([ids["B1"], ids["B2"], ids["B4"]])
    dispatch_outbox(given.marketplace.uow)
    assert [n.kind for n in given.notifications(b["B2"])] == ["crm_broadcast"]
    assert given.notifications(b["B5"]) == []
    clock.set(START + timedelta(days=CRM.broadcast_cap_days) - timedelta(seconds=1))
    before = snapshot(given)
    with pytest.raises(crm.NoRecipients) as capped:
        _broadcast(given, shop)
    assert "already got a broadcast" in capped.value.detail
    assert snapshot(given) == before
    clock.set(START + timedelta(days=CRM.broadcast_cap_days))
    second = _broadcast(given, shop)
    assert (second.recipients, second.skipped_opted_out, second.skipped_capped) == (3, 1, 0)


def test_r_cr_2_capped_buyers_are_skipped_and_counted(given, clock, shop_with_buyers) -> None:
    """Given a broadcast to new buyers (B1, B4), when the shop broadcasts to repeat buyers a day later,
    then B1 and B4 are skipped as capped and only B2 and B5 receive it."""
    shop, _, _ = shop_with_buyers
    _broadcast(given, shop, Segment.NEW)
    clock.advance(timedelta(days=1))
    result = _broadcast(given, shop, Segment.REPEAT)
    assert (result.recipients, result.skipped_capped) == (2, 2)


def test_r_cr_2_a_segment_of_only_opted_out_buyers_is_refused(given, shop_with_buyers) -> None:
    """Given the only lapsed buyer opted out, when the shop broadcasts to lapsed buyers, then it is refused
    (409 no-recipients naming the segment) and nothing is stored or sent."""
    shop, _, b = shop_with_buyers
    with given.marketplace.uow() as uow:
        crm.set_opt_out(uow, b["B3"], shop.id, opted_out=True)
    before = snapshot(given)
    with pytest.raises(crm.NoRecipients) as refused:
        _broadcast(given, shop, Segment.LAPSED)
    assert refused.value.field == "segment" and "1 opted out" in refused.value.detail
    assert snapshot(given) == before


def test_r_cr_2_without_the_crm_privilege_nothing_is_sent(given, shop_with_buyers) -> None:
    """Given the shop's latest score 2.0 (below the 3.5 threshold), when it broadcasts, then 403
    privilege-required and nothing stored; a shop with no score yet holds the privilege (R-SC-10)."""
    shop, _, _ = shop_with_buyers
    with given.marketplace.uow(read_only=True) as uow:
        assert crm.crm_broadcast_allowed(uow, shop.id)
    with given.marketplace.uow() as uow:
        values = {c.name: 0 for c in tables.shop_score_snapshots.columns if not c.nullable}
        values.update(shop_id=shop.id, as_of=date(2026, 3, 1), market="ID", computed_at=START, nrr_level="ok", sps=2.0)
        uow.conn.execute(insert(tables.shop_score_snapshots).values(values))
    before = snapshot(given)
    with pytest.raises(crm.PrivilegeRequired) as refused:
        _broadcast(given, shop)
    assert refused.value.status == 403 and refused.value.code == "privilege-required"
    assert snapshot(given) == before


def test_r_cr_2_a_broadcast_is_moderated_before_anything_is_sent(given, shop_with_buyers) -> None:
    """Given a broadcast text with a phone number, when the shop broadcasts, then it is blocked (contact),
    nobody receives it and a messaging violation is recorded (R-IM-4, R-IM-5)."""
    shop, _, _ = shop_with_buyers
    result = _broadcast(given, shop, text="Promo! Order langsung via WA 0812-3456-7890")
    assert result.blocked and "contact" in {v.category for v in result.verdict.violations}
    assert rows(given, crm_recipients) == []
    (violation,) = rows(given, violations)
    assert violation.category == "contact"
    assert "crm.broadcast" not in [event.topic for event in rows(given, tables.outbox)]


def test_r_cr_2_coupons_reach_recipients(given, clock, shop_with_buyers) -> None:
    """Given a broadcast with a coupon (10,000 off 100,000, 14 days), then each recipient holds it until
    it expires; an expiry in the past is refused naming the field."""
    shop, _, b = shop_with_buyers
    coupon = crm.Coupon(10_000, 100_000, START + timedelta(days=14))
    result = _broadcast(given, shop, Segment.HIGH_VALUE, coupon=coupon)
    assert result.coupon_id is not None and len(rows(given, crm_coupons)) == 1
    with given.marketplace.uow(read_only=True) as uow:
        assert [c["amount_off"] for c in crm.coupons_json(uow, b["B4"])] == [10_000]
        assert crm.coupons_json(uow, b["B1"]) == []
    with pytest.raises(crm.InvalidInput) as bad:
        _broadcast(given, shop, Segment.LAPSED, coupon=crm.Coupon(10_000, 100_000, START - timedelta(days=1)))
    assert bad.value.field == "coupon.expires_at"


@pytest.mark.parametrize(
    ("coupon", "field"),
    [
        (crm.Coupon(10_000, 100_000, datetime(2026, 3, 20, 12, 0)), "coupon.expires_at"),  # no time zone
        (crm.Coupon(2**63, 2**63, START + timedelta(days=14)), "coupon.amount_off"),  # beyond the store's amounts
        (crm.Coupon(1, 2**63, START + timedelta(days=14)), "coupon.min_spend"),
    ],
    ids=["naive-expiry", "amount-beyond-64-bits", "min-spend-beyond-64-bits"],
)
def test_r_cr_2_a_coupon_the_store_cannot_keep_is_refused_and_nothing_is_sent(
    given, shop_with_buyers, coupon, field
) -> None:
    shop, _, _ = shop_with_buyers
    before = snapshot(given)
    with pytest.raises(crm.InvalidInput) as bad:
        _broadcast(given, shop, Segment.HIGH_VALUE, coupon=coupon)
    assert bad.value.field == field
    assert snapshot(given) == before
