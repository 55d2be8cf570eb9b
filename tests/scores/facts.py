"""Score-test helpers: random histories (hypothesis), and writing a history into a real store.

A history is a ``pasar.metrics.dataset.Dataset``: the rows the metrics read. Event times cluster
around the window boundaries of the as-of day (D−90, D−60, D−30, D−1, D, at local midnight and
just before it) in each shop's market time zone, so every boundary is crossed often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from sqlalchemy import Connection, delete, insert, select, update

from pasar.metrics.dataset import (
    CaseRow,
    ComplaintRow,
    Dataset,
    OrderRow,
    ReviewRow,
    ShopRow,
    WaitRow,
)
from pasar.rules import rulebook_for
from pasar.store import tables

AS_OF = date(2026, 3, 29)  # the Sunday clocks go forward in GB (and a week after the US change)
MARKETS = ("ID", "GB", "US", "BR", "TH")
BOUNDARY_DAYS = (0, 1, 29, 30, 31, 59, 60, 61, 89, 90, 91)
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def zone_of(market: str) -> ZoneInfo:
    return ZoneInfo(rulebook_for(market).market.timezone)


@st.composite
def instants(draw: st.DrawFn, market: str, as_of: date = AS_OF) -> datetime:
    """An instant near a window boundary of ``as_of`` in ``market``'s local time (or anywhere near it)."""
    zone = zone_of(market)
    if draw(st.booleans()):
        day = (
            as_of - timedelta(days=draw(st.sampled_from(BOUNDARY_DAYS))) + timedelta(days=draw(st.sampled_from((0, 1))))
        )
        clock = draw(
            st.sampled_from(
                (time(0, 0), time(0, 0, 0, 1), time(23, 59, 59, 999999), time(12, 0), time(1, 30), time(23, 30))
            )
        )
        local = datetime.combine(day, clock, tzinfo=zone)
    else:
        local = datetime.combine(as_of, time(12), tzinfo=zone) - timedelta(
            seconds=draw(st.integers(min_value=-3 * 86400, max_value=100 * 86400))
        )
    return local.astimezone(UTC)


def _maybe(draw: st.DrawFn, value: Any, chance: float = 0.5) -> Any:
    return value if draw(st.floats(0, 1)) < chance else None


