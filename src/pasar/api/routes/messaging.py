"""Buyer–seller messaging, FAQ and business hours, moderation, penalties and CRM (R-IM, R-CR).

Request bodies live here rather than in ``api/schemas.py``: they belong to this capability only.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Header, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from starlette.concurrency import run_in_threadpool

from pasar.api.deps import (
    MarketDep,
    OperatorShopId,
    PathId,
    PrincipalDep,
    own_or_named_shop,
    refuse_seller_shop_id,
    require,
)
from pasar.api.fields import MAX_ID, Id, Instant, MarketCode, Money, Text
from pasar.api.problems import problem
from pasar.domain.errors import InvalidInput
from pasar.domain.messaging import CustomRule, FaqWhen, MessageKind, Segment
from pasar.domain.principals import Principal, PrincipalKind
from pasar.moderation import Verdict, check, known_markets, verdict_to_json
from pasar.services import crm, messaging
from pasar.services.marketplace import Marketplace

router = APIRouter(prefix="/v1", tags=["messaging"])

# The rulebook's max_message_length is checked by the service; this only bounds what is read.
MessageText = Annotated[str, Text(0, 100_000)]
Keyword = Annotated[str, Text(0, 100)]  # also a day's name and an opening time: the service names what is wrong


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConversationIn(_In):
    shop_id: Id | None = Field(None, description="The buyer opens a conversation with this shop.")
    buyer_id: Id | None = Field(None, description="The seller writes to this buyer (R-IM-2 grounds needed).")


class MessageIn(_In):
    kind: Literal["text", "order_card", "product_card"] = "text"
    text: MessageText = ""
    order_id: Id | None = None
    product_id: Id | None = None


class FaqIn(_In):
    keywords: Annotated[list[Keyword], Field(min_length=1, max_length=20)]
    answer: MessageText


class SettingsIn(_In):
    business_hours: dict[Keyword, list[Keyword]] | None = Field(
        None, description='Local opening hours per day, e.g. {"mon": ["09:00", "17:00"]}; null: always open.'
    )
    faq_when: FaqWhen = FaqWhen.ALWAYS
    away_message: MessageText | None = None


class ModerationIn(_In):
    text: MessageText
    market: MarketCode


class RuleIn(_In):
    min_orders: Annotated[StrictInt, Field(ge=1, le=10**6)] | None = None
    min_spend: Money | None = None
    last_order_within_days: Annotated[StrictInt, Field(ge=1, le=3650)] | None = None
    category: Annotated[str, Text(1, 64)] | None = None


class CouponIn(_In):
    amount_off: Money
    min_spend: Money = 0
    expires_at: Instant


class BroadcastIn(_In):
    segment: Segment
    rule: RuleIn | None = None
    text: MessageText
    coupon: CouponIn | None = None


def blocked_problem(verdict: Verdict, field: str = "text") -> JSONResponse:
    """R-IM-4: 422 ``message-blocked`` naming each category and span."""
    found = verdict_to_json(verdict)["violations"]
    cats = sorted({v.category for v in verdict.violations if v.blocking})
    return problem(
        422,
        "message-blocked",
        "Message blocked",
        f"the message was not delivered: it contains {', '.join(cats)} (R-IM-4)",
        field=field,
        violations=found,
    )


def _refusal(exc: Exception) -> JSONResponse | None:
    if isinstance(exc, messaging.MessagingRestricted):
        return problem(403, exc.code, "Messaging restricted", exc.detail, until=exc.until.isoformat())
    if isinstance(exc, messaging.MessageBlocked):
        return blocked_problem(exc.verdict, exc.field or "text")
    return None


def _delivered(market: Marketplace, who: Principal, delivery: messaging.Delivery) -> Any:
    if delivery.blocked:
        return blocked_problem(delivery.verdict)
    assert delivery.message_id is not None
    with market.uow(read_only=True) as uow:
        row = uow.messaging.message(delivery.message_id)
        assert row is not None
        body = messaging.message_json(row)
        reply = uow.messaging.message(delivery.auto_reply_id) if delivery.auto_reply_id else None
    body["auto_reply"] = messaging.message_json(reply) if reply is not None else None
    body["warnings"] = verdict_to_json(delivery.verdict)["violations"]
    return JSONResponse(body, status_code=201)


# --- conversations ------------------------------------------------------------------------------
@router.post("/conversations", status_code=status.HTTP_201_CREATED, summary="Open (or find) a conversation (R-IM-1/2)")
def open_conversation(body: ConversationIn, who: PrincipalDep, market: MarketDep) -> Any:
    try:
        with market.uow() as uow:
            conversation_id = messaging.open_conversation(uow, who, shop_id=body.shop_id, buyer_id=body.buyer_id)
    except messaging.MessagingRestricted as exc:
        return _refusal(exc)
    return get_conversation(conversation_id, who, market)


@router.get("/conversations", summary="The inbox; a seller's is sorted by time left on open waits (R-IM-6)")
def list_conversations(
    who: PrincipalDep,
    market: MarketDep,
    shop_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="Operators and buyers: only this shop's conversations (not for sellers)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[dict[str, Any]]:
    refuse_seller_shop_id(who, shop_id)
    with market.uow(read_only=True) as uow:
        return messaging.inbox(uow, who, shop_id=shop_id, limit=limit)


@router.get(
    "/conversations/stream",
    summary="Live updates: new messages as Server-Sent Events",
    include_in_schema=False,  # a long-lived stream: kept out of the schema that fuzzers replay request by request
)
async def stream(
    request: Request,
    who: PrincipalDep,
    market: MarketDep,
    after_id: Annotated[int | None, Query(ge=0, le=MAX_ID, description="Replay messages after this id.")] = None,
    timeout: Annotated[float, Query(gt=0, le=600, description="Seconds before the server closes the stream.")] = 60,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Polls the store every 0.5 s for messages the principal may see; reconnect with Last-Event-ID."""

    def latest() -> int:
        with market.uow(read_only=True) as uow:
            return uow.messaging.last_message_id()

    def fetch(after: int) -> list[dict[str, Any]]:
        with market.uow(read_only=True) as uow:
            return messaging.new_messages(uow, who, after)

    start = after_id if after_id is not None else _event_id(last_event_id)
    cursor = start if start is not None else await run_in_threadpool(latest)

    async def events() -> AsyncIterator[bytes]:
        nonlocal cursor
        yield b": connected\n\n"
        ends = time.monotonic() + timeout
        while time.monotonic() < ends and not await request.is_disconnected():
            for item in await run_in_threadpool(fetch, cursor):
                cursor = item["id"]
                yield f"id: {cursor}\nevent: message\ndata: {json.dumps(item)}\n\n".encode()
            await asyncio.sleep(0.5)

    return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})


