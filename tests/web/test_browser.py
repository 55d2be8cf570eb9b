"""End-to-end in Debian's Chromium (Playwright, no browser download); saves docs/screenshots/*.png."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pasar.services.marketplace import Marketplace
from tests.servers import serving
from tests.web.world import WebWorld

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


def _need_browser() -> Any:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if in_ci:
            pytest.fail("playwright is required in CI (pip install -e '.[dev]')")
        pytest.skip("playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        if in_ci:
            pytest.fail("/usr/bin/chromium is required in CI (apt-get install chromium)")
        pytest.skip("Debian's Chromium is missing at /usr/bin/chromium (apt-get install chromium)")
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


def _shot(page: Any, name: str) -> None:
    """Every run takes the screenshot (the page must render); ``make screenshots`` keeps them in docs/."""
    folder = SCREENSHOTS if os.environ.get("PASAR_SCREENSHOTS") == "1" else Path(tempfile.gettempdir()) / "pasar-shots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _sign_in(page: Any, base: str, who: str) -> None:
    page.goto(f"{base}/signin")
    page.get_by_role("button", name=f"Sign in as the {who}").click()


def test_seller_centre_in_a_browser(browser: Any, web_url: str, web_world: WebWorld) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{web_url}/signin")
    _shot(page, "signin")
    page.get_by_label("Access token").fill("demo-seller")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{web_url}/seller")
    assert page.get_by_text("Not enough orders yet").first.is_visible()
    page.locator("details.drill summary").first.click()  # metric drill-down
    assert page.get_by_text("Counted orders").first.is_visible()
    page.wait_for_selector("[data-live='1']")  # the countdowns tick with JS
    _shot(page, "seller-home")

    page.goto(f"{web_url}/seller/unpaid")
    countdown = page.locator(".unpaid .countdown").first
    first = countdown.inner_text()
    page.wait_for_timeout(1100)
    assert countdown.inner_text() != first and "left" in first
    page.wait_for_function("document.body.classList.contains('charts-ready')")
    _shot(page, "seller-unpaid")

    page.goto(f"{web_url}/seller/orders/{web_world.unpaid_order}")
    _shot(page, "seller-order")

    page.goto(f"{web_url}/seller/cases/{web_world.requested_case}")
    page.get_by_role("button", name="Approve").click()
    assert page.get_by_text("The case was approved.").is_visible()
    _shot(page, "seller-case")

    page.goto(f"{web_url}/seller/inbox/{web_world.conversation}")
    page.get_by_label("Your reply").fill("Chat with me at +62 812 3456 7890 instead")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Your message was not delivered").is_visible()
    assert page.locator(".blocked-text mark").count() >= 1
    _shot(page, "seller-inbox-blocked")
    page.get_by_label("Your reply").fill("Yes, XL is in stock and ships today.")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Your reply was sent.").is_visible()

    page.goto(f"{web_url}/lang/zh_Hans?next=/seller")
    assert page.get_by_text("卖家中心").first.is_visible()
    _shot(page, "seller-home-zh")
    page.goto(f"{web_url}/lang/en?next=/seller")

    phone = browser.new_page(viewport={"width": 375, "height": 812})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{web_url}/seller")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at 375 px ({width} px wide)"
    _shot(phone, "seller-home-375")


def test_operator_arbitrates_in_a_browser(browser: Any, web_url: str, web_world: WebWorld) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    _sign_in(page, web_url, "operator")
    page.wait_for_url(f"{web_url}/ops")
    _shot(page, "ops-arbitration")
    page.get_by_label("Note for both parties").first.fill("The photos show a different colour.")
    page.get_by_role("button", name="Support the buyer").first.click()
    assert page.get_by_text("Decided for the buyer.").is_visible()
    assert page.get_by_text("No case is waiting for arbitration.").is_visible()
    page.goto(f"{web_url}/ops/rules")
    _shot(page, "ops-rules")
    page.goto(f"{web_url}/shop/{web_world.demo.shop_id}")
    assert page.get_by_text("After-sales policy").is_visible()
    _shot(page, "shop-page")
