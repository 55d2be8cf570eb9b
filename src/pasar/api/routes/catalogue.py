"""Catalogue: categories, shops, products, stock."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status

from pasar.api.deps import MarketDep, PathId, PrincipalDep, QueryId, decode_cursor, encode_cursor, require
from pasar.api.fields import Cursor, Text
from pasar.api.schemas import Page, ProductIn, StockIn
from pasar.api.serialise import plain
from pasar.domain.errors import NotFound
from pasar.domain.principals import PrincipalKind
from pasar.rules import RulebookError
from pasar.services import catalogue as catalogue_service

router = APIRouter(prefix="/v1", tags=["catalogue"])


@router.get("/markets/{code}/rules", summary="The rulebook in force for a market")
def market_rules(code: Annotated[str, Path(), Text(1, 16)], market: MarketDep) -> dict[str, Any]:
    try:
        return market.rules(code.upper()).model_dump(mode="json")
    except RulebookError as exc:
        raise NotFound(str(exc)) from None


@router.get("/categories", summary="Product categories")
def list_categories(market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        return [plain(row) for row in uow.catalogue.list_categories()]


@router.get("/shops", summary="Shops")
def list_shops(market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        return [plain(row) for row in uow.catalogue.list_shops()]


@router.get("/shops/{shop_id}", summary="One shop")
def get_shop(shop_id: PathId, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        row = uow.catalogue.shop(shop_id)
        if row is None:
            raise NotFound(f"shop {shop_id} not found")
        return plain(row)


@router.get("/products", summary="Products, paginated with a cursor", response_model=Page)
def list_products(
    market: MarketDep, shop_id: QueryId = None, cursor: Cursor = None, limit: int = Query(50, ge=1, le=200)
) -> Page:
    with market.uow(read_only=True) as uow:
        rows = uow.catalogue.products_page(shop_id=shop_id, after_id=decode_cursor(cursor), limit=limit)
        items = [plain(row) for row in rows]
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if len(rows) == limit else None)


@router.get("/products/{product_id}", summary="One product with its SKUs and available stock")
def get_product(product_id: PathId, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        row = uow.catalogue.product(product_id)
        if row is None:
            raise NotFound(f"product {product_id} not found")
        product = plain(row)
        product["skus"] = [plain(sku) for sku in uow.catalogue.skus_of([product_id])]
        return product


@router.post("/products", status_code=status.HTTP_201_CREATED, summary="A seller lists a product")
def create_product(body: ProductIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    skus = [catalogue_service.NewSku(s.code, s.name, s.price, s.stock) for s in body.skus]
    with market.uow() as uow:
        product_id = catalogue_service.create_product(
            uow, shop_id=who.shop_id, category=body.category, title=body.title, description=body.description, skus=skus
        )
    return get_product(product_id, market)


@router.put("/skus/{sku_id}/stock", summary="A seller sets the stock of a SKU in its warehouse")
def put_stock(sku_id: PathId, body: StockIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    with market.uow() as uow:
        catalogue_service.set_stock(uow, shop_id=who.shop_id, sku_id=sku_id, on_hand=body.on_hand)
        rows = uow.catalogue.stock_of(sku_id)
    return {"sku_id": sku_id, "warehouses": [plain(row) for row in rows]}
