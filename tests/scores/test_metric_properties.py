"""Property tests: the metric SQL (DuckDB) against the pure-Python reference of docs/rules.md §7.

Random histories put events on and around every window boundary, in markets with and without
daylight saving; every numerator and denominator must agree exactly, and the scores must agree
with exact fractions (R-SC-1..8, R-BR-1).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasar.metrics.dataset import Dataset
from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.reference import reference_counts, reference_score
from pasar.metrics.score import score_shop
from pasar.rules import rulebook_for
from tests.scores.facts import AS_OF, counts_by_shop, datasets

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _engine(ds: Dataset) -> DuckDBMetrics:
    return DuckDBMetrics(dataset=ds)


@SETTINGS
@given(ds=datasets(), shift=st.sampled_from((0, 0, 1, -1, 30, -30)))
def test_r_sc_1_to_8_every_count_matches_the_reference(ds: Dataset, shift: int) -> None:
    """Given any history, when DuckDB counts as of D, then every numerator and denominator is the reference's."""
    as_of = AS_OF + timedelta(days=shift)
    engine = _engine(ds)
    try:
        assert counts_by_shop(engine.counts(as_of)) == reference_counts(ds, as_of)
    finally:
        engine.close()


@SETTINGS
@given(ds=datasets())
def test_r_sc_7_scores_match_exact_arithmetic(ds: Dataset) -> None:
    """Given any counts, the float sub-scores are the exact ones and the rounded SPS is identical (half-up)."""
    for shop in ds.shops:
        counts = reference_counts(ds, AS_OF)[shop.shop_id]
        rules = rulebook_for(shop.market)
        ours = score_shop(shop.shop_id, shop.ref, AS_OF, counts, rules)
        exact = reference_score(counts, rules)
        for name in ("dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"):
            expected = exact[name]
            got = ours.metrics[name].score
            assert (got is None) == (expected is None)
            if got is not None and expected is not None:
                assert got == pytest.approx(float(expected), abs=1e-9)
        for dimension in ("product", "fulfilment", "service"):
            expected = exact[dimension]
            assert (ours.dimensions[dimension] is None) == (expected is None)
        assert ours.sps == exact["sps"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_orders=15))
def test_r_sc_9_the_drill_down_lists_exactly_the_counted_orders(ds: Dataset) -> None:
    """Given any history, the IDs behind each counter are as many as the counter says."""
    engine = _engine(ds)
    try:
        counted = counts_by_shop(engine.counts(AS_OF))
        for shop in ds.shops:
            ids = engine.drill_down(shop.shop_id, AS_OF)
            assert {name: len(values) for name, values in ids.items()} == counted[shop.shop_id]
    finally:
        engine.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_orders=15))
def test_r_sc_9_a_trend_of_days_is_each_day_counted_alone(ds: Dataset) -> None:
    """Given any history, counting 5 days at once gives what counting each day separately gives."""
    days = [AS_OF - timedelta(days=k) for k in (0, 1, 29, 30, 60)]
    engine = _engine(ds)
    try:
        together = {(c.shop_id, c.as_of): c.counts for c in engine.counts(days)}
        for day in days:
            for shop_id, counts in reference_counts(ds, day).items():
                assert together[(shop_id, day)] == counts
    finally:
        engine.close()