@st.composite
def datasets(draw: st.DrawFn, as_of: date = AS_OF, max_orders: int = 25) -> Dataset:
    """A random history: shops in several markets, orders, reviews, cases, complaints, waits."""
    n_shops = draw(st.integers(1, 3))
    shops = [ShopRow(i + 1, f"shop-{i + 1}", draw(st.sampled_from(MARKETS))) for i in range(n_shops)]
    ds = Dataset(shops=shops)
    for order_id in range(1, draw(st.integers(0, max_orders)) + 1):
        shop = draw(st.sampled_from(shops))
        at = draw(instants(shop.market, as_of))
        paid = _maybe(draw, at, 0.9)
        deadline = _maybe(draw, draw(instants(shop.market, as_of)), 0.8)
        shipped = _maybe(draw, draw(instants(shop.market, as_of)), 0.7)
        if shipped is not None and deadline is not None and draw(st.booleans()):
            shipped = deadline + timedelta(microseconds=draw(st.sampled_from((-1, 0, 1, 3_600_000_000))))
        delivered = _maybe(draw, draw(instants(shop.market, as_of)), 0.7)
        cancelled = _maybe(draw, draw(instants(shop.market, as_of)), 0.25)
        ds.orders.append(
            OrderRow(
                order_id=order_id,
                shop_id=shop.shop_id,
                kind=draw(st.sampled_from(("normal",) * 6 + ("creator_sample", "test"))),
                fulfilment_type=draw(st.sampled_from(("seller", "seller", "seller", "platform"))),
                paid_at=paid,
                shipped_at=shipped,
                dispatch_deadline_at=deadline,
                delivered_at=delivered,
                cancelled_at=cancelled,
                seller_fault=cancelled is not None and draw(st.booleans()),
            )
        )
        if draw(st.floats(0, 1)) < 0.5:
            ds.reviews.append(
                ReviewRow(
                    review_id=order_id,
                    order_id=order_id,
                    shop_id=shop.shop_id,
                    rating=draw(st.integers(1, 5)),
                    responsibility=draw(st.sampled_from(("seller", "seller", "logistics", "buyer"))),
                    created_at=draw(instants(shop.market, as_of)),
                )
            )
        for _ in range(draw(st.integers(0, 2))):
            ds.cases.append(
                CaseRow(
                    case_id=len(ds.cases) + 1,
                    order_id=order_id,
                    shop_id=shop.shop_id,
                    responsibility=draw(st.sampled_from(("seller", "seller", "buyer", "logistics", "platform"))),
                    approved_at=_maybe(draw, draw(instants(shop.market, as_of)), 0.7),
                )
            )
        if draw(st.floats(0, 1)) < 0.2:
            ds.complaints.append(
                ComplaintRow(len(ds.complaints) + 1, shop.shop_id, order_id, draw(instants(shop.market, as_of)))
            )
    for _ in range(draw(st.integers(0, 3))):
        shop = draw(st.sampled_from(shops))
        ds.complaints.append(
            ComplaintRow(len(ds.complaints) + 1, shop.shop_id, None, draw(instants(shop.market, as_of)))
        )
    for wait_id in range(1, draw(st.integers(0, 12)) + 1):
        shop = draw(st.sampled_from(shops))
        started = draw(instants(shop.market, as_of))
        delay = draw(
            st.sampled_from(
                (
                    timedelta(hours=1),
                    timedelta(hours=24),
                    timedelta(hours=24, microseconds=1),
                    timedelta(hours=23, minutes=59),
                    timedelta(hours=30),
                )
            )
        )
        answered = _maybe(draw, started + delay, 0.8)
        ds.waits.append(WaitRow(wait_id, shop.shop_id, started, answered, draw(st.floats(0, 1)) < 0.15))
    return ds


# --- writing a history into a store ------------------------------------------------------------------------
def ensure_buyer(conn: Connection) -> int:
    found = conn.execute(select(tables.buyers.c.id).limit(1)).scalar()
    if found is not None:
        return int(found)
    return int(
        conn.execute(
            insert(tables.buyers).values(name="Test buyer", market="ID", created_at=EPOCH).returning(tables.buyers.c.id)
        ).scalar_one()
    )


def _order_values(row: OrderRow, buyer_id: int, market: str, until: datetime | None) -> dict[str, Any]:
    def known(at: datetime | None) -> datetime | None:
        return at if at is not None and (until is None or at <= until) else None

    cancelled = known(row.cancelled_at)
    delivered = known(row.delivered_at)
    status = "CANCELLED" if cancelled else "DELIVERED" if delivered else "AWAITING_SHIPMENT"
    return {
        "id": row.order_id,
        "shop_id": row.shop_id,
        "buyer_id": buyer_id,
        "market": market,
        "status": status,
        "channel": "search",
        "fulfilment_type": row.fulfilment_type,
        "currency": rulebook_for(market).market.currency,
        "total_amount": 1000,
        "placed_at": EPOCH,
        "paid_at": known(row.paid_at),
        "cancelled_at": cancelled,
        "seller_fault": row.seller_fault if cancelled else False,
        "kind": row.kind,
        "dispatch_deadline_at": row.dispatch_deadline_at,
        "shipped_at": known(row.shipped_at),
        "delivered_at": delivered,
        "updated_at": until or EPOCH,
    }


def _events(row: OrderRow) -> list[datetime]:
    return [at for at in (row.paid_at, row.shipped_at, row.delivered_at, row.cancelled_at) if at is not None]


