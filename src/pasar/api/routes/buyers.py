"""What a buyer sees of itself: notifications and unpaid history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from pasar.api.deps import MarketDep, PathId, PrincipalDep, decode_cursor, encode_cursor, require
from pasar.api.fields import Cursor
from pasar.api.schemas import Page
from pasar.api.serialise import plain
from pasar.domain.errors import NotFound
from pasar.domain.principals import PrincipalKind
from pasar.services.buyers import buyer_unpaid_history

router = APIRouter(prefix="/v1", tags=["buyers"])


@router.get("/me", summary="Who the token belongs to")
def me(who: PrincipalDep) -> dict[str, Any]:
    return {"kind": who.kind.value, "name": who.name, "buyer_id": who.buyer_id, "shop_id": who.shop_id}


@router.get("/notifications", response_model=Page, summary="The buyer's in-app notifications")
def notifications(
    who: PrincipalDep, market: MarketDep, cursor: Cursor = None, limit: int = Query(50, ge=1, le=200)
) -> Page:
    require(who, PrincipalKind.BUYER)
    assert who.buyer_id is not None
    with market.uow(read_only=True) as uow:
        rows = uow.notifications.for_buyer(who.buyer_id, channel="in_app", after_id=decode_cursor(cursor), limit=limit)
    delivery = ("attempts", "last_error", "next_attempt_at", "lease_until", "interrupted_sends")
    items = [plain(row, drop=delivery) for row in rows]
    return Page(items=items, next_cursor=encode_cursor(rows[-1].id) if len(rows) == limit else None)


@router.post("/notifications/{notification_id}/read", summary="Mark an in-app notification read")
def read_notification(notification_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.BUYER)
    assert who.buyer_id is not None
    with market.uow() as uow:
        if not uow.notifications.mark_read(who.buyer_id, notification_id, uow.now):
            raise NotFound(f"notification {notification_id} not found")
    return {"id": notification_id, "read": True}


@router.get("/me/unpaid-history", summary="The buyer's unpaid-timeout history (R-UP-6)")
def unpaid_history(who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.BUYER)
    assert who.buyer_id is not None
    with market.uow(read_only=True) as uow:
        history = buyer_unpaid_history(uow, who.buyer_id)
    return {
        "timeouts_in_window": history.timeouts_in_window,
        "window_days": history.window_days,
        "open_unpaid_orders": history.open_unpaid_orders,
        "habitual_nonpayer": history.habitual_nonpayer,
        "threshold": history.threshold,
        "max_open_unpaid_when_habitual": history.max_open_unpaid,
    }
