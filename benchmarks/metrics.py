"""Benchmark: the Shop Performance Score for 10,000 shops and 1,000,000 orders (docs/design.md targets).

Pasar's figures are printed beside a baseline measured in the same run on the same store: a
straightforward pandas implementation of the same docs/rules.md §7 definitions (read the tables, turn
instants into market-local dates, mask and group by shop). Both must agree on every count of
every shop, on both days, or the run fails.

* day D, full recompute: Pasar rebuilds its facts and daily rollups from the store, counts every
  shop's seven metrics, scores them and stores the 10,000 snapshots;
* day D+1, incremental: a day of activity is written (new orders, shipments, deliveries, reviews,
  approvals, complaints, buyer waits), then Pasar refreshes the rollups with only what changed,
  scores every shop and stores the snapshots; pandas has no rollups and recomputes.

Run with ``make bench`` or ``python benchmarks/metrics.py [--orders N --shops N]``; pandas is a
benchmark-only dependency (``pip install pandas``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import console, fresh_database, machine

from pasar.clock import ManualClock
from pasar.metrics.duck import DuckDBMetrics, extensions_directory
from pasar.metrics.params import all_market_params
from pasar.metrics.score import score_shop
from pasar.metrics.sql import COUNTER_NAMES, EXCLUDED_KINDS
from pasar.rules import rulebook_for
from pasar.services.scores import save_scores
from pasar.services.unit_of_work import UnitOfWork
from pasar.store.database import make_engine

D = date(2026, 3, 1)
T_END = datetime(2026, 3, 2, tzinfo=UTC)  # the data is as the store held it at this instant
MARKETS = ["ID", "TH", "VN", "MY", "PH", "GB", "US"]
FMT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores instants in SQLite (naive UTC)
EPOCH_DAY = date(1970, 1, 1)


# --- the synthetic marketplace ---------------------------------------------------------------------------
def generate(path: str, shops: int, orders: int, seed: float = 0.42) -> dict[str, int]:
    """Write the synthetic marketplace, in a process of its own.

    The generator writes through DuckDB's SQLite scanner, which carries a SQLite library of its own;
    this process reads the same file through Python's, and two SQLite libraries must never hold one
    file in one process (each would release the other's locks).
    """
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_generate, path, shops, orders, seed).result()


def _generate(path: str, shops: int, orders: int, seed: float) -> dict[str, int]:
    """Write shops, orders, reviews, after-sales cases, complaints and buyer waits straight into SQLite."""
    import duckdb

    db = duckdb.connect(config={"extension_directory": extensions_directory()})
    db.execute("SET enable_progress_bar = false")  # it would draw over the benchmark's own output
    db.execute("LOAD sqlite_scanner")
    db.execute("SET TimeZone = 'UTC'")
    db.execute(f"ATTACH '{path}' AS s (TYPE sqlite)")
    db.execute(f"SELECT setseed({seed})")
    end = "TIMESTAMPTZ '2026-03-02 00:00:00+00'"
    fmt = f"'{FMT}'"
    markets = "[" + ", ".join(f"'{m}'" for m in MARKETS) + "]"

    def capped(expr: str) -> str:
        return f"CASE WHEN {expr} <= {end} THEN {expr} END"

    def text(column: str) -> str:
        return f"strftime({column}, {fmt})"

    db.execute(
        "INSERT INTO s.shops (id, ref, name, market, status, is_mall, created_at) "
        f"SELECT i, 'bench-' || i, 'Bench shop ' || i, {markets}[1 + i % 7], 'active', 0, "
        f"'2025-01-01 00:00:00.000000' FROM range(1, {shops + 1}) t(i)"
    )
    db.execute(
        "INSERT INTO s.buyers (id, name, market, notification_channel, created_at) "
        "SELECT i, 'Bench buyer ' || i, 'ID', 'in_app', '2025-01-01 00:00:00.000000' FROM range(1, 1001) t(i)"
    )
    db.execute(
        "CREATE TEMP TABLE g AS SELECT i AS id, 1 + CAST(floor(random() * " + str(shops) + ") AS BIGINT) AS shop_id, "
        f"{end} - to_microseconds(CAST(random() * 150 * 86400e6 AS BIGINT)) AS placed, "
        "random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6 "
        f"FROM range(1, {orders + 1}) t(i)"
    )
    db.execute(
        "CREATE TEMP TABLE o0 AS SELECT id, shop_id, placed, "
        "CASE WHEN r1 < 0.95 THEN placed + to_microseconds(CAST(r2 * 1800e6 AS BIGINT)) END AS paid, "
        "CASE WHEN r3 < 0.15 THEN 'platform' ELSE 'seller' END AS ft, "
        "CASE WHEN r6 < 0.01 THEN 'creator_sample' WHEN r6 < 0.015 THEN 'test' ELSE 'normal' END AS kind, "
        "r4 < 0.03 AS cancel, r4 < 0.015 AS fault, r5 FROM g"
    )
    db.execute(
        "CREATE TEMP TABLE o1 AS SELECT *, paid + INTERVAL 48 HOUR AS deadline, "
        "CASE WHEN NOT cancel THEN paid + to_microseconds(CAST(r5 * 52 * 3600e6 AS BIGINT)) END AS shipped_raw, "
        "CASE WHEN cancel THEN paid + INTERVAL 10 HOUR END AS cancelled_raw FROM o0"
    )
    db.execute(
        f"CREATE TEMP TABLE o AS SELECT id, shop_id, placed, {capped('paid')} AS paid, ft, kind, fault, "
        f"CASE WHEN paid <= {end} THEN deadline END AS deadline, {capped('shipped_raw')} AS shipped, "
        f"{capped('cancelled_raw')} AS cancelled, "
        f"{capped('shipped_raw + to_microseconds(CAST((1 + r5 * 4) * 86400e6 AS BIGINT))')} AS delivered "
        "FROM o1"
    )
    db.execute(
        "INSERT INTO s.orders (id, shop_id, buyer_id, market, status, channel, fulfilment_type, currency, "
        "total_amount, placed_at, paid_at, cancelled_at, cancel_reason, seller_fault, kind, dispatch_deadline_at, "
        "shipped_at, delivered_at, refunded_amount, updated_at) "
        f"SELECT id, shop_id, 1 + id % 1000, {markets}[1 + shop_id % 7], "
        "CASE WHEN cancelled IS NOT NULL THEN 'CANCELLED' WHEN delivered IS NOT NULL THEN 'DELIVERED' "
        "WHEN shipped IS NOT NULL THEN 'IN_TRANSIT' WHEN paid IS NOT NULL THEN 'AWAITING_SHIPMENT' ELSE 'UNPAID' END, "
        "'search', ft, 'XXX', 10000, "
        f"{text('placed')}, {text('paid')}, {text('cancelled')}, "
        "CASE WHEN cancelled IS NOT NULL THEN 'SELLER_CANCELLED' END, "
        "CASE WHEN cancelled IS NOT NULL AND fault THEN 1 ELSE 0 END, kind, "
        f"{text('deadline')}, {text('shipped')}, {text('delivered')}, 0, {text('placed')} FROM o"
    )
    db.execute(
        "CREATE TEMP TABLE rv AS SELECT id, shop_id, "
        "delivered + to_microseconds(CAST(random() * 5 * 86400e6 AS BIGINT)) AS created, "
        "random() AS a, random() AS b FROM o WHERE delivered IS NOT NULL AND random() < 0.3"
    )
    db.execute(
        "INSERT INTO s.reviews (order_id, shop_id, buyer_id, rating, text, image_count, responsibility, "
        "responsibility_source, created_at, appeal_granted, updated_at) "
        "SELECT id, shop_id, 1 + id % 1000, "
        "CASE WHEN a < 0.05 THEN 1 WHEN a < 0.08 THEN 2 WHEN a < 0.2 THEN 3 WHEN a < 0.45 THEN 4 ELSE 5 END, '', 0, "
        "CASE WHEN b < 0.8 THEN 'seller' WHEN b < 0.95 THEN 'logistics' ELSE 'buyer' END, 'text', "
        f"{text('created')}, 0, {text('created')} FROM rv WHERE created <= {end}"
    )
    db.execute(
        "INSERT INTO s.after_sales_cases (order_id, shop_id, buyer_id, kind, reason, responsibility, status, "
        "requested_amount, refunded_amount, parcel_delivered, description, refunded_by_platform, opened_at, "
        "approved_at, updated_at) "
        "SELECT id, shop_id, 1 + id % 1000, 'refund_only', 'damaged', "
        "CASE WHEN random() < 0.6 THEN 'seller' ELSE 'logistics' END, 'REFUNDED', 100, 100, 1, '', 0, "
        f"{text('delivered')}, CASE WHEN random() < 0.7 THEN "
        f"{text(capped('delivered + INTERVAL 2 DAY'))} END, {text('delivered')} "
        "FROM o WHERE delivered IS NOT NULL AND random() < 0.03"
    )
    db.execute(
        "INSERT INTO s.complaints (shop_id, order_id, buyer_id, kind, created_at) "
        f"SELECT shop_id, id, 1 + id % 1000, 'shop_report', {text('paid + INTERVAL 3 DAY')} FROM o "
        f"WHERE paid IS NOT NULL AND paid + INTERVAL 3 DAY <= {end} AND random() < 0.005"
    )
    db.execute(
        "CREATE TEMP TABLE w AS SELECT i AS id, 1 + CAST(floor(random() * " + str(shops) + ") AS BIGINT) AS shop_id, "
        f"{end} - to_microseconds(CAST(random() * 60 * 86400e6 AS BIGINT)) AS started, random() AS a, random() AS b "
        f"FROM range(1, {orders * 3 // 10 + 1}) t(i)"
    )
    db.execute(
        "INSERT INTO s.buyer_waits (id, shop_id, buyer_id, started_at, answered_at, excluded, updated_at) "
        f"SELECT id, shop_id, 1 + id % 1000, {text('started')}, "
        f"CASE WHEN a < 0.9 THEN {text(capped('started + to_microseconds(CAST(b * 30 * 3600e6 AS BIGINT))'))} END, "
        f"CASE WHEN b > 0.97 THEN 1 ELSE 0 END, {text('started')} FROM w"
    )
    sizes = {
        table: int(db.execute(f"SELECT COUNT(*) FROM s.{table}").fetchone()[0])  # type: ignore[index]
        for table in ("shops", "orders", "reviews", "after_sales_cases", "complaints", "buyer_waits")
    }
    db.close()
    return sizes


def next_day(path: str, seed: int = 7) -> dict[str, int]:
    """Write one day of activity after T_END, as the services would (every order change has a history row)."""
    rnd = random.Random(seed)
    day_start, day_end = T_END, T_END + timedelta(days=1)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")

    def stamp(at: datetime) -> str:
        return at.replace(tzinfo=None).strftime(FMT)

    def during() -> datetime:
        return day_start + timedelta(microseconds=rnd.randrange(86_400_000_000))

    shops = conn.execute("SELECT COUNT(*) FROM shops").fetchone()[0]
    first_id = conn.execute("SELECT MAX(id) FROM orders").fetchone()[0] + 1
    touched: list[tuple[int, str, str]] = []
    new_orders = []
    for order_id in range(first_id, first_id + (first_id - 1) // 150):
        placed = during()
        shop = rnd.randrange(1, shops + 1)
        paid = min(placed + timedelta(minutes=rnd.randrange(30)), day_end - timedelta(microseconds=1))
        new_orders.append(
            (
                order_id,
                shop,
                1 + order_id % 1000,
                MARKETS[shop % 7],
                "AWAITING_SHIPMENT",
                "search",
                "platform" if rnd.random() < 0.15 else "seller",
                "XXX",
                10000,
                stamp(placed),
                stamp(paid),
                0,
                "normal",
                stamp(paid + timedelta(hours=48)),
                0,
                stamp(paid),
            )
        )
        touched.append((order_id, stamp(paid), "AWAITING_SHIPMENT"))
    conn.executemany(
        "INSERT INTO orders (id, shop_id, buyer_id, market, status, channel, fulfilment_type, currency, total_amount, "
        "placed_at, paid_at, seller_fault, kind, dispatch_deadline_at, refunded_amount, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        new_orders,
    )
    waiting = conn.execute(
        "SELECT id FROM orders WHERE shipped_at IS NULL AND cancelled_at IS NULL AND paid_at > ? AND id < ?",
        (stamp(day_start - timedelta(days=3)), first_id),
    ).fetchall()
    shipped = [(stamp(during()), order_id) for (order_id,) in waiting if rnd.random() < 0.9]
    conn.executemany(
        "UPDATE orders SET shipped_at = ?, status = 'IN_TRANSIT', updated_at = ? WHERE id = ?",
        [(at, at, order_id) for at, order_id in shipped],
    )
    touched += [(order_id, at, "IN_TRANSIT") for at, order_id in shipped]
    moving = conn.execute(
        "SELECT id FROM orders WHERE delivered_at IS NULL AND shipped_at IS NOT NULL AND shipped_at > ?",
        (stamp(day_start - timedelta(days=6)),),
    ).fetchall()
    delivered = [(stamp(during()), order_id) for (order_id,) in moving if rnd.random() < 0.3]
    conn.executemany(
        "UPDATE orders SET delivered_at = ?, status = 'DELIVERED', updated_at = ? WHERE id = ?",
        [(at, at, order_id) for at, order_id in delivered],
    )
    touched += [(order_id, at, "DELIVERED") for at, order_id in delivered]
    conn.executemany(
        "INSERT INTO order_history (order_id, at, actor, event, to_status) VALUES (?, ?, 'system', 'bench', ?)",
        touched,
    )
    recent = conn.execute(
        "SELECT o.id, o.shop_id FROM orders o LEFT JOIN reviews r ON r.order_id = o.id "
        "WHERE o.delivered_at > ? AND r.id IS NULL",
        (stamp(day_start - timedelta(days=5)),),
    ).fetchall()
    reviews = []
    for order_id, shop_id in rnd.sample(recent, min(len(recent), len(delivered) // 3)):
        at = stamp(during())
        reviews.append(
            (
                order_id,
                shop_id,
                1 + order_id % 1000,
                rnd.choice([1, 1, 2, 3, 4, 5, 5, 5]),
                "",
                rnd.choice(["seller", "seller", "seller", "logistics"]),
                "text",
                at,
                at,
            )
        )
    conn.executemany(
        "INSERT INTO reviews (order_id, shop_id, buyer_id, rating, text, responsibility, responsibility_source, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        reviews,
    )
    pending = conn.execute("SELECT id FROM after_sales_cases WHERE approved_at IS NULL").fetchall()
    approvals = [(stamp(during()), case_id) for (case_id,) in rnd.sample(pending, min(150, len(pending)))]
    conn.executemany(
        "UPDATE after_sales_cases SET approved_at = ?, updated_at = ? WHERE id = ?",
        [(at, at, case_id) for at, case_id in approvals],
    )
    complaints = [(order_id, shop_id, 1, stamp(during())) for order_id, shop_id in rnd.sample(recent, 35)]
    conn.executemany(
        "INSERT INTO complaints (order_id, shop_id, buyer_id, kind, created_at) VALUES (?, ?, ?, 'shop_report', ?)",
        complaints,
    )
    first_wait = conn.execute("SELECT MAX(id) FROM buyer_waits").fetchone()[0] + 1
    waits = []
    for wait_id in range(first_wait, first_wait + 5000):
        started = during()
        answered = started + timedelta(hours=rnd.random() * 20)
        waits.append(
            (
                wait_id,
                rnd.randrange(1, shops + 1),
                1,
                stamp(started),
                stamp(answered) if rnd.random() < 0.9 and answered < day_end else None,
                0,
                stamp(started),
            )
        )
    conn.executemany(
        "INSERT INTO buyer_waits (id, shop_id, buyer_id, started_at, answered_at, excluded, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        waits,
    )
    conn.execute("COMMIT")
    conn.close()
    return {
        "new orders": len(new_orders),
        "shipped": len(shipped),
        "delivered": len(delivered),
        "reviews": len(reviews),
        "approvals": len(approvals),
        "complaints": len(complaints),
        "buyer waits": len(waits),
    }


# --- Pasar ---------------------------------------------------------------------------------------------
def pasar_day(
    url: str, duck: DuckDBMetrics, day: date, *, full: bool
) -> tuple[float, float, dict[int, dict[str, int]]]:
    """Pasar's daily job: (re)build or refresh the rollups, count and score every shop, store the snapshots.

    Returns (seconds to compute, seconds to store, the counts).
    """
    start = time.perf_counter()
    if full:
        duck.rebuild(keep_from=day)
    else:
        duck.refresh(keep_from=day)
    counts = duck.rolled_counts(day)
    scores = [score_shop(c.shop_id, c.shop_ref, c.as_of, c.counts, rulebook_for(c.market)) for c in counts]
    computed = time.perf_counter()
    engine = make_engine(url)
    with UnitOfWork(engine, ManualClock(T_END)) as uow:
        save_scores(uow, scores)
    engine.dispose()
    return computed - start, time.perf_counter() - computed, {c.shop_id: c.counts for c in counts}


# --- the pandas baseline ------------------------------------------------------------------------------------
def pandas_day(path: str, day: date) -> dict[int, dict[str, int]]:
    """The same definitions, straightforwardly, in pandas: read every table, local dates, masks, group by shop."""
    import pandas as pd

    shops, orders, reviews, cases, complaints, waits = _read_tables(path)
    params = {p.market: p for p in all_market_params()}
    d = (day - EPOCH_DAY).days
    market_of = shops.set_index("shop_id")["market"]
    zone_of = {m: p.tz for m, p in params.items()}
    excluded_ids = set(orders.loc[orders["kind"].isin(EXCLUDED_KINDS), "order_id"])
    orders = orders[~orders["kind"].isin(EXCLUDED_KINDS)].copy()
    orders["market"] = orders["shop_id"].map(market_of)
    _add_first_seller_faults(orders, reviews, cases, market_of, params)
    result = _order_counts(orders, params, zone_of, d)
    complaints = complaints[~complaints["order_id"].isin(excluded_ids)]
    market = complaints["shop_id"].map(market_of)
    c_days = _local_days(complaints["created_at"], market.map(zone_of))
    c_mask = _within(c_days, market.map({m: p.complaint_w for m, p in params.items()}), d)
    result["complaint_num"] = complaints.loc[c_mask.fillna(False).astype(bool), "shop_id"].value_counts()
    waits = waits[waits["excluded"] == 0]
    market = waits["shop_id"].map(market_of)
    w_days = _local_days(waits["started_at"], market.map(zone_of))
    w_mask = _within(w_days, market.map({m: p.reply_w for m, p in params.items()}), d, 1).fillna(False).astype(bool)
    in_time = (waits["answered_at"] - waits["started_at"]) <= pd.to_timedelta(
        market.map({m: p.reply_us for m, p in params.items()}), unit="us"
    )
    result["reply_24h_den"] = waits.loc[w_mask, "shop_id"].value_counts()
    result["reply_24h_num"] = waits.loc[w_mask & in_time.fillna(False).astype(bool), "shop_id"].value_counts()
    table = pd.DataFrame(result).reindex(shops["shop_id"]).fillna(0).astype(int)[list(COUNTER_NAMES)]
    counts = {
        int(shop): {k: int(v) for k, v in row.items()}
        for shop, row in zip(table.index, table.to_dict("records"), strict=True)
    }
    for shop in shops.itertuples():
        score_shop(int(shop.shop_id), shop.ref, day, counts[int(shop.shop_id)], rulebook_for(shop.market))
    return counts


def _read_tables(path: str) -> tuple[Any, ...]:
    """Every table the score reads, whole, with its instants parsed."""
    import pandas as pd

    conn = sqlite3.connect(path)
    read = lambda sql: pd.read_sql_query(sql, conn)  # noqa: E731
    shops = read("SELECT id AS shop_id, ref, market FROM shops")
    orders = read(
        "SELECT id AS order_id, shop_id, kind, fulfilment_type, paid_at, shipped_at, dispatch_deadline_at, "
        "delivered_at, cancelled_at, seller_fault FROM orders"
    )
    reviews = read("SELECT order_id, shop_id, rating, responsibility, created_at FROM reviews")
    cases = read("SELECT order_id, responsibility, approved_at FROM after_sales_cases")
    complaints = read("SELECT shop_id, order_id, created_at FROM complaints")
    waits = read("SELECT shop_id, started_at, answered_at, excluded FROM buyer_waits")
    conn.close()
    for frame, columns in (
        (orders, ("paid_at", "shipped_at", "dispatch_deadline_at", "delivered_at", "cancelled_at")),
        (reviews, ("created_at",)),
        (cases, ("approved_at",)),
        (complaints, ("created_at",)),
        (waits, ("started_at", "answered_at")),
    ):
        for column in columns:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601", utc=True)
    return shops, orders, reviews, cases, complaints, waits


def _local_days(instant: Any, zones: Any) -> Any:
    """Each instant's local calendar day in its market's zone, as days since 1970-01-01."""
    import pandas as pd

    out = pd.Series(pd.NA, index=instant.index, dtype="Int64")
    for zone in zones.unique():
        mask = zones == zone
        local = instant[mask].dt.tz_convert(zone).dt.tz_localize(None).dt.floor("D")
        out[mask] = (local - pd.Timestamp("1970-01-01")).dt.days.astype("Int64")
    return out


def _within(days: Any, width: Any, d: int, offset: int = 0) -> Any:
    return (days <= d - offset) & (days > d - offset - width)


def _add_first_seller_faults(orders: Any, reviews: Any, cases: Any, market_of: Any, params: dict[str, Any]) -> None:
    """The first negative review and the first seller-responsible refund of each order, beside the order."""
    reviews["negative_max"] = reviews["shop_id"].map(market_of).map({m: p.negative_max for m, p in params.items()})
    negative = reviews[(reviews["responsibility"] == "seller") & (reviews["rating"] <= reviews["negative_max"])]
    refunds = cases[(cases["responsibility"] == "seller") & cases["approved_at"].notna()]
    orders["negative_at"] = orders["order_id"].map(negative.groupby("order_id")["created_at"].min())
    orders["refund_at"] = orders["order_id"].map(refunds.groupby("order_id")["approved_at"].min())


def _order_counts(orders: Any, params: dict[str, Any], zone_of: dict[str, str], d: int) -> dict[str, Any]:
    """The order-based counters, by shop."""
    zones = orders["market"].map(zone_of)
    for column, name in (
        ("paid_at", "paid"),
        ("shipped_at", "shipped"),
        ("delivered_at", "delivered"),
        ("cancelled_at", "cancelled"),
        ("negative_at", "negative"),
        ("refund_at", "refund"),
    ):
        orders[name] = _local_days(orders[column], zones)
    width = {
        key: orders["market"].map({m: getattr(p, key) for m, p in params.items()})
        for key in ("product_w", "fulfilment_w", "complaint_w", "nrr_w", "delivered_w")
    }

    def within(days: Any, w: Any) -> Any:
        return _within(days, w, d)

    def by_d(days: Any) -> Any:
        return days.notna() & (days <= d)

    seller = orders["fulfilment_type"] == "seller"
    late = orders["shipped_at"] > orders["dispatch_deadline_at"]
    fault = (orders["seller_fault"] == 1) & orders["cancelled_at"].notna()
    masks = {
        "dor_num": within(orders["delivered"], width["product_w"]) & by_d(orders["negative"]),
        "dor_den": within(orders["delivered"], width["product_w"]),
        "sfrr_num": within(orders["delivered"], width["product_w"]) & by_d(orders["refund"]),
        "sfrr_den": within(orders["delivered"], width["product_w"]),
        "sfcr_num": within(orders["paid"], width["fulfilment_w"]) & fault & by_d(orders["cancelled"]),
        "sfcr_den": within(orders["paid"], width["fulfilment_w"]),
        "ldr_num": seller & within(orders["shipped"], width["fulfilment_w"]) & late,
        "ldr_den": seller & within(orders["shipped"], width["fulfilment_w"]),
        "complaint_den": within(orders["paid"], width["complaint_w"]),
        "nrr_num": within(orders["delivered"], width["nrr_w"]) & by_d(orders["negative"]),
        "nrr_den": within(orders["delivered"], width["nrr_w"]),
        "delivered_90d": within(orders["delivered"], width["delivered_w"]),
    }
    return {name: orders.loc[mask.fillna(False).astype(bool), "shop_id"].value_counts() for name, mask in masks.items()}


# --- the run -----------------------------------------------------------------------------------------------------
def best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--shops", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="best of this many runs of each measure")
    args = parser.parse_args()
    try:
        import pandas  # noqa: F401
    except ImportError:
        console.print("[red]The baseline needs pandas (benchmark-only): pip install pandas[/red]")
        sys.exit(2)
    from rich.table import Table

    with fresh_database("sqlite") as url:
        path = url.removeprefix("sqlite:///")
        with console.status(f"Generating {args.orders:,} orders over {args.shops:,} shops…"):
            start = time.perf_counter()
            sizes = generate(path, args.shops, args.orders)
        console.print(
            f"Generated in {time.perf_counter() - start:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in sizes.items())
        )
        duck = DuckDBMetrics(url)
        full, full_store, ours_d = min(
            (pasar_day(url, duck, D, full=True) for _ in range(args.runs)), key=lambda r: r[0]
        )
        static, _ = best_of(args.runs, lambda: duck.counts(D))
        base_d_time, base_d = best_of(args.runs, lambda: pandas_day(path, D))
        if ours_d != base_d:
            raise SystemExit("Pasar and pandas disagree on day D")
        activity = next_day(path)
        console.print("Day D+1: " + ", ".join(f"{v:,} {k}" for k, v in activity.items()))
        nxt = D + timedelta(days=1)
        incremental, incremental_store, ours_n = pasar_day(url, duck, nxt, full=False)
        base_n_time, base_n = best_of(args.runs, lambda: pandas_day(path, nxt))
        if ours_n != base_n:
            raise SystemExit("Pasar and pandas disagree on day D+1")
        if ours_n != {c.shop_id: c.counts for c in duck.counts(nxt)}:
            raise SystemExit("the rollups disagree with counting from the facts on day D+1")
        duck.close()
    table = Table(
        title=f"Shop Performance Score, {args.shops:,} shops, {args.orders:,} orders — "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}"
    )
    for column in ("measure", "Pasar (s)", "pandas (s)", "pandas ÷ Pasar", "target", "met"):
        table.add_column(column, justify="left" if column == "measure" else "right")

    def verdict(ours: float, limit: float, ratio: float) -> str:
        return (
            "yes"
            if ours <= limit and ratio >= 20
            else f"time yes, ratio {'yes' if ratio >= 20 else 'no'}"
            if ours <= limit
            else "no"
        )

    rows = [
        ("day D: full recompute (rebuild, counts, SPS)", full, base_d_time, 10.0),
        ("day D+1: incremental (refresh, counts, SPS)", incremental, base_n_time, 2.0),
    ]
    for what, ours, baseline, limit in rows:
        ratio = baseline / ours
        table.add_row(
            what,
            f"{ours:.2f}",
            f"{baseline:.2f}",
            f"{ratio:.1f}×",
            f"≤ {limit:.0f} s, ≥ 20×",
            verdict(ours, limit, ratio),
        )
    table.add_row("  + storing 10,000 snapshots, day D", f"{full + full_store:.2f}", "", "", "", "")
    table.add_row(
        "  + storing 10,000 snapshots, day D+1",
        f"{incremental + incremental_store:.2f}",
        "",
        f"{base_n_time / (incremental + incremental_store):.1f}×",
        "",
        "",
    )
    table.add_row(
        "day D counts from the facts (no rollups)",
        f"{static:.2f}",
        f"{base_d_time:.2f}",
        f"{base_d_time / static:.1f}×",
        "",
        "",
    )
    console.print(table)
    console.print("Every count of every shop agreed between Pasar and pandas on both days.")


if __name__ == "__main__":
    main()
