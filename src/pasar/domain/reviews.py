"""Reviews (R-BR-2): who may review what, what a review holds, and when it counts against a seller.

Plain Python: the services load the order and store the review; the responsibility itself comes
from ``pasar.reviews.review_responsibility`` (structured ratings first, then the text).
"""

from __future__ import annotations

from dataclasses import dataclass

from pasar.domain.errors import Conflict, InvalidInput
from pasar.domain.orders import OrderStatus

REVIEWABLE = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED})
MAX_TEXT = 5000
MAX_REPLY = 2000
MAX_IMAGES = 9


@dataclass(frozen=True)
class NewReview:
    rating: int
    product_rating: int | None = None
    service_rating: int | None = None
    logistics_rating: int | None = None
    text: str = ""
    image_count: int = 0

    def validate(self) -> None:
        for name in ("rating", "product_rating", "service_rating", "logistics_rating"):
            value = getattr(self, name)
            if value is None and name != "rating":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise InvalidInput(f"{name} must be an integer from 1 to 5, got {value!r}", field=name)
        if len(self.text) > MAX_TEXT:
            raise InvalidInput(f"text must be at most {MAX_TEXT} characters", field="text")
        if not 0 <= self.image_count <= MAX_IMAGES:
            raise InvalidInput(f"image_count must be from 0 to {MAX_IMAGES}", field="image_count")


def check_reviewable(status: str, already_reviewed: bool) -> None:
    """R-BR-2: a buyer reviews a delivered or completed order, once."""
    if already_reviewed:
        raise Conflict("this order has already been reviewed; a buyer reviews an order once")
    if status not in REVIEWABLE:
        raise Conflict(f"an order that is {status} cannot be reviewed yet: only delivered or completed orders can")


def check_reply(text: str, already_replied: bool) -> str:
    """A seller replies once to a review, with non-empty text of bounded length."""
    if already_replied:
        raise Conflict("this review already has the shop's reply")
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("the reply is empty", field="text")
    if len(stripped) > MAX_REPLY:
        raise InvalidInput(f"the reply must be at most {MAX_REPLY} characters", field="text")
    return stripped
