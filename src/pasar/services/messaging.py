"""Buyer–seller messaging (docs/rules.md §8): conversations, moderation on delivery, waits, FAQ, penalties.

A seller message is checked by ``pasar.moderation`` before it is stored (R-IM-4): a blocked one is
never stored as a message, so the buyer never sees it; instead a messaging violation is recorded
(R-IM-5) in the same transaction, and enough active points restrict the shop's messaging. Because
the violation must commit while the request is refused, the send functions *return* a
:class:`Delivery` whose ``blocked`` the caller turns into a 422 after the unit of work commits.

Buyer waits (R-SC-6) are written here: a buyer message starts a wait unless one is already open,
a human seller reply answers it, FAQ/away auto-replies never do, and a buyer marking an FAQ answer
as solving excludes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row

from pasar.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, UnknownReference
from pasar.domain.messaging import (
    FaqWhen,
    MessageKind,
    Sender,
    is_open,
    match_faq,
    normalise_keyword,
    parse_business_hours,
    restriction_days,
    wait_due,
    worst_category,
)
from pasar.domain.principals import Principal, PrincipalKind
from pasar.moderation import Verdict, Violation, check, is_repeated_unsolicited, verdict_to_json
from pasar.services.attachments import EXTENSIONS, sniff
from pasar.services.unit_of_work import UnitOfWork

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")


class MessageBlocked(InvalidInput):
    """Seller content that moderation blocks (R-IM-4); ``verdict`` names categories and spans."""

    code = "message-blocked"

    def __init__(self, verdict: Verdict, *, field: str = "text") -> None:
        cats = sorted({v.category for v in verdict.violations if v.blocking})
        super().__init__(f"the message was not delivered: it contains {', '.join(cats)} (R-IM-4)", field=field)
        self.verdict = verdict


class MessagingRestricted(Forbidden):
    code = "messaging-restricted"

    def __init__(self, until: datetime) -> None:
        super().__init__(
            f"messaging is restricted for repeated violations until {until.isoformat()} (R-IM-5); "
            "the inbox is read-only and FAQ auto-replies still answer"
        )
        self.until = until


class InitiationNotAllowed(Forbidden):
    code = "initiation-not-allowed"


@dataclass(frozen=True)
class Delivery:
    """What happened to one send: delivered (``message_id``) or blocked (``verdict``, ``violation_id``)."""

    verdict: Verdict
    message_id: int | None = None
    auto_reply_id: int | None = None
    violation_id: int | None = None
    restricted_until: datetime | None = None

    @property
    def blocked(self) -> bool:
        return not self.verdict.allowed

    def error(self) -> MessageBlocked:
        return MessageBlocked(self.verdict)


# --- moderation and penalties (R-IM-4, R-IM-5) -----------------------------------------------------
def check_text(
    uow: UnitOfWork, market: str, text: str, *, shop_id: int | None = None, context: str = "message"
) -> Verdict:
    """R-IM-4 for any seller text (messages, broadcasts, review replies, parcel notes).

    With ``shop_id``, a blocked text also records the shop's messaging violation (R-IM-5) in
    this unit of work; the caller must then let the unit of work commit and refuse afterwards.
    """
    verdict = check(text, market)
    if shop_id is not None and not verdict.allowed:
        record_violation(uow, shop_id, market, text, verdict, context=context)
    return verdict


def record_violation(
    uow: UnitOfWork, shop_id: int, market: str, text: str, verdict: Verdict, *, context: str
) -> tuple[int, datetime | None]:
    """One violation per blocked text, at the points of its most severe category; may restrict."""
    rules = uow.rules(market)
    blocking = [v for v in verdict.violations if v.blocking]
    category = worst_category((v.category for v in blocking), rules.messaging.points_by_category)
    low, _high = rules.violations.points.get("messaging", (1, 12))
    points = rules.messaging.points_by_category.get(category, low)
    evidence = {"context": context, "text": text, **verdict_to_json(verdict)}
    violation_id = uow.messaging.add_violation(
        {
            "shop_id": shop_id,
            "type": "messaging",
            "category": category,
            "points": points,
            "evidence": json.dumps(evidence, ensure_ascii=False),
            "status": "active",
            "issued_at": uow.now,
            "expires_at": uow.now + timedelta(days=rules.violations.points_expire_days),
        }
    )
    uow.emit(
        "violation.issued",
        violation_id,
        {"violation_id": violation_id, "shop_id": shop_id, "type": "messaging", "category": category, "points": points},
    )
    until = _maybe_restrict(uow, shop_id, market, violation_id)
    return violation_id, until


def _maybe_restrict(uow: UnitOfWork, shop_id: int, market: str, violation_id: int) -> datetime | None:
    current = uow.messaging.restriction_at(shop_id, uow.now)
    if current is not None:
        until: datetime = current.ends_at
        return until
    rules = uow.rules(market).messaging
    points = uow.messaging.active_points(shop_id, uow.now)
    days = restriction_days(
        points, rules.restriction_after_points, rules.restriction_min_days, rules.restriction_max_days
    )
    if days is None:
        return None
    ends = uow.now + timedelta(days=days)
    uow.messaging.add_restriction(
        {"shop_id": shop_id, "points": points, "violation_id": violation_id, "starts_at": uow.now, "ends_at": ends}
    )
    uow.emit(
        "messaging.restricted",
        shop_id,
        {"shop_id": shop_id, "points": points, "days": days, "until": ends.isoformat()},
    )
    return ends


def restricted_until(uow: UnitOfWork, shop_id: int) -> datetime | None:
    row = uow.messaging.restriction_at(shop_id, uow.now)
    return None if row is None else row.ends_at


def ensure_may_send(uow: UnitOfWork, shop_id: int) -> None:
    until = restricted_until(uow, shop_id)
    if until is not None:
        raise MessagingRestricted(until)


def standing(uow: UnitOfWork, shop_id: int) -> dict[str, Any]:
    """The seller's messaging standing: active points, the restriction in force, the violations."""
    shop = _shop(uow, shop_id)
    rules = uow.rules(shop.market).messaging
    until = restricted_until(uow, shop_id)
    return {
        "shop_id": shop_id,
        "active_points": uow.messaging.active_points(shop_id, uow.now),
        "restriction_after_points": rules.restriction_after_points,
        "restricted_until": until.isoformat() if until else None,
        "violations": [
            {
                "id": v.id,
                "category": v.category,
                "points": v.points,
                "status": v.status,
                "issued_at": v.issued_at.isoformat(),
                "expires_at": v.expires_at.isoformat(),
                "active": v.status == "active" and v.expires_at > uow.now,
                "evidence": json.loads(v.evidence),
            }
            for v in uow.messaging.violations_of(shop_id)
        ],
    }


