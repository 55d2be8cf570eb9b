"""Live-session promotions decided by payment order (R-UP-7)."""

from __future__ import annotations

from datetime import datetime

from pasar.domain.errors import InvalidInput, NotFound
from pasar.domain.orders import MAX_AMOUNT
from pasar.services.unit_of_work import UnitOfWork


def create_first_payers_promotion(
    uow: UnitOfWork,
    *,
    shop_id: int,
    title: str,
    first_n: int,
    discount_amount: int,
    starts_at: datetime,
    ends_at: datetime,
) -> int:
    if uow.catalogue.shop(shop_id) is None:
        raise NotFound(f"shop {shop_id} not found")
    if first_n <= 0:
        raise InvalidInput("first_n must be at least 1", field="first_n")
    if not 0 < discount_amount <= MAX_AMOUNT:
        raise InvalidInput(f"discount_amount must be between 1 and {MAX_AMOUNT:,}", field="discount_amount")
    for name, instant in (("starts_at", starts_at), ("ends_at", ends_at)):
        if instant.tzinfo is None:
            raise InvalidInput(f"{name} needs a time zone", field=name)
    if ends_at <= starts_at:
        raise InvalidInput("ends_at must be after starts_at", field="ends_at")
    promotion_id = uow.promotions.add(
        {
            "shop_id": shop_id,
            "kind": "first_n_payers",
            "title": title,
            "first_n": first_n,
            "discount_amount": discount_amount,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "claims": 0,
        }
    )
    uow.emit("promotion.created", promotion_id, {"promotion_id": promotion_id, "shop_id": shop_id})
    return promotion_id
