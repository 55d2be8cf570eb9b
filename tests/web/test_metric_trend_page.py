"""R-SC-9 on the Seller Centre home: each metric's 90-day trend as a small chart that also says it in words.

HTTP level, no browser: the chart is inline SVG, so what a screen reader or a text browser gets is in
the page itself (the chart's accessible name, and the first and last rates as text).
"""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from pasar.clock import ManualClock
from pasar.metrics.score import METRICS
from tests.web.conftest import sign_in
from tests.web.world import WebWorld

SPARKLINE = re.compile(
    r'<svg class="sparkline"[^>]*\brole="img"[^>]*\baria-label="([^"]+)"[^>]*><title>([^<]+)</title>'
)
WORDS = re.compile(r"^(?P<metric>[A-Z0-9_]+) over 90 days: (?P<first>\S+%) → (?P<last>\S+%)$")


def test_r_sc_9_the_seller_home_draws_one_labelled_trend_per_metric(
    client: TestClient, web_world: WebWorld, clock: ManualClock
) -> None:
    """Given the demo shop's orders, case and buyer wait three days old, when the seller opens the home page,
    then every metric row has one sparkline whose accessible name says the metric and its first and last rate."""
    clock.advance(timedelta(days=3))  # every metric then has a denominator on more than one day
    sign_in(client, "demo-seller")

    home = client.get("/seller")

    assert home.status_code == 200
    assert "Trend (90 days)" in home.text
    charts = SPARKLINE.findall(home.text)
    labels = [label for label, _ in charts]
    assert len(charts) == len(METRICS)
    assert all(label == title for label, title in charts)  # the tooltip says what the accessible name says
    said = [match for label in labels if (match := WORDS.match(label))]
    assert len(said) == len(labels), labels
    assert [match["metric"] for match in said] == [name.upper() for name in METRICS]
    for match in said:  # the same rates as text beside the chart, for readers that do not draw SVG
        assert f'<span class="spark-range" aria-hidden="true">{match["first"]} → {match["last"]}</span>' in home.text
    assert "not enough days yet" not in home.text


def test_r_sc_9_a_metric_with_data_on_fewer_than_two_days_says_not_enough_days_yet(
    client: TestClient, web_world: WebWorld
) -> None:
    """Given all of the demo shop's activity on today alone, when the seller opens the home page,
    then no trend line is drawn and each metric row says "not enough days yet" instead."""
    sign_in(client, "demo-seller")

    home = client.get("/seller").text

    assert SPARKLINE.findall(home) == []
    assert home.count("not enough days yet") == len(METRICS)
