"""Shops, products, SKUs and stock (R-SL-3, R-SL-4). Onboarding (R-SL-1) builds on this later."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pasar.domain.errors import Conflict, InvalidInput, NotFound, UnknownReference
from pasar.rules import RulebookError
from pasar.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class NewSku:
    code: str
    name: str
    price: int
    stock: int
    warehouse: str = "seller"  # seller | platform


def create_shop(uow: UnitOfWork, *, ref: str, name: str, market: str, is_mall: bool = False) -> int:
    try:
        rules = uow.rules(market)
    except RulebookError as exc:
        raise InvalidInput(str(exc), field="market") from None
    if is_mall and not rules.features.mall:
        raise InvalidInput(f"the Mall is not available in {market} (R-MK-2)", field="is_mall")
    shop_id = uow.catalogue.add_shop(ref=ref, name=name, market=market, created_at=uow.now, is_mall=is_mall)
    uow.catalogue.add_warehouse(kind="seller", shop_id=shop_id, market=market, name=f"{name} warehouse")
    uow.emit("shop.created", shop_id, {"shop_id": shop_id, "market": market})
    return shop_id


def platform_warehouse(uow: UnitOfWork, market: str) -> int:
    return uow.catalogue.add_warehouse(kind="platform", shop_id=None, market=market, name=f"Pasar {market} FBT")


def create_product(
    uow: UnitOfWork,
    *,
    shop_id: int,
    category: str,
    title: str,
    description: str,
    skus: Sequence[NewSku],
    platform_warehouse_id: int | None = None,
) -> int:
    shop = uow.catalogue.shop(shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} not found")
    category_row = uow.catalogue.category_by_code(category)
    if category_row is None:
        known = ", ".join(row.code for row in uow.catalogue.list_categories())
        raise UnknownReference(f"unknown category {category!r} (known: {known})", field="category")
    if not skus:
        raise InvalidInput("a product needs at least one SKU", field="skus")
    product_id = uow.catalogue.add_product(
        shop_id=shop_id, category_id=category_row.id, title=title, description=description, created_at=uow.now
    )
    seller_warehouse = uow.catalogue.seller_warehouse(shop_id)
    for index, sku in enumerate(skus):
        if sku.price < 0 or sku.stock < 0:
            raise InvalidInput("price and stock must not be negative", field=f"skus[{index}]")
        sku_id = uow.catalogue.add_sku(product_id=product_id, code=sku.code, name=sku.name, price=sku.price)
        warehouse = platform_warehouse_id if sku.warehouse == "platform" else seller_warehouse
        if warehouse is None:
            raise InvalidInput(f"no {sku.warehouse} warehouse for this shop", field=f"skus[{index}].warehouse")
        uow.catalogue.set_on_hand(sku_id, warehouse, sku.stock)
    uow.emit("product.created", product_id, {"product_id": product_id, "shop_id": shop_id})
    return product_id


def set_stock(uow: UnitOfWork, *, shop_id: int, sku_id: int, on_hand: int) -> None:
    """A seller sets the physical stock of a SKU in its own warehouse (never below what is reserved)."""
    row = uow.catalogue.sellable_skus([sku_id]).get(sku_id)
    if row is None or row.shop_id != shop_id:
        raise NotFound(f"SKU {sku_id} not found")
    if on_hand < 0:
        raise InvalidInput("on_hand must not be negative", field="on_hand")
    warehouse = uow.catalogue.seller_warehouse(shop_id)
    assert warehouse is not None
    if not uow.catalogue.set_on_hand(sku_id, warehouse, on_hand):
        raise Conflict(f"on_hand {on_hand} is below the units already reserved by open orders", field="on_hand")
