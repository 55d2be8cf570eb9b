"""Shops, categories, products, SKUs, warehouses and stock."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, func, insert, select, update

from pasar.store.tables import categories, products, shops, skus, stock, warehouses

_reserve = (
    update(stock)
    .where(
        stock.c.sku_id == bindparam("s"),
        stock.c.warehouse_id == bindparam("w"),
        stock.c.on_hand - stock.c.reserved >= bindparam("q"),
    )
    .values(reserved=stock.c.reserved + bindparam("q"))
)
_consume = (
    update(stock)
    .where(stock.c.sku_id == bindparam("s"), stock.c.warehouse_id == bindparam("w"))
    .values(reserved=stock.c.reserved - bindparam("q"), on_hand=stock.c.on_hand - bindparam("q"))
)
_restock = (
    update(stock)
    .where(stock.c.sku_id == bindparam("s"), stock.c.warehouse_id == bindparam("w"))
    .values(on_hand=stock.c.on_hand + bindparam("q"))
)
_release = (
    update(stock)
    .where(stock.c.sku_id == bindparam("s"), stock.c.warehouse_id == bindparam("w"))
    .values(reserved=stock.c.reserved - bindparam("q"))
)


_sellable = (
    select(
        skus.c.id.label("sku_id"),
        skus.c.price,
        products.c.id.label("product_id"),
        products.c.category_id,
        products.c.status.label("product_status"),
        shops.c.id.label("shop_id"),
        shops.c.market,
        shops.c.status.label("shop_status"),
    )
    .join(products, products.c.id == skus.c.product_id)
    .join(shops, shops.c.id == products.c.shop_id)
    .where(skus.c.id.in_(bindparam("ids", expanding=True)))
)
_candidates = (
    select(
        stock.c.sku_id, stock.c.warehouse_id, warehouses.c.kind, (stock.c.on_hand - stock.c.reserved).label("available")
    )
    .join(warehouses, warehouses.c.id == stock.c.warehouse_id)
    .where(stock.c.sku_id.in_(bindparam("ids", expanding=True)))
    .order_by(stock.c.sku_id, stock.c.warehouse_id)
)


class CatalogueRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- reads -------------------------------------------------------------------------------
    def sellable_skus(self, sku_ids: Sequence[int]) -> dict[int, Any]:
        """SKU, product, shop and category facts needed to price a cart, keyed by SKU id."""
        return {row.sku_id: row for row in self.conn.execute(_sellable, {"ids": list(sku_ids)})}

    def stock_candidates(self, sku_ids: Sequence[int]) -> list[Row[Any]]:
        return list(self.conn.execute(_candidates, {"ids": list(sku_ids)}))

    def stock_of(self, sku_id: int) -> list[Row[Any]]:
        query = select(stock.c.warehouse_id, stock.c.on_hand, stock.c.reserved).where(stock.c.sku_id == sku_id)
        return list(self.conn.execute(query.order_by(stock.c.warehouse_id)))

    def shop(self, shop_id: int) -> Row[Any] | None:
        return self.conn.execute(select(shops).where(shops.c.id == shop_id)).first()

    def mall_shops(self, shop_ids: Collection[int]) -> set[int]:
        """The Mall shops among ``shop_ids`` (their after-sales window is longer, §6)."""
        query = select(shops.c.id).where(shops.c.id.in_(sorted(shop_ids)), shops.c.is_mall.is_(True))
        return set(self.conn.execute(query).scalars())

    def list_shops(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(shops).order_by(shops.c.id)))

    def list_categories(self) -> list[Row[Any]]:
        return list(self.conn.execute(select(categories).order_by(categories.c.id)))

    def category_by_code(self, code: str) -> Row[Any] | None:
        return self.conn.execute(select(categories).where(categories.c.code == code)).first()

    def products_page(self, *, shop_id: int | None, after_id: int, limit: int) -> list[Row[Any]]:
        available = (
            select(func.coalesce(func.sum(stock.c.on_hand - stock.c.reserved), 0))
            .join(skus, skus.c.id == stock.c.sku_id)
            .where(skus.c.product_id == products.c.id)
            .scalar_subquery()
        )
        query = (
            select(products, categories.c.code.label("category"), available.label("available"))
            .join(categories, categories.c.id == products.c.category_id)
            .where(products.c.id > after_id)
            .order_by(products.c.id)
            .limit(limit)
        )
        if shop_id is not None:
            query = query.where(products.c.shop_id == shop_id)
        return list(self.conn.execute(query))

    def product(self, product_id: int) -> Row[Any] | None:
        query = (
            select(products, categories.c.code.label("category"))
            .join(categories, categories.c.id == products.c.category_id)
            .where(products.c.id == product_id)
        )
        return self.conn.execute(query).first()

    def skus_of(self, product_ids: Iterable[int]) -> list[Row[Any]]:
        available = (
            select(func.coalesce(func.sum(stock.c.on_hand - stock.c.reserved), 0))
            .where(stock.c.sku_id == skus.c.id)
            .scalar_subquery()
        )
        query = select(skus, available.label("available")).where(skus.c.product_id.in_(list(product_ids)))
        return list(self.conn.execute(query.order_by(skus.c.id)))

    # --- stock ----------------------------------------------------------------------------------
    def reserve(self, sku_id: int, warehouse_id: int, quantity: int) -> bool:
        """R-OR-2: reserve only if enough is available, atomically (a row lock on PostgreSQL)."""
        result = self.conn.execute(_reserve, {"s": sku_id, "w": warehouse_id, "q": quantity})
        return result.rowcount == 1

    def release(self, items: Sequence[tuple[int, int, int]]) -> None:
        """Give back reservations: (sku_id, warehouse_id, quantity), locked in a fixed order."""
        self._apply(_release, items)

    def consume(self, items: Sequence[tuple[int, int, int]]) -> None:
        """Reserved units leave the warehouse with the parcel."""
        self._apply(_consume, items)

    def restock(self, items: Sequence[tuple[int, int, int]]) -> None:
        """Returned units are back on the shelf."""
        self._apply(_restock, items)

    def _apply(self, statement: Any, items: Sequence[tuple[int, int, int]]) -> None:
        if items:
            self.conn.execute(statement, [{"s": s, "w": w, "q": q} for s, w, q in sorted(items)])

    # --- writes ---------------------------------------------------------------------------------
    def add_shop(self, *, ref: str, name: str, market: str, created_at: datetime, is_mall: bool = False) -> int:
        values = {"ref": ref, "name": name, "market": market, "created_at": created_at, "is_mall": is_mall}
        return int(self.conn.execute(insert(shops).values(values).returning(shops.c.id)).scalar_one())

    def ensure_category(self, code: str, name: str) -> int:
        existing = self.category_by_code(code)
        if existing is not None:
            return int(existing.id)
        return int(
            self.conn.execute(insert(categories).values(code=code, name=name).returning(categories.c.id)).scalar_one()
        )

    def add_product(self, *, shop_id: int, category_id: int, title: str, description: str, created_at: datetime) -> int:
        values = {
            "shop_id": shop_id,
            "category_id": category_id,
            "title": title,
            "description": description,
            "created_at": created_at,
        }
        return int(self.conn.execute(insert(products).values(values).returning(products.c.id)).scalar_one())

    def add_sku(self, *, product_id: int, code: str, name: str, price: int) -> int:
        values = {"product_id": product_id, "code": code, "name": name, "price": price}
        return int(self.conn.execute(insert(skus).values(values).returning(skus.c.id)).scalar_one())

    def add_warehouse(self, *, kind: str, shop_id: int | None, market: str, name: str) -> int:
        values = {"kind": kind, "shop_id": shop_id, "market": market, "name": name}
        return int(self.conn.execute(insert(warehouses).values(values).returning(warehouses.c.id)).scalar_one())

    def seller_warehouse(self, shop_id: int) -> int | None:
        query = select(warehouses.c.id).where(and_(warehouses.c.shop_id == shop_id, warehouses.c.kind == "seller"))
        return self.conn.execute(query.order_by(warehouses.c.id)).scalar()

    def set_on_hand(self, sku_id: int, warehouse_id: int, on_hand: int) -> bool:
        """Set the physical stock; refuses to go below what is already reserved."""
        existing = self.conn.execute(
            select(stock.c.reserved).where(stock.c.sku_id == sku_id, stock.c.warehouse_id == warehouse_id)
        ).first()
        if existing is None:
            values = {"sku_id": sku_id, "warehouse_id": warehouse_id, "on_hand": on_hand, "reserved": 0}
            self.conn.execute(insert(stock).values(values))
            return True
        result = self.conn.execute(
            update(stock)
            .where(stock.c.sku_id == sku_id, stock.c.warehouse_id == warehouse_id, stock.c.reserved <= on_hand)
            .values(on_hand=on_hand)
        )
        return result.rowcount == 1
