"""The operator console: the arbitration queue and the market rulebooks in force."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from pasar.api.fields import PathId
from pasar.domain.case_commands import Arbitrate
from pasar.domain.cases import CaseStatus
from pasar.domain.errors import DomainError, InvalidInput, NotFound
from pasar.domain.principals import PrincipalKind
from pasar.services import after_sales
from pasar.web.common import N_, FormText, QueryText, WebRoute, marketplace, render, require, see_other

router = APIRouter(prefix="/ops", route_class=WebRoute, include_in_schema=False)
NOTICES = {
    "support_buyer": N_("Decided for the buyer."),
    "support_seller": N_("Decided for the seller."),
}


def _queue(request: Request, *, status: int = 200, **extra: Any) -> Response:
    require(request, PrincipalKind.OPERATOR)
    with marketplace(request).uow(read_only=True) as uow:
        rows = uow.cases.page(
            shop_id=None,
            buyer_id=None,
            statuses=[CaseStatus.AWAITING_ARBITRATION.value],
            after_id=0,
            limit=200,
        )
        items = []
        for row in rows:
            order = uow.orders.get(row.order_id)
            shop = uow.catalogue.shop(row.shop_id)
            items.append(
                {
                    "case": row,
                    "order": order,
                    "shop": shop,
                    "history": uow.cases.history(row.id),
                    "attachments": uow.cases.attachments_of(row.id),
                }
            )
    return render(
        request,
        "ops/queue.html",
        status_code=status,
        items=items,
        notice=NOTICES.get(request.query_params.get("done", "")),
        tab="queue",
        **extra,
    )


@router.get("")
def queue(request: Request) -> Response:
    return _queue(request)


@router.post("/cases/{case_id}/arbitrate")
def arbitrate(request: Request, case_id: PathId, outcome: FormText = "", note: FormText = "") -> Response:
    who = require(request, PrincipalKind.OPERATOR)
    try:
        command = Arbitrate(outcome=outcome, note=note.strip() or None)
    except InvalidInput:
        return _queue(request, status=422, error=f"choose an outcome for case {case_id}", error_field="outcome")
    try:
        with marketplace(request).uow() as uow:
            after_sales.handle(uow, who, case_id, command)
    except NotFound:
        raise
    except DomainError as exc:
        return _queue(request, status=exc.status, error=exc.detail, error_field=exc.field)
    return see_other(f"/ops?done={outcome}")


# Values the page says in its own language; every other value is a number or a code, the same in any
YES, NO, NOT_SET = N_("yes"), N_("no"), N_("not set")


def _flatten(prefix: str, value: Any, out: list[tuple[str, str, bool]]) -> None:
    """(key, shown value, whether the value is a word to translate) for every leaf of a rulebook section."""
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        # A list of records (milestones, tiers): a row per field, so each value is shown as a leaf is
        for number, item in enumerate(value, start=1):
            _flatten(f"{prefix}[{number}]", item, out)
    elif isinstance(value, bool) or value is None:
        out.append((prefix, NOT_SET if value is None else YES if value else NO, True))
    else:
        out.append((prefix, _shown(value), False))


def _shown(value: Any) -> str:
    """Lists as their items, curve points as "x → y", not as Python writes them."""
    if isinstance(value, list):
        if value and all(isinstance(item, list) and len(item) == 2 for item in value):
            return "; ".join(f"{x} → {y}" for x, y in value)
        separator = "; " if any(isinstance(item, list) for item in value) else ", "
        return separator.join(_shown(item) for item in value)
    return str(value)


@router.get("/rules")
def rules(request: Request, market: QueryText = "") -> Response:
    require(request, PrincipalKind.OPERATOR)
    books = marketplace(request).rulebooks
    chosen = market or next(iter(books))
    if chosen not in books:
        raise NotFound(f"market {chosen} not found")
    sections: dict[str, list[tuple[str, str, bool]]] = {}
    for name, section in books[chosen].model_dump(mode="json").items():
        rows: list[tuple[str, str, bool]] = []
        _flatten("", section, rows)
        sections[name] = rows
    return render(
        request, "ops/rules.html", markets=list(books), chosen=chosen, sections=sections, tab="rules", market=chosen
    )
