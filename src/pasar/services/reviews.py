"""Review use cases (R-BR-2): a buyer reviews a delivered order, the seller replies, an appeal corrects.

The responsibility of each review is decided once, when it is written, by
``pasar.reviews.review_responsibility`` (structured ratings, else the text classifier, else the
seller); a successful appeal corrects it later and tells the score rollups that the shop's past
changed.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy.exc import IntegrityError

from pasar.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from pasar.domain.principals import Principal, PrincipalKind
from pasar.domain.reviews import NewReview, check_reply, check_reviewable
from pasar.reviews import Responsibility, detect_language, review_responsibility
from pasar.services.orders import caught_up_order
from pasar.services.unit_of_work import UnitOfWork
from pasar.store.repositories.reviews import ReviewRepository


class ReplyBlocked(InvalidInput):
    """R-IM-4: the reply contains prohibited content and is not published."""

    code = "reply-blocked"


def check_reply_text(text: str, market: str) -> None:
    """R-IM-4: a review reply is checked before it is published.

    The check is ``pasar.moderation.check(text, market)`` when that module is installed (it
    returns a verdict with ``allowed`` and ``violations``); without it every reply is allowed.
    """
    try:
        moderation = importlib.import_module("pasar.moderation")
    except ImportError:
        return
    check = getattr(moderation, "check", None)
    if check is None:
        return
    verdict = check(text, market)
    if getattr(verdict, "allowed", True):
        return
    found = [
        f"{v.category} at {v.start}–{v.end}" for v in getattr(verdict, "violations", ()) if getattr(v, "blocking", True)
    ]
    raise ReplyBlocked(
        "the reply was not published: it contains prohibited content (" + ", ".join(found) + ")", field="text"
    )


def create_review(uow: UnitOfWork, principal: Principal, order_id: int, review: NewReview) -> int:
    """R-BR-2: the buyer of a delivered or completed order reviews it, once."""
    if principal.kind is not PrincipalKind.BUYER:
        raise Forbidden("only the buyer of an order may review it")
    review.validate()
    order = caught_up_order(uow, principal, order_id)  # its status as its deadlines left it (services.catch_up)
    repo = ReviewRepository(uow.conn)
    check_reviewable(order.status, repo.for_order(order_id) is not None)
    rules = uow.rules(order.market)
    text = review.text.strip()
    responsibility, source = review_responsibility(
        review.rating,
        review.product_rating,
        review.service_rating,
        review.logistics_rating,
        text,
        low_max=rules.score.negative_review_max_rating,
    )
    values: dict[str, Any] = {
        "order_id": order_id,
        "shop_id": order.shop_id,
        "buyer_id": order.buyer_id,
        "rating": review.rating,
        "product_rating": review.product_rating,
        "service_rating": review.service_rating,
        "logistics_rating": review.logistics_rating,
        "text": text,
        "image_count": review.image_count,
        "language": detect_language(text) if text else None,
        "responsibility": responsibility.value,
        "responsibility_source": source,
        "created_at": uow.now,
        "updated_at": uow.now,
    }
    try:
        with uow.conn.begin_nested():
            review_id = repo.add(values)
    except IntegrityError:  # a concurrent review of the same order won the race
        raise Conflict("this order has already been reviewed; a buyer reviews an order once") from None
    uow.emit(
        "review.created",
        review_id,
        {"review_id": review_id, "order_id": order_id, "shop_id": order.shop_id, "rating": review.rating},
    )
    return review_id


def reply_to_review(uow: UnitOfWork, principal: Principal, review_id: int, text: str) -> None:
    """The shop answers a review once; the reply is moderated before it is published (R-IM-4)."""
    if principal.kind is not PrincipalKind.SELLER:
        raise Forbidden("only the shop's seller may reply to its reviews")
    repo = ReviewRepository(uow.conn)
    row = repo.get(review_id)
    if row is None or row.shop_id != principal.shop_id:
        raise NotFound(f"review {review_id} not found")
    reply = check_reply(text, row.seller_reply is not None)
    shop = uow.catalogue.shop(row.shop_id)
    assert shop is not None
    check_reply_text(reply, shop.market)
    if not repo.update(
        review_id, {"seller_reply": reply, "replied_at": uow.now, "updated_at": uow.now}, unless_replied=True
    ):
        raise Conflict("this review already has the shop's reply")
    uow.emit("review.replied", review_id, {"review_id": review_id, "shop_id": row.shop_id})


def correct_responsibility(uow: UnitOfWork, review_id: int, responsibility: Responsibility, *, reason: str) -> None:
    """R-BR-2: a successful appeal corrects a review's responsibility (the appeals work calls this).

    The review stops (or starts) counting in DOR and NRR; the shop's rollups are told to re-read
    its past so that the next daily score reflects the correction.
    """
    repo = ReviewRepository(uow.conn)
    row = repo.get(review_id)
    if row is None:
        raise NotFound(f"review {review_id} not found")
    corrected, source = review_responsibility(
        row.rating, row.product_rating, row.service_rating, row.logistics_rating, row.text, appeal=responsibility
    )
    repo.update(
        review_id,
        {
            "responsibility": corrected.value,
            "responsibility_source": source,
            "appeal_granted": True,
            "updated_at": uow.now,
        },
    )
    uow.scores.invalidate([row.shop_id], f"appeal: {reason}"[:64], uow.now)
    uow.emit(
        "review.responsibility_corrected",
        review_id,
        {"review_id": review_id, "shop_id": row.shop_id, "responsibility": corrected.value},
    )


def review_json(row: Any, *, with_buyer: bool = True) -> dict[str, Any]:
    """A review as the API shows it (responsibility included, R-BR-2)."""
    data = {
        "id": row.id,
        "order_id": row.order_id,
        "shop_id": row.shop_id,
        "rating": row.rating,
        "product_rating": row.product_rating,
        "service_rating": row.service_rating,
        "logistics_rating": row.logistics_rating,
        "text": row.text,
        "image_count": row.image_count,
        "language": row.language,
        "responsibility": row.responsibility,
        "responsibility_source": row.responsibility_source,
        "appeal_granted": bool(row.appeal_granted),
        "created_at": row.created_at.isoformat(),
        "seller_reply": row.seller_reply,
        "replied_at": row.replied_at.isoformat() if row.replied_at else None,
    }
    if with_buyer:
        data["buyer_id"] = row.buyer_id
    return data
