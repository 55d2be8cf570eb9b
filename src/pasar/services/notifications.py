"""Outbox dispatch to buyers: in-app (stored), e-mail over SMTP, SMS over HTTP (DESIGN.md principle 4).

Dispatch turns committed events into notification rows in one transaction; delivery then sends
the e-mail and SMS ones, retrying with backoff. Nothing is sent for a rolled-back transaction,
because only committed events reach the outbox.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from pasar.domain.notifications import NotificationChannel, channels_for, message_for
from pasar.services.unit_of_work import UnitOfWork
from pasar.settings import Settings


class EmailSender(Protocol):
    def send(self, to: str, subject: str, body: str) -> None: ...


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


def dispatch_outbox(uow_factory: Callable[[], UnitOfWork], *, batch_size: int = 500) -> int:
    """Turn pending outbox events into notifications; returns the number of events dispatched."""
    with uow_factory() as uow:
        events = uow.outbox.claim_pending(batch_size)
        messages = [(event, message_for(event.topic, event.payload)) for event in events]
        buyer_ids = sorted({int(event.payload["buyer_id"]) for event, message in messages if message})
        buyers = uow.people.buyers(buyer_ids) if buyer_ids else {}
        rows: list[dict[str, Any]] = []
        for event, message in messages:
            if message is None:
                continue
            buyer = buyers.get(int(event.payload["buyer_id"]))
            if buyer is None:
                continue
            for channel in channels_for(buyer.notification_channel):
                in_app = channel is NotificationChannel.IN_APP
                rows.append(
                    {
                        "buyer_id": buyer.id,
                        "channel": channel.value,
                        "kind": message.kind,
                        "order_id": event.payload.get("order_id"),
                        "title": message.title,
                        "body": message.body,
                        "status": "sent" if in_app else "pending",
                        "attempts": 0,
                        "created_at": uow.now,
                        "sent_at": uow.now if in_app else None,
                        "next_attempt_at": None if in_app else uow.now,
                    }
                )
        uow.notifications.add(rows)
        uow.outbox.mark_dispatched([event.id for event in events], uow.now)
        return len(events)


class Deliverer:
    """Sends pending e-mail and SMS notifications through the configured adapters."""

    def __init__(self, settings: Settings, email: EmailSender | None, sms: SmsSender | None) -> None:
        self.settings, self.email, self.sms = settings, email, sms

    def deliver_due(self, uow_factory: Callable[[], UnitOfWork], *, batch_size: int = 200) -> int:
        with uow_factory() as uow:
            due = uow.notifications.due_for_delivery(uow.now, batch_size)
            if not due:
                return 0
            buyers = uow.people.buyers(sorted({row.buyer_id for row in due}))
            changes = [self._deliver(uow, row, buyers[row.buyer_id]) for row in due]
            uow.notifications.update_many(changes)
            return sum(1 for change in changes if change["status"] == "sent")

    def _deliver(self, uow: UnitOfWork, row: Any, buyer: Any) -> dict[str, Any]:
        try:
            self._send(row, buyer)
        except Exception as exc:  # any delivery failure is retried, then reported on the row
            return self._failed(uow, row, f"{type(exc).__name__}: {exc}"[:500])
        return {
            "notification_id": row.id,
            "status": "sent",
            "attempts": row.attempts + 1,
            "last_error": None,
            "next_attempt_at": None,
            "sent_at": uow.now,
        }

    def _send(self, row: Any, buyer: Any) -> None:
        if row.channel == NotificationChannel.EMAIL.value:
            if self.email is None:
                raise RuntimeError("no SMTP server is configured (PASAR_SMTP_HOST)")
            if not buyer.email:
                raise ValueError("the buyer has no e-mail address")
            self.email.send(buyer.email, row.title, row.body)
        elif row.channel == NotificationChannel.SMS.value:
            if self.sms is None:
                raise RuntimeError("no SMS provider is configured (PASAR_SMS_URL)")
            if not buyer.phone:
                raise ValueError("the buyer has no phone number")
            self.sms.send(buyer.phone, f"{row.title}. {row.body}")

    def _failed(self, uow: UnitOfWork, row: Any, error: str) -> dict[str, Any]:
        attempts = row.attempts + 1
        backoff = self.settings.delivery_backoff_seconds
        give_up = attempts >= self.settings.delivery_max_attempts
        retry_at = None if give_up else uow.now + timedelta(seconds=backoff[min(attempts, len(backoff)) - 1])
        return {
            "notification_id": row.id,
            "status": "failed" if give_up else "pending",
            "attempts": attempts,
            "last_error": error,
            "next_attempt_at": retry_at,
            "sent_at": None,
        }
