"""The facts the metrics read, as plain rows: what every engine and the reference agree on.

``SOURCES`` names, for each source relation (``src_orders``, ...), the store table it comes from
and its columns with their normalised types. The DuckDB engine builds the relations from the
store with these definitions; tests build a ``Dataset`` in memory and hand it to every engine and
to the pure-Python reference.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import astuple, dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select

from pasar.store import tables
from pasar.store.types import to_utc

BIGINT, INTEGER, TEXT, INSTANT = "BIGINT", "INTEGER", "VARCHAR", "TIMESTAMPTZ"


@dataclass(frozen=True)
class ShopRow:
    shop_id: int
    ref: str
    market: str


@dataclass(frozen=True)
class OrderRow:
    order_id: int
    shop_id: int
    kind: str  # normal | creator_sample | test
    fulfilment_type: str  # seller | platform
    paid_at: datetime | None
    shipped_at: datetime | None
    dispatch_deadline_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    seller_fault: bool


@dataclass(frozen=True)
class ReviewRow:
    review_id: int
    order_id: int
    shop_id: int
    rating: int
    responsibility: str
    created_at: datetime


@dataclass(frozen=True)
class CaseRow:
    case_id: int
    order_id: int
    shop_id: int
    responsibility: str
    approved_at: datetime | None


@dataclass(frozen=True)
class ComplaintRow:
    complaint_id: int
    shop_id: int
    order_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class WaitRow:
    wait_id: int
    shop_id: int
    started_at: datetime
    answered_at: datetime | None
    excluded: bool


@dataclass(frozen=True)
class Source:
    """A source relation: its name, store table, and (store column, relation column, type) triples."""

    name: str
    table: Table
    columns: tuple[tuple[str, str, str], ...]
    row_type: type
    shop_column: str = "shop_id"


SOURCES: tuple[Source, ...] = (
    Source(
        "src_shops",
        tables.shops,
        (("id", "shop_id", BIGINT), ("ref", "ref", TEXT), ("market", "market", TEXT)),
        ShopRow,
        shop_column="id",
    ),
    Source(
        "src_orders",
        tables.orders,
        (
            ("id", "order_id", BIGINT),
            ("shop_id", "shop_id", BIGINT),
            ("kind", "kind", TEXT),
            ("fulfilment_type", "fulfilment_type", TEXT),
            ("paid_at", "paid_at", INSTANT),
            ("shipped_at", "shipped_at", INSTANT),
            ("dispatch_deadline_at", "dispatch_deadline_at", INSTANT),
            ("delivered_at", "delivered_at", INSTANT),
            ("cancelled_at", "cancelled_at", INSTANT),
            ("seller_fault", "seller_fault", INTEGER),
        ),
        OrderRow,
    ),
    Source(
        "src_reviews",
        tables.reviews,
        (
            ("id", "review_id", BIGINT),
            ("order_id", "order_id", BIGINT),
            ("shop_id", "shop_id", BIGINT),
            ("rating", "rating", INTEGER),
            ("responsibility", "responsibility", TEXT),
            ("created_at", "created_at", INSTANT),
        ),
        ReviewRow,
    ),
    Source(
        "src_cases",
        tables.after_sales_cases,
        (
            ("id", "case_id", BIGINT),
            ("order_id", "order_id", BIGINT),
            ("shop_id", "shop_id", BIGINT),
            ("responsibility", "responsibility", TEXT),
            ("approved_at", "approved_at", INSTANT),
        ),
        CaseRow,
    ),
    Source(
        "src_complaints",
        tables.complaints,
        (
            ("id", "complaint_id", BIGINT),
            ("shop_id", "shop_id", BIGINT),
            ("order_id", "order_id", BIGINT),
            ("created_at", "created_at", INSTANT),
        ),
        ComplaintRow,
    ),
    Source(
        "src_waits",
        tables.buyer_waits,
        (
            ("id", "wait_id", BIGINT),
            ("shop_id", "shop_id", BIGINT),
            ("started_at", "started_at", INSTANT),
            ("answered_at", "answered_at", INSTANT),
            ("excluded", "excluded", INTEGER),
        ),
        WaitRow,
    ),
)
SOURCE_BY_NAME = {source.name: source for source in SOURCES}


@dataclass
class Dataset:
    """Every fact the metrics read, for some shops."""

    shops: list[ShopRow] = field(default_factory=list)
    orders: list[OrderRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    cases: list[CaseRow] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)
    waits: list[WaitRow] = field(default_factory=list)

    def rows_of(self, source: str) -> list[Any]:
        rows: dict[str, list[Any]] = {
            "src_shops": self.shops,
            "src_orders": self.orders,
            "src_reviews": self.reviews,
            "src_cases": self.cases,
            "src_complaints": self.complaints,
            "src_waits": self.waits,
        }
        return rows[source]


def as_tuple(row: Any) -> tuple[Any, ...]:
    """A row as a tuple in its relation's column order (booleans as 0/1, like every engine sees them)."""
    return tuple(int(value) if isinstance(value, bool) else value for value in astuple(row))


def load_dataset(conn: Connection, *, shop_ids: Collection[int] | None = None, market: str | None = None) -> Dataset:
    """Read the facts from the store with SQLAlchemy (the reference implementation's input)."""
    shop_query = select(tables.shops.c.id)
    if market is not None:
        shop_query = shop_query.where(tables.shops.c.market == market)
    if shop_ids is not None:
        shop_query = shop_query.where(tables.shops.c.id.in_(sorted(shop_ids)))
    restricted = market is not None or shop_ids is not None
    dataset = Dataset()
    for source in SOURCES:
        table = source.table
        query = select(*(table.c[column].label(name) for column, name, _ in source.columns))
        if restricted:
            query = query.where(table.c[source.shop_column].in_(shop_query.scalar_subquery()))
        dataset.rows_of(source.name).extend(_typed(source, conn.execute(query)))
    return dataset


def _typed(source: Source, result: Iterable[Any]) -> list[Any]:
    kinds = [kind for _, _, kind in source.columns]
    names = [f.name for f in fields(source.row_type)]
    rows = []
    for row in result:
        values: list[Any] = []
        for value, kind, name in zip(row, kinds, names, strict=True):
            if kind == INSTANT:
                values.append(to_utc(value))
            elif name in ("seller_fault", "excluded"):
                values.append(bool(value))
            else:
                values.append(value)
        rows.append(source.row_type(*values))
    return rows