def write_dataset(conn: Connection, ds: Dataset, *, until: datetime | None = None) -> None:
    """Make the store hold ``ds`` as it was known at ``until`` (everything when None).

    Called again with a later ``until`` it brings the store forward, the way the services would:
    orders gain their events (each change writes an order-history row), reviews, approvals,
    complaints and wait answers appear when they happen.
    """
    known = _Known(conn, ensure_buyer(conn), until)
    for write in (_write_shops, _write_orders, _write_reviews, _write_cases, _write_complaints, _write_waits):
        write(known, ds)


@dataclass(frozen=True)
class _Known:
    """The store being brought forward to what is known at ``until``."""

    conn: Connection
    buyer_id: int
    until: datetime | None

    def visible(self, at: datetime | None) -> bool:
        return at is not None and (self.until is None or at <= self.until)


def _write_shops(known: _Known, ds: Dataset) -> None:
    present_shops = set(known.conn.execute(select(tables.shops.c.id)).scalars())
    for shop in ds.shops:
        if shop.shop_id not in present_shops:
            known.conn.execute(
                insert(tables.shops).values(
                    id=shop.shop_id, ref=shop.ref, name=shop.ref, market=shop.market, created_at=EPOCH
                )
            )


def _write_orders(known: _Known, ds: Dataset) -> None:
    conn, until = known.conn, known.until
    market_of = {shop.shop_id: shop.market for shop in ds.shops}
    present = {row.id: row for row in conn.execute(select(tables.orders))}
    for order in ds.orders:
        values = _order_values(order, known.buyer_id, market_of[order.shop_id], until)
        old = present.get(order.order_id)
        if old is None:
            conn.execute(insert(tables.orders).values(values))
        else:
            changed = any(getattr(old, key) != value for key, value in values.items() if key != "updated_at")
            if not changed:
                continue
            conn.execute(update(tables.orders).where(tables.orders.c.id == order.order_id).values(values))
        conn.execute(
            insert(tables.order_history).values(
                order_id=order.order_id,
                at=until or EPOCH,
                actor="system",
                event="test",
                to_status=values["status"],
            )
        )


def _write_reviews(known: _Known, ds: Dataset) -> None:
    present_reviews = set(known.conn.execute(select(tables.reviews.c.id)).scalars())
    for review in ds.reviews:
        if review.review_id in present_reviews or not known.visible(review.created_at):
            continue
        known.conn.execute(
            insert(tables.reviews).values(
                id=review.review_id,
                order_id=review.order_id,
                shop_id=review.shop_id,
                buyer_id=known.buyer_id,
                rating=review.rating,
                responsibility=review.responsibility,
                responsibility_source="default",
                created_at=review.created_at,
                updated_at=review.created_at,
            )
        )


def _write_cases(known: _Known, ds: Dataset) -> None:
    conn = known.conn
    cases = {row.id: row for row in conn.execute(select(tables.after_sales_cases))}
    for case in ds.cases:
        approved = case.approved_at if known.visible(case.approved_at) else None
        values = {
            "id": case.case_id,
            "order_id": case.order_id,
            "shop_id": case.shop_id,
            "buyer_id": known.buyer_id,
            "kind": "refund_only",
            "reason": "damaged",
            "responsibility": case.responsibility,
            "status": "REFUNDED" if approved else "REQUESTED",
            "requested_amount": 100,
            "parcel_delivered": True,
            "opened_at": EPOCH,
            "approved_at": approved,
            "updated_at": known.until or EPOCH,
        }
        old = cases.get(case.case_id)
        if old is None:
            conn.execute(insert(tables.after_sales_cases).values(values))
        elif old.approved_at != approved:
            conn.execute(
                update(tables.after_sales_cases).where(tables.after_sales_cases.c.id == case.case_id).values(values)
            )


