"""The HTTP API over a real socket: flows, scoping, and problem+json refusals that change nothing."""

from __future__ import annotations

import json

import orjson
import pytest

from pasar.rules import rulebook_for
from tests.e2e.conftest import World
from tests.support import Given, gateway_callback_headers

PROBLEM = "application/problem+json"


def _checkout(world: World, lines, channel: str = "live"):
    return world.buyer.post("/v1/checkout", json={"lines": lines, "channel": channel})


def _signed(marketplace, body: dict) -> tuple[bytes, dict[str, str]]:
    raw = orjson.dumps(body)
    return raw, gateway_callback_headers(marketplace, raw)


def test_r_or_1_checkout_across_shops_over_http(world: World) -> None:
    response = _checkout(
        world,
        [{"sku_id": world.shop.sku_ids[0], "quantity": 2}, {"sku_id": world.other_shop.sku_ids[0], "quantity": 1}],
    )
    assert response.status_code == 201
    orders = response.json()["orders"]
    assert sorted((o["shop_id"], o["total_amount"]) for o in orders) == sorted(
        [(world.shop.id, 40_000), (world.other_shop.id, 30_000)]
    )


def test_every_query_is_scoped_to_the_principal(world: World) -> None:
    placed = _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}]).json()["orders"][0]
    path = f"/v1/orders/{placed['id']}"
    assert world.buyer.get(path).status_code == 200
    assert world.seller.get(path).status_code == 200
    assert world.operator.get(path).status_code == 200
    for outsider in (world.other_buyer, world.other_seller):
        response = outsider.get(path)
        assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
        assert outsider.get(path + "/history").status_code == 404
    assert world.other_seller.get("/v1/orders").json()["items"] == []
    assert [o["id"] for o in world.seller.get("/v1/orders").json()["items"]] == [placed["id"]]
    assert world.anonymous.get(path).status_code == 401


def test_r_up_4_pay_through_the_gateway_callback_idempotently(world: World, marketplace) -> None:
    order = _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}]).json()["orders"][0]
    attempt = world.buyer.post(f"/v1/orders/{order['id']}/payments", json={"method": "e_wallet"})
    assert attempt.status_code == 201 and attempt.json()["status"] == "pending"
    raw, headers = _signed(marketplace, {"reference": attempt.json()["reference"], "outcome": "succeeded"})
    first = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    again = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    assert (first.status_code, first.json()["order_status"], first.json()["replayed"]) == (200, "ON_HOLD", False)
    assert (again.status_code, again.json()["replayed"]) == (200, True)
    history = world.buyer.get(f"/v1/orders/{order['id']}/history").json()
    assert [(h["actor"], h["event"], h["to_status"]) for h in history] == [
        ("buyer", "place", "UNPAID"),
        ("buyer", "pay", "ON_HOLD"),
    ]


def test_a_callback_with_a_bad_signature_is_refused(world: World, marketplace) -> None:
    order = _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}]).json()["orders"][0]
    reference = world.buyer.post(f"/v1/orders/{order['id']}/payments", json={"method": "card"}).json()["reference"]
    raw, headers = _signed(marketplace, {"reference": reference, "outcome": "succeeded"})
    headers["X-Pasar-Signature"] = "sha256=" + "0" * 64
    response = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert world.buyer.get(f"/v1/orders/{order['id']}").json()["status"] == "UNPAID"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ('{"lines": [{"sku_id": 1, "quantity": 1}], "channel": "live"', 400, "malformed-json", None),
        (
            {"lines": [{"sku_id": "SKU0", "quantity": "two"}], "channel": "live"},
            422,
            "validation-error",
            "lines[0].quantity",
        ),
        (
            {"lines": [{"sku_id": 987654, "quantity": 1}], "channel": "live"},
            422,
            "unknown-reference",
            "lines[0].sku_id",
        ),
        ({"lines": [{"sku_id": "SKU0", "quantity": 0}], "channel": "live"}, 422, "invalid-input", "lines[0].quantity"),
        ({"lines": [{"sku_id": "SKU0", "quantity": -1}], "channel": "live"}, 422, "invalid-input", "lines[0].quantity"),
        (
            {"lines": [{"sku_id": "SKU0", "quantity": 6}], "channel": "live"},
            409,
            "insufficient-stock",
            "lines[0].quantity",
        ),
        ({"lines": [{"sku_id": "SKU0", "quantity": 1}], "channel": "tv"}, 422, "validation-error", "channel"),
        (
            {"lines": [{"sku_id": "SKU0", "quantity": 1}], "channel": "live", "coupon": "X"},
            422,
            "validation-error",
            "coupon",
        ),
    ],
)
def test_bad_checkout_gets_a_problem_naming_the_field_and_changes_nothing(
    world: World, given: Given, body, status, code, field
) -> None:
    before = given.snapshot()
    if isinstance(body, dict):
        for line in body["lines"]:
            if line["sku_id"] == "SKU0":
                line["sku_id"] = world.shop.sku_ids[0]
        if body["lines"][0]["quantity"] == "two":
            body["lines"][0]["sku_id"] = world.shop.sku_ids[0]
        response = world.buyer.post("/v1/checkout", json=body)
    else:
        response = world.buyer.post("/v1/checkout", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert problem["code"] == code and problem.get("field") == field and problem["detail"]
    assert given.snapshot() == before


def test_paying_a_cancelled_or_paid_order_and_unknown_references_are_refused(
    world: World, given: Given, clock, marketplace
) -> None:
    cancelled = _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}]).json()["orders"][0]["id"]
    clock.advance(rulebook_for("ID").orders.unpaid_timeout)
    marketplace.work_once()
    paid = _checkout(world, [{"sku_id": world.shop.sku_ids[1], "quantity": 1}]).json()["orders"][0]["id"]
    reference = world.buyer.post(f"/v1/orders/{paid}/payments", json={"method": "card"}).json()["reference"]
    raw, headers = _signed(marketplace, {"reference": reference, "outcome": "succeeded"})
    world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    before = given.snapshot()
    for order_id in (cancelled, paid):
        response = world.buyer.post(f"/v1/orders/{order_id}/payments", json={"method": "card"})
        assert response.status_code == 409 and response.json()["code"] == "order-not-payable"
    raw, headers = _signed(marketplace, {"reference": "pay_unknown", "outcome": "succeeded"})
    unknown = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    assert unknown.status_code == 422 and unknown.json()["field"] == "reference"
    wrong_method = world.buyer.post(f"/v1/orders/{paid}/payments", json={"method": "cheque"})
    assert wrong_method.status_code == 422 and wrong_method.json()["field"] == "method"
    assert given.snapshot() == before