# --- conversations ------------------------------------------------------------------------------
def _shop(uow: UnitOfWork, shop_id: int) -> Row[Any]:
    shop = uow.catalogue.shop(shop_id)
    if shop is None:
        raise UnknownReference(f"shop {shop_id} does not exist", field="shop_id")
    return shop


def visible_conversation(uow: UnitOfWork, who: Principal, conversation_id: int, *, lock: bool = False) -> Row[Any]:
    row = uow.messaging.conversation(conversation_id, lock=lock)
    if row is None or not who.may_see_order(buyer_id=row.buyer_id, shop_id=row.shop_id):
        raise NotFound(f"conversation {conversation_id} not found")
    return row


def may_initiate(uow: UnitOfWork, shop_id: int, buyer_id: int, market: str) -> str | None:
    """R-IM-2: the ground on which the seller may write to this buyer, or None."""
    rules = uow.rules(market).messaging
    talked = uow.messaging.last_buyer_message_at(shop_id, buyer_id)
    if talked is not None and talked > uow.now - timedelta(days=rules.seller_initiation_chat_days):
        return "talked"
    ordered = uow.messaging.last_order_placed_at(shop_id, buyer_id)
    if ordered is not None and ordered > uow.now - timedelta(days=rules.seller_initiation_order_days):
        return "ordered"
    if uow.messaging.has_open_case(shop_id, buyer_id):
        return "after_sales_case"
    return None


def _check_initiation(uow: UnitOfWork, shop_id: int, buyer_id: int, market: str) -> None:
    if may_initiate(uow, shop_id, buyer_id, market) is None:
        rules = uow.rules(market).messaging
        raise InitiationNotAllowed(
            f"a seller may write only to a buyer who talked to the shop in the last "
            f"{rules.seller_initiation_chat_days} days, ordered in the last {rules.seller_initiation_order_days} "
            "days, or has an after-sales case with the shop (R-IM-2)",
            field="buyer_id",
        )


