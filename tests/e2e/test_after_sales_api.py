"""After-sales and fulfilment over HTTP: signed carrier webhooks, cases, evidence, to-do list (R-FL, R-AS)."""

from __future__ import annotations

import json
import subprocess
import sys

import orjson

from pasar.adapters.signing import signature as carrier_signature
from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.payments import pay_now
from tests.conftest import CARRIER_SECRETS
from tests.e2e.conftest import World
from tests.support import Given

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _paid_order_past_hold(world: World, given: Given, clock) -> int:
    order = world.buyer.post(
        "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    ).json()["orders"][0]
    with given.marketplace.uow() as uow:  # the gateway confirms synchronously, for brevity
        pay_now(
            uow,
            Principal(PrincipalKind.BUYER, "b", buyer_id=world.buyer_id),
            order["id"],
            PaymentMethod.CARD,
            f"ref-{order['id']}",
        )
    given.past_hold(clock)
    return int(order["id"])


def _event(
    world: World, marketplace, carrier: str, body: dict, *, timestamp: int | None = None, signature: str | None = None
):
    raw = orjson.dumps(body)
    stamp = str(timestamp if timestamp is not None else int(marketplace.clock.now().timestamp()))
    headers = {
        "Content-Type": "application/json",
        "X-Pasar-Timestamp": stamp,
        "X-Pasar-Signature": signature or carrier_signature(CARRIER_SECRETS[carrier], stamp, raw),
    }
    return world.anonymous.post(f"/v1/carriers/{carrier}/events", content=raw, headers=headers)


def test_r_fl_3_signed_tracking_webhooks_deliver_the_order_once(world: World, given: Given, clock, marketplace) -> None:
    order_id = _paid_order_past_hold(world, given, clock)
    shipped = world.seller.post(f"/v1/orders/{order_id}/ship", json={"carrier": "acme", "tracking_number": "ACME-1"})
    assert shipped.status_code == 200 and shipped.json()["status"] == "AWAITING_COLLECTION"
    at = clock.now().isoformat()
    pickup = {"event_id": "e1", "tracking_number": "ACME-1", "status": "picked_up", "occurred_at": at}
    assert _event(world, marketplace, "acme", pickup).status_code == 200
    before = given.snapshot()
    replay = _event(world, marketplace, "acme", pickup)
    assert replay.status_code == 409 and replay.json()["code"] == "duplicate-event"
    forged = _event(
        world, marketplace, "acme", {**pickup, "event_id": "e2", "status": "delivered"}, signature="sha256=" + "0" * 64
    )
    assert forged.status_code == 401
    stale = _event(
        world,
        marketplace,
        "acme",
        {**pickup, "event_id": "e3", "status": "delivered"},
        timestamp=int(clock.now().timestamp()) - 3600,
    )
    assert stale.status_code == 401 and "too old" in stale.json()["detail"]
    assert given.snapshot() == before
    delivered = {"event_id": "e4", "tracking_number": "ACME-1", "status": "delivered", "occurred_at": at}
    assert _event(world, marketplace, "acme", delivered).status_code == 200
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "DELIVERED"
    unknown = _event(world, marketplace, "acme", {**delivered, "event_id": "e5", "tracking_number": "NOPE"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "tracking_number"


def test_r_fl_3_a_webhook_event_far_from_now_or_without_a_zone_is_refused_naming_occurred_at(
    world: World, given: Given, clock, marketplace
) -> None:
    order_id = _paid_order_past_hold(world, given, clock)
    world.seller.post(f"/v1/orders/{order_id}/ship", json={"carrier": "acme", "tracking_number": "ACME-9"})
    before = given.snapshot()
    event = {"event_id": "e1", "tracking_number": "ACME-9", "status": "delivered"}
    for occurred_at in ("2099-01-01T00:00:00+00:00", "2000-01-01T00:00:00+00:00", "2026-03-02T10:00:00"):
        refused = _event(world, marketplace, "acme", {**event, "occurred_at": occurred_at})
        assert refused.status_code == 422 and refused.json()["field"] == "occurred_at", refused.text
    assert given.snapshot() == before
    applied = _event(world, marketplace, "acme", {**event, "occurred_at": clock.now().isoformat()})
    assert applied.status_code == 200 and world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "DELIVERED"


def test_r_as_1_a_refund_case_through_the_api_with_evidence_and_the_todo_list(
    world: World, given: Given, clock, marketplace
) -> None:
    order_id = _paid_order_past_hold(world, given, clock)
    world.seller.post(f"/v1/orders/{order_id}/ship", json={"carrier": "acme", "tracking_number": "ACME-2"})
    given.carrier_reports(order_id, "delivered")
    opened = world.buyer.post(
        f"/v1/orders/{order_id}/cases",
        json={"kind": "refund_only", "reason": "defective", "description": "does not turn on"},
    )
    assert opened.status_code == 201
    case = opened.json()
    assert case["status"] == "REQUESTED" and case["responsibility"] == "seller"
    assert [d["kind"] for d in case["deadlines"]] == ["case_seller_decision"]
    # Evidence: a real PNG is accepted; a renamed executable and an oversized file are not
    files = {"file": ("photo.png", PNG, "image/png")}
    assert world.buyer.post(f"/v1/cases/{case['id']}/attachments", files=files).status_code == 201
    fake = world.buyer.post(f"/v1/cases/{case['id']}/attachments", files={"file": ("x.png", b"MZ\x90", "image/png")})
    assert fake.status_code == 422 and fake.json()["field"] == "file"
    huge = PNG + b"\x00" * marketplace.settings.max_attachment_bytes
    big = world.buyer.post(f"/v1/cases/{case['id']}/attachments", files={"file": ("big.png", huge, "image/png")})
    assert big.status_code == 422 and "limit" in big.json()["detail"]
    assert world.other_buyer.post(f"/v1/cases/{case['id']}/attachments", files=files).status_code == 404
    # The seller sees it on the to-do list with the time left, then approves
    todo = world.seller.get("/v1/seller/todo").json()
    assert todo[0]["kind"] == "case" and 0 < todo[0]["seconds_left"] <= 2 * 86400
    assert world.other_seller.get(f"/v1/cases/{case['id']}").status_code == 404
    wrong = world.seller.post(f"/v1/cases/{case['id']}/receive-return")
    assert wrong.status_code == 409 and wrong.json()["code"] == "invalid-transition"
    approved = world.seller.post(f"/v1/cases/{case['id']}/approve").json()
    assert approved["status"] == "REFUNDED" and len(approved["attachments"]) == 1
    order = world.buyer.get(f"/v1/orders/{order_id}").json()
    assert order["refunded_amount"] == order["total_amount"]


def test_r_cn_2_cancellation_request_and_seller_decision_over_http(world: World, given: Given, clock) -> None:
    order_id = _paid_order_past_hold(world, given, clock)
    asked = world.buyer.post(f"/v1/orders/{order_id}/cancel", json={"reason": "changed_mind"})
    assert asked.status_code == 200 and asked.json()["outcome"] == "requested"
    requests = world.seller.get("/v1/cancellation-requests").json()
    assert [r["order_id"] for r in requests] == [order_id]
    assert (
        world.seller.post(
            f"/v1/orders/{order_id}/ship", json={"carrier": "acme", "tracking_number": "ACME-3"}
        ).status_code
        == 409
    )
    rejected = world.seller.post(f"/v1/cancellation-requests/{requests[0]['id']}/reject", json={"reason": ""})
    assert rejected.status_code == 422
    approved = world.seller.post(f"/v1/cancellation-requests/{requests[0]['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "CANCELLED"


def test_r_as_6_policy_endpoint(world: World) -> None:
    policy = world.anonymous.get(f"/v1/shops/{world.shop.id}/after-sales-policy").json()
    assert policy["request_window_days"] == 6 and policy["seller_decision_days"] == 2
    assert world.anonymous.get("/v1/shops/999999/after-sales-policy").status_code == 404


def test_pasar_cases_lists_what_is_due(world: World, given: Given, clock, database_url: str) -> None:
    order_id = _paid_order_past_hold(world, given, clock)
    result = subprocess.run(
        [sys.executable, "-m", "pasar.cli", "cases", "--db", database_url, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["kind"], i["order_id"]) for i in items] == [("order", order_id)]
    bad = subprocess.run(
        [sys.executable, "-m", "pasar.cli", "cases", "--due-within", "soon"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2 and "not a duration" in bad.stderr
