"""Reviews (R-BR-2): buyers review delivered orders, sellers reply, anyone reads a shop's reviews."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from pasar.api.deps import MarketDep, PathId, PrincipalDep, decode_cursor, encode_cursor, require
from pasar.api.fields import Cursor, Text
from pasar.api.schemas import Page
from pasar.domain.errors import NotFound
from pasar.domain.principals import PrincipalKind
from pasar.domain.reviews import MAX_IMAGES, MAX_REPLY, MAX_TEXT, NewReview
from pasar.reviews import Responsibility
from pasar.services import reviews as review_service
from pasar.store.repositories.reviews import ReviewRepository

router = APIRouter(prefix="/v1", tags=["reviews"])
Rating = Annotated[StrictInt, Field(ge=1, le=5)]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Rating = Field(description="Overall rating, 1–5 (≤ 2 is negative).")
    product_rating: Rating | None = None
    service_rating: Rating | None = Field(None, description="The shop's service.")
    logistics_rating: Rating | None = None
    text: Annotated[str, Text(0, MAX_TEXT)] = ""
    image_count: Annotated[StrictInt, Field(ge=0, le=MAX_IMAGES)] = 0


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, Text(1, MAX_REPLY)]


class ResponsibilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    responsibility: Responsibility = Field(description="The responsibility the appeal established.")
    reason: Annotated[str, Text(1, 200)]


def _review(market: MarketDep, review_id: int) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        row = ReviewRepository(uow.conn).get(review_id)
        if row is None:
            raise NotFound(f"review {review_id} not found")
        return review_service.review_json(row)


@router.post(
    "/orders/{order_id}/review",
    status_code=status.HTTP_201_CREATED,
    summary="The buyer reviews a delivered or completed order, once (R-BR-2)",
)
def create_review(order_id: PathId, body: ReviewIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.BUYER)
    review = NewReview(
        rating=body.rating,
        product_rating=body.product_rating,
        service_rating=body.service_rating,
        logistics_rating=body.logistics_rating,
        text=body.text,
        image_count=body.image_count,
    )
    with market.uow() as uow:
        review_id = review_service.create_review(uow, who, order_id, review)
    return _review(market, review_id)


@router.post("/reviews/{review_id}/reply", summary="The shop replies to a review, once (moderated, R-IM-4)")
def reply(review_id: PathId, body: ReplyIn, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    with market.uow() as uow:
        review_service.reply_to_review(uow, who, review_id, body.text)
    return _review(market, review_id)


@router.post(
    "/reviews/{review_id}/responsibility",
    summary="An operator records the responsibility a successful appeal established (R-BR-2)",
)
def correct_responsibility(
    review_id: PathId, body: ResponsibilityIn, who: PrincipalDep, market: MarketDep
) -> dict[str, Any]:
    require(who, PrincipalKind.OPERATOR)
    with market.uow() as uow:
        review_service.correct_responsibility(uow, review_id, body.responsibility, reason=body.reason)
    return _review(market, review_id)


@router.get("/shops/{shop_id}/reviews", response_model=Page, summary="A shop's reviews, with their responsibility")
def shop_reviews(
    shop_id: PathId,
    market: MarketDep,
    rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    cursor: Cursor = None,
    limit: int = Query(50, ge=1, le=200),
) -> Page:
    with market.uow(read_only=True) as uow:
        if uow.catalogue.shop(shop_id) is None:
            raise NotFound(f"shop {shop_id} not found")
        rows = ReviewRepository(uow.conn).page(shop_id, after_id=decode_cursor(cursor), limit=limit, rating=rating)
        items = [review_service.review_json(row, with_buyer=False) for row in rows]
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if len(rows) == limit else None)