def open_conversation(uow: UnitOfWork, who: Principal, *, shop_id: int | None, buyer_id: int | None) -> int:
    """The buyer–shop conversation (R-IM-1), created on first use; a seller needs an R-IM-2 ground."""
    if who.kind is PrincipalKind.BUYER:
        if shop_id is None:
            raise InvalidInput("shop_id is required", field="shop_id")
        _shop(uow, shop_id)
        assert who.buyer_id is not None
        buyer_id, started_by = who.buyer_id, Sender.BUYER
    elif who.kind is PrincipalKind.SELLER:
        if buyer_id is None:
            raise InvalidInput("buyer_id is required", field="buyer_id")
        # No existence check of its own: a buyer id that does not exist has no R-IM-2 ground either, so a
        # seller gets the same refusal for it as for a real buyer who never dealt with the shop.
        assert who.shop_id is not None
        shop_id, started_by = who.shop_id, Sender.SELLER
    else:
        raise Forbidden("only a buyer or a seller takes part in a conversation")
    existing = uow.messaging.conversation_between(shop_id, buyer_id)
    if existing is not None:
        return int(existing.id)
    if started_by is Sender.SELLER:
        shop = _shop(uow, shop_id)
        ensure_may_send(uow, shop_id)
        _check_initiation(uow, shop_id, buyer_id, shop.market)
    return uow.messaging.add_conversation(
        {
            "shop_id": shop_id,
            "buyer_id": buyer_id,
            "started_by": started_by.value,
            "created_at": uow.now,
            "last_message_at": uow.now,
        }
    )


def _sender(who: Principal) -> Sender:
    if who.kind is PrincipalKind.BUYER:
        return Sender.BUYER
    if who.kind is PrincipalKind.SELLER:
        return Sender.SELLER
    raise Forbidden("operators read conversations; only the buyer and the seller write in them")


def _check_text(text: str, limit: int, *, required: bool) -> str:
    if required and not text.strip():
        raise InvalidInput("the message is empty", field="text")
    if len(text) > limit:
        raise InvalidInput(f"the message is {len(text):,} characters; the limit is {limit:,}", field="text")
    return text


def send_message(
    uow: UnitOfWork,
    who: Principal,
    conversation_id: int,
    *,
    kind: MessageKind = MessageKind.TEXT,
    text: str = "",
    order_id: int | None = None,
    product_id: int | None = None,
) -> Delivery:
    """A text, order card or product card message (R-IM-1)."""
    conv, sender, shop, limit = _sending(uow, who, conversation_id)
    values: dict[str, Any] = {"kind": kind.value, "text": _check_text(text, limit, required=kind is MessageKind.TEXT)}
    if kind is MessageKind.ORDER_CARD:
        order = uow.messaging.order_of(order_id) if order_id is not None else None
        if order is None or order.shop_id != conv.shop_id or order.buyer_id != conv.buyer_id:
            raise UnknownReference(f"order {order_id} is not an order of this buyer at this shop", field="order_id")
        values["order_id"] = order_id
    elif kind is MessageKind.PRODUCT_CARD:
        product = uow.messaging.product_of(product_id) if product_id is not None else None
        if product is None or product.shop_id != conv.shop_id:
            raise UnknownReference(f"product {product_id} is not a product of this shop", field="product_id")
        values["product_id"] = product_id
    elif kind is MessageKind.IMAGE:
        raise InvalidInput("images are uploaded to /images", field="kind")
    return _deliver(uow, conv, shop.market, sender, values)


def _sending(uow: UnitOfWork, who: Principal, conversation_id: int) -> tuple[Row[Any], Sender, Row[Any], int]:
    """The conversation (locked), who sends, the shop and the market's length limit; a restricted
    seller is stopped here (R-IM-5)."""
    conv = visible_conversation(uow, who, conversation_id, lock=True)
    sender = _sender(who)
    shop = _shop(uow, conv.shop_id)
    if sender is Sender.SELLER:
        ensure_may_send(uow, conv.shop_id)
    return conv, sender, shop, uow.rules(shop.market).messaging.max_message_length


