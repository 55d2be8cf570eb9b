"""The pages pass their own Content-Security-Policy in Chromium: no inline script or style, nothing from elsewhere.

Every page of the Seller Centre, the operator console, the shop pages, the sign-in page and the API
docs is opened in Debian's Chromium with a listener for ``securitypolicyviolation`` events and the
console's CSP errors; none may be reported. A control first shows the listener does see a violation.
"""

from __future__ import annotations

from typing import Any

from pasar.services.marketplace import Marketplace
from tests.web.conftest import csp_violations, sign_in, sign_in_page, watch_csp
from tests.web.world import WebWorld, buyer_evidence, seller_pages

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _seller_pages(world: WebWorld) -> list[str]:
    return [*seller_pages(world), "/lang/zh_Hans?next=/seller", "/lang/en?next=/seller/unpaid"]


def _visit(page: Any, console: list[str], url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return csp_violations(page, console)


def test_the_policy_is_enforced_and_the_watch_sees_a_violation(browser: Any, web_url: str) -> None:
    page = browser.new_page()
    console = watch_csp(page)
    page.goto(f"{web_url}/signin")
    ran = page.evaluate(
        """() => { window.__ran = false; const s = document.createElement('script');
                   s.textContent = 'window.__ran = true'; document.body.appendChild(s); return window.__ran; }"""
    )
    page.wait_for_timeout(200)
    assert ran is False, "an inline script ran: the policy is not enforced"
    assert any("script-src" in line for line in csp_violations(page, console))


def test_every_page_passes_the_content_security_policy(
    browser: Any, web_url: str, web_world: WebWorld, marketplace: Marketplace
) -> None:
    for case_id in (web_world.requested_case, web_world.arbitration_case):  # their pages show download links
        buyer_evidence(marketplace, web_world, case_id, "torn.png", PNG)
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    console = watch_csp(page)
    findings: dict[str, list[str]] = {}

    def check(path: str) -> None:
        found = _visit(page, console, f"{web_url}{path}")
        if found:
            findings[path] = found

    for path in ("/signin", "/shop", f"/shop/{web_world.demo.shop_id}"):
        check(path)
    sign_in_page(page, web_url, "seller")
    for path in _seller_pages(web_world):
        check(path)
    page.wait_for_function("document.body.classList.contains('charts-ready')")  # plotly drew under the policy
    sign_in_page(page, web_url, "operator")
    for path in ("/ops", "/ops/rules", "/ops/rules?market=GB"):
        check(path)
    assert page.locator("a[download]").count() == 0  # the rules page has no evidence
    check("/ops")
    assert page.locator("ul.evidence a[download]").count() >= 1
    check("/docs")
    page.wait_for_selector(".swagger-ui .info .title")  # Swagger UI ran from the installed bundle
    assert "Pasar" in page.locator(".swagger-ui .info .title").inner_text()
    findings.update({"/docs (after rendering)": found} if (found := csp_violations(page, console)) else {})
    assert not findings, findings


def test_plotly_style_rules_are_served_as_a_style_sheet(client: Any) -> None:
    """The rules plotly.js would inject inline come from the installed bundle as a file."""
    sheet = client.get("/static/vendor/plotly.css")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")
    assert ".js-plotly-plot .plotly .modebar" in sheet.text and sheet.text.count("{") > 50
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in _unpaid_page(client)


def _unpaid_page(client: Any) -> str:
    sign_in(client, "demo-seller")
    return str(client.get("/seller/unpaid").text)
