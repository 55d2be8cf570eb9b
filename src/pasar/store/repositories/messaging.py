"""Conversations, messages, FAQ, business hours, buyer waits, messaging violations and restrictions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, update

from pasar.store.tables import after_sales_cases, buyer_waits, orders, products
from pasar.store.tables_messaging import (
    conversations,
    faq_entries,
    messages,
    messaging_restrictions,
    messaging_settings,
    violations,
)


class MessagingRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- conversations ---------------------------------------------------------------------------
    def conversation(self, conversation_id: int, *, lock: bool = False) -> Row[Any] | None:
        query = select(conversations).where(conversations.c.id == conversation_id)
        if lock and self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return self.conn.execute(query).first()

    def conversation_between(self, shop_id: int, buyer_id: int) -> Row[Any] | None:
        query = select(conversations).where(conversations.c.shop_id == shop_id, conversations.c.buyer_id == buyer_id)
        return self.conn.execute(query).first()

    def add_conversation(self, values: dict[str, Any]) -> int:
        statement = insert(conversations).values(values).returning(conversations.c.id)
        return int(self.conn.execute(statement).scalar_one())

    def touch(self, conversation_id: int, at: datetime) -> None:
        self.conn.execute(update(conversations).where(conversations.c.id == conversation_id).values(last_message_at=at))

    def conversations_of(self, *, shop_id: int | None, buyer_id: int | None, limit: int) -> list[Row[Any]]:
        query = select(conversations)
        if shop_id is not None:
            query = query.where(conversations.c.shop_id == shop_id)
        if buyer_id is not None:
            query = query.where(conversations.c.buyer_id == buyer_id)
        return list(self.conn.execute(query.order_by(conversations.c.last_message_at.desc()).limit(limit)))

    # --- messages --------------------------------------------------------------------------------
    def add_message(self, values: dict[str, Any]) -> int:
        statement = insert(messages).values(values).returning(messages.c.id)
        return int(self.conn.execute(statement).scalar_one())

    def message(self, message_id: int) -> Row[Any] | None:
        return self.conn.execute(select(messages).where(messages.c.id == message_id)).first()

    def messages_of(self, conversation_id: int, *, after_id: int, limit: int) -> list[Row[Any]]:
        query = (
            select(messages)
            .where(messages.c.conversation_id == conversation_id, messages.c.id > after_id)
            .order_by(messages.c.id)
            .limit(limit)
        )
        return list(self.conn.execute(query))

    def messages_after(self, *, shop_id: int | None, buyer_id: int | None, after_id: int, limit: int) -> list[Row[Any]]:
        query = select(messages).where(messages.c.id > after_id)
        if shop_id is not None:
            query = query.where(messages.c.shop_id == shop_id)
        if buyer_id is not None:
            query = query.where(messages.c.buyer_id == buyer_id)
        return list(self.conn.execute(query.order_by(messages.c.id).limit(limit)))

    def last_message_id(self) -> int:
        return int(self.conn.execute(select(func.coalesce(func.max(messages.c.id), 0))).scalar_one())

    def seller_texts_since_last_buyer_message(self, conversation_id: int, limit: int = 50) -> list[str]:
        """The seller's own messages the buyer has not answered (R-IM-4 (6) repeated unsolicited)."""
        last_buyer = (
            select(func.coalesce(func.max(messages.c.id), 0))
            .where(messages.c.conversation_id == conversation_id, messages.c.sender == "buyer")
            .scalar_subquery()
        )
        query = (
            select(messages.c.text)
            .where(
                messages.c.conversation_id == conversation_id,
                messages.c.sender == "seller",
                messages.c.id > last_buyer,
            )
            .order_by(messages.c.id.desc())
            .limit(limit)
        )
        return [str(text) for text in self.conn.execute(query).scalars()]

    def last_buyer_message_at(self, shop_id: int, buyer_id: int) -> datetime | None:
        query = select(func.max(messages.c.created_at)).where(
            messages.c.shop_id == shop_id, messages.c.buyer_id == buyer_id, messages.c.sender == "buyer"
        )
        value = self.conn.execute(query).scalar_one_or_none()
        return value if isinstance(value, datetime) else None

    def mark_read(self, conversation_id: int, senders: Sequence[str], at: datetime) -> int:
        statement = (
            update(messages)
            .where(
                messages.c.conversation_id == conversation_id,
                messages.c.sender.in_(list(senders)),
                messages.c.read_at.is_(None),
            )
            .values(read_at=at)
        )
        return int(self.conn.execute(statement).rowcount)

    def mark_solved(self, message_id: int, at: datetime) -> bool:
        statement = (
            update(messages).where(messages.c.id == message_id, messages.c.solved_at.is_(None)).values(solved_at=at)
        )
        return self.conn.execute(statement).rowcount == 1

    def unread_counts(self, conversation_ids: Sequence[int], senders: Sequence[str]) -> dict[int, int]:
        if not conversation_ids:
            return {}
        query = (
            select(messages.c.conversation_id, func.count())
            .where(
                messages.c.conversation_id.in_(list(conversation_ids)),
                messages.c.sender.in_(list(senders)),
                messages.c.read_at.is_(None),
            )
            .group_by(messages.c.conversation_id)
        )
        return {int(cid): int(n) for cid, n in self.conn.execute(query)}

    # --- R-IM-2 grounds --------------------------------------------------------------------------
    def last_order_placed_at(self, shop_id: int, buyer_id: int) -> datetime | None:
        query = select(func.max(orders.c.placed_at)).where(orders.c.shop_id == shop_id, orders.c.buyer_id == buyer_id)
        value = self.conn.execute(query).scalar_one_or_none()
        return value if isinstance(value, datetime) else None

    def has_open_case(self, shop_id: int, buyer_id: int) -> bool:
        query = select(func.count()).where(
            after_sales_cases.c.shop_id == shop_id,
            after_sales_cases.c.buyer_id == buyer_id,
            after_sales_cases.c.closed_at.is_(None),
        )
        return int(self.conn.execute(query).scalar_one()) > 0

    def order_of(self, order_id: int) -> Row[Any] | None:
        query = select(orders)
        return self.conn.execute(query.where(orders.c.id == order_id)).first()

    def product_of(self, product_id: int) -> Row[Any] | None:
        query = select(products)
        return self.conn.execute(query.where(products.c.id == product_id)).first()

    # --- FAQ and business hours --------------------------------------------------------------------
    def faq(self, shop_id: int) -> list[Row[Any]]:
        query = select(faq_entries).where(faq_entries.c.shop_id == shop_id).order_by(faq_entries.c.id)
        return list(self.conn.execute(query))

    def add_faq(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(faq_entries).values(values).returning(faq_entries.c.id)).scalar_one())

    def delete_faq(self, shop_id: int, faq_id: int) -> bool:
        statement = faq_entries.delete().where(faq_entries.c.id == faq_id, faq_entries.c.shop_id == shop_id)
        return self.conn.execute(statement).rowcount == 1

    def settings(self, shop_id: int) -> Row[Any] | None:
        return self.conn.execute(select(messaging_settings).where(messaging_settings.c.shop_id == shop_id)).first()

    def save_settings(self, shop_id: int, values: dict[str, Any]) -> None:
        if self.settings(shop_id) is None:
            self.conn.execute(insert(messaging_settings).values(shop_id=shop_id, **values))
        else:
            self.conn.execute(
                update(messaging_settings).where(messaging_settings.c.shop_id == shop_id).values(**values)
            )

    # --- buyer waits (R-SC-6) ----------------------------------------------------------------------
    def open_wait(self, shop_id: int, buyer_id: int) -> Row[Any] | None:
        query = (
            select(buyer_waits)
            .where(
                buyer_waits.c.shop_id == shop_id,
                buyer_waits.c.buyer_id == buyer_id,
                buyer_waits.c.answered_at.is_(None),
                buyer_waits.c.excluded.is_(False),
            )
            .order_by(buyer_waits.c.id.desc())
        )
        return self.conn.execute(query).first()

    def start_wait(self, shop_id: int, buyer_id: int, at: datetime) -> int:
        values = {"shop_id": shop_id, "buyer_id": buyer_id, "started_at": at, "excluded": False, "updated_at": at}
        return int(self.conn.execute(insert(buyer_waits).values(values).returning(buyer_waits.c.id)).scalar_one())

    def close_wait(self, wait_id: int, values: dict[str, Any]) -> None:
        self.conn.execute(update(buyer_waits).where(buyer_waits.c.id == wait_id).values(values))

    def open_waits(self, shop_id: int) -> dict[int, Row[Any]]:
        """The open wait per buyer of a shop (at most one each, by construction)."""
        query = select(buyer_waits).where(
            buyer_waits.c.shop_id == shop_id,
            buyer_waits.c.answered_at.is_(None),
            buyer_waits.c.excluded.is_(False),
        )
        return {int(row.buyer_id): row for row in self.conn.execute(query)}

    # --- violations and restrictions (R-IM-5) ------------------------------------------------------
    def add_violation(self, values: dict[str, Any]) -> int:
        return int(self.conn.execute(insert(violations).values(values).returning(violations.c.id)).scalar_one())

    def violations_of(self, shop_id: int, kind: str | None = "messaging") -> list[Row[Any]]:
        """The shop's violations of one type, or of every type with ``kind=None``."""
        query = select(violations).where(violations.c.shop_id == shop_id)
        if kind is not None:
            query = query.where(violations.c.type == kind)
        return list(self.conn.execute(query.order_by(violations.c.id)))

    def active_points(self, shop_id: int, at: datetime, kind: str = "messaging") -> int:
        query = select(func.coalesce(func.sum(violations.c.points), 0)).where(
            violations.c.shop_id == shop_id,
            violations.c.type == kind,
            violations.c.status == "active",
            violations.c.expires_at > at,
        )
        return int(self.conn.execute(query).scalar_one())

    def restriction_at(self, shop_id: int, at: datetime) -> Row[Any] | None:
        query = (
            select(messaging_restrictions)
            .where(
                and_(
                    messaging_restrictions.c.shop_id == shop_id,
                    messaging_restrictions.c.starts_at <= at,
                    messaging_restrictions.c.ends_at > at,
                )
            )
            .order_by(messaging_restrictions.c.ends_at.desc())
        )
        return self.conn.execute(query).first()

    def add_restriction(self, values: dict[str, Any]) -> int:
        statement = insert(messaging_restrictions).values(values).returning(messaging_restrictions.c.id)
        return int(self.conn.execute(statement).scalar_one())
