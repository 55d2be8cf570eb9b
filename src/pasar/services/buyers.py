"""Buyers and their unpaid history (R-UP-6)."""

from __future__ import annotations

from datetime import timedelta

from pasar.domain.errors import InvalidInput, UnknownReference
from pasar.domain.notifications import NotificationChannel
from pasar.domain.orders import CancelReason, OrderStatus
from pasar.domain.unpaid import UnpaidHistory, unpaid_history
from pasar.services.unit_of_work import UnitOfWork


def register_buyer(
    uow: UnitOfWork,
    *,
    name: str,
    market: str,
    email: str | None = None,
    phone: str | None = None,
    notification_channel: str = "in_app",
) -> int:
    if notification_channel not in {c.value for c in NotificationChannel}:
        raise InvalidInput(f"unknown notification channel {notification_channel!r}", field="notification_channel")
    uow.rules(market)
    return uow.people.add_buyer(
        name=name,
        market=market,
        created_at=uow.now,
        email=email,
        phone=phone,
        notification_channel=notification_channel,
    )


def buyer_unpaid_history(uow: UnitOfWork, buyer_id: int) -> UnpaidHistory:
    buyer = uow.people.buyer(buyer_id)
    if buyer is None:
        raise UnknownReference(f"buyer {buyer_id} does not exist", field="buyer_id")
    rules = uow.rules(buyer.market).orders
    since = uow.now - timedelta(days=rules.unpaid_history_days)
    timeouts = uow.orders.count_cancelled_since(buyer_id, CancelReason.UNPAID_TIMEOUT.value, since)
    open_unpaid = uow.orders.count_in_status(buyer_id, OrderStatus.UNPAID.value)
    return unpaid_history(timeouts, open_unpaid, rules)
