"""Over HTTP: a null score says why (R-SC-8)."""

from __future__ import annotations

from datetime import timedelta

from pasar.services.scores import forget_engine
from tests.e2e.conftest import World
from tests.scores.test_scores_service import deliver
from tests.support import Given


def test_r_sc_8_the_score_says_no_metric_data_over_http(world: World, given: Given, clock, marketplace) -> None:
    shop = given.shop(stock=[40])
    deliver(given, clock, shop, 30)
    clock.advance(timedelta(days=65))
    try:
        public = world.anonymous.get(f"/v1/shops/{shop.id}/score").json()
    finally:
        forget_engine(marketplace.engine)
    assert (public["status"], public["delivered_90d"], public["sps"]) == ("no metric data", 30, None)
    assert public["metrics_without_data"] == ["dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"]