def send_image(
    uow: UnitOfWork,
    who: Principal,
    conversation_id: int,
    *,
    data: bytes,
    content_type: str,
    caption: str,
    max_bytes: int,
) -> Delivery:
    """An image message: checked by content like case evidence, stored by hash in the file store."""
    conv, sender, shop, limit = _sending(uow, who, conversation_id)
    _check_text(caption, limit, required=False)
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > max_bytes:
        raise InvalidInput(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}", field="file")
    actual = sniff(data)
    if actual not in IMAGE_TYPES:
        raise InvalidInput("only JPEG, PNG and WebP images are accepted", field="file")
    if content_type and content_type != actual:
        raise InvalidInput(f"the file is {actual}, not {content_type} as declared", field="file")
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest}.{EXTENSIONS[actual]}"
    values = {
        "kind": MessageKind.IMAGE.value,
        "text": caption,
        "image_key": key,
        "image_type": actual,
        "image_size": len(data),
    }
    delivery = _deliver(uow, conv, shop.market, sender, values)
    if not delivery.blocked:
        uow.ports.files.put(key, data)  # content-addressed: a rollback leaves at most an unreferenced file
    return delivery


def _deliver(uow: UnitOfWork, conv: Row[Any], market: str, sender: Sender, values: dict[str, Any]) -> Delivery:
    if sender is Sender.SELLER:
        _check_initiation(uow, conv.shop_id, conv.buyer_id, market)
        verdict = _moderate(uow, conv, market, values["text"])
        if not verdict.allowed:
            violation_id, until = record_violation(
                uow, conv.shop_id, market, values["text"], verdict, context="message"
            )
            return Delivery(verdict, violation_id=violation_id, restricted_until=until)
    else:
        verdict = Verdict(allowed=True, violations=())
    message_id = _store(uow, conv, sender, values)
    auto_reply = None
    if sender is Sender.BUYER:
        if uow.messaging.open_wait(conv.shop_id, conv.buyer_id) is None:
            uow.messaging.start_wait(conv.shop_id, conv.buyer_id, uow.now)  # R-SC-6: a wait starts
        auto_reply = _auto_reply(uow, conv, market, values["text"])
    else:
        wait = uow.messaging.open_wait(conv.shop_id, conv.buyer_id)
        if wait is not None:  # R-SC-6: a human seller reply answers the open wait
            uow.messaging.close_wait(wait.id, {"answered_at": uow.now, "updated_at": uow.now})
    return Delivery(verdict, message_id=message_id, auto_reply_id=auto_reply)


def _moderate(uow: UnitOfWork, conv: Row[Any], market: str, text: str) -> Verdict:
    verdict = check(text, market)
    recent = uow.messaging.seller_texts_since_last_buyer_message(conv.id)
    if (
        text.strip()
        and recent
        and is_repeated_unsolicited(recent, text, uow.rules(market).messaging.spam_repeat_threshold)
    ):
        spam = Violation("spam", 0, len(text), True)
        verdict = Verdict(allowed=False, violations=(*verdict.violations, spam))
    return verdict


def _store(uow: UnitOfWork, conv: Row[Any], sender: Sender, values: dict[str, Any]) -> int:
    message_id = uow.messaging.add_message(
        {
            "conversation_id": conv.id,
            "shop_id": conv.shop_id,
            "buyer_id": conv.buyer_id,
            "sender": sender.value,
            "created_at": uow.now,
            **values,
        }
    )
    uow.messaging.touch(conv.id, uow.now)
    uow.emit(
        "message.sent",
        message_id,
        {
            "message_id": message_id,
            "conversation_id": conv.id,
            "shop_id": conv.shop_id,
            "buyer_id": conv.buyer_id,
            "sender": sender.value,
            "kind": values["kind"],
        },
    )
    return message_id


def _auto_reply(uow: UnitOfWork, conv: Row[Any], market: str, text: str) -> int | None:
    """R-IM-3: an FAQ answer for a keyword, else the away message outside business hours."""
    settings = uow.messaging.settings(conv.shop_id)
    hours = parse_business_hours(json.loads(settings.business_hours)) if settings and settings.business_hours else None
    local = uow.now.astimezone(ZoneInfo(uow.rules(market).market.timezone))
    open_now = is_open(hours, local)
    faq_when = FaqWhen(settings.faq_when) if settings else FaqWhen.ALWAYS
    if text and (faq_when is FaqWhen.ALWAYS or not open_now):
        entries = uow.messaging.faq(conv.shop_id)
        chosen = match_faq([(e.id, json.loads(e.keywords)) for e in entries], text)
        if chosen is not None:
            answer = next(e.answer for e in entries if e.id == chosen)
            return _store(uow, conv, Sender.FAQ, {"kind": MessageKind.TEXT.value, "text": answer, "faq_id": chosen})
    if not open_now and settings is not None and settings.away_message:
        return _store(uow, conv, Sender.AUTO, {"kind": MessageKind.TEXT.value, "text": settings.away_message})
    return None


