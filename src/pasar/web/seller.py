"""The Seller Centre: home (score, privileges, to-do), orders, unpaid, after-sales and the inbox."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse

from pasar.api.fields import MAX_ID, PathId, checked_text
from pasar.domain.case_commands import CaseCommand, OfferPartialRefund, Reject, SubmitProof, command_without_input
from pasar.domain.cases import MACHINES, CaseEvent, CaseKind, CaseStatus
from pasar.domain.errors import DomainError, InvalidInput, NotFound
from pasar.domain.messaging import MessageKind
from pasar.domain.orders import Channel, OrderStatus
from pasar.domain.principals import Principal, PrincipalKind
from pasar.moderation.verdict import Verdict
from pasar.services import after_sales, messaging
from pasar.services import orders as order_service
from pasar.services.analytics import unpaid_report
from pasar.services.attachments import attach
from pasar.services.reviews import reply_to_review
from pasar.services.timers import cases_due
from pasar.services.todo import seller_todo
from pasar.services.unit_of_work import UnitOfWork
from pasar.services.violations import shop_violations
from pasar.store.repositories.reviews import ReviewRepository
from pasar.web.common import N_, FormText, QueryText, WebRoute, marketplace, render, require, see_other
from pasar.web.score_view import shop_score

router = APIRouter(prefix="/seller", route_class=WebRoute, include_in_schema=False)

# The case actions a seller takes from the page, with their button labels (translated in the template).
SELLER_ACTIONS: dict[CaseEvent, str] = {
    CaseEvent.APPROVE: N_("Approve"),
    CaseEvent.REJECT: N_("Reject"),
    CaseEvent.OFFER_PARTIAL: N_("Offer a partial refund"),
    CaseEvent.RECEIVE_RETURN: N_("Mark the return received"),
    CaseEvent.REFUND: N_("Refund"),
}
NOTICES = {
    "approve": N_("The case was approved."),
    "reject": N_("The case was rejected; the buyer may escalate it."),
    "offer_partial": N_("Your partial refund offer was sent."),
    "receive_return": N_("The return is marked received."),
    "refund": N_("The refund was issued."),
    "submit_proof": N_("Your proof of delivery was sent to the platform."),
    "sent": N_("Your reply was sent."),
    "replied": N_("Your reply is published under the review."),
}
CATEGORY_LABELS = {
    "contact": N_("contact details"),
    "link": N_("an outside link"),
    "off_platform": N_("moving the deal off the platform"),
    "review_manipulation": N_("review manipulation"),
    "abuse": N_("abusive language"),
    "spam": N_("repeated unsolicited messages"),
    "personal_data": N_("personal data"),
    "fraud": N_("fraud"),
    "illicit": N_("illicit goods"),
    "false_promise": N_("a false promise"),
}
PENALTY_LABELS = {  # R-VI-2 milestones, by the rulebook's penalty names
    "campaigns_restricted": N_("campaigns and benefits restricted"),
    "removed_from_campaigns_and_affiliate": N_("removed from campaigns and the affiliate programme, listing limits"),
    "shop_deactivated": N_("shop deactivated"),
    "permanent_suspension": N_("permanent suspension"),
}
# What each step of "what would raise my score" counts (R-SC-9), singular and plural, for the page's language.
RAISE_NOUNS = {
    "dor": (N_("order with a negative review"), N_("orders with a negative review")),
    "sfrr": (N_("seller-fault return or refund"), N_("seller-fault returns or refunds")),
    "sfcr": (N_("seller-fault cancellation"), N_("seller-fault cancellations")),
    "ldr": (N_("late dispatch"), N_("late dispatches")),
    "complaint": (N_("complaint"), N_("complaints")),
    "reply_24h": (N_("buyer wait answered within 24 h"), N_("buyer waits answered within 24 h")),
}
TODO_LINKS = {"case": "/seller/cases/{id}", "order": "/seller/orders/{order_id}"}


def signed_in_seller(request: Request) -> tuple[Principal, int]:
    """The signed-in seller and its shop (a visitor is sent to sign in, anyone else refused)."""
    who = require(request, PrincipalKind.SELLER)
    assert who.shop_id is not None
    return who, who.shop_id


def _shop(uow: UnitOfWork, shop_id: int) -> Any:
    shop = uow.catalogue.shop(shop_id)
    if shop is None:
        raise NotFound(f"shop {shop_id} not found")
    return shop


def _todo(uow: UnitOfWork, who: Principal, shop_id: int) -> list[dict[str, Any]]:
    """Everything with a deadline, by time left: services' to-do plus the buyers waiting for a reply."""
    items = []
    for item in seller_todo(uow, shop_id):
        link = TODO_LINKS.get(item["kind"], "/seller/orders/{order_id}")
        items.append({**item, "link": link.format(**item)})
    for conversation in messaging.inbox(uow, who):
        wait = conversation["wait"]
        if wait is not None:
            items.append(
                {
                    "kind": "buyer_wait",
                    "id": conversation["id"],
                    "order_id": None,
                    "action": "reply to the buyer",
                    "due_at": wait["due_at"],
                    "seconds_left": wait["seconds_left"],
                    "link": f"/seller/inbox/{conversation['id']}",
                }
            )
    items.sort(key=lambda item: (item["seconds_left"] is None, item["seconds_left"] or 0))
    return items


