"""Outbox dispatch to buyers: in-app (stored), e-mail over SMTP, SMS over HTTP (docs/design.md principle 4).

Dispatch turns committed events into notification rows in one transaction; delivery then sends
the e-mail and SMS ones, retrying with backoff. Nothing is sent for a rolled-back transaction,
because only committed events reach the outbox.

Delivery never holds a transaction open across a send. Each notification is claimed first (status
``sending`` with a lease, committed), sent, and its outcome recorded in a transaction of its own.
A worker that dies mid-send can therefore duplicate at most the one notification it was sending,
which is sent again, with the same idempotency key, once its lease has run out (docs/operations.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from pasar.domain.notifications import (
    DeliveryPolicy,
    NotificationChannel,
    channels_for,
    delivery_key,
    message_for,
)
from pasar.services.unit_of_work import UnitOfWork
from pasar.settings import Settings

log = logging.getLogger("pasar.delivery")
INTERRUPTED = "interrupted: the worker stopped before recording whether the send went out"


class EmailSender(Protocol):
    def send(self, to: str, subject: str, body: str, *, idempotency_key: str) -> None: ...


class SmsSender(Protocol):
    def send(self, to: str, text: str, *, idempotency_key: str) -> None: ...


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


@dataclass(frozen=True)
class Claim:
    """A notification this worker holds until ``lease_until``, with what it needs to send it."""

    id: int
    attempt: int
    channel: str
    title: str
    body: str
    email: str | None
    phone: str | None
    lease_until: datetime


class Deliverer:
    """Sends due e-mail and SMS notifications through the configured adapters, one claim at a time."""

    def __init__(self, settings: Settings, email: EmailSender | None, sms: SmsSender | None) -> None:
        self.settings, self.email, self.sms = settings, email, sms
        self.policy = DeliveryPolicy(
            settings.delivery_max_attempts,
            tuple(settings.delivery_backoff_seconds),
            settings.delivery_interrupted_retries,
        )

    def deliver_due(self, uow_factory: Callable[[], UnitOfWork], *, batch_size: int | None = None) -> int:
        """Claim, send and settle up to ``batch_size`` due notifications; returns how many went out."""
        sent = 0
        for _ in range(batch_size or self.settings.delivery_batch_size):
            claim = self._claim_next(uow_factory)
            if claim is None:
                break
            error = self._attempt(claim)  # outside any transaction: no lock is held while we wait
            with uow_factory() as uow:
                recorded = uow.notifications.settle(claim.id, claim.attempt, self._outcome(uow.now, claim, error))
                if not recorded or uow.now > claim.lease_until:
                    log.warning(
                        "notification %s: the send outlasted its lease (PASAR_DELIVERY_LEASE_SECONDS), "
                        "so another worker may have sent it as well",
                        claim.id,
                    )
            sent += error is None
        return sent

    def _claim_next(self, uow_factory: Callable[[], UnitOfWork]) -> Claim | None:
        """Claim the next due notification; give up on the ones interrupted too often on the way."""
        with uow_factory() as uow:
            while (row := uow.notifications.next_to_send(uow.now)) is not None:
                interrupted = row.status == "sending"  # its worker's lease ran out: outcome unknown
                if interrupted and not self.policy.resend_after_interruption(row.attempts, row.interrupted_sends):
                    uow.notifications.settle(row.id, row.attempts, self._given_up(row))
                    continue
                lease_until = uow.now + timedelta(seconds=self.settings.delivery_lease_seconds)
                uow.notifications.claim(row.id, lease_until, interrupted=interrupted)
                return Claim(
                    row.id, row.attempts + 1, row.channel, row.title, row.body, row.email, row.phone, lease_until
                )
        return None

    def _attempt(self, claim: Claim) -> str | None:
        """Send; returns None when the provider took it, else the error to record."""
        try:
            self._send(claim)
        except Exception as exc:  # any delivery failure is retried, then reported on the row
            return f"{type(exc).__name__}: {exc}"[:500]
        return None

    def _send(self, claim: Claim) -> None:
        key = delivery_key(claim.id)
        if claim.channel == NotificationChannel.EMAIL.value:
            if self.email is None:
                raise RuntimeError("no SMTP server is configured (PASAR_SMTP_HOST)")
            if not claim.email:
                raise ValueError("the buyer has no e-mail address")
            self.email.send(claim.email, claim.title, claim.body, idempotency_key=key)
        elif claim.channel == NotificationChannel.SMS.value:
            if self.sms is None:
                raise RuntimeError("no SMS provider is configured (PASAR_SMS_URL)")
            if not claim.phone:
                raise ValueError("the buyer has no phone number")
            self.sms.send(claim.phone, f"{claim.title}. {claim.body}", idempotency_key=key)

    def _outcome(self, now: datetime, claim: Claim, error: str | None) -> dict[str, Any]:
        if error is None:
            return {"status": "sent", "last_error": None, "next_attempt_at": None, "sent_at": now}
        retry_in = self.policy.retry_delay(claim.attempt)
        return {
            "status": "failed" if retry_in is None else "pending",
            "last_error": error,
            "next_attempt_at": None if retry_in is None else now + retry_in,
            "sent_at": None,
        }

    def _given_up(self, row: Any) -> dict[str, Any]:
        interrupted = row.interrupted_sends + 1
        why = (
            f"no attempts left after {row.attempts}"
            if row.attempts >= self.policy.max_attempts
            else "the buyer may have it already (PASAR_DELIVERY_INTERRUPTED_RETRIES)"
        )
        return {
            "status": "failed",
            "interrupted_sends": interrupted,
            "last_error": f"{INTERRUPTED} ({interrupted} such sends); not sent again: {why}",
            "next_attempt_at": None,
        }
