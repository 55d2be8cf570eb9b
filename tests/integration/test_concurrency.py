"""Deadlines fire exactly once with several workers, and a crash mid-batch loses nothing (docs/design.md)."""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy import func, select

from pasar.domain.deadlines import DeadlineKind
from pasar.domain.orders import CancelReason
from pasar.rules import rulebook_for
from pasar.services import deadlines
from pasar.store import tables
from tests import processes
from tests.support import Given

RULES = rulebook_for("ID").orders
ORDERS = 120


def _spawn() -> multiprocessing.context.SpawnContext:
    return multiprocessing.get_context("spawn")


def _world_with_due_unpaid_orders(given: Given, clock) -> tuple[list[int], int]:
    shop = given.shop(stock=[ORDERS * 2])
    buyers = [given.buyer() for _ in range(ORDERS)]
    orders = [given.order(buyer, shop.sku_ids[0], 2) for buyer in buyers]
    clock.advance(RULES.unpaid_timeout)
    return orders, shop.sku_ids[0]


def _topic_counts(marketplace) -> Counter[tuple[str, int]]:
    with marketplace.uow(read_only=True) as uow:
        rows = uow.conn.execute(select(tables.outbox.c.topic, tables.outbox.c.subject_id))
        return Counter((row.topic, row.subject_id) for row in rows)


def _pending(marketplace) -> int:
    with marketplace.uow(read_only=True) as uow:
        return int(
            uow.conn.execute(
                select(func.count()).select_from(tables.deadlines).where(tables.deadlines.c.status == "pending")
            ).scalar_one()
        )


def _assert_each_fired_once(given: Given, marketplace, orders: list[int], sku_id: int) -> None:
    counts = _topic_counts(marketplace)
    for order_id in orders:
        assert counts[("order.payment_reminder", order_id)] == len(RULES.payment_reminders)
        assert counts[("order.cancelled", order_id)] == 1
        assert given.order_row(order_id).cancel_reason == CancelReason.UNPAID_TIMEOUT
    assert given.reserved(sku_id) == 0  # released exactly once: twice would break the CHECK constraint
    with marketplace.uow(read_only=True) as uow:
        pending = uow.conn.execute(
            select(func.count()).select_from(tables.deadlines).where(tables.deadlines.c.status == "pending")
        ).scalar_one()
        cancel_rows = uow.conn.execute(
            select(func.count()).select_from(tables.order_history).where(tables.order_history.c.event == "cancel")
        ).scalar_one()
    assert pending == 0 and cancel_rows == ORDERS


@pytest.mark.slow
def test_deadlines_fire_once_with_two_workers_racing(given: Given, clock, marketplace, database_url) -> None:
    """R-UP-2, R-UP-3: two worker processes sweep the same due deadlines at the same moment."""
    orders, sku_id = _world_with_due_unpaid_orders(given, clock)
    context = _spawn()
    start = context.Manager().Event()
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        futures = [
            pool.submit(processes.sweep_worker, database_url, clock.now().isoformat(), 25, start) for _ in range(2)
        ]
        start.set()
        reports = [future.result(timeout=120) for future in futures]
    # Both workers did part of the work (they really raced) and together fired everything once
    fired = Counter()
    for report in reports:
        fired.update(report["fired"])
    assert fired[DeadlineKind.UNPAID_TIMEOUT.value] == ORDERS
    assert fired[DeadlineKind.PAYMENT_REMINDER.value] == ORDERS * len(RULES.payment_reminders)
    _assert_each_fired_once(given, marketplace, orders, sku_id)