@router.get("")
def home(request: Request) -> Response:
    who, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        score = shop_score(uow, shop_id, detail=True)
        todo = _todo(uow, who, shop_id)
        violations = shop_violations(uow, shop_id)
    return render(
        request,
        "seller/home.html",
        shop=shop,
        score=score,
        todo=todo,
        violations=violations,
        penalties=PENALTY_LABELS,
        raise_nouns=RAISE_NOUNS,
        categories=CATEGORY_LABELS,
        tab="home",
    )


@router.get("/orders")
def orders(request: Request, status: QueryText = "", channel: QueryText = "") -> Response:
    _, shop_id = signed_in_seller(request)
    if status and status not in OrderStatus.__members__.values():
        raise InvalidInput(f"unknown order status {status!r}", field="status")
    if channel and channel not in Channel.__members__.values():
        raise InvalidInput(f"unknown channel {channel!r}", field="channel")
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        rows = uow.orders.page(shop_id=shop_id, status=status or None, channel=channel or None, limit=200)
    return render(
        request,
        "seller/orders.html",
        shop=shop,
        orders=rows,
        statuses=list(OrderStatus),
        channels=list(Channel),
        status=status,
        channel=channel,
        tab="orders",
    )


@router.get("/orders/{order_id}")
def order_detail(request: Request, order_id: PathId) -> Response:
    who, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        order = order_service.visible_order(uow, who, order_id)
        lines = uow.orders.lines([order_id])
        history = uow.orders.history(order_id)
        deadlines = uow.deadlines.for_subject("order", order_id)
        payments = uow.payments.for_order(order_id)
        cases = uow.cases.for_order(order_id)
        now = uow.now
    return render(
        request,
        "seller/order.html",
        shop=shop,
        order=order,
        lines=lines,
        history=history,
        deadlines=[_with_countdown(d, now) for d in deadlines],
        payments=payments,
        cases=cases,
        tab="orders",
    )


def _with_countdown(deadline: dict[str, Any], now: datetime) -> dict[str, Any]:
    due = deadline["due_at"]
    pending = deadline["status"] == "pending"
    return {**deadline, "seconds_left": int((due - now).total_seconds()) if pending else None}


@router.get("/unpaid")
def unpaid(request: Request) -> Response:
    _, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        rows = uow.orders.page(shop_id=shop_id, status=OrderStatus.UNPAID.value, limit=200)
        waiting = [
            {
                "order": row,
                "deadlines": [_with_countdown(d, uow.now) for d in uow.deadlines.for_subject("order", row.id)],
            }
            for row in rows
        ]
        report = unpaid_report(uow, shop_id=shop_id)
    charts = {
        name: {
            "keys": [entry["key"] for entry in report[name]],
            "orders": [entry["orders"] for entry in report[name]],
            "unpaid": [entry["unpaid"] for entry in report[name]],
        }
        for name in ("by_hour", "by_category", "by_channel", "by_failure_reason")
    }
    return render(request, "seller/unpaid.html", shop=shop, waiting=waiting, report=report, charts=charts, tab="unpaid")


@router.get("/cases")
def cases(request: Request, status: QueryText = "") -> Response:
    _, shop_id = signed_in_seller(request)
    if status and status not in CaseStatus.__members__.values():
        raise InvalidInput(f"unknown case status {status!r}", field="status")
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        rows = uow.cases.page(
            shop_id=shop_id, buyer_id=None, statuses=[status] if status else None, after_id=0, limit=200
        )
        rows = list(rows)
        due = cases_due(uow, rows)
        items = [
            {"case": row, "due_at": due.get(row.id), "seconds_left": _left(due.get(row.id), uow.now)} for row in rows
        ]
    return render(
        request,
        "seller/cases.html",
        shop=shop,
        items=items,
        statuses=list(CaseStatus),
        status=status,
        currency=uow.rules(shop.market).market.currency,
        tab="cases",
    )


def _left(due: datetime | None, now: datetime) -> int | None:
    return int((due - now).total_seconds()) if due is not None else None


