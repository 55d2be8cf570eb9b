"""CRM: buyer aggregates per shop, opt-outs, broadcasts, their recipients and coupons (R-CR-1..2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select

from pasar.store.bulk import append_rows
from pasar.store.tables import categories, order_lines, orders
from pasar.store.tables_messaging import crm_broadcasts, crm_coupons, crm_opt_outs, crm_recipients

COUNTED = orders.c.paid_at.is_not(None) & (orders.c.status != "CANCELLED") & (orders.c.kind == "normal")


class CrmRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def buyer_totals(self, shop_id: int) -> list[Row[Any]]:
        """Per buyer of the shop: paid orders, spend (net of refunds), first and last order (R-CR-1)."""
        query = (
            select(
                orders.c.buyer_id,
                func.count().label("orders"),
                func.sum(orders.c.total_amount - orders.c.refunded_amount).label("spend"),
                func.min(orders.c.placed_at).label("first_order_at"),
                func.max(orders.c.placed_at).label("last_order_at"),
            )
            .where(orders.c.shop_id == shop_id, COUNTED)
            .group_by(orders.c.buyer_id)
            .order_by(orders.c.buyer_id)
        )
        return list(self.conn.execute(query))

    def buyers_in_category(self, shop_id: int, category: str) -> set[int]:
        query = (
            select(orders.c.buyer_id)
            .distinct()
            .join(order_lines, order_lines.c.order_id == orders.c.id)
            .join(categories, categories.c.id == order_lines.c.category_id)
            .where(orders.c.shop_id == shop_id, COUNTED, categories.c.code == category)
        )
        return {int(buyer) for buyer in self.conn.execute(query).scalars()}

    # --- opt-outs ----------------------------------------------------------------------------------
    def opted_out(self, shop_id: int) -> set[int]:
        query = select(crm_opt_outs.c.buyer_id).where(crm_opt_outs.c.shop_id == shop_id)
        return {int(buyer) for buyer in self.conn.execute(query).scalars()}

    def opt_out(self, shop_id: int, buyer_id: int, at: datetime) -> bool:
        if buyer_id in self.opted_out(shop_id):
            return False
        self.conn.execute(insert(crm_opt_outs).values(shop_id=shop_id, buyer_id=buyer_id, created_at=at))
        return True

    def opt_in(self, shop_id: int, buyer_id: int) -> bool:
        statement = delete(crm_opt_outs).where(crm_opt_outs.c.shop_id == shop_id, crm_opt_outs.c.buyer_id == buyer_id)
        return self.conn.execute(statement).rowcount == 1

    # --- broadcasts --------------------------------------------------------------------------------
    def reached_since(self, shop_id: int, since: datetime) -> set[int]:
        """Buyers who got a broadcast of this shop after ``since`` (the R-CR-2 cap)."""
        query = select(crm_recipients.c.buyer_id).where(
            crm_recipients.c.shop_id == shop_id, crm_recipients.c.sent_at > since
        )
        return {int(buyer) for buyer in self.conn.execute(query).scalars()}

    def add_broadcast(self, values: dict[str, Any], buyer_ids: Sequence[int], sent_at: datetime) -> int:
        statement = insert(crm_broadcasts).values(values).returning(crm_broadcasts.c.id)
        broadcast_id = int(self.conn.execute(statement).scalar_one())
        rows = [
            {"broadcast_id": broadcast_id, "buyer_id": buyer, "shop_id": values["shop_id"], "sent_at": sent_at}
            for buyer in buyer_ids
        ]
        append_rows(self.conn, crm_recipients, rows)
        return broadcast_id

    def add_coupon(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(crm_coupons).values(values).returning(crm_coupons.c.id)).scalar_one())

    def broadcasts(self, shop_id: int, limit: int = 100) -> list[Row[Any]]:
        query = (
            select(crm_broadcasts, crm_coupons.c.id.label("coupon_id"))
            .outerjoin(crm_coupons, crm_coupons.c.broadcast_id == crm_broadcasts.c.id)
            .where(crm_broadcasts.c.shop_id == shop_id)
            .order_by(crm_broadcasts.c.id.desc())
            .limit(limit)
        )
        return list(self.conn.execute(query))

    def coupons_for_buyer(self, buyer_id: int, at: datetime) -> list[Row[Any]]:
        query = (
            select(crm_coupons)
            .join(crm_recipients, crm_recipients.c.broadcast_id == crm_coupons.c.broadcast_id)
            .where(crm_recipients.c.buyer_id == buyer_id, crm_coupons.c.expires_at > at)
            .order_by(crm_coupons.c.id)
        )
        return list(self.conn.execute(query))
