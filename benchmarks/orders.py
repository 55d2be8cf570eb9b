"""Benchmark: place + pay throughput and the unpaid-order deadline sweep (docs/design.md targets).

Each Pasar figure is printed beside a baseline measured in the same run, on the same machine:
a raw-driver loop (sqlite3 / psycopg) that performs the same row writes in the same transactions,
without Pasar's layers. Run with ``make bench`` (or ``python benchmarks/orders.py --help``).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import console, fresh_database, report, timed

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.clock import ManualClock
from pasar.domain.orders import CartLine, Channel
from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import catalogue, deadlines
from pasar.services.buyers import register_buyer
from pasar.services.checkout import place_orders
from pasar.services.marketplace import Marketplace
from pasar.services.payments import pay_now
from pasar.settings import Settings
from pasar.store.database import make_engine

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
BUYERS = 200
SKUS = 100


def _marketplace(url: str) -> Marketplace:
    return Marketplace(make_engine(url), ManualClock(T0), Settings(database_url=url), SimulatedGateway("bench"))


def _world(market: Marketplace, stock: int) -> tuple[list[int], list[int]]:
    with market.uow() as uow:
        uow.catalogue.ensure_category("fashion", "Fashion")
        shop = catalogue.create_shop(uow, ref="bench", name="Bench shop", market="ID")
        skus = [catalogue.NewSku(f"S{i}", f"S{i}", 10_000 + i, stock) for i in range(SKUS)]
        product = catalogue.create_product(
            uow, shop_id=shop, category="fashion", title="Bench", description="", skus=skus
        )
        sku_ids = [row.id for row in uow.catalogue.skus_of([product])]
        buyers = [register_buyer(uow, name=f"b{i}", market="ID") for i in range(BUYERS)]
    return sku_ids, buyers


# --- place + pay -----------------------------------------------------------------------------------
def _in_clients(clients: int, orders: int, one: Callable[[int], None], label: str) -> float:
    """Run ``one(i)`` for every order, spread over ``clients`` threads (as a server would); orders/s."""
    done = [0]

    def client(first: int) -> None:
        for i in range(first, orders, clients):
            one(i)
            done[0] += 1

    def work() -> None:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(label, total=orders)
            threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
            for thread in threads:
                thread.start()
            while any(thread.is_alive() for thread in threads):
                progress.update(task, completed=done[0])
                time.sleep(0.1)

    return orders / timed(work)


def pasar_place_and_pay(url: str, orders: int, clients: int) -> float:
    market = _marketplace(url)
    sku_ids, buyers = _world(market, stock=orders)
    principals = [Principal(PrincipalKind.BUYER, "b", buyer_id=b) for b in buyers]

    def one(i: int) -> None:
        buyer = principals[i % BUYERS]
        assert buyer.buyer_id is not None
        with market.uow() as uow:
            placed = place_orders(
                uow, buyer_id=buyer.buyer_id, cart=[CartLine(sku_ids[i % SKUS], 1)], channel=Channel.LIVE
            )
        with market.uow() as uow:
            pay_now(uow, buyer, placed[0].id, PaymentMethod.E_WALLET, f"ref-{i}")

    rate = _in_clients(clients, orders, one, f"Pasar place + pay ({clients} client(s))")
    market.engine.dispose()
    return rate


def _raw_connection(url: str) -> Any:
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(
            url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False, timeout=30
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)


def raw_place_and_pay(url: str, orders: int, clients: int) -> float:
    """The same row writes as Pasar's place + pay, straight through the driver."""
    market = _marketplace(url)
    sku_ids, buyers = _world(market, stock=orders)
    market.engine.dispose()
    sqlite = url.startswith("sqlite")
    p = "?" if sqlite else "%s"
    q = lambda sql: sql.replace("?", p)  # noqa: E731
    now = T0.replace(tzinfo=None) if sqlite else T0
    warehouse = 1
    local = threading.local()

    def one(i: int) -> None:
        if not hasattr(local, "cur"):
            local.conn = _raw_connection(url)
            local.cur = local.conn.cursor()
        cur = local.cur
        if True:  # keeps the statements below at the indentation of Pasar's own sequence above
            buyer, sku = buyers[i % BUYERS], sku_ids[i % SKUS]
            cur.execute("BEGIN IMMEDIATE" if sqlite else "BEGIN")
            cur.execute(
                q(
                    "UPDATE stock SET reserved = reserved + 1 WHERE sku_id = ? AND warehouse_id = ? "
                    "AND on_hand - reserved >= 1"
                ),
                (sku, warehouse),
            )
            cur.execute(
                q(
                    "INSERT INTO orders (shop_id, buyer_id, market, status, channel, fulfilment_type, currency, "
                    "total_amount, placed_at, updated_at) VALUES (1, ?, 'ID', 'UNPAID', 'live', 'seller', "
                    "'IDR', 10000, ?, ?) RETURNING id"
                ),
                (buyer, now, now),
            )
            order_id = cur.fetchone()[0]
            cur.execute(
                q(
                    "INSERT INTO order_lines (order_id, sku_id, warehouse_id, product_id, category_id, quantity, "
                    "unit_price, amount) VALUES (?, ?, ?, 1, 1, 1, 10000, 10000)"
                ),
                (order_id, sku, warehouse),
            )
            cur.execute(
                q(
                    "INSERT INTO order_history (order_id, at, actor, actor_id, event, from_status, to_status, "
                    "reason) VALUES (?, ?, 'buyer', ?, 'place', NULL, 'UNPAID', 'placed from live')"
                ),
                (order_id, now, str(buyer)),
            )
            cur.executemany(
                q(
                    "INSERT INTO deadlines (subject_type, subject_id, kind, seq, due_at, status) "
                    "VALUES ('order', ?, ?, ?, ?, 'pending')"
                ),
                [
                    (order_id, "payment_reminder", 1, now),
                    (order_id, "payment_reminder", 2, now),
                    (order_id, "unpaid_timeout", 0, now),
                ],
            )
            cur.execute(
                q("INSERT INTO outbox (topic, subject_id, payload, created_at) VALUES ('order.placed', ?, '{}', ?)"),
                (order_id, now),
            )
            cur.execute("COMMIT")
            cur.execute("BEGIN IMMEDIATE" if sqlite else "BEGIN")
            cur.execute(
                q(
                    "INSERT INTO payment_attempts (order_id, reference, method, status, amount, created_at) "
                    "VALUES (?, ?, 'e_wallet', 'pending', 10000, ?)"
                ),
                (order_id, f"ref-{i}", now),
            )
            cur.execute(
                q("UPDATE payment_attempts SET status = 'succeeded', settled_at = ? WHERE reference = ?"),
                (now, f"ref-{i}"),
            )
            cur.execute(
                q(
                    "UPDATE orders SET status = 'ON_HOLD', paid_at = ?, updated_at = ? WHERE id = ? "
                    "AND status = 'UNPAID'"
                ),
                (now, now, order_id),
            )
            cur.execute(
                q(
                    "INSERT INTO order_history (order_id, at, actor, actor_id, event, from_status, to_status, "
                    "reason) VALUES (?, ?, 'buyer', ?, 'pay', 'UNPAID', 'ON_HOLD', 'paid')"
                ),
                (order_id, now, str(buyer)),
            )
            cur.execute(
                q(
                    "UPDATE deadlines SET status = 'void' WHERE subject_type = 'order' AND subject_id = ? "
                    "AND status = 'pending'"
                ),
                (order_id,),
            )
            cur.execute(
                q(
                    "INSERT INTO deadlines (subject_type, subject_id, kind, seq, due_at, status) "
                    "VALUES ('order', ?, 'hold_end', 0, ?, 'pending')"
                ),
                (order_id, now),
            )
            cur.executemany(
                q("INSERT INTO outbox (topic, subject_id, payload, created_at) VALUES (?, ?, '{}', ?)"),
                [("payment.started", order_id, now), ("order.paid", order_id, now)],
            )
            cur.execute("COMMIT")

    return _in_clients(clients, orders, one, f"raw place + pay ({clients} client(s))")


