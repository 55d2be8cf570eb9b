"""R-IM-3 in Debian's Chromium: the seller reaches the FAQ and business hours from the inbox and sets them."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import fits_a_phone, shot, sign_in_page
from tests.web.world import WebWorld


def test_r_im_3_the_seller_sets_faq_and_business_hours_in_a_browser(
    browser: Any, web_url: str, web_world: WebWorld
) -> None:
    # Given the seller in their inbox
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in_page(page, web_url, "seller")
    page.wait_for_url(f"{web_url}/seller")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox", exact=True).click()
    page.wait_for_url(f"{web_url}/seller/inbox")
    # When they follow the inbox's link to the settings and add an FAQ entry
    page.locator("main").get_by_role("link", name="FAQ and business hours").click()
    page.wait_for_url(f"{web_url}/seller/settings")
    page.get_by_label("Keywords").fill("ukuran, size chart")
    page.get_by_label("Answer").fill("Our size chart is in the last product photo.")
    page.get_by_role("button", name="Add the entry").click()
    # Then the entry is listed
    assert page.get_by_text("The FAQ entry was added.").is_visible()
    assert page.get_by_text("Our size chart is in the last product photo.").is_visible()

    # When they open the shop on Mondays from 09:00 to 17:00 with the keyboard and save
    page.get_by_label("Only at the hours below").check()
    monday = page.get_by_role("group", name="Monday")
    monday.get_by_label("Open", exact=True).focus()
    page.keyboard.press("Space")
    # Typed the way a 12-hour time field takes it; a 24-hour one skips the AM
    monday.get_by_label("Opens at").press_sequentially("0900AM")
    monday.get_by_label("Closes at").press_sequentially("1700")
    page.get_by_role("button", name="Save hours and away message").click()
    # Then the notice shows and the hours come back pre-filled
    assert page.get_by_text("Your business hours and away message were saved.").is_visible()
    monday = page.get_by_role("group", name="Monday")
    assert monday.get_by_label("Open", exact=True).is_checked()
    assert monday.get_by_label("Opens at").input_value() == "09:00"
    assert monday.get_by_label("Closes at").input_value() == "17:00"
    shot(page, "seller-settings")

    # And the page fits a phone's width
    fits_a_phone(browser, page, f"{web_url}/seller/settings", "seller-settings-375")