def _event_id(header: str | None) -> int | None:
    """The message id a reconnecting client saw last (``Last-Event-ID``); anything else starts from now."""
    if header is None or not header.isascii() or not header.isdigit() or len(header) > len(str(MAX_ID)):
        return None
    value = int(header)
    return value if value <= MAX_ID else None


@router.get("/conversations/{conversation_id}", summary="A conversation with its messages")
def get_conversation(
    conversation_id: PathId,
    who: PrincipalDep,
    market: MarketDep,
    after_id: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> dict[str, Any]:
    with market.uow(read_only=True) as uow:
        return messaging.conversation_detail(uow, who, conversation_id, after_id=after_id, limit=limit)


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    summary="Send a text, order card or product card; a seller's is moderated first (R-IM-4)",
    responses={422: {"description": "Invalid, or blocked by moderation (code message-blocked)"}},
)
def send(conversation_id: PathId, body: MessageIn, who: PrincipalDep, market: MarketDep) -> Any:
    try:
        with market.uow() as uow:
            delivery = messaging.send_message(
                uow,
                who,
                conversation_id,
                kind=MessageKind(body.kind),
                text=body.text,
                order_id=body.order_id,
                product_id=body.product_id,
            )
    except messaging.MessagingRestricted as exc:
        return _refusal(exc)
    return _delivered(market, who, delivery)


@router.post(
    "/conversations/{conversation_id}/images",
    status_code=status.HTTP_201_CREATED,
    summary="Send an image (JPEG, PNG or WebP, checked by content) with an optional caption",
)
def send_image(
    conversation_id: PathId,
    who: PrincipalDep,
    market: MarketDep,
    file: Annotated[UploadFile, File()],
    caption: Annotated[str, Form(), Text(0, 100_000)] = "",
) -> Any:
    # A plain function, so FastAPI runs it in the thread pool: a wait for the database never holds the loop.
    limit = market.settings.max_attachment_bytes
    data = file.file.read(limit + 1)
    try:
        with market.uow() as uow:
            delivery = messaging.send_image(
                uow,
                who,
                conversation_id,
                data=data,
                content_type=file.content_type or "",
                caption=caption,
                max_bytes=limit,
            )
    except messaging.MessagingRestricted as exc:
        return _refusal(exc)
    return _delivered(market, who, delivery)


@router.get("/conversations/{conversation_id}/messages/{message_id}/image", summary="The image of a message")
def get_image(conversation_id: PathId, message_id: PathId, who: PrincipalDep, market: MarketDep) -> Response:
    with market.uow(read_only=True) as uow:
        data, content_type = messaging.image_of(uow, who, conversation_id, message_id)
    return Response(data, media_type=content_type)