def test_r_up_2_reminders_are_readable_in_the_app(world: World, clock, marketplace) -> None:
    _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}])
    clock.advance(rulebook_for("ID").orders.payment_reminders[0])
    marketplace.work_once()
    items = world.buyer.get("/v1/notifications").json()["items"]
    assert [n["kind"] for n in items] == ["payment_reminder"] and items[0]["read_at"] is None
    assert not {"attempts", "lease_until", "interrupted_sends"} & items[0].keys()  # delivery's own bookkeeping
    assert world.buyer.post(f"/v1/notifications/{items[0]['id']}/read").status_code == 200
    assert world.buyer.get("/v1/notifications").json()["items"][0]["read_at"] is not None
    assert world.other_buyer.post(f"/v1/notifications/{items[0]['id']}/read").status_code == 404
    assert world.other_buyer.get("/v1/notifications").json()["items"] == []


def test_r_up_6_buyer_sees_its_unpaid_history(world: World, clock, marketplace) -> None:
    _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}])
    clock.advance(rulebook_for("ID").orders.unpaid_timeout)
    marketplace.work_once()
    history = world.buyer.get("/v1/me/unpaid-history").json()
    assert history["timeouts_in_window"] == 1 and history["window_days"] == 90
    assert history["habitual_nonpayer"] is False


def test_r_up_5_analytics_are_scoped_to_the_seller(world: World) -> None:
    _checkout(world, [{"sku_id": world.shop.sku_ids[0], "quantity": 1}])
    assert world.seller.get("/v1/analytics/unpaid").json()["placed"] == 1
    assert world.other_seller.get("/v1/analytics/unpaid").json()["placed"] == 0
    named = world.other_seller.get(f"/v1/analytics/unpaid?shop_id={world.shop.id}")
    assert (named.status_code, named.json()["field"]) == (422, "shop_id")  # refused, not ignored
    assert world.buyer.get("/v1/analytics/unpaid").status_code == 403
    assert world.operator.get("/v1/analytics/unpaid").json()["placed"] == 1


def test_r_up_7_seller_creates_a_first_payers_promotion(world: World, clock) -> None:
    body = {
        "title": "Live tonight",
        "first_n": 1,
        "discount_amount": 5_000,
        "starts_at": clock.now().isoformat(),
        "ends_at": "2099-01-01T00:00:00Z",
    }
    created = world.seller.post("/v1/promotions", json=body)
    assert created.status_code == 201
    promotion = created.json()
    assert world.other_seller.get(f"/v1/promotions/{promotion['id']}").status_code == 404
    bad = world.seller.post("/v1/promotions", json={**body, "ends_at": body["starts_at"]})
    assert bad.status_code == 422 and bad.json()["field"] == "ends_at"


def test_r_sl_3_seller_lists_a_product_with_skus_and_sets_stock(world: World) -> None:
    body = {
        "category": "fashion",
        "title": "Kebaya",
        "skus": [{"code": "KB-S", "name": "S", "price": 1000, "stock": 3}],
    }
    created = world.seller.post("/v1/products", json=body)
    assert created.status_code == 201
    sku = created.json()["skus"][0]
    assert sku["available"] == 3
    assert world.seller.put(f"/v1/skus/{sku['id']}/stock", json={"on_hand": 9}).status_code == 200
    assert world.other_seller.put(f"/v1/skus/{sku['id']}/stock", json={"on_hand": 1}).status_code == 404
    unknown = world.seller.post("/v1/products", json={**body, "category": "weapons"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "category"
    assert world.buyer.post("/v1/products", json=body).status_code == 403


def test_openapi_and_unknown_routes(world: World) -> None:
    spec = world.anonymous.get("/openapi.json").json()
    assert "/v1/checkout" in spec["paths"] and "/v1/payments/callback" in spec["paths"]
    missing = world.anonymous.get("/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert json.loads(missing.text)["code"] == "not-found"
