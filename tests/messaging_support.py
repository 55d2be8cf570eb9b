"""Helpers for the messaging and CRM tests: the snapshot of every table a refused request could touch."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from pasar.domain.principals import Principal
from pasar.services import messaging
from pasar.store import tables, tables_messaging
from tests.support import Given

WATCHED = (
    tables_messaging.conversations,
    tables_messaging.messages,
    tables_messaging.faq_entries,
    tables_messaging.messaging_settings,
    tables_messaging.violations,
    tables_messaging.messaging_restrictions,
    tables_messaging.crm_opt_outs,
    tables_messaging.crm_broadcasts,
    tables_messaging.crm_recipients,
    tables_messaging.crm_coupons,
    tables.buyer_waits,
    tables.outbox,
)


def snapshot(given: Given) -> dict[str, list[tuple[Any, ...]]]:
    """``given.snapshot()`` plus the messaging, CRM and wait tables."""
    with given.marketplace.uow(read_only=True) as uow:
        mine = {
            t.name: [tuple(row) for row in uow.conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in WATCHED
        }
    return {**given.snapshot(), **mine}


def rows(given: Given, table: Any) -> list[Any]:
    with given.marketplace.uow(read_only=True) as uow:
        return list(uow.conn.execute(select(table).order_by(*table.primary_key.columns)))


def conversation(given: Given, who: Principal, *, shop_id: int | None = None, buyer_id: int | None = None) -> int:
    with given.marketplace.uow() as uow:
        return messaging.open_conversation(uow, who, shop_id=shop_id, buyer_id=buyer_id)


def say(given: Given, who: Principal, conversation_id: int, text: str) -> messaging.Delivery:
    with given.marketplace.uow() as uow:
        return messaging.send_message(uow, who, conversation_id, text=text)
