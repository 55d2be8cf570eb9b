"""Security headers on every response (API, pages, static files, docs, errors), HSTS only behind TLS, 405 with Allow."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from pasar.api.app import create_app
from pasar.api.security import CONTENT_SECURITY_POLICY
from pasar.services.marketplace import Marketplace

PROBLEM = "application/problem+json"


@pytest.fixture
def client(marketplace: Marketplace) -> Iterator[TestClient]:
    app = create_app(marketplace)

    @app.get("/v1/test-only/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("an unexpected failure, as a bug would raise it")

    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as client:
        yield client


def _assert_secure(response) -> None:
    headers = response.headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, response.url
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert (
        "'unsafe-inline'" not in headers["content-security-policy"]
        and "unsafe-eval" not in headers["content-security-policy"]
    )
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in headers  # plain http: no HSTS


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/health", 200),
        ("GET", "/v1/shops", 200),
        ("GET", "/v1/orders", 401),
        ("GET", "/v1/orders/999999", 401),
        ("GET", "/v1/nowhere", 404),
        ("POST", "/v1/checkout", 401),
        ("DELETE", "/v1/health", 405),
        ("GET", "/v1/test-only/boom", 500),
        ("GET", "/signin", 200),
        ("GET", "/seller", 303),
        ("GET", "/static/pasar.css", 200),
        ("GET", "/static/vendor/plotly.min.js", 200),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_kind_of_response_carries_the_security_headers(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    _assert_secure(response)


def test_the_docs_page_is_served_from_the_installed_package_under_the_same_policy(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "<script>" not in page.text and "cdn" not in page.text.lower()
    _assert_secure(page)
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        served = client.get(f"/docs/assets/{asset}")
        assert served.status_code == 200 and len(served.content) > 300, asset
    assert client.get("/docs/assets/../../settings.py").status_code == 404
    assert client.get("/docs/assets/index.html").status_code == 404  # only the files the page needs


def test_hsts_and_secure_cookies_only_behind_tls(marketplace: Marketplace) -> None:
    behind_tls = replace(marketplace, settings=replace(marketplace.settings, behind_tls=True))
    with TestClient(create_app(behind_tls), base_url="https://testserver", follow_redirects=False) as client:
        page = client.get("/signin")
        assert page.headers["strict-transport-security"].startswith("max-age=")
        assert "secure" in page.headers["set-cookie"].lower()  # the form token's cookie
        assert (
            client.get("/v1/health").headers["strict-transport-security"] == page.headers["strict-transport-security"]
        )


def test_a_500_is_problem_json_without_a_trace(client: TestClient) -> None:
    response = client.get("/v1/test-only/boom")
    assert response.headers["content-type"] == PROBLEM and response.json()["code"] == "internal-error"
    assert "unexpected failure" not in response.text


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", "/v1/health", {"GET"}),
        ("POST", "/v1/orders/1", {"GET"}),
        ("GET", "/v1/checkout", {"POST"}),
        ("POST", "/v1/shops/1/crm-opt-out", {"PUT", "DELETE"}),  # two routes share the path
        ("PATCH", "/v1/messaging/faq", {"GET", "POST"}),
        ("POST", "/static/pasar.css", {"GET", "HEAD"}),
    ],
)
def test_405_names_the_allowed_methods(client: TestClient, method: str, path: str, allowed: set[str]) -> None:
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "method-not-allowed"
    assert {name.strip() for name in response.headers["allow"].split(",")} == allowed
