"""HTTP-level tests of the web (no browser): no-JS rendering, scoping, bad input, translation, timing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from pasar.domain.cases import CaseStatus
from pasar.services.marketplace import Marketplace
from tests.support import Given
from tests.web.conftest import post_form, sign_in
from tests.web.world import WebWorld

SELLER_PAGES = [
    "/seller",
    "/seller/orders",
    "/seller/orders?status=UNPAID&channel=live",
    "/seller/unpaid",
    "/seller/cases",
    "/seller/inbox",
    "/seller/reviews",
    "/seller/settings",
    "/shop/{shop}",
    "/shop",
]


def _server_ms(response: object) -> float:
    header = response.headers["server-timing"]  # type: ignore[attr-defined]
    match = re.search(r"dur=([0-9.]+)", header)
    assert match, header
    return float(match.group(1))


def test_root_sends_visitors_to_the_sign_in_page_naming_the_demo_accounts(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/signin"
    page = client.get("/signin")
    assert page.status_code == 200
    for token in ("demo-seller", "demo-operator", "demo-buyer"):
        assert token in page.text
    assert '<label for="token">' in page.text


def test_pages_need_a_session_and_a_bad_token_is_refused(client: TestClient) -> None:
    response = client.get("/seller/orders")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")
    refused = post_form(client, "/signin", {"token": "not-a-token"})
    assert refused.status_code == 401
    assert "not valid" in refused.text
    assert client.get("/seller").status_code == 303


def test_seller_pages_render_without_javascript(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "demo-seller")
    for template in SELLER_PAGES:
        page = client.get(template.format(shop=web_world.demo.shop_id))
        assert page.status_code == 200, (template, page.text[:500])
        assert "Server-Timing" in page.headers
    home = client.get("/seller").text
    assert "Not enough orders yet" in home  # the demo shop has no score: never a 0
    assert "Decide on the after-sales case" in home and "Reply to the buyer" in home
    assert 'data-seconds-left="' in home and "<time datetime=" in home  # due time shown without JS
    unpaid = client.get("/seller/unpaid").text
    assert f"#{web_world.unpaid_order}" in unpaid and "Auto-cancel" in unpaid and "Reminder 1" in unpaid
    assert "Rp" in unpaid  # money in the market's locale (IDR, id_ID)
    detail = client.get(f"/seller/orders/{web_world.unpaid_order}").text
    assert "History" in detail and "unpaid timeout" in detail


def test_r_sc_9_the_seller_home_says_what_would_raise_the_score_and_shows_its_trend(
    client: TestClient, web_world: WebWorld
) -> None:
    sign_in(client, "demo-seller")
    home = client.get("/seller").text
    assert "What would raise my score" in home and "more delivered orders in 90 days" in home
    assert "Trend over 90 days" in home and "Day by day" in home


def test_a_seller_cannot_open_another_shops_order_or_case(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "demo-seller")
    page = client.get(f"/seller/orders/{web_world.other_shop_order}")
    assert page.status_code == 404
    assert "not found" in page.text
    assert client.get("/seller/orders/999999").status_code == 404
    assert client.get("/seller/cases/999999").status_code == 404
    assert client.get("/ops").status_code == 403  # a seller is not an operator


def test_seller_approves_a_case_with_post_redirect_get(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "demo-seller")
    response = post_form(client, f"/seller/cases/{web_world.requested_case}/act", {"event": "approve"})
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "The case was approved." in page.text and "awaiting return" in page.text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"event": "reject", "reason": "  "}, "reason"),
        ({"event": "offer_partial", "amount": "lots"}, "amount"),
        ({"event": "explode"}, "event"),
    ],
)
def test_bad_case_input_names_the_error_and_changes_nothing(
    client: TestClient, web_world: WebWorld, given: Given, data: dict[str, str], field: str
) -> None:
    sign_in(client, "demo-seller")
    before = given.snapshot()
    response = post_form(client, f"/seller/cases/{web_world.requested_case}/act", data)
    assert response.status_code == 422
    assert 'role="alert"' in response.text and f"<code>{field}</code>" in response.text
    assert given.snapshot() == before


def test_a_blocked_reply_is_explained_inline(client: TestClient, web_world: WebWorld) -> None:
    sign_in(client, "demo-seller")
    text = "Yes! Message me on WhatsApp +62 812 3456 7890 for a discount"
    response = post_form(client, f"/seller/inbox/{web_world.conversation}/reply", {"text": text})
    assert response.status_code == 422
    assert "Your message was not delivered" in response.text
    assert "<mark" in response.text and "contact" in response.text
    ok = post_form(client, f"/seller/inbox/{web_world.conversation}/reply", {"text": "Yes, XL is in stock."})
    assert ok.status_code == 303
    assert "Yes, XL is in stock." in client.get(ok.headers["location"]).text


def test_r_br_2_the_seller_sees_who_is_held_responsible_and_replies_once(
    client: TestClient, web_world: WebWorld
) -> None:
    sign_in(client, "demo-seller")
    page = client.get("/seller/reviews").text
    assert "Kurir lambat" in page and "logistics" in page
    blocked = post_form(client, f"/seller/reviews/{web_world.review}/reply", {"text": "WA me: 0812 3456 7890"})
    assert blocked.status_code == 422 and 'role="alert"' in blocked.text
    ok = post_form(client, f"/seller/reviews/{web_world.review}/reply", {"text": "Sorry, we changed couriers."})
    assert ok.status_code == 303
    assert "Sorry, we changed couriers." in client.get("/seller/reviews").text
    again = post_form(client, f"/seller/reviews/{web_world.review}/reply", {"text": "And again"})
    assert again.status_code == 409


def test_operator_arbitrates_and_reads_the_rulebooks(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    sign_in(client, "demo-operator")
    queue = client.get("/ops").text
    assert f"#{web_world.arbitration_case}" in queue
    bad = post_form(client, f"/ops/cases/{web_world.arbitration_case}/arbitrate", {"outcome": ""})
    assert bad.status_code == 422 and "<code>outcome</code>" in bad.text
    done = post_form(client, f"/ops/cases/{web_world.arbitration_case}/arbitrate", {"outcome": "support_buyer"})
    assert done.status_code == 303
    with marketplace.uow(read_only=True) as uow:
        case = uow.cases.get(web_world.arbitration_case)
    assert case is not None and case.status == CaseStatus.REFUNDED.value
    rules = client.get("/ops/rules?market=BR").text
    assert "BRL" in rules and "America/Sao_Paulo" in rules


def test_shop_page_shows_products_score_and_after_sales_policy(client: TestClient, web_world: WebWorld) -> None:
    page = client.get(f"/shop/{web_world.demo.shop_id}")
    assert page.status_code == 200
    assert "Batik shirt, long sleeve" in page.text and "Not enough orders yet" in page.text
    assert "After-sales policy" in page.text and "days of delivery" in page.text
    assert client.get("/shop/999999").status_code == 404


def test_the_rulebook_page_writes_values_in_the_page_language_not_as_python_does(client: TestClient) -> None:
    sign_in(client, "demo-operator")
    english = client.get("/ops/rules?market=ID").text
    cells = re.findall(r"<td>(.*?)</td>", english)
    assert not any(re.search(r"\b(None|True|False)\b", cell) for cell in cells)  # nor inside a milestone's fields
    assert not any(cell.startswith("[") for cell in cells)
    assert "not set" in cells and "yes" in cells and "0.0 → 5.0; 0.012 → 4.0" in english  # ID's subdivision, its COD
    client.get("/lang/zh_Hans?next=/ops/rules")
    chinese = re.findall(r"<td>(.*?)</td>", client.get("/ops/rules?market=ID").text)
    assert {"未设置", "是", "否"} <= set(chinese)


def test_the_seller_centre_speaks_simplified_chinese(client: TestClient) -> None:
    sign_in(client, "demo-seller")
    switched = client.get("/lang/zh_Hans?next=/seller")
    assert switched.status_code == 303 and switched.headers["location"] == "/seller"
    page = client.get("/seller").text
    assert "卖家中心" in page and "订单数量不足" in page and 'lang="zh-Hans"' in page
    client.get("/lang/en?next=/seller")
    assert "Seller Centre" in client.get("/seller").text


def test_countdowns_speak_the_page_language_not_the_market_one(client: TestClient) -> None:
    """An Indonesian shop's English page says "5 hours left", never "5 jam left"; Chinese reads "剩余 5小时"."""
    sign_in(client, "demo-seller")
    english = client.get("/seller").text
    assert re.search(r">\d+ (days?|hours?|minutes?) left<", english), "no English countdown"
    assert not re.search(r"\d+ (hari|jam|menit)", english)
    client.get("/lang/zh_Hans?next=/seller")
    chinese = client.get("/seller").text
    assert re.search(r">剩余 \d+(天|小时|分钟)<", chinese), "no Chinese countdown"
    assert 'data-time-left="剩余 %(time)s"' in chinese and 'data-days="%(days)s天"' in chinese