def test_a_worker_that_fails_mid_batch_changes_nothing_and_the_next_fires_once(
    given: Given, clock, marketplace, monkeypatch
) -> None:
    """R-UP-3: the cancel handler dies after cancelling; the whole batch rolls back."""
    orders, sku_id = _world_with_due_unpaid_orders(given, clock)
    real = deadlines.HANDLERS[DeadlineKind.UNPAID_TIMEOUT]

    def dies_after_applying(uow, due):
        real(uow, due)
        raise RuntimeError("worker died")

    monkeypatch.setitem(deadlines.HANDLERS, DeadlineKind.UNPAID_TIMEOUT, dies_after_applying)
    before = given.snapshot()
    with pytest.raises(RuntimeError):
        deadlines.sweep(marketplace.uow, batch_size=1000)
    assert given.snapshot() == before
    monkeypatch.setitem(deadlines.HANDLERS, DeadlineKind.UNPAID_TIMEOUT, real)
    deadlines.sweep(marketplace.uow, batch_size=1000)
    _assert_each_fired_once(given, marketplace, orders, sku_id)


@pytest.mark.slow
def test_a_worker_killed_mid_batch_leaves_its_batch_to_the_others(
    given: Given, clock, marketplace, database_url
) -> None:
    """A worker process claims a batch and is killed (SIGKILL) before committing."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer: a hung writer blocks the others until it dies, covered above")
    orders, sku_id = _world_with_due_unpaid_orders(given, clock)
    context = _spawn()
    claimed = context.Manager().Event()
    victim = context.Process(target=processes.claim_and_hang, args=(database_url, clock.now().isoformat(), 50, claimed))
    victim.start()
    assert claimed.wait(60)
    # While the victim holds its batch, another worker takes the rest (SKIP LOCKED)
    deadlines.sweep(marketplace.uow, batch_size=40)
    processes.kill(victim.pid)
    victim.join(30)
    # Once the server notices the victim is gone its locks are released, and the survivor settles its batch
    give_up = time.monotonic() + 30
    while _pending(marketplace) and time.monotonic() < give_up:
        deadlines.sweep(marketplace.uow, batch_size=40)
        time.sleep(0.1)
    counts = _topic_counts(marketplace)
    for order_id in orders:
        assert counts[("order.cancelled", order_id)] == 1
        assert counts[("order.payment_reminder", order_id)] in (1, 2)  # never more than one per reminder
    assert given.reserved(sku_id) == 0
    with marketplace.uow(read_only=True) as uow:
        statuses = Counter(uow.conn.execute(select(tables.deadlines.c.status)).scalars())
        reminders = uow.conn.execute(select(func.count()).select_from(tables.order_reminders)).scalar_one()
    assert statuses["pending"] == 0
    assert reminders == sum(counts[("order.payment_reminder", order_id)] for order_id in orders)


@pytest.mark.slow
def test_r_or_2_no_oversell_with_many_processes_racing_for_the_last_units(given: Given, clock, database_url) -> None:
    """R-OR-2: six OS processes race for 30 units of two SKUs with multi-line carts."""
    shop = given.shop(stock=[30, 30])
    a, b = shop.sku_ids
    buyers = [given.buyer() for _ in range(6)]
    # Carts touch the two SKUs in both orders, which would deadlock without a fixed lock order
    carts = [[(a, 1), (b, 2)] if i % 2 else [(b, 1), (a, 2)] for i in range(12)]
    context = _spawn()
    start = context.Manager().Event()
    with ProcessPoolExecutor(len(buyers), mp_context=context) as pool:
        futures = [
            pool.submit(processes.buy_repeatedly, database_url, clock.now().isoformat(), buyer.buyer_id, carts, start)
            for buyer in buyers
        ]
        start.set()
        results = [future.result(timeout=180) for future in futures]
    placed_units = sum(result["units"] for result in results)
    assert sum(r["placed"] + r["refused"] for r in results) == len(buyers) * len(carts)
    assert sum(r["refused"] for r in results) > 0  # demand exceeded supply: the race was real
    assert given.reserved(a) + given.reserved(b) == placed_units
    assert given.available(a) >= 0 and given.available(b) >= 0
    assert given.reserved(a) <= 30 and given.reserved(b) <= 30
