"""Local calendar days by arithmetic (the DuckDB dialect) against Python's zoneinfo, at every kind of instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pasar.metrics.dataset import Dataset
from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.params import all_market_params
from pasar.metrics.zones import local_day_python, transitions

ZONES = {p.market: p.tz for p in all_market_params()}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _near_transitions() -> list[int]:
    """Every offset change of every market's zone between 2015 and 2030, and a second either side."""
    out = []
    low, high = (int((datetime(y, 1, 1, tzinfo=UTC) - EPOCH) / timedelta(microseconds=1)) for y in (2015, 2031))
    for tz in set(ZONES.values()):
        for start in transitions(tz)[0]:
            if low <= start < high:
                out += [start - 1_000_000, start - 1, start, start + 1, start + 1_000_000]
    return out


def _sql_days(pairs: list[tuple[str, int]]) -> list[int]:
    engine = DuckDBMetrics(dataset=Dataset())
    try:
        cur = engine.db.cursor()
        cur.execute("CREATE TEMP TABLE probe (market VARCHAR, e BIGINT, i INTEGER)")
        values = ", ".join(f"('{m}', {e}, {i})" for i, (m, e) in enumerate(pairs))
        cur.execute(f"INSERT INTO probe VALUES {values}")
        expression = engine.dialect.local_day("make_timestamptz(p.e)", "m")
        rows = cur.execute(
            f"SELECT p.i, {expression} FROM probe p JOIN markets m ON m.market = p.market ORDER BY p.i"
        ).fetchall()
        return [int(day) for _, day in rows]
    finally:
        engine.close()


def test_every_daylight_saving_change_lands_on_the_right_local_date() -> None:
    """Given the instants around each DST change of GB, US and BR, the arithmetic day is zoneinfo's."""
    pairs = [(market, e) for e in _near_transitions() for market in ZONES]
    assert _sql_days(pairs) == [local_day_python(e, ZONES[m]) for m, e in pairs]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(ZONES)), st.integers(-(10**15), 5 * 10**15)), min_size=1, max_size=40))
def test_any_instant_in_any_market_gets_zoneinfos_local_date(pairs: list[tuple[str, int]]) -> None:
    """Given instants from 1938 to 2128 (outside the covered years ICU decides), the days agree."""
    assert _sql_days(pairs) == [local_day_python(e, ZONES[m]) for m, e in pairs]
