"""Promotions decided by payment order (R-UP-7)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from pasar.domain.promotions import FirstPayersPromotion
from pasar.store.tables import promotion_claims, promotions

_active = (
    select(promotions)
    .where(
        promotions.c.shop_id == bindparam("shop_id"),
        promotions.c.starts_at <= bindparam("placed_at"),
        promotions.c.ends_at > bindparam("placed_at"),
        promotions.c.claims < promotions.c.first_n,
    )
    .order_by(promotions.c.id)
)


class PromotionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(promotions).values(values).returning(promotions.c.id)).scalar_one())

    def active_for(self, shop_id: int, placed_at: datetime) -> list[FirstPayersPromotion]:
        return [
            FirstPayersPromotion(row.id, row.shop_id, row.first_n, row.discount_amount, row.starts_at, row.ends_at)
            for row in self.conn.execute(_active, {"shop_id": shop_id, "placed_at": placed_at})
        ]

    def take_slot(self, promotion_id: int) -> int | None:
        """Atomically take the next payer slot; returns the rank, or None when all are gone."""
        statement = (
            update(promotions)
            .where(promotions.c.id == promotion_id, promotions.c.claims < promotions.c.first_n)
            .values(claims=promotions.c.claims + 1)
            .returning(promotions.c.claims)
        )
        rank = self.conn.execute(statement).scalar()
        return int(rank) if rank is not None else None

    def add_claim(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(promotion_claims).values(values))

    def get(self, promotion_id: int) -> Row[Any] | None:
        return self.conn.execute(select(promotions).where(promotions.c.id == promotion_id)).first()

    def for_shop(self, shop_id: int) -> list[Row[Any]]:
        return list(self.conn.execute(select(promotions).where(promotions.c.shop_id == shop_id)))

    def claims(self, promotion_id: int) -> list[Row[Any]]:
        query = select(promotion_claims).where(promotion_claims.c.promotion_id == promotion_id)
        return list(self.conn.execute(query.order_by(promotion_claims.c.rank)))

    def claim_for_order(self, order_id: int) -> Row[Any] | None:
        return self.conn.execute(select(promotion_claims).where(promotion_claims.c.order_id == order_id)).first()
