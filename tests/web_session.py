"""Signing in to the web as a visitor's browser would, for tests that drive a real server over HTTP."""

from __future__ import annotations

import httpx

CSRF_COOKIE = "pasar_csrf"
CSRF_FIELD = "csrf_token"


def signed_in(base_url: str, token: str) -> httpx.Client:
    """A client holding a web session: the sign-in form posted with the CSRF token any page hands out."""
    client = httpx.Client(base_url=base_url, timeout=60)
    client.get("/signin")
    answer = client.post("/signin", data={"token": token, CSRF_FIELD: client.cookies.get(CSRF_COOKIE, "")})
    if answer.status_code != 303:
        raise AssertionError(f"signing in failed: {answer.status_code} {answer.text[:300]}")
    return client