def mark_read(uow: UnitOfWork, who: Principal, conversation_id: int) -> int:
    """Read receipts: the reader marks the other side's messages read."""
    conv = visible_conversation(uow, who, conversation_id)
    if who.kind is PrincipalKind.OPERATOR:
        raise Forbidden("an operator's reading is not a read receipt")
    others = ["seller", "faq", "auto"] if who.kind is PrincipalKind.BUYER else ["buyer"]
    return uow.messaging.mark_read(conv.id, others, uow.now)


def mark_faq_solved(uow: UnitOfWork, who: Principal, conversation_id: int, message_id: int) -> None:
    """The buyer says an FAQ answer solved the question: the open wait is excluded (R-SC-6)."""
    conv = visible_conversation(uow, who, conversation_id, lock=True)
    if who.kind is not PrincipalKind.BUYER:
        raise Forbidden("only the buyer marks an FAQ answer as solving the question")
    message = uow.messaging.message(message_id)
    if message is None or message.conversation_id != conv.id:
        raise NotFound(f"message {message_id} not found")
    if message.sender != Sender.FAQ.value:
        raise InvalidInput("only an FAQ auto-reply can be marked as solving", field="message_id")
    if not uow.messaging.mark_solved(message_id, uow.now):
        raise Conflict(f"message {message_id} is already marked as solving")
    wait = uow.messaging.open_wait(conv.shop_id, conv.buyer_id)
    if wait is not None:
        uow.messaging.close_wait(wait.id, {"excluded": True, "updated_at": uow.now})


# --- reading -----------------------------------------------------------------------------------
def message_json(row: Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "conversation_id": row.conversation_id,
        "shop_id": row.shop_id,
        "buyer_id": row.buyer_id,
        "sender": row.sender,
        "kind": row.kind,
        "text": row.text,
        "order_id": row.order_id,
        "product_id": row.product_id,
        "faq_id": row.faq_id,
        "image": {"content_type": row.image_type, "size": row.image_size} if row.image_key else None,
        "created_at": row.created_at.isoformat(),
        "read_at": row.read_at.isoformat() if row.read_at else None,
        "solved_at": row.solved_at.isoformat() if row.solved_at else None,
    }


def conversation_json(uow: UnitOfWork, row: Row[Any], wait: Row[Any] | None, unread: int) -> dict[str, Any]:
    shop = _shop(uow, row.shop_id)
    hours = uow.rules(shop.market).messaging.reply_within_hours
    pending = None
    if wait is not None:
        due = wait_due(wait.started_at, hours)
        pending = {
            "started_at": wait.started_at.isoformat(),
            "due_at": due.isoformat(),
            "seconds_left": int((due - uow.now).total_seconds()),
        }
    return {
        "id": row.id,
        "shop_id": row.shop_id,
        "buyer_id": row.buyer_id,
        "started_by": row.started_by,
        "created_at": row.created_at.isoformat(),
        "last_message_at": row.last_message_at.isoformat(),
        "wait": pending,
        "unread": unread,
    }


