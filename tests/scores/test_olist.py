"""Importing real data: the Olist sample (docs/design.md, "Imported data"), and the metrics on it.

The import is checked row by row against the CSV files, run twice to prove it is idempotent, and
fed a malformed file to prove it is refused whole; then DuckDB, Spark and the pure-Python reference
must agree on every count of every shop (R-SC-1..8, R-BR-1).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from pasar.metrics.dataset import load_dataset
from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.reference import reference_counts
from pasar.store import tables
from pasar.store.database import make_engine
from tests.scores.conftest import OlistData, import_sample, small_olist
from tests.scores.facts import AS_OF, boundary_dataset

PASAR = [sys.executable, "-m", "pasar.cli"]
AS_OF_DAYS = (date(2017, 11, 30), date(2018, 3, 15), date(2018, 8, 1))


def _pasar(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "1000"}  # one error line must not be wrapped by the terminal width
    return subprocess.run([*PASAR, *args], capture_output=True, text=True, timeout=300, env=env)


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        result = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in tables.metadata.sorted_tables
        }
    engine.dispose()
    return result


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_import_maps_each_order_and_seller_pair_to_one_br_order(
    database_url: str, tmp_path: Path, olist: OlistData
) -> None:
    """Given 120 Olist orders, when imported, each (order, seller) pair is one BR order, as docs/design.md maps it."""
    folder = small_olist(olist, tmp_path / "olist")
    summary = import_sample(database_url, olist, folder)
    items = _csv(folder / "olist_order_items_dataset.csv")
    orders = {row["order_id"]: row for row in _csv(folder / "olist_orders_dataset.csv")}
    pairs = {(row["order_id"], row["seller_id"]) for row in items}
    assert summary.orders_created == len(pairs)
    assert summary.skipped_without_items == len(set(orders) - {order for order, _ in pairs})
    engine = make_engine(database_url)
    with engine.connect() as conn:
        refs = {
            row.ref: row.local_id
            for row in conn.execute(select(tables.import_refs).where(tables.import_refs.c.kind == "order"))
        }
        stored = {row.id: row for row in conn.execute(select(tables.orders))}
        shops = {row.id: row for row in conn.execute(select(tables.shops))}
        reviews = {row.order_id: row for row in conn.execute(select(tables.reviews))}
    engine.dispose()
    assert len(refs) == len(pairs)
    for (order_id, seller_id), pasar_id in ((tuple(k.split(":")), v) for k, v in refs.items()):
        source, row = orders[order_id], stored[pasar_id]
        assert shops[row.shop_id].ref == seller_id and row.market == "BR" and row.currency == "BRL"
        placed = datetime.strptime(source["order_purchase_timestamp"], "%Y-%m-%d %H:%M:%S")
        local = row.placed_at.astimezone(ZoneInfo("America/Sao_Paulo")).replace(tzinfo=None)
        assert local == placed  # São Paulo local time in the file, a UTC instant in the store
        limits = [r["shipping_limit_date"] for r in items if r["order_id"] == order_id and r["seller_id"] == seller_id]
        deadline = row.dispatch_deadline_at.astimezone(ZoneInfo("America/Sao_Paulo"))
        assert deadline.strftime("%Y-%m-%d %H:%M:%S") == max(limits)  # the latest limit, kept as given
        if source["order_status"] == "unavailable":  # seller-fault cancellation
            assert row.status == "CANCELLED" and row.seller_fault and row.cancelled_at == (row.paid_at or row.placed_at)
        elif source["order_status"] == "canceled":  # buyer cancellation
            assert row.status == "CANCELLED" and not row.seller_fault
        else:
            assert row.cancelled_at is None
        assert (row.delivered_at is None) == (source["order_delivered_customer_date"] == "")
        assert (row.shipped_at is None) == (source["order_delivered_carrier_date"] == "")
    reviewed = {row["order_id"] for row in _csv(folder / "olist_order_reviews_dataset.csv")}
    for key, pasar_id in refs.items():
        assert (pasar_id in reviews) == (key.split(":")[0] in reviewed)  # on every Pasar order of the Olist order
    assert all(r.responsibility == "seller" and r.responsibility_source == "import" for r in reviews.values())


def test_importing_twice_imports_once(database_url: str, tmp_path: Path, olist: OlistData) -> None:
    """Given an imported folder, when it is imported again, then nothing new is created."""
    folder = small_olist(olist, tmp_path / "olist", orders=60)
    first = import_sample(database_url, olist, folder)
    before = _counts(database_url)
    second = import_sample(database_url, olist, folder)
    assert _counts(database_url) == before
    assert second.orders_created == second.reviews_created == second.shops_created == 0
    assert second.orders_already_present == first.orders_created


@pytest.mark.parametrize(
    ("file", "line", "bad", "reason"),
    [
        ("olist_orders_dataset.csv", 5, ("order_purchase_timestamp", "2017-13-45 10:00:00"), "is not a timestamp"),
        ("olist_order_items_dataset.csv", 3, ("price", "12,5O"), "is not an amount"),
        ("olist_order_reviews_dataset.csv", 2, ("review_score", "7"), "is not between 1 and 5"),
    ],
)
def test_a_malformed_file_is_refused_with_file_line_and_reason_and_nothing_is_imported(
    tmp_path: Path, sqlite_template: Path, olist: OlistData, file: str, line: int, bad: tuple[str, str], reason: str
) -> None:
    """Given one bad cell, when importing, then the command names file, line and reason, exits 1, and stores nothing."""
    folder = small_olist(olist, tmp_path / "olist", orders=30)
    path = folder / file
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(bad[0])] = bad[1]  # no multi-line cells in these first lines
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    db = tmp_path / "pasar.db"
    db.write_bytes(sqlite_template.read_bytes())
    before = _counts(f"sqlite:///{db}")
    result = _pasar("import", "olist", str(folder), "--db", f"sqlite:///{db}", "--catalogue", str(olist.catalogue))
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"pasar: {file} line {line}: {bad[0]}: ") and reason in message
    assert "Traceback" not in result.stderr
    assert _counts(f"sqlite:///{db}") == before


def test_classified_reviews_leave_logistics_complaints_out(database_url: str, tmp_path: Path, olist: OlistData) -> None:
    """Given --review-responsibility classify, then reviews about the courier are not the seller's (R-BR-2)."""
    folder = small_olist(olist, tmp_path / "olist", orders=400)
    summary = import_sample(database_url, olist, folder, responsibility="classify")
    engine = make_engine(database_url)
    with engine.connect() as conn:
        rows = list(conn.execute(select(tables.reviews)))
    engine.dispose()
    sources = {row.responsibility_source for row in rows}
    assert sources <= {"text", "default"} and "text" in sources
    negative = [row for row in rows if row.rating <= 2]
    assert any(row.responsibility == "logistics" for row in negative)
    assert summary.seller_responsible_negative_reviews == sum(1 for r in negative if r.responsibility == "seller")


