"""Gateway callbacks and carrier events are signed over a timestamp, checked before the body is read.

Over a real socket, on both databases: a stale or replayed timestamp is refused, an unsigned caller
learns nothing of the body's schema (401 before any 422), a signed but invalid body gets the same
problem+json as before, and each carrier signs with its own secret.
"""

from __future__ import annotations

import orjson
import pytest

from tests.conftest import CARRIER_SECRETS
from tests.e2e.conftest import World, pending_payment, shipped_with_acme
from tests.support import Given, gateway_callback_headers, signed_headers

PROBLEM = "application/problem+json"


def _callback(world: World, raw: bytes, headers: dict[str, str]):
    return world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)


def test_r_up_4_a_callback_signed_now_pays_and_a_replay_outside_the_window_is_refused(
    world: World, marketplace, clock, given: Given
) -> None:
    order_id, reference = pending_payment(world)
    raw = orjson.dumps({"reference": reference, "outcome": "succeeded"})
    now = int(clock.now().timestamp())
    tolerance = marketplace.settings.signature_tolerance_seconds
    before = given.snapshot()
    stale = _callback(world, raw, gateway_callback_headers(marketplace, raw, timestamp=now - tolerance - 1))
    ahead = _callback(world, raw, gateway_callback_headers(marketplace, raw, timestamp=now + tolerance + 1))
    for refused in (stale, ahead):
        assert refused.status_code == 401 and refused.headers["content-type"] == PROBLEM
        assert "too old or too far ahead" in refused.json()["detail"]
    assert given.snapshot() == before
    # the edge of the window is still inside it
    edge = _callback(world, raw, gateway_callback_headers(marketplace, raw, timestamp=now - tolerance))
    assert (edge.status_code, edge.json()["order_status"]) == (200, "ON_HOLD")
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "ON_HOLD"


def test_r_up_4_the_timestamp_is_inside_the_signature(world: World, marketplace, clock, given: Given) -> None:
    """A captured callback re-sent with a fresh timestamp no longer matches its signature."""
    order_id, reference = pending_payment(world)
    raw = orjson.dumps({"reference": reference, "outcome": "succeeded"})
    captured = gateway_callback_headers(marketplace, raw, timestamp=int(clock.now().timestamp()) - 3600)
    refreshed = {**captured, "X-Pasar-Timestamp": str(int(clock.now().timestamp()))}
    before = given.snapshot()
    response = _callback(world, raw, refreshed)
    assert response.status_code == 401 and "does not match" in response.json()["detail"]
    assert given.snapshot() == before
    body_only = {"Content-Type": "application/json", "X-Pasar-Signature": captured["X-Pasar-Signature"]}
    assert _callback(world, raw, body_only).status_code == 401  # the old scheme (no timestamp) is gone
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "UNPAID"


@pytest.mark.parametrize(
    "raw",
    [b'{"reference": 12, "outcome": "maybe"}', b'{"reference": "x"', b"", b'{"reference": "x", "extra": 1}'],
    ids=["wrong-types", "malformed", "empty", "unknown-field"],
)
def test_an_unsigned_callback_is_refused_before_its_body_is_read(world: World, raw: bytes) -> None:
    response = world.anonymous.post("/v1/payments/callback", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert "reference" not in response.text and "errors" not in response.json()  # nothing about the schema


@pytest.mark.parametrize(
    ("raw", "status", "code", "field"),
    [
        (b'{"reference": "pay_x", "outcome": "maybe"}', 422, "validation-error", "outcome"),
        (b'{"outcome": "succeeded"}', 422, "validation-error", "reference"),
        (b'{"reference": "pay_x", "outcome": "succeeded", "extra": 1}', 422, "validation-error", "extra"),
        (b'{"reference": "pay_x"', 400, "malformed-json", None),
        (b'{"reference": "pay_nobody", "outcome": "succeeded"}', 422, "unknown-reference", "reference"),
    ],
)
def test_a_signed_but_invalid_callback_gets_the_usual_problem(
    world: World, marketplace, given: Given, raw: bytes, status: int, code: str, field: str | None
) -> None:
    before = given.snapshot()
    response = _callback(world, raw, gateway_callback_headers(marketplace, raw))
    assert response.status_code == status and response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == code and response.json().get("field") == field
    assert given.snapshot() == before


def _event(world: World, carrier: str, raw: bytes, headers: dict[str, str]):
    return world.anonymous.post(f"/v1/carriers/{carrier}/events", content=raw, headers=headers)


def test_r_fl_3_each_carrier_signs_with_its_own_secret(world: World, given: Given, clock) -> None:
    order_id = shipped_with_acme(world, given, clock, "ACME-SIG-1")
    at = clock.now().isoformat()
    raw = orjson.dumps({"event_id": "s1", "tracking_number": "ACME-SIG-1", "status": "picked_up", "occurred_at": at})
    now = int(clock.now().timestamp())
    before = given.snapshot()
    other_carriers_secret = _event(world, "acme", raw, signed_headers(CARRIER_SECRETS["simulated"], raw, now))
    assert other_carriers_secret.status_code == 401 and "acme" in other_carriers_secret.json()["detail"]
    assert given.snapshot() == before
    own = _event(world, "acme", raw, signed_headers(CARRIER_SECRETS["acme"], raw, now))
    assert own.status_code == 200 and own.json()["applied"] == "picked_up"
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == "IN_TRANSIT"


def test_an_unknown_carrier_is_refused_before_anything_else(world: World, given: Given, clock) -> None:
    raw = b'{"not": "an event"'
    response = _event(world, "nobody", raw, {"Content-Type": "application/json"})
    assert response.status_code == 404 and response.json()["field"] == "carrier"
    signed = _event(world, "nobody", raw, signed_headers(CARRIER_SECRETS["acme"], raw, int(clock.now().timestamp())))
    assert signed.status_code == 404


def test_a_carrier_event_is_signed_before_its_body_is_read(world: World, given: Given, clock) -> None:
    raw = b'{"event_id": 5, "status": "teleported"}'
    unsigned = _event(world, "acme", raw, {"Content-Type": "application/json"})
    assert unsigned.status_code == 401 and "errors" not in unsigned.json()
    signed = _event(world, "acme", raw, signed_headers(CARRIER_SECRETS["acme"], raw, int(clock.now().timestamp())))
    assert signed.status_code == 422 and signed.json()["code"] == "validation-error"
    assert {error["field"] for error in signed.json()["errors"]} >= {"event_id", "status", "tracking_number"}
