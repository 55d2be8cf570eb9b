"""Three ``pasar worker`` processes, one killed (SIGKILL) mid-batch 20 times: nothing fires twice or is lost.

Real unpaid orders, placed in the past so that their payment reminders (5 and 30 minutes) are due
when the workers start and their auto-cancellations (60 minutes) fall due one after another while
the workers are being killed; some orders were paid, so their hold ends. The workers run on the
system clock. Each kill catches a worker inside a deadline or outbox transaction (seen in
pg_stat_activity by its application_name), or, when none is for a second, one sending an SMS.
PostgreSQL only: that is where several workers really work side by side (SKIP LOCKED); SQLite's
single writer is covered by tests/integration/test_delivery_kills.py and test_concurrency.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pasar.clock import SystemClock
from pasar.rules import rulebook_for
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.servers import sms_provider
from tests.support import Given
from tests.worker_fleet import (
    IN_TRANSACTION,
    WorkerFleet,
    combined,
    kill_mid_work,
    sms_activities,
    sms_rows,
    transactions,
    wait_until,
    worker_env,
)

KILLS = 20
BUYERS = 24
ORDERS_PER_BUYER = 5
PAID_EVERY = 5  # one order in five is paid before the workers start
STOCK = 2 * BUYERS * ORDERS_PER_BUYER
SPREAD = timedelta(seconds=20)  # the auto-cancellations fall due over this long, from 5 s after set-up begins
RULES = rulebook_for("ID").orders


def _orders_placed_in_the_past(given: Given, clock) -> tuple[dict[int, bool], int, Any]:
    """Every order and whether it was paid, the SKU, and when the last auto-cancellation is due."""
    shop = given.shop(stock=[STOCK])
    buyers = [given.buyer(channel="sms" if index % 2 else "in_app") for index in range(BUYERS)]
    count = BUYERS * ORDERS_PER_BUYER
    first_due = SystemClock().now() + timedelta(seconds=5)
    orders: dict[int, bool] = {}
    for index in range(count):
        clock.set(first_due - RULES.unpaid_timeout + SPREAD * index / count)
        buyer = buyers[index % BUYERS]
        order_id = given.order(buyer, shop.sku_ids[0], 2)
        orders[order_id] = index % PAID_EVERY == 0
        if orders[order_id]:
            given.paid(buyer, order_id)
    return orders, shop.sku_ids[0], clock.now() + RULES.unpaid_timeout


def _nothing_left_to_do(marketplace: Marketplace, last_due: Any) -> bool:
    d, o, n = tables.deadlines, tables.outbox, tables.notifications
    with marketplace.uow(read_only=True) as uow:
        left = [
            select(func.count()).where(d.c.status == "pending", d.c.due_at <= last_due),
            select(func.count()).where(o.c.dispatched_at.is_(None)),
            select(func.count()).where(n.c.status.in_(["pending", "sending"])),
        ]
        return not any(uow.conn.execute(query).scalar_one() for query in left)


def _by_order(marketplace: Marketplace, table: Any, *columns: Any, where: Any = True) -> dict[int, list[Any]]:
    """The rows about each order, oldest first: the first column is the order's id."""
    with marketplace.uow(read_only=True) as uow:
        rows = uow.conn.execute(select(*columns).where(where).order_by(table.c.id))
        grouped: dict[int, list[Any]] = defaultdict(list)
        for subject, *values in rows:
            grouped[subject].append(tuple(values) if len(values) > 1 else values[0])
        return grouped


def _assert_every_deadline_fired_once_with_one_event_per_transition(
    marketplace: Marketplace, orders: dict[int, bool]
) -> None:
    d, o, h, n = tables.deadlines, tables.outbox, tables.order_history, tables.notifications
    deadlines = _by_order(marketplace, d, d.c.subject_id, d.c.kind, d.c.status, where=d.c.subject_type == "order")
    about_orders = o.c.topic.like("order.%") | o.c.topic.like("payment.%")
    topics = _by_order(marketplace, o, o.c.subject_id, o.c.topic, where=about_orders)
    history = _by_order(marketplace, h, h.c.order_id, h.c.event)
    in_app = _by_order(marketplace, n, n.c.order_id, n.c.kind, n.c.channel)
    with marketplace.uow(read_only=True) as uow:
        reminders = Counter(uow.conn.execute(select(tables.order_reminders.c.order_id)).scalars())
    for order_id, paid in orders.items():
        statuses = Counter(deadlines[order_id])
        fired_reminders = statuses[("payment_reminder", "fired")]
        if paid:
            assert history[order_id] == ["place", "pay", "end_hold"], order_id
            assert Counter(topics[order_id]) == {
                "order.placed": 1,
                "payment.started": 1,
                "order.paid": 1,
                "order.awaiting_shipment": 1,
            }
            assert statuses[("hold_end", "fired")] == 1 and fired_reminders == 0
        else:
            assert history[order_id] == ["place", "cancel"], order_id
            # A reminder is skipped, not sent, when the auto-cancellation committed first
            assert statuses[("unpaid_timeout", "fired")] == 1
            assert fired_reminders + statuses[("payment_reminder", "skipped")] == len(RULES.payment_reminders)
            assert Counter(topics[order_id]) == {
                "order.placed": 1,
                "order.payment_reminder": fired_reminders,
                "order.cancelled": 1,
            }
            assert reminders[order_id] == fired_reminders
            # Each event told its buyer once in the app (and once more by SMS for those who asked)
            kinds = Counter(kind for kind, channel in in_app[order_id] if channel == "in_app")
            assert kinds == +Counter(payment_reminder=fired_reminders, unpaid_cancelled=1)


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_every_deadline_fires_once_and_stock_adds_up_when_a_worker_is_killed_mid_batch_20_times(
    given: Given, clock, marketplace: Marketplace, database_url: str, tmp_path: Path
) -> None:
    orders, sku_id, last_due = _orders_placed_in_the_past(given, clock)
    with sms_provider(latency=0.015) as (url, log):
        env = worker_env(database_url, url, PASAR_DEADLINE_BATCH_SIZE="10")
        with WorkerFleet(env, tmp_path) as fleet:
            busy = combined(transactions(marketplace.engine), sms_activities(log))
            caught = kill_mid_work(fleet, busy, KILLS, rotate=[IN_TRANSACTION], patience=1)
            wait_until(lambda: _nothing_left_to_do(marketplace, last_due), 60, "every deadline and SMS settled", fleet)
    assert caught.total() == KILLS and caught[IN_TRANSACTION] >= KILLS // 2, caught
    _assert_every_deadline_fired_once_with_one_event_per_transition(marketplace, orders)
    # Stock: released once for each cancelled order, still held for each paid one, never negative
    paid_units = 2 * sum(orders.values())
    assert given.reserved(sku_id) == paid_units and given.available(sku_id) == STOCK - paid_units
    # Notifications within the delivery guarantee: each SMS reached its buyer, never more than twice
    sms = sms_rows(marketplace)
    copies = log.copies()
    assert copies.keys() == {f"pasar-notification-{row.id}" for row in sms}
    assert max(copies.values()) <= 2 and sum(row.interrupted_sends for row in sms) <= KILLS
