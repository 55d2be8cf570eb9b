"""A null SPS says why (R-SC-7, R-SC-8): too few delivered orders, or enough of them but no metric
with data in its window ("no metric data", with the metrics that lack it) — never "not enough
orders" beside "0 more delivered orders needed"."""

from __future__ import annotations

from datetime import timedelta

from pasar.clock import ManualClock
from pasar.metrics.score import SCORED
from pasar.services import scores as score_service
from pasar.services.marketplace import Marketplace
from tests.scores.test_scores_service import deliver
from tests.support import Given


def _explained_and_public(marketplace: Marketplace, shop_id: int) -> tuple[dict, dict]:
    with marketplace.uow(read_only=True) as uow:
        return score_service.explain(uow, shop_id), score_service.public_score(uow, shop_id)


def test_r_sc_8_thirty_deliveries_with_no_metric_in_its_window_say_no_metric_data(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    # Given 30 orders delivered 65 days ago and nothing since: inside 90 days, outside every metric's window
    shop = given.shop(stock=[40])
    deliver(given, clock, shop, 30)
    clock.advance(timedelta(days=65))
    explained, public = _explained_and_public(marketplace, shop.id)
    for answer in (explained, public):
        assert (answer["sps"], answer["delivered_90d"], answer["status"]) == (None, 30, "no metric data")
        assert answer["metrics_without_data"] == list(SCORED)
    assert explained["what_if"]["delivered_orders_needed"] == 0
    # The shop page reads the day's stored snapshot once there is one: the same reason
    with marketplace.uow() as uow:
        day = score_service.local_date(uow.now, uow.rules("ID"))
        score_service.save_scores(uow, score_service.scores_as_of(marketplace, day, shop_ids=[shop.id]))
    _, public = _explained_and_public(marketplace, shop.id)
    assert (public["status"], public["metrics_without_data"]) == ("no metric data", list(SCORED))


def test_r_sc_8_a_scored_shop_names_the_metrics_left_out_and_too_few_orders_stay_not_enough(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    scored, short = given.shop(stock=[40]), given.shop(stock=[40])
    deliver(given, clock, scored, 30)
    deliver(given, clock, short, 29)
    explained, public = _explained_and_public(marketplace, scored.id)
    assert explained["status"] == public["status"] == "scored"
    assert explained["metrics_without_data"] == ["reply_24h"]  # no buyer has written: renormalised away (R-SC-7)
    explained, public = _explained_and_public(marketplace, short.id)
    assert explained["status"] == public["status"] == "not enough orders"
    assert explained["what_if"]["delivered_orders_needed"] == 1
