"""The seller's to-do list: everything waiting on the seller, by time left (R-CN-2, R-AS, R-FL-1)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pasar.domain.cases import CaseStatus
from pasar.domain.deadlines import DeadlineKind
from pasar.domain.orders import OrderStatus
from pasar.services.timers import cases_due
from pasar.services.unit_of_work import UnitOfWork

SELLER_MOVES = {
    CaseStatus.REQUESTED: "decide on the after-sales case",
    CaseStatus.RETURN_RECEIVED: "refund the return",
    CaseStatus.RETURN_SHIPPED: "receive the returned parcel",
}


def seller_todo(uow: UnitOfWork, shop_id: int | None, *, due_within: timedelta | None = None) -> list[dict[str, Any]]:
    """What waits on the shop (every shop: None), each with its stored due time."""
    items: list[dict[str, Any]] = []
    requests = list(uow.fulfilment.pending_requests(shop_id))
    responses = uow.deadlines.due_at(
        "cancellation_request", [r.id for r in requests], DeadlineKind.CANCEL_REQUEST_RESPONSE
    )
    for request in requests:
        due = responses.get(request.id)
        items.append(
            _item(
                "cancellation_request",
                request.id,
                request.order_id,
                request.shop_id,
                "approve or reject the cancellation request",
                due,
            )
        )
    cases = list(
        uow.cases.page(
            shop_id=shop_id, buyer_id=None, statuses=[s.value for s in SELLER_MOVES], after_id=0, limit=10_000
        )
    )
    due_by_case = cases_due(uow, cases)
    for case in cases:
        due = due_by_case.get(case.id)
        items.append(_item("case", case.id, case.order_id, case.shop_id, SELLER_MOVES[CaseStatus(case.status)], due))
    for order in uow.orders.page(shop_id=shop_id, status=OrderStatus.AWAITING_SHIPMENT.value, limit=10_000):
        if order.fulfilment_type == "seller":
            items.append(
                _item(
                    "order",
                    order.id,
                    order.id,
                    order.shop_id,
                    "ship before the dispatch deadline",
                    order.dispatch_deadline_at,
                )
            )
    horizon = uow.now + due_within if due_within is not None else None
    chosen = [item for item in items if horizon is None or (item["_due"] is not None and item["_due"] <= horizon)]
    chosen.sort(key=lambda item: (item["_due"] is None, item["_due"] or uow.now))
    for item in chosen:
        due = item.pop("_due")
        item["due_at"] = due.isoformat() if due else None
        item["seconds_left"] = int((due - uow.now).total_seconds()) if due else None
    return chosen


def _item(kind: str, item_id: int, order_id: int, shop_id: int, action: str, due: datetime | None) -> dict[str, Any]:
    return {"kind": kind, "id": item_id, "order_id": order_id, "shop_id": shop_id, "action": action, "_due": due}