def _case_page(request: Request, case_id: int, *, status: int = 200, **extra: Any) -> Response:
    who, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        case = uow.cases.get(case_id)
        if case is None or not who.may_see_order(buyer_id=case.buyer_id, shop_id=case.shop_id):
            raise NotFound(f"case {case_id} not found")
        order = uow.orders.get(case.order_id)
        history = uow.cases.history(case_id)
        attachments = uow.cases.attachments_of(case_id)
        deadlines = [_with_countdown(d, uow.now) for d in uow.deadlines.for_subject("case", case_id)]
        rules = uow.rules(shop.market).after_sales
    machine = MACHINES[CaseKind(case.kind)]
    allowed = [event for event in SELLER_ACTIONS if (CaseStatus(case.status), event) in machine]
    may_prove = (CaseStatus(case.status), CaseEvent.SUBMIT_PROOF) in machine and not case.parcel_delivered
    return render(
        request,
        "seller/case.html",
        status_code=status,
        shop=shop,
        case=case,
        order=order,
        history=history,
        attachments=attachments,
        deadlines=deadlines,
        actions={event.value: SELLER_ACTIONS[event] for event in allowed},
        may_prove=may_prove,
        proof_hours=rules.proof_of_delivery_hours,
        notice=NOTICES.get(request.query_params.get("done", "")),
        tab="cases",
        **extra,
    )


@router.get("/cases/{case_id}")
def case_detail(request: Request, case_id: PathId) -> Response:
    return _case_page(request, case_id)


@router.post("/cases/{case_id}/act")
def case_act(
    request: Request,
    case_id: PathId,
    event: FormText = "",
    reason: FormText = "",
    amount: FormText = "",
) -> Response:
    who, _ = signed_in_seller(request)
    try:
        chosen = CaseEvent(event)
        if chosen not in SELLER_ACTIONS:
            raise ValueError(event)
    except ValueError:
        return _case_page(request, case_id, status=422, error=f"unknown action {event!r}", error_field="event")
    try:
        command = _seller_command(chosen, reason, amount)
        with marketplace(request).uow() as uow:
            after_sales.handle(uow, who, case_id, command)
    except NotFound:
        raise
    except DomainError as exc:
        return _case_page(request, case_id, status=exc.status, error=exc.detail, error_field=exc.field)
    return see_other(f"/seller/cases/{case_id}?done={chosen.value}")


def _seller_command(chosen: CaseEvent, reason: str, amount: str) -> CaseCommand:
    """The command a button of the case page sends: only a rejection and an offer carry the form's input."""
    if chosen is CaseEvent.REJECT:
        return Reject(reason=reason.strip())
    if chosen is CaseEvent.OFFER_PARTIAL:
        try:
            return OfferPartialRefund(amount=int(amount.strip()))
        except ValueError:
            raise InvalidInput(N_("the amount must be a whole number"), field="amount") from None
    return command_without_input(chosen)


@router.post("/cases/{case_id}/proof")
def case_proof(request: Request, case_id: PathId, file: Annotated[UploadFile | None, File()] = None) -> Response:
    # A plain function, so it runs in the thread pool: a wait for the database never holds the event loop.
    who, _ = signed_in_seller(request)
    market = marketplace(request)
    limit = market.settings.max_attachment_bytes
    data = file.file.read(limit + 1) if file is not None else b""
    if not data:
        return _case_page(request, case_id, status=422, error=N_("choose a file to upload"), error_field="file")
    filename = checked_text((file.filename if file is not None else None) or "proof", field="file")
    try:
        with market.uow() as uow:  # the upload and the move succeed or fail together
            attachment_id = attach(
                uow,
                who,
                case_id,
                purpose="proof_of_delivery",
                filename=filename,
                content_type=(file.content_type if file is not None else None) or "",
                data=data,
                max_bytes=limit,
            )
            after_sales.handle(uow, who, case_id, SubmitProof(attachment_id=attachment_id))
    except NotFound:
        raise
    except DomainError as exc:
        return _case_page(request, case_id, status=exc.status, error=exc.detail, error_field=exc.field)
    return see_other(f"/seller/cases/{case_id}?done=submit_proof")


@router.get("/inbox")
def inbox(request: Request) -> Response:
    who, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        conversations = messaging.inbox(uow, who)
        buyers = {c["buyer_id"]: uow.people.buyer(c["buyer_id"]) for c in conversations}
    return render(request, "seller/inbox.html", shop=shop, conversations=conversations, buyers=buyers, tab="inbox")


def _conversation_page(request: Request, conversation_id: int, *, status: int = 200, **extra: Any) -> Response:
    who, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        detail = messaging.conversation_detail(uow, who, conversation_id)
        buyer = uow.people.buyer(detail["buyer_id"])
    return render(
        request,
        "seller/conversation.html",
        status_code=status,
        shop=shop,
        conversation=detail,
        buyer=buyer,
        last_id=max((m["id"] for m in detail["messages"]), default=0),
        notice=NOTICES.get(request.query_params.get("done", "")),
        tab="inbox",
        **extra,
    )