def _write_complaints(known: _Known, ds: Dataset) -> None:
    c = tables.complaints
    stored = Counter(tuple(row) for row in known.conn.execute(select(c.c.shop_id, c.c.order_id, c.c.created_at)))
    for complaint in ds.complaints:
        key = (complaint.shop_id, complaint.order_id, complaint.created_at)
        if not known.visible(complaint.created_at):
            continue
        if stored[key] > 0:
            stored[key] -= 1
            continue
        known.conn.execute(  # the store numbers complaints as they arrive (the rollups rely on it)
            insert(tables.complaints).values(
                shop_id=complaint.shop_id,
                order_id=complaint.order_id,
                buyer_id=known.buyer_id,
                kind="shop_report",
                created_at=complaint.created_at,
            )
        )


def _write_waits(known: _Known, ds: Dataset) -> None:
    conn = known.conn
    waits = {row.id: row for row in conn.execute(select(tables.buyer_waits))}
    for wait in ds.waits:
        if not known.visible(wait.started_at):
            continue
        answered = wait.answered_at if known.visible(wait.answered_at) else None
        values = {
            "id": wait.wait_id,
            "shop_id": wait.shop_id,
            "buyer_id": known.buyer_id,
            "started_at": wait.started_at,
            "answered_at": answered,
            "excluded": wait.excluded,
            "updated_at": known.until or wait.started_at,
        }
        old = waits.get(wait.wait_id)
        if old is None:
            conn.execute(insert(tables.buyer_waits).values(values))
        elif old.answered_at != answered or bool(old.excluded) != wait.excluded:
            conn.execute(update(tables.buyer_waits).where(tables.buyer_waits.c.id == wait.wait_id).values(values))


def clear_facts(conn: Connection) -> None:
    for table in (
        tables.shop_score_snapshots,
        tables.shop_score_invalidations,
        tables.reviews,
        tables.buyer_waits,
        tables.complaints,
        tables.case_history,
        tables.after_sales_cases,
        tables.order_history,
        tables.orders,
        tables.shops,
    ):
        conn.execute(delete(table))


def counts_by_shop(rows: Iterable[Any]) -> dict[int, dict[str, int]]:
    return {row.shop_id: row.counts for row in rows}


def boundary_dataset(as_of: date = AS_OF) -> Dataset:
    """A deterministic history with an event at every window edge of ``as_of`` in every test market."""
    ds = Dataset()
    clocks = (time(0, 0), time(0, 0, 0, 1), time(12, 0), time(23, 59, 59, 999999))
    order_id = wait_id = 0
    for shop_id, market in enumerate(MARKETS, start=1):
        ds.shops.append(ShopRow(shop_id, f"edge-{market}", market))
        zone = zone_of(market)
        for back in BOUNDARY_DAYS:
            for clock in clocks:
                at = datetime.combine(as_of - timedelta(days=back), clock, tzinfo=zone).astimezone(UTC)
                order_id += 1
                late = order_id % 3 == 0
                ds.orders.append(
                    OrderRow(
                        order_id,
                        shop_id,
                        ("normal", "normal", "normal", "creator_sample", "test")[order_id % 5],
                        "platform" if order_id % 7 == 0 else "seller",
                        at,
                        at + timedelta(hours=1) if late else at,
                        at,
                        at,
                        at if order_id % 4 == 0 else None,
                        order_id % 8 == 0,
                    )
                )
                ds.reviews.append(
                    ReviewRow(order_id, order_id, shop_id, 1 + order_id % 5, ("seller", "logistics")[order_id % 2], at)
                )
                ds.cases.append(CaseRow(order_id, order_id, shop_id, "seller", at if order_id % 2 else None))
                ds.complaints.append(ComplaintRow(order_id, shop_id, order_id if order_id % 2 else None, at))
                wait_id += 1
                answer = at + (timedelta(hours=24), timedelta(hours=24, microseconds=1))[wait_id % 2]
                ds.waits.append(WaitRow(wait_id, shop_id, at, answer, wait_id % 9 == 0))
    return ds
