"""R-VI-2 on both databases: active points across violation types, milestones and their expiry."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from pasar.domain.errors import NotFound
from pasar.moderation import Verdict, Violation
from pasar.rules import rulebook_for
from pasar.services import messaging
from pasar.services.violations import shop_violations
from pasar.store.tables_messaging import violations

RULES = rulebook_for("ID").violations


def _blocked(given, shop_id: int, category: str) -> None:
    """A blocked message as moderation reports it: one violation at the category's points (R-IM-5)."""
    with given.marketplace.uow() as uow:
        messaging.record_violation(
            uow, shop_id, "ID", "x", Verdict(False, (Violation(category, 0, 1, True),)), context="message"
        )


def _other_type(given, shop_id: int, points: int) -> None:
    """A violation of another type (a product one), written as that capability would."""
    with given.marketplace.uow() as uow:
        uow.conn.execute(
            violations.insert().values(
                shop_id=shop_id,
                type="prohibited_product",
                category="prohibited_product",
                points=points,
                evidence=json.dumps({"product": "test"}),
                status="active",
                issued_at=uow.now,
                expires_at=uow.now + timedelta(days=RULES.points_expire_days),
            )
        )


def test_r_vi_2_a_clean_shop_has_no_points_and_twelve_to_go(given) -> None:
    shop = given.shop()
    with given.marketplace.uow(read_only=True) as uow:
        standing = shop_violations(uow, shop.id)
    assert standing["active_points"] == 0 and standing["reached"] == [] and standing["violations"] == []
    assert standing["next"]["points"] == 12 and standing["points_to_next"] == 12 and not standing["warning"]


def test_r_vi_2_points_of_every_type_count_and_warn_five_before_the_milestone(given) -> None:
    """Given a messaging violation (contact details, 4 points) and a product one (4 points), when the seller
    looks, then 8 active points are 4 from the 12-point milestone: inside the 5-point warning band."""
    shop = given.shop()
    _blocked(given, shop.id, "contact")
    _other_type(given, shop.id, 4)
    with given.marketplace.uow(read_only=True) as uow:
        standing = shop_violations(uow, shop.id)
    assert standing["active_points"] == 8 and standing["points_to_next"] == 4 and standing["warning"]
    assert {v["type"] for v in standing["violations"]} == {"messaging", "prohibited_product"}
    assert standing["next"]["penalty"] == "campaigns_restricted" and standing["next"]["days"] == 7


def test_r_vi_2_reaching_a_milestone_and_the_points_expiring_after_90_days(given, clock) -> None:
    """Given 12 fraud points and 12 product points, then the 24-point milestone is reached; 90 days after
    issue the points expire and the shop is back to zero."""
    shop = given.shop()
    _blocked(given, shop.id, "fraud")
    _other_type(given, shop.id, 12)
    with given.marketplace.uow(read_only=True) as uow:
        reached = shop_violations(uow, shop.id)
    assert [m["points"] for m in reached["reached"]] == [12, 24]
    assert reached["next"]["penalty"] == "shop_deactivated" and reached["messaging_restricted_until"] is not None
    clock.advance(timedelta(days=RULES.points_expire_days))
    with given.marketplace.uow(read_only=True) as uow:
        expired = shop_violations(uow, shop.id)
    assert expired["active_points"] == 0 and expired["violations"] == [] and expired["reached"] == []


def test_an_unknown_shop_is_not_found(given) -> None:
    with given.marketplace.uow(read_only=True) as uow, pytest.raises(NotFound):
        shop_violations(uow, 999_999)
