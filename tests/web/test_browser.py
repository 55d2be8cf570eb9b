"""End-to-end in Debian's Chromium (Playwright, no browser download); saves docs/screenshots/*.png."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import fits_a_phone, shot, sign_in_page
from tests.web.world import WebWorld


def test_seller_centre_in_a_browser(browser: Any, web_url: str, web_world: WebWorld) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{web_url}/signin")
    shot(page, "signin")
    page.get_by_label("Access token").fill("demo-seller")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{web_url}/seller")
    assert page.get_by_text("Not enough orders yet").first.is_visible()
    page.locator("details.drill summary").first.click()  # metric drill-down
    assert page.get_by_text("Counted orders").first.is_visible()
    page.wait_for_selector("[data-live='1']")  # the countdowns tick with JS
    shot(page, "seller-home")

    page.goto(f"{web_url}/seller/unpaid")
    countdown = page.locator(".unpaid .countdown").first
    first = countdown.inner_text()
    page.wait_for_timeout(1100)
    assert countdown.inner_text() != first and "left" in first
    page.wait_for_function("document.body.classList.contains('charts-ready')")
    shot(page, "seller-unpaid")

    page.goto(f"{web_url}/seller/orders/{web_world.unpaid_order}")
    shot(page, "seller-order")

    page.goto(f"{web_url}/seller/cases/{web_world.requested_case}")
    page.get_by_role("button", name="Approve").click()
    assert page.get_by_text("The case was approved.").is_visible()
    shot(page, "seller-case")

    page.goto(f"{web_url}/seller/inbox/{web_world.conversation}")
    page.get_by_label("Your reply").fill("Chat with me at +62 812 3456 7890 instead")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Your message was not delivered").is_visible()
    assert page.locator(".blocked-text mark").count() >= 1
    shot(page, "seller-inbox-blocked")
    page.get_by_label("Your reply").fill("Yes, XL is in stock and ships today.")
    page.get_by_role("button", name="Send").click()
    assert page.get_by_text("Your reply was sent.").is_visible()

    page.goto(f"{web_url}/lang/zh_Hans?next=/seller")
    assert page.get_by_text("卖家中心").first.is_visible()
    shot(page, "seller-home-zh")
    page.goto(f"{web_url}/lang/en?next=/seller")

    fits_a_phone(browser, page, f"{web_url}/seller", "seller-home-375")


def test_operator_arbitrates_in_a_browser(browser: Any, web_url: str, web_world: WebWorld) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in_page(page, web_url, "operator")
    page.wait_for_url(f"{web_url}/ops")
    shot(page, "ops-arbitration")
    page.get_by_label("Note for both parties").first.fill("The photos show a different colour.")
    page.get_by_role("button", name="Support the buyer").first.click()
    assert page.get_by_text("Decided for the buyer.").is_visible()
    assert page.get_by_text("No case is waiting for arbitration.").is_visible()
    page.goto(f"{web_url}/ops/rules")
    shot(page, "ops-rules")
    page.goto(f"{web_url}/shop/{web_world.demo.shop_id}")
    assert page.get_by_text("After-sales policy").is_visible()
    shot(page, "shop-page")
