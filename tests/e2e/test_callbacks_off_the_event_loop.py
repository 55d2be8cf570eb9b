"""A callback waiting on a row lock stalls no other request: callbacks run off the event loop.

Given an order whose row another connection holds locked (PostgreSQL: ``SELECT ... FOR UPDATE``;
SQLite: ``BEGIN IMMEDIATE`` holds the one write lock), when the gateway's callback or a carrier's
event for that order arrives and has to wait, then the health check, a catalogue read and a page
all answer within 100 ms meanwhile; once the lock is released the callback completes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import Engine, text

from tests.conftest import CARRIER_SECRETS
from tests.e2e.conftest import World, pending_payment, shipped_with_acme
from tests.support import Given, gateway_callback_headers, signed_headers

BOUND_MS = 100


@contextmanager
def order_locked(engine: Engine, order_id: int) -> Iterator[None]:
    with engine.connect() as conn:
        transaction = conn.begin()  # on SQLite the engine begins with BEGIN IMMEDIATE: the write lock
        conn.execute(text("SELECT id FROM orders WHERE id = :id" + _for_update(engine)), {"id": order_id})
        try:
            yield
        finally:
            transaction.rollback()


def _for_update(engine: Engine) -> str:
    return "" if engine.dialect.name == "sqlite" else " FOR UPDATE"


def _wait_until_blocked(engine: Engine, request: threading.Thread, answer: dict[str, Any]) -> None:
    """The callback is inside the database waiting for the lock (PostgreSQL shows it; SQLite cannot)."""
    if engine.dialect.name == "postgresql":
        deadline = time.monotonic() + 20
        with engine.connect() as conn:
            waiting = text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            # PostgreSQL reads pg_stat_activity once per transaction: end it on every poll, or the first
            # (taken before the callback reached the lock) is all the loop would ever see.
            while not conn.execute(waiting).scalar_one():
                conn.rollback()
                assert time.monotonic() < deadline, f"the callback never waited for the lock: {_answered(answer)}"
                time.sleep(0.02)
    request.join(timeout=0.5)
    assert request.is_alive(), f"the callback finished although the order was locked: {_answered(answer)}"


def _answered(answer: dict[str, Any]) -> str:
    response = answer.get("response")
    return "no answer yet" if response is None else f"{response.status_code} {response.text}"


def _best_ms(client: httpx.Client, path: str) -> float:
    """Best of three: a moment's load elsewhere is not a stall (a stalled loop answers none in time)."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        try:
            response = client.get(path, timeout=2)
        except httpx.TimeoutException:
            timings.append(float("inf"))
            continue
        assert response.status_code == 200, (path, response.status_code)
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def _gateway_callback(world: World, given: Given, marketplace, clock) -> tuple[int, Callable[[], Any], str]:
    order_id, reference = pending_payment(world)
    raw = orjson.dumps({"reference": reference, "outcome": "succeeded"})
    headers = gateway_callback_headers(marketplace, raw)
    return order_id, lambda: world.anonymous.post("/v1/payments/callback", content=raw, headers=headers), "ON_HOLD"


def _carrier_event(world: World, given: Given, marketplace, clock) -> tuple[int, Callable[[], Any], str]:
    order_id = shipped_with_acme(world, given, clock, "ACME-LOCK-1")
    at = clock.now().isoformat()
    event = {"event_id": "lock-1", "tracking_number": "ACME-LOCK-1", "status": "delivered", "occurred_at": at}
    raw = orjson.dumps(event)
    headers = signed_headers(CARRIER_SECRETS["acme"], raw, int(clock.now().timestamp()))
    return order_id, lambda: world.anonymous.post("/v1/carriers/acme/events", content=raw, headers=headers), "DELIVERED"


@pytest.mark.parametrize("callback", [_gateway_callback, _carrier_event], ids=["gateway", "carrier"])
def test_a_callback_waiting_on_a_lock_does_not_stall_other_requests(
    world: World, given: Given, marketplace, clock, callback: Callable[..., Any]
) -> None:
    order_id, send, settled = callback(world, given, marketplace, clock)
    others = ["/v1/health", f"/v1/shops/{world.shop.id}", "/signin"]
    for path in others:  # warm: the first request of each kind pays for imports and template compilation
        _best_ms(world.anonymous, path)
    answer: dict[str, Any] = {}
    request = threading.Thread(target=lambda: answer.update(response=send()))
    with order_locked(marketplace.engine, order_id):
        request.start()
        _wait_until_blocked(marketplace.engine, request, answer)
        timings = {path: _best_ms(world.anonymous, path) for path in others}
        assert request.is_alive(), "the callback must still be waiting while the others answer"
    assert all(ms < BOUND_MS for ms in timings.values()), timings
    request.join(timeout=30)
    assert not request.is_alive(), "the callback did not complete after the lock was released"
    assert answer["response"].status_code == 200, answer["response"].text
    assert world.buyer.get(f"/v1/orders/{order_id}").json()["status"] == settled