def test_plotly_is_served_from_the_installed_package(client: TestClient) -> None:
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200 and len(response.content) > 1_000_000
    assert client.get("/static/pasar.css").status_code == 200


def test_a_browser_asking_for_the_site_icon_gets_one_not_a_404(client: TestClient) -> None:
    """Chromium logs a console error for a missing icon; every page links the same one."""
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/signin").text
    for url in ("/favicon.ico", "/static/favicon.svg"):
        icon = client.get(url)
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")


def test_every_page_renders_in_under_300_ms_of_server_time(client: TestClient, web_world: WebWorld) -> None:
    """Generous in-process bound, read from the Server-Timing header; the best of five runs counts."""
    pages = [p.format(shop=web_world.demo.shop_id) for p in SELLER_PAGES] + [
        f"/seller/orders/{web_world.unpaid_order}",
        f"/seller/cases/{web_world.requested_case}",
        f"/seller/inbox/{web_world.conversation}",
    ]

    def best(page: str, tries: int) -> float:
        return min(_server_ms(client.get(page)) for _ in range(tries))

    def measured(pages: list[str]) -> dict[str, float]:
        # Another process can take the core for a moment: a page over the bound gets ten more tries
        first = {page: best(page, 5) for page in pages}
        return {page: ms if ms < 300 else min(ms, best(page, 10)) for page, ms in first.items()}

    sign_in(client, "demo-seller")
    slow = measured(pages)
    sign_in(client, "demo-operator")
    slow.update(measured(["/ops", "/ops/rules"]))
    assert all(ms < 300 for ms in slow.values()), slow


