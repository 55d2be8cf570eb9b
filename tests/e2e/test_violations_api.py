"""GET /v1/violations over real HTTP: R-VI-2 points and milestones, scoped to the seller's shop."""

from __future__ import annotations

from tests.e2e.conftest import World


def test_r_vi_2_a_blocked_message_shows_up_as_points_toward_the_next_milestone(world: World) -> None:
    """Given a seller whose reply is blocked for contact details, when it asks for its violations, then the
    4 points count toward the 12-point milestone; the other shop's seller still has none."""
    opened = world.buyer.post("/v1/conversations", json={"shop_id": world.shop.id})
    cid = opened.json()["id"]
    world.buyer.post(f"/v1/conversations/{cid}/messages", json={"text": "Halo"})
    blocked = world.seller.post(f"/v1/conversations/{cid}/messages", json={"text": "WA saya 0812-3456-7890"})
    assert blocked.status_code == 422
    mine = world.seller.get("/v1/violations").json()
    assert mine["active_points"] == 4 and mine["points_to_next"] == 8 and not mine["warning"]
    assert mine["violations"][0]["category"] == "contact" and mine["violations"][0]["type"] == "messaging"
    assert world.other_seller.get("/v1/violations").json()["active_points"] == 0
    assert world.operator.get("/v1/violations", params={"shop_id": world.shop.id}).json()["active_points"] == 4


def test_the_operator_must_name_the_shop_and_a_buyer_is_refused(world: World) -> None:
    missing = world.operator.get("/v1/violations")
    assert missing.status_code == 422 and missing.json()["field"] == "shop_id"
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert world.buyer.get("/v1/violations").status_code == 403
    assert world.operator.get("/v1/violations", params={"shop_id": 999_999}).status_code == 404
