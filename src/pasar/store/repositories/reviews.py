"""Reviews, buyer waits, score snapshots and invalidations (docs/rules.md §7)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select, update

from pasar.store.bulk import append_rows
from pasar.store.tables import buyer_waits, reviews, shop_score_invalidations, shop_score_snapshots, shops


class ReviewRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(reviews).values(values).returning(reviews.c.id)).scalar_one())

    def get(self, review_id: int) -> Row[Any] | None:
        return self.conn.execute(select(reviews).where(reviews.c.id == review_id)).first()

    def for_order(self, order_id: int) -> Row[Any] | None:
        return self.conn.execute(select(reviews).where(reviews.c.order_id == order_id)).first()

    def update(self, review_id: int, values: dict[str, Any], *, unless_replied: bool = False) -> bool:
        statement = update(reviews).where(reviews.c.id == review_id).values(values)
        if unless_replied:
            statement = statement.where(reviews.c.seller_reply.is_(None))
        return self.conn.execute(statement).rowcount == 1

    def page(self, shop_id: int, *, after_id: int, limit: int, rating: int | None = None) -> list[Row[Any]]:
        query = select(reviews).where(reviews.c.shop_id == shop_id, reviews.c.id > after_id)
        if rating is not None:
            query = query.where(reviews.c.rating == rating)
        return list(self.conn.execute(query.order_by(reviews.c.id).limit(limit)))


class WaitRepository:
    """Buyer waits (R-SC-6): messaging opens and answers them; the reply-rate metric reads them."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, shop_id: int, buyer_id: int, started_at: datetime) -> int:
        values = {"shop_id": shop_id, "buyer_id": buyer_id, "started_at": started_at, "updated_at": started_at}
        return int(self.conn.execute(insert(buyer_waits).values(values).returning(buyer_waits.c.id)).scalar_one())

    def answer(self, wait_id: int, at: datetime) -> bool:
        statement = (
            update(buyer_waits)
            .where(buyer_waits.c.id == wait_id, buyer_waits.c.answered_at.is_(None))
            .values(answered_at=at, updated_at=at)
        )
        return self.conn.execute(statement).rowcount == 1

    def exclude(self, wait_id: int, at: datetime) -> bool:
        statement = update(buyer_waits).where(buyer_waits.c.id == wait_id).values(excluded=True, updated_at=at)
        return self.conn.execute(statement).rowcount == 1


class ScoreRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def replace_snapshots(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store one day's snapshots; a recomputation of the same day replaces the earlier rows."""
        by_day: dict[date, list[int]] = {}
        for row in rows:
            by_day.setdefault(row["as_of"], []).append(row["shop_id"])
        for day, shop_ids in by_day.items():
            for start in range(0, len(shop_ids), 5000):
                chunk = shop_ids[start : start + 5000]
                self.conn.execute(
                    delete(shop_score_snapshots).where(
                        shop_score_snapshots.c.as_of == day, shop_score_snapshots.c.shop_id.in_(chunk)
                    )
                )
        append_rows(self.conn, shop_score_snapshots, list(rows))

    def latest(self, shop_id: int, *, on_or_before: date | None = None) -> Row[Any] | None:
        query = select(shop_score_snapshots).where(shop_score_snapshots.c.shop_id == shop_id)
        if on_or_before is not None:
            query = query.where(shop_score_snapshots.c.as_of <= on_or_before)
        return self.conn.execute(query.order_by(shop_score_snapshots.c.as_of.desc()).limit(1)).first()

    def between(self, shop_id: int, first: date, last: date) -> list[Row[Any]]:
        query = (
            select(shop_score_snapshots)
            .where(
                shop_score_snapshots.c.shop_id == shop_id,
                shop_score_snapshots.c.as_of >= first,
                shop_score_snapshots.c.as_of <= last,
            )
            .order_by(shop_score_snapshots.c.as_of)
        )
        return list(self.conn.execute(query))

    def count_for_day(self, market: str, day: date) -> int:
        query = (
            select(func.count())
            .select_from(shop_score_snapshots)
            .where(shop_score_snapshots.c.market == market, shop_score_snapshots.c.as_of == day)
        )
        return int(self.conn.execute(query).scalar_one())

    def invalidate(self, shop_ids: Sequence[int], reason: str, at: datetime) -> None:
        append_rows(
            self.conn,
            shop_score_invalidations,
            [{"shop_id": shop_id, "reason": reason, "created_at": at} for shop_id in shop_ids],
        )

    def markets_with_shops(self) -> list[str]:
        return sorted(self.conn.execute(select(shops.c.market).distinct()).scalars())