def test_pasar_metrics_json_has_the_design_shape(olist_url: str) -> None:
    """Given the imported sample, `pasar metrics --json` prints docs/design.md's array, `--shop` one object."""
    result = _pasar("metrics", "--as-of", "2018-06-30", "--db", olist_url, "--json")
    assert result.returncode == 0, result.stderr
    shops = json.loads(result.stdout)
    assert len(shops) == 1125
    keys = {"shop_id", "shop_ref", "as_of", "delivered_90d", "sps", "product", "fulfilment", "service", "metrics"}
    for shop in shops:
        assert set(shop) == keys
        assert set(shop["metrics"]) == {"dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h", "nrr"}
        for value in shop["metrics"].values():
            assert set(value) == {"num", "den", "rate", "score"}
            assert value["rate"] == (value["num"] / value["den"] if value["den"] else None)
        assert shop["sps"] is None or shop["delivered_90d"] >= 30  # R-SC-8: null, never 0
    busiest = max(shops, key=lambda s: s["delivered_90d"])
    one = _pasar("metrics", "--as-of", "2018-06-30", "--db", olist_url, "--json", "--shop", str(busiest["shop_id"]))
    assert json.loads(one.stdout) == busiest
    bad = _pasar("metrics", "--as-of", "2018-02-31", "--db", olist_url)
    assert bad.returncode == 2 and "is not a date" in bad.stderr
    missing = _pasar("metrics", "--as-of", "2018-02-01", "--db", olist_url, "--shop", "999999")
    assert missing.returncode == 1 and missing.stderr.strip() == "pasar: shop 999999 not found"


@pytest.mark.slow
def test_duckdb_spark_and_the_reference_agree_on_every_count_of_the_olist_sample(olist_url: str, spark: Any) -> None:
    """Given the real Olist sample, DuckDB, Spark (local[2]) and the reference give identical counts for every shop."""
    from pasar.metrics.spark import SparkMetrics

    duck = DuckDBMetrics(olist_url)
    engine = make_engine(olist_url)
    with engine.connect() as conn:
        dataset = load_dataset(conn)
    engine.dispose()
    try:
        ours = {(c.shop_id, c.as_of): c.counts for c in duck.counts(list(AS_OF_DAYS), market="BR")}
        sparks = {
            (c.shop_id, c.as_of): c.counts for c in SparkMetrics(spark).counts(duck, list(AS_OF_DAYS), market="BR")
        }
        assert sparks == ours
        for day in AS_OF_DAYS:
            for shop_id, counts in reference_counts(dataset, day).items():
                assert ours[(shop_id, day)] == counts
        assert sum(c["delivered_90d"] for (_, d), c in ours.items() if d == AS_OF_DAYS[1]) > 500  # real volume
    finally:
        duck.close()
    # and on a history with an event at every window edge, in markets with and without DST
    edges = boundary_dataset()
    duck = DuckDBMetrics(dataset=edges)
    try:
        days = [AS_OF, AS_OF - timedelta(days=1)]
        ours = {(c.shop_id, c.as_of): c.counts for c in duck.counts(days)}
        assert {(c.shop_id, c.as_of): c.counts for c in SparkMetrics(spark).counts(duck, days)} == ours
        for day in days:
            for shop_id, counts in reference_counts(edges, day).items():
                assert ours[(shop_id, day)] == counts
    finally:
        duck.close()


def test_olist_data_is_where_the_tests_expect_it(olist: OlistData) -> None:
    """The Olist data is present: outside CI a missing folder skips every test above, in CI it fails them all."""
    placed = sorted(row["order_purchase_timestamp"] for row in _csv(olist.sample / "olist_orders_dataset.csv"))
    assert len(placed) == 4_000
    assert placed[0].startswith("2016-10") and placed[-1].startswith("2018-08")  # the sample spans 2016-10 … 2018-08
    assert (olist.catalogue / "olist_sellers_dataset.csv").is_file()
