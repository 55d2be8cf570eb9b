"""R-SC-9: the seller's explanation carries each metric's trend over 90 days, one point per day.

Orders go through the real services: three are handed to the carrier on time, and two days later a
fourth after its dispatch deadline (R-SC-4). Each point of a metric's trend must be what scoring that
day on its own gives (``scores_as_of``), unless a snapshot of that day is stored: then the snapshot,
because that is what the seller saw that day.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from pasar.clock import ManualClock
from pasar.metrics.score import METRICS, MetricValue
from pasar.rules import rulebook_for
from pasar.services import scores as score_service
from pasar.services.marketplace import Marketplace
from tests.support import Given, Shop

ID = rulebook_for("ID")


def today(marketplace: Marketplace) -> date:
    return score_service.local_date(marketplace.clock.now(), ID)


def three_on_time_then_one_late(given: Given, clock: ManualClock, marketplace: Marketplace, shop: Shop) -> date:
    """Four orders paid now; three shipped on time, one after its dispatch deadline. Returns the late day."""
    buyer = given.buyer()
    ids = [given.order(buyer, shop.sku_ids[0]) for _ in range(4)]
    for order_id in ids:
        given.paid(buyer, order_id)
    given.past_hold(clock)
    for index, order_id in enumerate(ids):
        if index == 3:
            clock.advance(timedelta(days=2, hours=2))  # past the dispatch deadline, before the collection one
        given.shipped(shop, order_id)
        given.carrier_reports(order_id, "picked_up")
    for order_id in ids:
        given.carrier_reports(order_id, "delivered")
    return today(marketplace)


def point(explained: dict[str, Any], metric: str, day: date) -> dict[str, Any]:
    (found,) = [p for p in explained["metrics"][metric]["trend"] if p["as_of"] == day.isoformat()]
    return found


def test_r_sc_9_each_metrics_trend_has_90_days_each_equal_to_that_days_score(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    """Given three on-time dispatches and, two days later, a late one, when the seller reads the explanation
    a day after that, then every metric's trend has a point for each of the 90 days, oldest first, each the
    day's own score, and LDR's numerator rises on the day of the late dispatch and stays up."""
    shop = given.shop(stock=[10])
    late_day = three_on_time_then_one_late(given, clock, marketplace, shop)
    clock.advance(timedelta(days=1))
    as_of = today(marketplace)

    with marketplace.uow(read_only=True) as uow:
        explained = score_service.explain(uow, shop.id, as_of)

    expected_days = [(as_of - timedelta(days=back)).isoformat() for back in reversed(range(90))]
    for name in METRICS:
        assert [p["as_of"] for p in explained["metrics"][name]["trend"]] == expected_days, name
    checked = [as_of - timedelta(days=89), late_day - timedelta(days=3), late_day - timedelta(days=1), late_day, as_of]
    for day in checked:
        (alone,) = score_service.scores_as_of(marketplace, day, shop_ids=[shop.id])
        for name in METRICS:
            assert point(explained, name, day) == {"as_of": day.isoformat(), **alone.metrics[name].as_json()}
    ldr = {day: point(explained, "ldr", day) for day in (late_day - timedelta(days=1), late_day, as_of)}
    assert (ldr[late_day - timedelta(days=1)]["num"], ldr[late_day - timedelta(days=1)]["den"]) == (0, 3)
    assert (ldr[late_day]["num"], ldr[late_day]["den"]) == (1, 4)
    assert (ldr[as_of]["num"], ldr[as_of]["den"], ldr[as_of]["rate"]) == (1, 4, 0.25)
    latest = explained["metrics"]["ldr"]  # the last point is the explained day itself
    assert ldr[as_of] == {"as_of": as_of.isoformat(), **{key: latest[key] for key in ("num", "den", "rate", "score")}}


def test_r_sc_9_a_day_with_a_stored_snapshot_shows_the_snapshot_in_the_metric_trend(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    """Given a stored snapshot of the late day that differs from what the facts give now, when the seller
    reads the explanation, then that day's LDR point shows the snapshot's counts, rate and sub-score, and
    the other days are still computed."""
    shop = given.shop(stock=[10])
    late_day = three_on_time_then_one_late(given, clock, marketplace, shop)
    as_of = today(marketplace)
    (computed,) = score_service.scores_as_of(marketplace, late_day, shop_ids=[shop.id])
    seen = MetricValue(num=2, den=5, rate=0.4, score=0.0)
    with marketplace.uow() as uow:
        score_service.save_scores(uow, [dataclasses.replace(computed, metrics={**computed.metrics, "ldr": seen})])

    with marketplace.uow(read_only=True) as uow:
        explained = score_service.explain(uow, shop.id, as_of)

    assert point(explained, "ldr", late_day) == {"as_of": late_day.isoformat(), **seen.as_json()}
    assert point(explained, "dor", late_day) == {"as_of": late_day.isoformat(), **computed.metrics["dor"].as_json()}
    before = late_day - timedelta(days=1)
    (alone,) = score_service.scores_as_of(marketplace, before, shop_ids=[shop.id])
    assert point(explained, "ldr", before) == {"as_of": before.isoformat(), **alone.metrics["ldr"].as_json()}
