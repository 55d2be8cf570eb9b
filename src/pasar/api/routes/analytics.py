"""Unpaid analytics (R-UP-5) and live-session promotions (R-UP-7)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from pasar.api.deps import MarketDep, OperatorShopId, PathId, PrincipalDep, refuse_seller_shop_id, require
from pasar.api.fields import MarketCode, QueryDay
from pasar.api.schemas import PromotionIn
from pasar.api.serialise import plain
from pasar.domain.errors import NotFound
from pasar.domain.principals import PrincipalKind
from pasar.services.analytics import unpaid_report
from pasar.services.promotions import create_first_payers_promotion

router = APIRouter(prefix="/v1", tags=["analytics and promotions"])


@router.get("/analytics/unpaid", summary="Unpaid rate and its breakdowns (R-UP-5)")
def unpaid_analytics(
    who: PrincipalDep,
    market: MarketDep,
    shop_id: OperatorShopId = None,
    since: QueryDay = None,
    market_code: Annotated[MarketCode | None, Query()] = None,
) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER, PrincipalKind.OPERATOR)
    refuse_seller_shop_id(who, shop_id)
    if who.kind is PrincipalKind.SELLER:
        shop_id = who.shop_id
    with market.uow(read_only=True) as uow:
        return unpaid_report(uow, shop_id=shop_id, since=since, market=market_code)


@router.post(
    "/promotions", status_code=status.HTTP_201_CREATED, summary="A seller creates a 'first N payers' promotion (R-UP-7)"
)
def create_promotion(body: PromotionIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    with market.uow() as uow:
        promotion_id = create_first_payers_promotion(
            uow,
            shop_id=who.shop_id,
            title=body.title,
            first_n=body.first_n,
            discount_amount=body.discount_amount,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
        )
    return get_promotion(promotion_id, who, market)


@router.get("/promotions/{promotion_id}", summary="A promotion and its winners, in payment order")
def get_promotion(promotion_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER, PrincipalKind.OPERATOR)
    with market.uow(read_only=True) as uow:
        row = uow.promotions.get(promotion_id)
        if row is None or (who.kind is PrincipalKind.SELLER and row.shop_id != who.shop_id):
            raise NotFound(f"promotion {promotion_id} not found")
        promotion = plain(row)
        promotion["winners"] = [plain(claim, drop=("promotion_id",)) for claim in uow.promotions.claims(promotion_id)]
        return promotion
