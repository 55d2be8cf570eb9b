"""A seller answers from the HTTP API alone: what is my score, why, and what would raise it (R-SC-9).

Thirty-two orders go through the real services (three shipped after their dispatch deadline),
buyers review over HTTP, and the seller reads its score, the orders behind each metric, the trend
and the what-if; buyers see the SPS on the shop page; another seller sees nothing (404).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from pasar.clock import ManualClock
from pasar.domain.principals import PrincipalKind
from pasar.services.auth import issue_token
from pasar.services.marketplace import Marketplace
from pasar.services.scores import forget_engine
from tests.support import Given


@pytest.fixture
def clients(marketplace: Marketplace, api_url: str) -> Iterator[dict[str, httpx.Client]]:
    made: dict[str, httpx.Client] = {}
    yield made
    for client in made.values():
        client.close()
    forget_engine(marketplace.engine)


@pytest.fixture
def scene(given: Given, clock: ManualClock, marketplace: Marketplace, api_url: str, clients: dict[str, httpx.Client]):
    """Thirty-two delivered orders of one shop, the last three dispatched late; a client for each party."""
    shop, other = given.shop(stock=[50]), given.shop()
    buyer = given.buyer()
    ids = [given.order(buyer, shop.sku_ids[0]) for _ in range(32)]
    for order_id in ids:
        given.paid(buyer, order_id)
    given.past_hold(clock)
    for index, order_id in enumerate(ids):
        if index == 29:
            clock.advance(timedelta(days=2, hours=2))  # the last three leave after their dispatch deadline
        given.shipped(shop, order_id)
        given.carrier_reports(order_id, "picked_up")
        given.carrier_reports(order_id, "delivered")
    with marketplace.uow() as uow:
        tokens = {
            "buyer": issue_token(uow, kind=PrincipalKind.BUYER, name="b", buyer_id=buyer.buyer_id),
            "seller": issue_token(uow, kind=PrincipalKind.SELLER, name="s", shop_id=shop.id),
            "other": issue_token(uow, kind=PrincipalKind.SELLER, name="o", shop_id=other.id),
            "operator": issue_token(uow, kind=PrincipalKind.OPERATOR, name="ops"),
        }
    for name, token in tokens.items():
        clients[name] = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {token}"}, timeout=60)
    clients["public"] = httpx.Client(base_url=api_url, timeout=60)
    return shop, other, ids


def test_a_seller_learns_its_score_why_and_what_would_raise_it_over_http(
    scene: tuple[Any, Any, list[int]], clients: dict[str, httpx.Client]
) -> None:
    shop, other, ids = scene
    b, s = clients["buyer"], clients["seller"]

    # buyers review over HTTP; the responsibility is shown on the shop's public review list (R-BR-2)
    bad = b.post(f"/v1/orders/{ids[0]}/review", json={"rating": 1, "text": "Barang palsu, tidak sesuai deskripsi"})
    assert bad.status_code == 201 and bad.json()["responsibility"] == "seller"
    courier = b.post(f"/v1/orders/{ids[1]}/review", json={"rating": 1, "logistics_rating": 1, "product_rating": 5})
    assert courier.json()["responsibility"] == "logistics"
    assert b.post(f"/v1/orders/{ids[0]}/review", json={"rating": 5}).status_code == 409  # once
    listed = clients["public"].get(f"/v1/shops/{shop.id}/reviews").json()["items"]
    assert [(r["rating"], r["responsibility"]) for r in listed] == [(1, "seller"), (1, "logistics")]
    blocked = s.post(f"/v1/reviews/{bad.json()['id']}/reply", json={"text": "WA 0812-3456-7890 ya kak"})
    assert blocked.status_code == 422 and blocked.json()["code"] == "reply-blocked"
    assert s.post(f"/v1/reviews/{bad.json()['id']}/reply", json={"text": "Mohon maaf, kami ganti."}).status_code == 200
    assert clients["other"].post(f"/v1/reviews/{bad.json()['id']}/reply", json={"text": "hi"}).status_code == 404

    # what is my score, and why
    mine = s.get("/v1/seller/performance").json()
    assert mine["shop_id"] == shop.id and mine["delivered_90d"] == 32 and mine["status"] == "scored"
    ldr, dor = mine["metrics"]["ldr"], mine["metrics"]["dor"]
    assert (ldr["num"], ldr["den"]) == (3, 32) and sorted(ldr["num_ids"]) == sorted(ids[29:])
    assert (dor["num"], dor["den"]) == (1, 32) and dor["num_ids"] == [ids[0]]  # the courier's review is not counted
    assert len(ldr["den_ids"]) == 32 and ldr["window"]["last"] == mine["as_of"]
    assert len(mine["trend"]) == 90 and mine["trend"][-1]["sps"] == mine["sps"]
    # what would raise it: "N fewer late dispatches would raise fulfilment from x to y"
    steps = {(step["target"], step["metric"]): step for step in mine["what_if"]["dimensions"]}
    assert steps[("fulfilment", "ldr")]["message"].startswith(
        f"{steps[('fulfilment', 'ldr')]['change']} fewer late dispatch"
    )
    assert "would raise fulfilment from" in steps[("fulfilment", "ldr")]["message"]
    what_if = s.post(f"/v1/shops/{shop.id}/performance/what-if", json={"changes": {"ldr": {"num": 0}}}).json()
    assert what_if["what_if"]["fulfilment"] == 5.0 and what_if["what_if"]["sps"] >= what_if["current"]["sps"]

    # buyers see the SPS on the shop page; another seller sees none of the details
    public = clients["public"].get(f"/v1/shops/{shop.id}/score").json()
    assert public["sps"] == mine["sps"] and public["status"] == "scored"
    assert clients["public"].get(f"/v1/shops/{other.id}/score").json()["status"] == "not enough orders"
    assert clients["other"].get(f"/v1/shops/{shop.id}/performance").status_code == 404
    assert clients["other"].get(f"/v1/shops/{shop.id}/privileges").status_code == 404
    assert b.get(f"/v1/shops/{shop.id}/performance").status_code == 403
    assert clients["operator"].get(f"/v1/shops/{shop.id}/performance").status_code == 200
    privileges = s.get(f"/v1/shops/{shop.id}/privileges").json()
    assert privileges["privileges"]["mall"] is False  # not in ID, whatever the score
    assert s.get(f"/v1/shops/{shop.id}/performance", params={"as_of": "1900-01-01"}).status_code == 422

    # an operator stores the day's snapshots; the public page then reads them
    saved = clients["operator"].post("/v1/scores/recompute", json={"as_of": mine["as_of"], "market": "ID"}).json()
    assert saved["shops"] >= 2
    assert s.get("/v1/seller/performance").json()["trend"][-1]["source"] == "snapshot"