def inbox(uow: UnitOfWork, who: Principal, *, shop_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Conversations; for a seller, open waits first by time left to the 24-hour mark (R-IM-6)."""
    if who.kind is PrincipalKind.SELLER:
        shop_id = who.shop_id
    rows = uow.messaging.conversations_of(
        shop_id=shop_id, buyer_id=who.buyer_id if who.kind is PrincipalKind.BUYER else None, limit=limit
    )
    senders = ["buyer"] if who.kind is not PrincipalKind.BUYER else ["seller", "faq", "auto"]
    unread = uow.messaging.unread_counts([r.id for r in rows], senders)
    waits: dict[tuple[int, int], Row[Any]] = {}
    for shop in sorted({r.shop_id for r in rows}):
        waits.update({(shop, buyer): wait for buyer, wait in uow.messaging.open_waits(shop).items()})
    items = [conversation_json(uow, r, waits.get((r.shop_id, r.buyer_id)), unread.get(r.id, 0)) for r in rows]
    if who.kind is not PrincipalKind.BUYER:
        items.sort(
            key=lambda item: (
                (0, item["wait"]["seconds_left"], item["id"])
                if item["wait"]
                else (1, -datetime.fromisoformat(item["last_message_at"]).timestamp(), item["id"])
            )
        )
    return items


def conversation_detail(
    uow: UnitOfWork, who: Principal, conversation_id: int, *, after_id: int = 0, limit: int = 200
) -> dict[str, Any]:
    row = visible_conversation(uow, who, conversation_id)
    wait = uow.messaging.open_wait(row.shop_id, row.buyer_id)
    detail = conversation_json(uow, row, wait, 0)
    detail["messages"] = [message_json(m) for m in uow.messaging.messages_of(row.id, after_id=after_id, limit=limit)]
    return detail


def image_of(uow: UnitOfWork, who: Principal, conversation_id: int, message_id: int) -> tuple[bytes, str]:
    conv = visible_conversation(uow, who, conversation_id)
    message = uow.messaging.message(message_id)
    if message is None or message.conversation_id != conv.id or not message.image_key:
        raise NotFound(f"image message {message_id} not found")
    return uow.ports.files.get(message.image_key), str(message.image_type)


def new_messages(uow: UnitOfWork, who: Principal, after_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """Messages the principal may see with an id above ``after_id`` (the live stream polls this)."""
    rows = uow.messaging.messages_after(
        shop_id=who.shop_id if who.kind is PrincipalKind.SELLER else None,
        buyer_id=who.buyer_id if who.kind is PrincipalKind.BUYER else None,
        after_id=after_id,
        limit=limit,
    )
    return [message_json(row) for row in rows]


# --- FAQ and business hours (R-IM-3) --------------------------------------------------------------
def add_faq(uow: UnitOfWork, who: Principal, keywords: list[str], answer: str) -> int:
    if who.kind is not PrincipalKind.SELLER or who.shop_id is None:
        raise Forbidden("only a seller configures the shop's FAQ")
    shop = _shop(uow, who.shop_id)
    words = sorted({normalise_keyword(k) for k in keywords if k.strip()})
    if not words:
        raise InvalidInput("at least one non-empty keyword is needed", field="keywords")
    limit = uow.rules(shop.market).messaging.max_message_length
    _check_text(answer, limit, required=True)
    verdict = check(answer, shop.market)  # an FAQ answer is seller content too (R-IM-4): refused, no penalty
    if not verdict.allowed:
        raise MessageBlocked(verdict, field="answer")
    return uow.messaging.add_faq(
        {
            "shop_id": who.shop_id,
            "keywords": json.dumps(words, ensure_ascii=False),
            "answer": answer,
            "created_at": uow.now,
        }
    )


def faq_json(uow: UnitOfWork, shop_id: int) -> list[dict[str, Any]]:
    return [
        {"id": e.id, "keywords": json.loads(e.keywords), "answer": e.answer, "created_at": e.created_at.isoformat()}
        for e in uow.messaging.faq(shop_id)
    ]


def delete_faq(uow: UnitOfWork, who: Principal, faq_id: int) -> None:
    if who.kind is not PrincipalKind.SELLER or who.shop_id is None:
        raise Forbidden("only a seller configures the shop's FAQ")
    if not uow.messaging.delete_faq(who.shop_id, faq_id):
        raise NotFound(f"FAQ entry {faq_id} not found")


def save_settings(
    uow: UnitOfWork,
    who: Principal,
    *,
    business_hours: dict[str, list[str]] | None,
    faq_when: FaqWhen,
    away_message: str | None,
) -> dict[str, Any]:
    if who.kind is not PrincipalKind.SELLER or who.shop_id is None:
        raise Forbidden("only a seller sets the shop's business hours")
    shop = _shop(uow, who.shop_id)
    parse_business_hours(business_hours)
    if away_message:
        _check_text(away_message, uow.rules(shop.market).messaging.max_message_length, required=True)
        verdict = check(away_message, shop.market)
        if not verdict.allowed:
            raise MessageBlocked(verdict, field="away_message")
    uow.messaging.save_settings(
        who.shop_id,
        {
            "business_hours": None if business_hours is None else json.dumps(business_hours),
            "faq_when": faq_when.value,
            "away_message": away_message or None,
            "updated_at": uow.now,
        },
    )
    return settings_json(uow, who.shop_id)


def settings_json(uow: UnitOfWork, shop_id: int) -> dict[str, Any]:
    row = uow.messaging.settings(shop_id)
    if row is None:
        return {"business_hours": None, "faq_when": FaqWhen.ALWAYS.value, "away_message": None}
    return {
        "business_hours": json.loads(row.business_hours) if row.business_hours else None,
        "faq_when": row.faq_when,
        "away_message": row.away_message,
    }
