"""Accessibility in Debian's Chromium: every control labelled, text contrast (WCAG AA), keyboard-only actions."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import sign_in_page
from tests.web.world import WebWorld, seller_pages

# Runs in the page: the controls a screen reader could not name.
UNLABELLED = """
() => Array.from(document.querySelectorAll('input, select, textarea, button'))
  .filter(el => el.type !== 'hidden')
  .filter(el => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;
    if (el.tagName === 'BUTTON') return !el.textContent.trim();
    if (el.labels && el.labels.length && Array.from(el.labels).some(l => l.textContent.trim())) return false;
    return true;
  })
  .map(el => el.outerHTML.slice(0, 120))
"""

# Runs in the page: text whose contrast with its background is under WCAG AA (4.5:1; 3:1 for large text).
LOW_CONTRAST = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === 'hidden' || style.display === 'none' || !el.getClientRects().length) continue;
    const [a, b] = [lum(rgb(style.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) bad.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}
"""


def _pages(world: WebWorld) -> list[str]:
    return [*seller_pages(world), f"/shop/{world.demo.shop_id}"]


def _audit(page: Any, url: str) -> dict[str, list[str]]:
    page.goto(url)
    page.wait_for_load_state("load")
    problems = {"unlabelled": page.evaluate(UNLABELLED), "contrast": page.evaluate(LOW_CONTRAST)}
    return {kind: found for kind, found in problems.items() if found}


def test_every_control_is_labelled_and_every_text_is_readable(browser: Any, web_url: str, web_world: WebWorld) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    signin = _audit(page, f"{web_url}/signin")
    sign_in_page(page, web_url, "seller")
    findings = {"/signin": signin} if signin else {}
    for path in _pages(web_world):
        found = _audit(page, f"{web_url}{path}")
        if found:
            findings[path] = found
    sign_in_page(page, web_url, "operator")
    for path in ("/ops", "/ops/rules"):
        found = _audit(page, f"{web_url}{path}")
        if found:
            findings[path] = found
    assert not findings, findings


def test_a_seller_approves_a_case_with_the_keyboard_alone(browser: Any, web_url: str, web_world: WebWorld) -> None:
    """Given the case page, when the seller tabs to "Approve" and presses Enter, then the case is approved."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    sign_in_page(page, web_url, "seller")
    page.goto(f"{web_url}/seller/cases/{web_world.requested_case}")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent.trim()")
        if focused == "Approve":
            break
    else:
        raise AssertionError("the Approve button cannot be reached with the Tab key")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no focus ring"
    page.keyboard.press("Enter")
    page.wait_for_url("**/seller/cases/*?done=approve")
    assert page.get_by_text("The case was approved.").is_visible()
