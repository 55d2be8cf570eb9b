"""A seller learns nothing of buyers it has no ground to know, and cannot name another shop (R-IM-2).

Over a real socket, on both databases.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import World
from tests.support import Given


def test_r_im_2_a_missing_buyer_and_a_stranger_get_the_same_answer(world: World, given: Given) -> None:
    """Given a real buyer who never dealt with the shop and an id no buyer has, when the seller writes to
    each, then both answers are the same, byte for byte, and nothing is created."""
    stranger = given.buyer()
    before = given.row_counts()
    real = world.seller.post("/v1/conversations", json={"buyer_id": stranger.buyer_id})
    missing = world.seller.post("/v1/conversations", json={"buyer_id": 999_999})
    assert real.status_code == missing.status_code == 403
    assert real.json() == missing.json() and real.json()["code"] == "initiation-not-allowed"
    assert given.row_counts() == before


def test_r_im_2_an_order_card_of_someone_elses_order_and_of_no_order_look_alike(world: World) -> None:
    placed = world.other_buyer.post(
        "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    ).json()["orders"][0]
    conversation = world.buyer.post("/v1/conversations", json={"shop_id": world.shop.id}).json()["id"]
    world.buyer.post(f"/v1/conversations/{conversation}/messages", json={"text": "Halo"})
    path = f"/v1/conversations/{conversation}/messages"
    theirs = world.seller.post(path, json={"kind": "order_card", "order_id": placed["id"]})
    nobodys = world.seller.post(path, json={"kind": "order_card", "order_id": 999_999})
    assert theirs.status_code == nobodys.status_code == 422
    assert theirs.json()["code"] == nobodys.json()["code"] and theirs.json()["field"] == nobodys.json()["field"]


@pytest.mark.parametrize(
    "path", ["/v1/messaging/standing", "/v1/violations", "/v1/conversations", "/v1/analytics/unpaid"]
)
def test_a_seller_naming_a_shop_is_refused_not_ignored(world: World, given: Given, path: str) -> None:
    for shop in (world.other_shop.id, world.shop.id):
        refused = world.seller.get(path, params={"shop_id": shop})
        assert refused.status_code == 422, (path, refused.text)
        assert refused.json()["field"] == "shop_id" and refused.json()["code"] == "invalid-input"
    assert world.seller.get(path).status_code == 200  # its own shop, without naming it
    assert world.operator.get(path, params={"shop_id": world.other_shop.id}).status_code == 200