@router.get("/inbox/{conversation_id}")
def conversation(request: Request, conversation_id: PathId) -> Response:
    return _conversation_page(request, conversation_id)


@router.get("/inbox/{conversation_id}/messages")
def conversation_messages(
    request: Request, conversation_id: PathId, after: Annotated[int, Query(ge=0, le=MAX_ID)] = 0
) -> Response:
    """New messages for the page's polling script (JSON; the page works without it)."""
    who, _ = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        detail = messaging.conversation_detail(uow, who, conversation_id, after_id=after, limit=100)
    return JSONResponse({"messages": detail["messages"], "wait": detail["wait"]})


def explain_block(text: str, verdict: Verdict) -> list[dict[str, Any]]:
    """The blocked text cut into plain and offending pieces, each offending piece with its categories."""
    spans = sorted((v.start, v.end, v.category) for v in verdict.violations if v.blocking and v.end > v.start)
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        found = sorted({c for s, e, c in spans if s <= start and end <= e})
        pieces.append({"text": text[start:end], "categories": found})
    return [piece for piece in pieces if piece["text"]]


def blocked_view(text: str, verdict: Verdict) -> dict[str, Any]:
    """What a page needs to explain a text moderation refused: the pieces, the categories, their labels."""
    return {
        "pieces": explain_block(text, verdict),
        "categories": sorted({v.category for v in verdict.violations if v.blocking}),
        "labels": CATEGORY_LABELS,
    }


@router.post("/inbox/{conversation_id}/reply")
def reply(request: Request, conversation_id: PathId, text: FormText = "") -> Response:
    who, _ = signed_in_seller(request)
    try:
        with marketplace(request).uow() as uow:  # a blocked reply still records the violation (R-IM-5)
            delivery = messaging.send_message(uow, who, conversation_id, kind=MessageKind.TEXT, text=text)
    except NotFound:
        raise
    except DomainError as exc:
        return _conversation_page(
            request, conversation_id, status=exc.status, error=exc.detail, error_field=exc.field, draft=text
        )
    if delivery.blocked:
        blocked = {**blocked_view(text, delivery.verdict), "restricted_until": delivery.restricted_until}
        return _conversation_page(request, conversation_id, status=422, blocked=blocked, draft=text)
    return see_other(f"/seller/inbox/{conversation_id}?done=sent#latest")


# Labels that reach the templates from data (to-do actions, dimensions, privileges), marked for extraction.
DATA_LABELS = (
    N_("Approve or reject the cancellation request"),
    N_("Decide on the after-sales case"),
    N_("Refund the return"),
    N_("Receive the returned parcel"),
    N_("Ship before the dispatch deadline"),
    N_("Reply to the buyer"),
    N_("Messaging"),
    N_("Product"),
    N_("Fulfilment"),
    N_("Service"),
    N_("Affiliate programme"),
    N_("Crm broadcast"),
    N_("Flash sales"),
    N_("Live gifting"),
    N_("Mall"),
    N_("Platform campaigns"),
    N_("Search boost"),
    N_("Star shop badge"),
    N_("Top choice badge"),
    N_("star shop badge"),
    N_("top choice badge"),
)


# Fixed messages of the services that sellers meet on these pages, marked so they are translated where shown
# (``|translated``); messages with values in them stay in English.
SERVICE_MESSAGES = (
    N_("a rejection needs a reason"),
    N_("the message is empty"),
    N_("at least one non-empty keyword is needed"),
    N_("this review already has the shop's reply"),
    N_("the file is empty"),
    N_("only JPEG, PNG, WebP images and PDF documents are accepted"),
    N_("closing time must be after opening time"),
)


@router.get("/reviews")
def reviews(request: Request) -> Response:
    """The shop's reviews with the responsibility each was given (R-BR-2) and the shop's reply."""
    return _reviews_page(request)


def _reviews_page(request: Request, *, status: int = 200, **extra: Any) -> Response:
    _, shop_id = signed_in_seller(request)
    with marketplace(request).uow(read_only=True) as uow:
        shop = _shop(uow, shop_id)
        rows = ReviewRepository(uow.conn).page(shop_id, after_id=0, limit=200)
    return render(
        request,
        "seller/reviews.html",
        status_code=status,
        shop=shop,
        reviews=rows,
        notice=NOTICES.get(request.query_params.get("done", "")),
        tab="reviews",
        **extra,
    )


@router.post("/reviews/{review_id}/reply")
def review_reply(request: Request, review_id: PathId, text: FormText = "") -> Response:
    who, _ = signed_in_seller(request)
    try:
        with marketplace(request).uow() as uow:
            reply_to_review(uow, who, review_id, text)
    except NotFound:
        raise
    except DomainError as exc:
        return _reviews_page(request, status=exc.status, error=exc.detail, error_review=review_id, draft=text)
    return see_other(f"/seller/reviews?done=replied#review-{review_id}")