@router.post("/conversations/{conversation_id}/read", summary="Read receipt: mark the other side's messages read")
def read(conversation_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow() as uow:
        return {"marked": messaging.mark_read(uow, who, conversation_id)}


@router.post(
    "/conversations/{conversation_id}/messages/{message_id}/solved",
    summary="The buyer marks an FAQ answer as solving the question (the wait is excluded, R-SC-6)",
)
def solved(conversation_id: PathId, message_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow() as uow:
        messaging.mark_faq_solved(uow, who, conversation_id, message_id)
    return {"message_id": message_id, "solved": True}


# --- FAQ, business hours, standing ------------------------------------------------------------------
@router.get("/messaging/faq", summary="The shop's FAQ auto-replies (R-IM-3)")
def list_faq(who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    with market.uow(read_only=True) as uow:
        return messaging.faq_json(uow, who.shop_id)


@router.post("/messaging/faq", status_code=status.HTTP_201_CREATED, summary="Add an FAQ keyword → answer")
def add_faq(body: FaqIn, who: PrincipalDep, market: MarketDep) -> Any:
    try:
        with market.uow() as uow:
            faq_id = messaging.add_faq(uow, who, body.keywords, body.answer)
    except messaging.MessageBlocked as exc:
        return _refusal(exc)
    return {"id": faq_id}


@router.delete("/messaging/faq/{faq_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove an FAQ entry")
def delete_faq(faq_id: PathId, who: PrincipalDep, market: MarketDep) -> Response:
    with market.uow() as uow:
        messaging.delete_faq(uow, who, faq_id)
    return Response(status_code=204)


@router.get("/messaging/settings", summary="Business hours, when the FAQ answers, the away message")
def get_settings(who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    with market.uow(read_only=True) as uow:
        return messaging.settings_json(uow, who.shop_id)


@router.put("/messaging/settings", summary="Set business hours (market-local), FAQ timing and away message")
def put_settings(body: SettingsIn, who: PrincipalDep, market: MarketDep) -> Any:
    try:
        with market.uow() as uow:
            return messaging.save_settings(
                uow, who, business_hours=body.business_hours, faq_when=body.faq_when, away_message=body.away_message
            )
    except messaging.MessageBlocked as exc:
        return _refusal(exc)


@router.get("/messaging/standing", summary="Messaging points, violations and restriction (R-IM-5)")
def get_standing(who: PrincipalDep, market: MarketDep, shop_id: OperatorShopId = None) -> dict[str, Any]:
    target = own_or_named_shop(who, shop_id)
    with market.uow(read_only=True) as uow:
        return messaging.standing(uow, target)


@router.post("/moderation/check", summary="Check a text against R-IM-4 without sending it")
def moderate(body: ModerationIn, who: PrincipalDep) -> dict[str, object]:
    market_code = body.market.upper()
    if market_code not in known_markets():
        raise InvalidInput(f"unknown market {body.market!r}", field="market")
    return verdict_to_json(check(body.text, market_code))


# --- CRM (R-CR-1..2) ----------------------------------------------------------------------------------
def _rule(rule: RuleIn | None) -> CustomRule | None:
    return None if rule is None else CustomRule(**rule.model_dump())


@router.post("/crm/segments/{segment}", summary="The shop's buyers in a segment (R-CR-1); custom takes a rule body")
def segment_members(
    segment: Segment, who: PrincipalDep, market: MarketDep, rule: RuleIn | None = None
) -> dict[str, Any]:
    require(who, PrincipalKind.SELLER)
    assert who.shop_id is not None
    with market.uow(read_only=True) as uow:
        buyers = crm.members(uow, who.shop_id, segment, _rule(rule) if segment is Segment.CUSTOM else None)
    return {"segment": segment.value, "buyer_ids": buyers, "count": len(buyers)}


@router.post(
    "/crm/broadcasts",
    status_code=status.HTTP_201_CREATED,
    summary="Broadcast a message (and coupon) to a segment (R-CR-2): privilege, opt-outs, cap, moderation",
)
def send_broadcast(body: BroadcastIn, who: PrincipalDep, market: MarketDep) -> Any:
    require(who, PrincipalKind.SELLER)
    coupon = crm.Coupon(body.coupon.amount_off, body.coupon.min_spend, body.coupon.expires_at) if body.coupon else None
    try:
        with market.uow() as uow:
            result = crm.broadcast(uow, who, segment=body.segment, text=body.text, rule=_rule(body.rule), coupon=coupon)
    except messaging.MessagingRestricted as exc:
        return _refusal(exc)
    if result.blocked:
        return blocked_problem(result.verdict)
    return JSONResponse(result.as_json(), status_code=201)


@router.get("/crm/broadcasts", summary="The shop's broadcasts with reach and skipped counts")
def list_broadcasts(who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        return crm.broadcasts_json(uow, who)


@router.put("/shops/{shop_id}/crm-opt-out", summary="The buyer opts out of the shop's broadcasts (R-CR-2)")
def opt_out(shop_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow() as uow:
        crm.set_opt_out(uow, who, shop_id, opted_out=True)
    return {"shop_id": shop_id, "opted_out": True}


@router.delete("/shops/{shop_id}/crm-opt-out", summary="The buyer opts back in")
def opt_in(shop_id: PathId, who: PrincipalDep, market: MarketDep) -> dict[str, Any]:
    with market.uow() as uow:
        crm.set_opt_out(uow, who, shop_id, opted_out=False)
    return {"shop_id": shop_id, "opted_out": False}


@router.get("/crm/coupons", summary="The buyer's unexpired shop coupons")
def coupons(who: PrincipalDep, market: MarketDep) -> list[dict[str, Any]]:
    with market.uow(read_only=True) as uow:
        return crm.coupons_json(uow, who)
