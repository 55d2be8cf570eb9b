"""Web sign-in opens a server-side session: the cookie is a random session id, never the API token.

The session is stored hashed with its created, expiry and last-seen times; signing out deletes it;
an expired one sends the visitor to sign in; the cookie is HttpOnly, SameSite=Lax, and Secure behind
TLS. Failed sign-ins are limited per address (429 page with Retry-After).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from pasar.api.app import create_app
from pasar.services.auth import token_hash
from pasar.services.marketplace import Marketplace
from pasar.store.tables import api_tokens, web_sessions
from tests.web.conftest import SESSION_COOKIE, post_form, sign_in
from tests.web.world import WebWorld


def _sessions(marketplace: Marketplace) -> list[dict]:
    with marketplace.uow(read_only=True) as uow:
        return [dict(row._mapping) for row in uow.conn.execute(select(web_sessions))]


def test_signing_in_sets_a_session_cookie_that_is_not_the_token(client: TestClient, marketplace: Marketplace) -> None:
    response = post_form(client, "/signin", {"token": "demo-seller"})
    assert response.status_code == 303 and response.headers["location"] == "/seller"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}="))
    session_id = client.cookies[SESSION_COOKIE]
    assert "demo-seller" not in cookie and len(session_id) >= 40
    flags = cookie.lower()
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags
    hours = marketplace.settings.session_hours
    assert f"max-age={hours * 3600}" in flags
    (stored,) = _sessions(marketplace)
    assert stored["id_hash"] == hashlib.sha256(session_id.encode()).hexdigest()  # only the hash is kept
    assert stored["token_hash"] == token_hash("demo-seller")
    assert stored["expires_at"] - stored["created_at"] == timedelta(hours=hours)
    assert client.get("/seller").status_code == 200


def test_the_token_itself_is_no_session(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "demo-seller")  # what the cookie used to hold
    response = client.get("/seller")
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def test_signing_out_deletes_the_session(client: TestClient, marketplace: Marketplace) -> None:
    sign_in(client, "demo-seller")
    session_id = client.cookies[SESSION_COOKIE]
    assert post_form(client, "/signout", {}).status_code == 303
    assert _sessions(marketplace) == []
    client.cookies.set(SESSION_COOKIE, session_id)  # a copy of the old cookie signs nobody in
    assert client.get("/seller").status_code == 303


def test_an_expired_session_sends_the_visitor_to_sign_in(
    client: TestClient, marketplace: Marketplace, clock, web_world: WebWorld
) -> None:
    sign_in(client, "demo-seller")
    clock.advance(timedelta(hours=marketplace.settings.session_hours) - timedelta(seconds=1))
    assert client.get("/seller/orders").status_code == 200
    clock.advance(timedelta(seconds=1))
    expired = client.get(f"/seller/cases/{web_world.requested_case}")
    assert expired.status_code == 303
    assert expired.headers["location"] == f"/signin?next=%2Fseller%2Fcases%2F{web_world.requested_case}"
    sign_in(client, "demo-operator")  # a new sign-in sweeps the expired session away
    assert [row["token_hash"] for row in _sessions(marketplace)] == [token_hash("demo-operator")]


def test_last_seen_is_kept_to_the_minute(client: TestClient, marketplace: Marketplace, clock) -> None:
    sign_in(client, "demo-seller")
    (opened,) = _sessions(marketplace)
    clock.advance(timedelta(seconds=marketplace.settings.session_touch_seconds - 1))
    client.get("/seller/orders")
    assert _sessions(marketplace)[0]["last_seen_at"] == opened["last_seen_at"]  # no write on every page
    clock.advance(timedelta(seconds=1))
    client.get("/seller/orders")
    assert _sessions(marketplace)[0]["last_seen_at"] == clock.now()


def test_a_session_ends_with_its_token(client: TestClient, marketplace: Marketplace) -> None:
    sign_in(client, "demo-seller")
    with marketplace.uow() as uow:
        uow.conn.execute(delete(api_tokens).where(api_tokens.c.token_hash == token_hash("demo-seller")))
    assert _sessions(marketplace) == []
    assert client.get("/seller").status_code == 303


def test_behind_tls_the_session_cookie_is_secure(marketplace: Marketplace, web_world: WebWorld) -> None:
    behind_tls = replace(marketplace, settings=replace(marketplace.settings, behind_tls=True))
    with TestClient(create_app(behind_tls), base_url="https://testserver", follow_redirects=False) as client:
        response = post_form(client, "/signin", {"token": "demo-seller"})
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}="))
        assert "secure" in cookie.lower()
        assert client.get("/seller").status_code == 200


def test_failed_sign_ins_are_limited_per_address(marketplace: Marketplace, web_world: WebWorld, clock) -> None:
    app = create_app(marketplace)
    allowed = marketplace.settings.auth_failures_allowed
    with (
        TestClient(app, follow_redirects=False, client=("203.0.113.20", 50000)) as guesser,
        TestClient(app, follow_redirects=False, client=("198.51.100.21", 50000)) as neighbour,
    ):
        statuses = [post_form(guesser, "/signin", {"token": f"guess-{i}"}).status_code for i in range(allowed + 3)]
        assert statuses == [401] * allowed + [429] * 3
        refused = post_form(guesser, "/signin", {"token": "demo-seller"})  # even the right one, while it waits
        assert refused.status_code == 429 and refused.headers["content-type"].startswith("text/html")
        assert int(refused.headers["retry-after"]) >= 1
        assert "Too many failed sign-in attempts" in refused.text
        assert SESSION_COOKIE not in guesser.cookies
        assert post_form(neighbour, "/signin", {"token": "demo-seller"}).status_code == 303
        clock.advance(timedelta(seconds=marketplace.settings.auth_failure_window_seconds))
        assert post_form(guesser, "/signin", {"token": "demo-seller"}).status_code == 303


def test_the_sign_in_page_offers_demo_accounts_only_where_they_exist(
    client: TestClient, marketplace: Marketplace
) -> None:
    assert "demo-seller" in client.get("/signin").text
    with marketplace.uow() as uow:
        uow.conn.execute(delete(api_tokens).where(api_tokens.c.name.in_(["Sari (Batik Sari)"])))
    assert "demo-seller" not in client.get("/signin").text