# --- deadline sweep -------------------------------------------------------------------------------
def _overdue_unpaid_orders(url: str, count: int) -> tuple[Marketplace, int]:
    """``count`` unpaid orders whose timeout is due, written in bulk (set-up, not measured)."""
    market = _marketplace(url)
    sku_ids, buyers = _world(market, stock=count)
    placed = T0 - timedelta(hours=2)
    from sqlalchemy import insert

    from pasar.store import tables

    with market.uow() as uow, Progress(console=console, transient=True) as progress:
        task = progress.add_task("writing overdue unpaid orders", total=count)
        uow.conn.execute(tables.stock.update().values(reserved=count // SKUS + 1))
        for start in range(0, count, 10_000):
            ids = range(start + 1, min(start + 10_000, count) + 1)
            uow.conn.execute(
                insert(tables.orders),
                [
                    {
                        "id": i,
                        "shop_id": 1,
                        "buyer_id": buyers[i % BUYERS],
                        "market": "ID",
                        "status": "UNPAID",
                        "channel": "live",
                        "fulfilment_type": "seller",
                        "currency": "IDR",
                        "total_amount": 10_000,
                        "placed_at": placed,
                        "updated_at": placed,
                    }
                    for i in ids
                ],
            )
            uow.conn.execute(
                insert(tables.order_lines),
                [
                    {
                        "order_id": i,
                        "sku_id": sku_ids[i % SKUS],
                        "warehouse_id": 1,
                        "product_id": 1,
                        "category_id": 1,
                        "quantity": 1,
                        "unit_price": 10_000,
                        "amount": 10_000,
                    }
                    for i in ids
                ],
            )
            uow.conn.execute(
                insert(tables.deadlines),
                [
                    {
                        "subject_type": "order",
                        "subject_id": i,
                        "kind": "unpaid_timeout",
                        "seq": 0,
                        "due_at": placed + timedelta(hours=1),
                        "status": "pending",
                    }
                    for i in ids
                ],
            )
            progress.update(task, completed=ids[-1])
        if not url.startswith("sqlite"):
            uow.conn.exec_driver_sql("SELECT setval('orders_id_seq', (SELECT max(id) FROM orders))")
    with market.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    return market, count


def pasar_sweep(url: str, count: int) -> float:
    market, _ = _overdue_unpaid_orders(url, count)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Pasar deadline sweep", total=count)
        seconds = timed(
            lambda: deadlines.sweep(market.uow, batch_size=2000, progress=lambda n: progress.advance(task, n))
        )
    with market.engine.connect() as conn:
        cancelled = conn.exec_driver_sql("SELECT count(*) FROM orders WHERE cancel_reason = 'UNPAID_TIMEOUT'").scalar()
        reserved = conn.exec_driver_sql("SELECT sum(reserved) FROM stock").scalar()
    assert cancelled == count, f"only {cancelled} of {count} cancelled"
    assert reserved == SKUS, f"stock not released: {reserved} reserved"
    market.engine.dispose()
    return count / seconds


def raw_sweep(url: str, count: int) -> float:
    """The same writes as the sweep, batch by batch, in plain SQL through the SQLAlchemy connection."""
    market, _ = _overdue_unpaid_orders(url, count)
    now = T0

    def work() -> None:
        from pasar.store.types import UTCDateTime

        stamp: Any = UTCDateTime().process_bind_param(now, market.engine.dialect)
        raw = market.engine.raw_connection()
        cur = raw.cursor()
        p = "?" if url.startswith("sqlite") else "%s"
        while True:
            cur.execute("BEGIN IMMEDIATE" if p == "?" else "BEGIN")
            cur.execute(
                f"SELECT id, subject_id FROM deadlines WHERE status = 'pending' AND due_at <= {p} "
                "ORDER BY due_at, id LIMIT 2000",
                (stamp,),
            )
            due = cur.fetchall()
            if not due:
                cur.execute("COMMIT")
                break
            ids = [row[1] for row in due]
            marks = ",".join([p] * len(ids))
            cur.execute(
                f"UPDATE orders SET status = 'CANCELLED', cancel_reason = 'UNPAID_TIMEOUT', "
                f"cancelled_by = 'system', cancelled_at = {p}, updated_at = {p} "
                f"WHERE id IN ({marks}) AND status = 'UNPAID'",
                (stamp, stamp, *ids),
            )
            cur.execute(
                f"SELECT sku_id, warehouse_id, sum(quantity) FROM order_lines WHERE order_id IN ({marks}) "
                "GROUP BY sku_id, warehouse_id",
                ids,
            )
            cur.executemany(
                f"UPDATE stock SET reserved = reserved - {p} WHERE sku_id = {p} AND warehouse_id = {p}",
                [(q, s, w) for s, w, q in cur.fetchall()],
            )
            cur.executemany(
                f"INSERT INTO order_history (order_id, at, actor, event, from_status, to_status, reason) "
                f"VALUES ({p}, {p}, 'system', 'cancel', 'UNPAID', 'CANCELLED', 'UNPAID_TIMEOUT')",
                [(i, stamp) for i in ids],
            )
            cur.executemany(
                f"INSERT INTO outbox (topic, subject_id, payload, created_at) "
                f"VALUES ('order.cancelled', {p}, '{{}}', {p})",
                [(i, stamp) for i in ids],
            )
            cur.executemany(
                f"UPDATE deadlines SET status = 'fired', fired_at = {p} WHERE id = {p}",
                [(stamp, row[0]) for row in due],
            )
            cur.execute("COMMIT")
        raw.close()

    seconds = timed(work)
    market.engine.dispose()
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=3000, help="orders placed and paid per backend")
    parser.add_argument("--sweep", type=int, default=200_000, help="overdue unpaid orders to sweep")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument(
        "--pg-clients",
        type=int,
        default=8,
        help="concurrent clients for PostgreSQL place + pay (SQLite has one writer: 1 client)",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    targets = {"sqlite": (1500, 4.0), "postgresql": (500, None)}
    rows = []
    for backend in backends:
        clients = 1 if backend == "sqlite" else args.pg_clients
        with fresh_database(backend) as url:
            ours = pasar_place_and_pay(url, args.orders, clients)
        with fresh_database(backend) as url:
            baseline = raw_place_and_pay(url, args.orders, clients)
        floor, max_ratio = targets[backend]
        met = ours >= floor and (max_ratio is None or baseline / ours <= max_ratio)
        target = f"≥ {floor:,}/s" + (f", ≥ 1/{max_ratio:g} of raw" if max_ratio else "")
        rows.append((f"place + pay, {backend}, {clients} client(s)", ours, baseline, target, "yes" if met else "NO"))
        with fresh_database(backend) as url:
            sweep = pasar_sweep(url, args.sweep)
        with fresh_database(backend) as url:
            sweep_baseline = raw_sweep(url, args.sweep)
        rows.append(
            (
                f"deadline sweep of {args.sweep:,} unpaid, {backend}",
                sweep,
                sweep_baseline,
                "≥ 20,000/s",
                "yes" if sweep >= 20_000 else "NO",
            )
        )
    report("Orders benchmark", rows)


if __name__ == "__main__":
    main()
