"""The daily rollups (incremental) against counting from the facts, on SQLite and PostgreSQL.

A random history is revealed to the store day by day, the way the services would write it
(orders gain events with history rows; reviews, approvals, complaints, answers appear). After
each day the rollups are refreshed with only what changed, and the counts they give must be the
counts computed from scratch; at the end both must be the reference's (R-SC-1..8, R-BR-1).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from pasar.metrics.dataset import Dataset, load_dataset
from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.reference import reference_counts
from tests.scores.facts import AS_OF, clear_facts, counts_by_shop, datasets, write_dataset


@pytest.fixture
def duck(engine: Engine) -> Iterator[DuckDBMetrics]:
    metrics = DuckDBMetrics(engine.url.render_as_string(hide_password=False))
    yield metrics
    metrics.close()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ds=datasets(max_orders=20))
def test_rollups_refreshed_day_by_day_equal_counting_from_scratch(engine: Engine, ds: Dataset) -> None:
    """Given a history revealed day by day, when the rollups refresh each day, then they count what the facts count."""
    with engine.begin() as conn:
        clear_facts(conn)
    duck = DuckDBMetrics(engine.url.render_as_string(hide_password=False))
    try:
        for offset in (-3, -2, -1, 1, 2):  # day 0 is skipped: the rollups then move two days at once
            day = AS_OF + timedelta(days=offset)
            until = datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
            with engine.begin() as conn:
                write_dataset(conn, ds, until=until)
            duck.refresh(keep_from=day)
            assert counts_by_shop(duck.rolled_counts(day)) == counts_by_shop(duck.counts(day))
        with engine.begin() as conn:
            write_dataset(conn, ds)
        duck.refresh(keep_from=AS_OF)
        assert counts_by_shop(duck.rolled_counts(AS_OF)) == reference_counts(ds, AS_OF)
        with engine.connect() as conn:
            assert reference_counts(load_dataset(conn), AS_OF) == reference_counts(ds, AS_OF)
    finally:
        duck.close()
