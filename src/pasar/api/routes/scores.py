"""The Shop Performance Score: the public SPS, the seller's explanation and what-if, privileges."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from pasar.api.deps import MarketDep, PathId, PrincipalDep, require
from pasar.api.fields import Day, QueryDay, Text
from pasar.domain.errors import NotFound
from pasar.domain.principals import Principal, PrincipalKind
from pasar.metrics.score import METRICS
from pasar.services import scores as score_service

router = APIRouter(prefix="/v1", tags=["shop performance score"])
Count = Annotated[StrictInt, Field(ge=0, le=10**9)]


class CountsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    num: Count | None = None
    den: Count | None = None


class WhatIfIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: Day | None = Field(None, description="The market-local day; today when omitted.")
    changes: dict[Literal["dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h", "nrr"], CountsIn] = Field(
        description='Counts to replace, e.g. {"ldr": {"num": 1}}.'
    )


class RecomputeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: Day
    market: Annotated[str, Text(2, 2, pattern=r"^[A-Z]{2}$")] | None = None


def _own_shop(who: Principal, shop_id: int) -> None:
    """A seller sees only its own shop's score details: another shop's is a 404, never a leak."""
    require(who, PrincipalKind.SELLER, PrincipalKind.OPERATOR)
    if who.kind is PrincipalKind.SELLER and who.shop_id != shop_id:
        raise NotFound(f"shop {shop_id} not found")


@router.get(
    "/shops/{shop_id}/score",
    summary="The shop's SPS as buyers see it, or why there is none (R-SC-8, R-SC-9)",
    description=(
        "`status` is `scored`, `not enough orders` (fewer delivered orders in 90 days than "
        "`min_delivered_orders`) or `no metric data` (enough deliveries, but no scored metric has orders in "
        "its window); `metrics_without_data` names the scored metrics left out for want of data."
    ),
)
def public_score(shop_id: PathId, market: MarketDep) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        return score_service.public_score(uow, shop_id)


@router.get(
    "/shops/{shop_id}/performance",
    summary="Every metric with its orders and 90-day trend, the score's trend and what would raise it (R-SC-9)",
    description=(
        "As of the market-local day `as_of` (today by default): the SPS and dimensions; every metric with "
        "num, den, rate, sub-score, window and the ids behind each count (up to `ids_limit`); `trend`, the SPS "
        "and dimensions on each of the 90 days up to that day; and per metric `trend`, one point per day, "
        "oldest first, `{as_of, num, den, rate, score}`. Days with a stored snapshot show the snapshot. "
        "`status` and `metrics_without_data` say why a null SPS is null, as on `/shops/{id}/score`."
    ),
)
def performance(
    shop_id: PathId,
    who: PrincipalDep,
    market: MarketDep,
    as_of: QueryDay = None,
    ids_limit: int = Query(1000, ge=0, le=100_000),
) -> dict[str, Any]:
    _own_shop(who, shop_id)
    with market.uow(read_only=True) as uow:
        return score_service.explain(uow, shop_id, as_of, ids_limit=ids_limit)


@router.get(
    "/seller/performance",
    summary="The signed-in seller's own shop performance (R-SC-9)",
    description="The same as `GET /v1/shops/{shop_id}/performance` for the seller's shop, per-metric trends included.",
)
def my_performance(
    who: PrincipalDep,
    market: MarketDep,
    as_of: QueryDay = None,
    ids_limit: int = Query(1000, ge=0, le=100_000),
) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    return performance(who.shop_id, who, market, as_of, ids_limit)


@router.post("/shops/{shop_id}/performance/what-if", summary="The score if some counts were different (R-SC-9)")
def what_if(shop_id: PathId, body: WhatIfIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    _own_shop(who, shop_id)
    changes: dict[str, dict[str, int]] = {
        str(metric): {part: int(value) for part, value in counts.model_dump().items() if value is not None}
        for metric, counts in body.changes.items()
    }
    with market.uow(read_only=True) as uow:
        as_of = body.as_of
        if as_of is None:
            shop = uow.catalogue.shop(shop_id)
            if shop is None:
                raise NotFound(f"shop {shop_id} not found")
            as_of = score_service.local_date(uow.now, uow.rules(shop.market))
        return score_service.what_if(uow, shop_id, as_of, changes)


@router.get("/shops/{shop_id}/privileges", summary="Privileges, ranking weight and NRR consequences (R-SC-10, R-BR-3)")
def privileges(shop_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    _own_shop(who, shop_id)
    with market.uow(read_only=True) as uow:
        return score_service.shop_standing(uow, shop_id)


@router.post("/scores/recompute", summary="An operator recomputes and stores every shop's snapshot for a day")
def recompute(body: RecomputeIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.OPERATOR)
    as_of = body.as_of
    scores = score_service.scores_as_of(market, as_of, market=body.market)
    with market.uow() as uow:
        saved = score_service.save_scores(uow, scores)
    return {"as_of": as_of.isoformat(), "market": body.market, "shops": saved, "metrics": list(METRICS)}
