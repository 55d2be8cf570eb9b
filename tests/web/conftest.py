"""Web tests run on SQLite only (the pages call the same services the API tests cover on both stores).

Fixtures: ``client`` (HTTP, no browser), ``web_url`` (a live server) and ``browser`` (Debian's Chromium
through Playwright, never a downloaded browser). ``post_form`` sends a form the way a page does, with
the CSRF token the page would carry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from pasar.api.app import create_app
from pasar.clock import ManualClock
from pasar.services.marketplace import Marketplace
from tests.external import require
from tests.servers import serving
from tests.support import Given
from tests.web.world import WebWorld, build_world

CSRF_COOKIE = "pasar_csrf"
SESSION_COOKIE = "pasar_session"
CSRF_FIELD = "csrf_token"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "pasar.db"
    shutil.copy(request.getfixturevalue("sqlite_template"), path)
    yield f"sqlite:///{path}"


@pytest.fixture
def web_world(marketplace: Marketplace, clock: ManualClock, given: Given) -> WebWorld:
    return build_world(marketplace, clock, given)


@pytest.fixture
def client(marketplace: Marketplace, web_world: WebWorld) -> Iterator[TestClient]:
    with TestClient(create_app(marketplace), follow_redirects=False) as client:
        yield client


def post_form(
    client: TestClient,
    path: str,
    data: Mapping[str, str],
    *,
    files: Any = None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """POST a form as a page of this site would: with the CSRF token from the visitor's cookie."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/signin")  # any page hands out the token
    token = client.cookies.get(CSRF_COOKIE, "")
    return client.post(path, data={**data, CSRF_FIELD: token}, files=files, headers=dict(headers or {}))


def sign_in(client: TestClient, token: str) -> None:
    response = post_form(client, "/signin", {"token": token})
    assert response.status_code == 303, response.text


# --- the browser ----------------------------------------------------------------------------------------
def _need_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright is not None, "playwright is not installed (pip install -e '.[dev]')")
    require(CHROMIUM.exists(), "Debian's Chromium is missing at /usr/bin/chromium (apt-get install chromium)")
    return sync_playwright


@pytest.fixture
def web_url(marketplace: Marketplace, web_world: WebWorld) -> Iterator[str]:
    with serving(marketplace) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def shot(page: Any, name: str) -> None:
    """Every run takes the screenshot (the page must render); ``make screenshots`` keeps them in docs/."""
    folder = SCREENSHOTS if os.environ.get("PASAR_SCREENSHOTS") == "1" else Path(tempfile.gettempdir()) / "pasar-shots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sign_in_page(page: Any, base: str, who: str) -> None:
    """Sign in through the sign-in page's demo buttons (``who``: seller, operator or buyer)."""
    page.goto(f"{base}/signin")
    page.get_by_role("button", name=f"Sign in as the {who}").click()


def fits_a_phone(browser: Any, signed_in: Any, url: str, name: str) -> None:
    """Open ``url`` 375 px wide with ``signed_in``'s cookies: no sideways scrolling; screenshot ``name``."""
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    phone.context.add_cookies(signed_in.context.cookies())
    phone.goto(url)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{url} scrolls sideways at 375 px ({width} px wide)"
    shot(phone, name)


# Runs in every page before its own scripts: records each Content-Security-Policy violation.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${where}`);
});
"""


def watch_csp(page: Any) -> list[str]:
    """Collect the page's CSP violations: reported events and the console's "Content Security Policy" errors."""
    found: list[str] = []
    page.add_init_script(CSP_WATCH)
    page.on(
        "console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None
    )
    return found


def csp_violations(page: Any, console: list[str]) -> list[str]:
    """What was violated on the page now shown (call after it has loaded), and clear the console list."""
    reported = page.evaluate("window.__cspViolations || []")
    seen = [*reported, *console]
    console.clear()
    return seen
