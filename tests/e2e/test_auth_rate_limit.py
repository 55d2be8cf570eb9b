"""Failed authentication is rate-limited per client address; a successful client is not slowed.

Over a real socket (uvicorn takes the client address from X-Forwarded-For sent by a trusted local
proxy, as behind a real one), on both databases.
"""

from __future__ import annotations

import time
from datetime import timedelta

import httpx

from tests.e2e.conftest import World

PROBLEM = "application/problem+json"


def _from(address: str, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "X-Forwarded-For": address}


def test_bad_bearer_tokens_meet_a_429_with_retry_after(world: World, marketplace, clock, api_url: str) -> None:
    allowed = marketplace.settings.auth_failures_allowed
    window = marketplace.settings.auth_failure_window_seconds
    guesser = httpx.Client(base_url=api_url, timeout=30)
    answers = [guesser.get("/v1/me", headers=_from("203.0.113.9", f"psr_guess{i}")) for i in range(allowed + 40)]
    statuses = [answer.status_code for answer in answers]
    assert statuses[:allowed] == [401] * allowed
    assert set(statuses[allowed:]) == {429}
    refused = answers[-1]
    assert refused.headers["content-type"] == PROBLEM and refused.json()["code"] == "too-many-failed-attempts"
    assert 1 <= int(refused.headers["retry-after"]) <= window
    # a right token from the guessing address is refused too while it waits: a guess cannot be confirmed
    real_token = world.buyer.headers["Authorization"].removeprefix("Bearer ")
    assert guesser.get("/v1/me", headers=_from("203.0.113.9", real_token)).status_code == 429
    # everyone else is served as before, without a delay
    started = time.perf_counter()
    for _ in range(5):
        assert guesser.get("/v1/me", headers=_from("198.51.100.4", real_token)).status_code == 200
    assert (time.perf_counter() - started) / 5 < 1.0
    assert guesser.get("/v1/shops", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 200  # no token, no limit
    # once the oldest failures leave the window, the address may try again
    clock.advance(timedelta(seconds=window))
    assert guesser.get("/v1/me", headers=_from("203.0.113.9", real_token)).status_code == 200
    guesser.close()


def test_requests_without_a_token_are_not_counted(world: World, marketplace) -> None:
    for _ in range(marketplace.settings.auth_failures_allowed + 5):
        assert world.anonymous.get("/v1/orders").status_code == 401
    assert world.buyer.get("/v1/me").status_code == 200  # the same address: nothing was counted
