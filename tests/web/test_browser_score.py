"""R-SC-9 in Debian's Chromium: a shop with enough delivered orders sees its score as a gauge, each metric's
90-day trend and the score's trend; saves ``seller-home-scored.png``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pasar.clock import ManualClock
from pasar.domain.principals import PrincipalKind
from pasar.domain.reviews import NewReview
from pasar.metrics.score import METRICS
from pasar.rules import rulebook_for
from pasar.services import messaging
from pasar.services.auth import issue_token
from pasar.services.reviews import create_review
from tests.support import Given
from tests.web.conftest import csp_violations, shot, watch_csp

DAYS = 14
ORDERS_A_DAY = 3  # 42 delivered in all: past R-SC-1's 30 on the last few days, so the SPS has a line


def _scored_shop(given: Given, clock: ManualClock) -> str:
    """A shop delivering a few orders a day for two weeks, one reviewed badly, buyers answered (one late);
    its seller's token."""
    hold = rulebook_for("ID").cancellation.hold
    shop = given.shop(stock=[DAYS * ORDERS_A_DAY])
    buyer, seller = given.buyer(), given.seller(shop)
    with given.marketplace.uow() as uow:
        chat = messaging.open_conversation(uow, buyer, shop_id=shop.id, buyer_id=None)
    for day in range(DAYS):
        with given.marketplace.uow() as uow:
            messaging.send_message(uow, buyer, chat, text="Is the size chart accurate?")
        if day not in (DAYS - 5, DAYS - 4):  # that question waits two days for its answer
            with given.marketplace.uow() as uow:
                messaging.send_message(uow, seller, chat, text="Yes, it is measured on the garment.")
        orders = [given.order(buyer, shop.sku_ids[0]) for _ in range(ORDERS_A_DAY)]
        for order_id in orders:
            given.paid(buyer, order_id)
        given.past_hold(clock)
        for order_id in orders:
            given.shipped(shop, order_id)
            given.carrier_reports(order_id, "picked_up")
            given.carrier_reports(order_id, "delivered")
        if day == DAYS // 2:
            with given.marketplace.uow() as uow:
                create_review(uow, buyer, orders[0], NewReview(rating=1, text="The seams came apart."))
        clock.advance(timedelta(days=1) - hold)
    with given.marketplace.uow() as uow:
        return issue_token(uow, kind=PrincipalKind.SELLER, name="Scored seller", shop_id=shop.id)


def test_r_sc_9_a_scored_shop_sees_its_gauge_and_every_trend(
    browser: Any, web_url: str, given: Given, clock: ManualClock
) -> None:
    """Given two weeks of deliveries (42 orders), when the seller opens the home page, then the score shows as a
    gauge out of 5, every metric row draws its trend, and the score's own trend is a line."""
    token = _scored_shop(given, clock)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    console = watch_csp(page)
    page.goto(f"{web_url}/signin")
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"{web_url}/seller")

    gauge = page.get_by_role("img", name="Shop Performance Score")
    assert gauge.is_visible() and "out of 5" in (gauge.get_attribute("aria-label") or "")
    filled = page.locator(".gauge .gauge-fill")  # drawn without an inline style, so the CSP lets it show
    assert float((filled.get_attribute("stroke-dasharray") or "0").split()[0]) > 0
    assert filled.evaluate("el => getComputedStyle(el).stroke") != "none"
    assert not csp_violations(page, console)
    assert page.locator("svg.sparkline").count() == len(METRICS)
    assert page.get_by_role("img", name="NRR over 90 days").is_visible()  # the bad review shows on NRR's line
    assert page.locator("svg.trend polyline").count() >= 2  # the score and its dimensions over the days
    assert page.get_by_text("1 fewer order with a negative review would raise product from 4,2 to 5,0").is_visible()
    shot(page, "seller-home-scored")
    page.goto(f"{web_url}/lang/zh_Hans?next=/seller")
    assert page.get_by_text("减少 1 个差评订单，商品将从 4,2 提升至 5,0").is_visible()  # the steps are translated too
    page.goto(f"{web_url}/lang/en?next=/seller")
