"""Unpaid analytics (R-UP-5): facts from the store, figures from the domain."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from pasar.domain.deadlines import DeadlineKind
from pasar.domain.due_times import unpaid_timeout_due
from pasar.domain.unpaid_analytics import UnpaidFact, summarise
from pasar.services.unit_of_work import UnitOfWork
from pasar.store.tables import categories, order_lines, order_reminders, orders, payment_attempts
from pasar.store.types import to_utc


def unpaid_report(
    uow: UnitOfWork, *, shop_id: int | None = None, since: date | None = None, market: str | None = None
) -> dict[str, Any]:
    facts = _facts(uow, shop_id=shop_id, since=since, market=market)
    report = summarise(facts, uow.now)
    report["filters"] = {"shop_id": shop_id, "since": since.isoformat() if since else None, "market": market}
    report["as_of"] = uow.now.isoformat()
    return report


def _facts(uow: UnitOfWork, *, shop_id: int | None, since: date | None, market: str | None) -> list[UnpaidFact]:
    query = select(
        orders.c.id,
        orders.c.buyer_id,
        orders.c.market,
        orders.c.placed_at,
        orders.c.status,
        orders.c.cancel_reason,
        orders.c.paid_at,
        orders.c.channel,
    )
    if shop_id is not None:
        query = query.where(orders.c.shop_id == shop_id)
    if market is not None:
        query = query.where(orders.c.market == market)
    if since is not None:  # a day of slack for time zones; the exact local-date cut is below
        query = query.where(
            orders.c.placed_at >= datetime.combine(since, datetime.min.time(), tzinfo=UTC) - timedelta(days=1)
        )
    rows = list(uow.conn.execute(query.order_by(orders.c.id)))
    ids = [row.id for row in rows]
    if not ids:
        return []
    cats = _categories(uow, ids)
    first_orders = _first_orders(uow, sorted({row.buyer_id for row in rows}))
    attempts = _last_attempts(uow, ids)
    reminders = _reminders(uow, ids)
    timeouts = _timeouts(uow, ids)
    facts = []
    for row in rows:
        rules = uow.rules(row.market)
        zone = ZoneInfo(rules.market.timezone)
        local = row.placed_at.astimezone(zone)
        if since is not None and local.date() < since:
            continue
        method, failure = attempts.get(row.id, (None, None))
        facts.append(
            UnpaidFact(
                order_id=row.id,
                placed_at=row.placed_at,
                local_hour=local.hour,
                categories=tuple(cats[row.id]),
                channel=row.channel,
                status=row.status,
                cancel_reason=row.cancel_reason,
                paid_at=row.paid_at,
                # an order imported with no timer of its own is judged by the rulebook
                timeout_at=timeouts.get(row.id) or unpaid_timeout_due(row.placed_at, rules),
                buyer_first_order_at=first_orders[row.buyer_id],
                new_buyer_days=rules.orders.new_buyer_days,
                last_method=method,
                last_failure=failure,
                reminders=reminders.get(row.id, {}),
            )
        )
    return facts


def _in_chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _categories(uow: UnitOfWork, ids: list[int]) -> dict[int, set[str]]:
    result: dict[int, set[str]] = defaultdict(set)
    for chunk in _in_chunks(ids):
        query = (
            select(order_lines.c.order_id, categories.c.code)
            .join(categories, categories.c.id == order_lines.c.category_id)
            .where(order_lines.c.order_id.in_(chunk))
        )
        for row in uow.conn.execute(query):
            result[row.order_id].add(row.code)
    return result


def _first_orders(uow: UnitOfWork, buyer_ids: list[int]) -> dict[int, datetime]:
    result: dict[int, datetime] = {}
    for chunk in _in_chunks(buyer_ids):
        query = (
            select(orders.c.buyer_id, func.min(orders.c.placed_at).label("first"))
            .where(orders.c.buyer_id.in_(chunk))
            .group_by(orders.c.buyer_id)
        )
        for row in uow.conn.execute(query):
            first = to_utc(row.first)
            assert first is not None
            result[row.buyer_id] = first
    return result


def _last_attempts(uow: UnitOfWork, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """The last method tried and the last failure reason, per order."""
    result: dict[int, tuple[str | None, str | None]] = {}
    for chunk in _in_chunks(ids):
        query = (
            select(payment_attempts.c.order_id, payment_attempts.c.method, payment_attempts.c.failure_reason)
            .where(payment_attempts.c.order_id.in_(chunk))
            .order_by(payment_attempts.c.id)
        )
        for row in uow.conn.execute(query):
            _, failure = result.get(row.order_id, (None, None))
            result[row.order_id] = (row.method, row.failure_reason or failure)
    return result


def _timeouts(uow: UnitOfWork, ids: list[int]) -> dict[int, datetime]:
    """Each order's unpaid timeout as its deadline stored it at placing (paid or not since)."""
    result: dict[int, datetime] = {}
    for chunk in _in_chunks(ids):
        result.update(uow.deadlines.due_at("order", chunk, DeadlineKind.UNPAID_TIMEOUT))
    return result


def _reminders(uow: UnitOfWork, ids: list[int]) -> dict[int, dict[int, datetime]]:
    result: dict[int, dict[int, datetime]] = defaultdict(dict)
    for chunk in _in_chunks(ids):
        query = select(order_reminders).where(order_reminders.c.order_id.in_(chunk))
        for row in uow.conn.execute(query):
            result[row.order_id][row.seq] = row.sent_at
    return result
