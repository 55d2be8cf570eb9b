"""Forms carry a token another site cannot read (double submit): a forged post changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from pasar.web.common import TEMPLATES
from tests.support import Given
from tests.web.conftest import CSRF_COOKIE, CSRF_FIELD, post_form, sign_in
from tests.web.world import WebWorld


def test_every_page_form_that_posts_carries_the_token() -> None:
    missing = []
    for template in sorted(Path(TEMPLATES).rglob("*.html")):
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.{0,40}", template.read_text(), re.S):
            if "csrf_field()" not in form:
                missing.append(f"{template.name}: {form[:60]}")
    assert not missing, missing


def test_a_page_hands_out_the_token_in_a_strict_cookie_and_its_forms(client: TestClient) -> None:
    page = client.get("/signin")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=") and "samesite=strict" in cookie.lower() and "httponly" in cookie.lower()
    token = client.cookies[CSRF_COOKIE]
    assert f'name="{CSRF_FIELD}" value="{token}"' in page.text
    again = client.get("/signin")
    assert "set-cookie" not in again.headers  # the token lasts; every open tab keeps working


def test_a_post_without_the_token_is_refused_and_changes_nothing(
    client: TestClient, web_world: WebWorld, given: Given
) -> None:
    sign_in(client, "demo-seller")
    before = given.snapshot()
    forged = client.post(f"/seller/cases/{web_world.requested_case}/act", data={"event": "approve"})
    assert forged.status_code == 403
    assert "sent from another site" in forged.text
    assert given.snapshot() == before


def test_a_post_with_a_wrong_token_or_from_another_origin_is_refused(
    client: TestClient, web_world: WebWorld, given: Given
) -> None:
    sign_in(client, "demo-seller")
    before = given.snapshot()
    path = f"/seller/inbox/{web_world.conversation}/reply"
    wrong = client.post(path, data={"text": "Yes, in stock.", CSRF_FIELD: "guessed"})
    assert wrong.status_code == 403 and "reload the page" in wrong.text
    token = client.cookies[CSRF_COOKIE]
    foreign = client.post(
        path, data={"text": "Yes, in stock.", CSRF_FIELD: token}, headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert given.snapshot() == before
    page = f"/seller/inbox/{web_world.conversation}"
    assert "Yes, in stock." not in client.get(page).text
    proxied = post_form(client, path, {"text": "Yes, in stock."}, headers={"Origin": "https://testserver"})
    assert proxied.status_code == 303  # the same host over https, as behind a proxy that ends TLS
    assert "Yes, in stock." in client.get(page).text


def test_signing_in_needs_the_token_too(client: TestClient) -> None:
    """Without it another site could sign a visitor into an account of its choosing."""
    refused = client.post("/signin", data={"token": "demo-seller"})
    assert refused.status_code == 403 and "pasar_session" not in refused.headers.get("set-cookie", "")
    assert post_form(client, "/signin", {"token": "demo-seller"}).status_code == 303