def test_refusals_are_explained_in_the_page_language(client: TestClient, web_world: WebWorld, given: Given) -> None:
    """Given a seller reading Chinese, when a rejection is sent without a reason, then the refusal reads in
    Chinese and nothing changes; a refusal built with values in it stays readable (in English)."""
    sign_in(client, "demo-seller")
    client.get("/lang/zh_Hans?next=/seller")
    before = given.snapshot()
    refused = post_form(client, f"/seller/cases/{web_world.requested_case}/act", {"event": "reject", "reason": ""})
    assert refused.status_code == 422 and "拒绝需要填写理由" in refused.text
    assert given.snapshot() == before
    forged = client.post(f"/seller/cases/{web_world.requested_case}/act", data={"event": "approve"})
    assert forged.status_code == 403 and "此表单已过期或来自其他网站" in forged.text
    unknown = client.get("/seller/orders?status=LOST")
    assert unknown.status_code == 422 and "unknown order status" in unknown.text and "LOST" in unknown.text


@pytest.fixture
def statements(marketplace: Marketplace) -> Iterator[list[str]]:
    """Counts the SQL statements the marketplace's engine runs."""
    ran: list[str] = []

    def count(conn: object, cursor: object, statement: str, *_: object) -> None:
        ran.append(statement)

    event.listen(marketplace.engine, "before_cursor_execute", count)
    yield ran
    event.remove(marketplace.engine, "before_cursor_execute", count)


def test_the_cases_page_costs_no_query_per_case(client: TestClient, statements: list[str]) -> None:
    """Given two open cases, each shown with its stored due time: listing both costs what listing one does."""
    sign_in(client, "demo-seller")
    costs: dict[str, int] = {}
    for path in ("/seller/cases?status=REQUESTED", "/seller/cases"):
        client.get(path)  # warm: a first request may look up what later ones find cached
        statements.clear()
        page = client.get(path)
        assert page.status_code == 200, page.text[:300]
        costs[path] = len(statements)
    assert costs["/seller/cases?status=REQUESTED"] == costs["/seller/cases"], costs
