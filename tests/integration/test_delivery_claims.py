"""E-mail and SMS are claimed before they are sent, so a dying worker repeats at most one (docs/design.md principle 7).

A worker killed mid-send is modelled in-process by a sender that raises a ``BaseException`` after
the provider has the message: nothing after it runs, as after a SIGKILL. The real kills, with
processes, are in tests/integration/test_delivery_kills.py.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from pasar.adapters.email import SmtpSender
from pasar.adapters.sms import HttpSmsSender
from pasar.domain.principals import Principal
from pasar.rules import rulebook_for
from pasar.services import deadlines
from pasar.services.marketplace import Marketplace
from pasar.services.notifications import dispatch_outbox
from pasar.settings import Settings
from tests.servers import sms_provider, smtp_server
from tests.support import Given

FIRST_REMINDER = rulebook_for("ID").orders.payment_reminders[0]
LEASE = timedelta(seconds=Settings.delivery_lease_seconds)
SECOND = timedelta(seconds=1)


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside the worker: nothing after it runs."""


class DiesAfterSending:
    """A sender whose worker dies the moment the provider has taken the message."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def send(self, *args: Any, idempotency_key: str) -> None:
        self.real.send(*args, idempotency_key=idempotency_key)
        raise WorkerDied


class HeldUntilReleased:
    """A sender that waits, mid-send, until the test lets it go on."""

    def __init__(self, real: Any) -> None:
        self.real, self.sending, self.release = real, threading.Event(), threading.Event()

    def send(self, *args: Any, idempotency_key: str) -> None:
        self.sending.set()
        assert self.release.wait(30)
        self.real.send(*args, idempotency_key=idempotency_key)


def _worker(marketplace: Marketplace, *, sms: Any = None, email: Any = None, **settings: Any) -> Marketplace:
    """Another worker on the same database and clock, with its own adapters."""
    return Marketplace(
        marketplace.engine,
        marketplace.clock,
        replace(marketplace.settings, **settings),
        marketplace.gateway,
        email,
        sms,
    )


def _reminders_due(given: Given, clock, buyers: list[Principal]) -> None:
    """One unpaid order per buyer whose first payment reminder is now waiting to be sent."""
    shop = given.shop(stock=[len(buyers)])
    for buyer in buyers:
        given.order(buyer, shop.sku_ids[0])
    clock.advance(FIRST_REMINDER)
    deadlines.sweep(given.marketplace.uow)
    dispatch_outbox(given.marketplace.uow)


def test_a_send_cut_short_by_a_dying_worker_goes_out_again_with_the_same_key_when_its_lease_ends(
    given: Given, clock, marketplace: Marketplace
) -> None:
    buyer = given.buyer(channel="sms")
    _reminders_due(given, clock, [buyer])
    with sms_provider(honour_keys=True) as (url, delivered):
        # Given a worker that dies once the provider has the SMS, before it can record that
        with pytest.raises(WorkerDied):
            _worker(marketplace, sms=DiesAfterSending(HttpSmsSender(url))).work_once()
        (row,) = given.notifications(buyer, "sms")
        assert (row.status, row.attempts, row.lease_until) == ("sending", 1, clock.now() + LEASE)
        survivor = _worker(marketplace, sms=HttpSmsSender(url))
        # When another worker looks before the lease ends, it leaves the notification alone
        clock.advance(LEASE - SECOND)
        assert survivor.deliverer.deliver_due(marketplace.uow) == 0
        # And once the lease has ended, it sends it again under the same key
        clock.advance(SECOND)
        assert survivor.deliverer.deliver_due(marketplace.uow) == 1
    assert [request["key"] for request in delivered.requests] == [f"pasar-notification-{row.id}"] * 2
    assert delivered.copies() == {f"pasar-notification-{row.id}": 1}  # the provider honoured the key
    (row,) = given.notifications(buyer, "sms")
    assert (row.status, row.attempts, row.interrupted_sends, row.lease_until) == ("sent", 2, 1, None)


def test_an_email_sent_again_after_an_interruption_keeps_its_message_id(
    given: Given, clock, marketplace: Marketplace
) -> None:
    """SMTP cannot refuse a copy, but a receiver can recognise one by its Message-ID."""
    buyer = given.buyer(channel="email", email="dewi@example.com")
    _reminders_due(given, clock, [buyer])
    with smtp_server() as (port, inbox):
        smtp = SmtpSender("127.0.0.1", port, "Pasar <no-reply@pasar.test>")
        with pytest.raises(WorkerDied):
            _worker(marketplace, email=DiesAfterSending(smtp)).work_once()
        clock.advance(LEASE)
        assert _worker(marketplace, email=smtp).deliverer.deliver_due(marketplace.uow) == 1
    (row,) = given.notifications(buyer, "email")
    assert [message["Message-ID"] for message in inbox] == [f"<pasar-notification-{row.id}@pasar.test>"] * 2
    assert (row.status, row.interrupted_sends) == ("sent", 1)


@pytest.mark.parametrize(("retries", "sends"), [(0, 1), (1, 2), (2, 3)])
def test_a_notification_is_sent_again_after_interruptions_only_as_often_as_configured(
    given: Given, clock, marketplace: Marketplace, retries: int, sends: int
) -> None:
    """PASAR_DELIVERY_INTERRUPTED_RETRIES bounds the copies a provider that ignores keys can deliver."""
    buyer = given.buyer(channel="sms")
    _reminders_due(given, clock, [buyer])
    with sms_provider() as (url, delivered):
        # Given workers that die mid-send, one after another, each after the last one's lease ran out
        dying = _worker(marketplace, sms=DiesAfterSending(HttpSmsSender(url)), delivery_interrupted_retries=retries)
        for _ in range(sends):
            with pytest.raises(WorkerDied):
                dying.deliverer.deliver_due(marketplace.uow)
            clock.advance(LEASE)
        # When a healthy worker finds the last send interrupted too, it does not send it once more
        survivor = _worker(marketplace, sms=HttpSmsSender(url), delivery_interrupted_retries=retries)
        assert survivor.deliverer.deliver_due(marketplace.uow) == 0
    assert len(delivered) == sends
    (row,) = given.notifications(buyer, "sms")
    assert (row.status, row.attempts, row.interrupted_sends) == ("failed", sends, sends)
    assert "interrupted" in row.last_error and "PASAR_DELIVERY_INTERRUPTED_RETRIES" in row.last_error


def test_interrupted_sends_count_towards_the_attempts_a_notification_gets(
    given: Given, clock, marketplace: Marketplace
) -> None:
    buyer = given.buyer(channel="sms")
    _reminders_due(given, clock, [buyer])
    limits = {"delivery_max_attempts": 2, "delivery_interrupted_retries": 5, "delivery_backoff_seconds": [1]}
    with sms_provider(fail_first=1) as (url, delivered):
        # Given a first attempt the provider refused, and a second one cut short by a dying worker
        assert _worker(marketplace, sms=HttpSmsSender(url), **limits).deliverer.deliver_due(marketplace.uow) == 0
        clock.advance(SECOND)
        with pytest.raises(WorkerDied):
            _worker(marketplace, sms=DiesAfterSending(HttpSmsSender(url)), **limits).work_once()
        # When its lease ends, the attempts are used up: it is not sent a third time
        clock.advance(LEASE)
        assert _worker(marketplace, sms=HttpSmsSender(url), **limits).deliverer.deliver_due(marketplace.uow) == 0
    (row,) = given.notifications(buyer, "sms")
    assert (row.status, row.attempts, row.interrupted_sends) == ("failed", 2, 1) and len(delivered) == 1
    assert "no attempts left after 2" in row.last_error


def test_no_transaction_is_open_while_sending_and_a_claimed_notification_is_left_to_its_worker(
    given: Given, clock, marketplace: Marketplace
) -> None:
    """Several workers never send the same notification at once, and a slow send blocks nobody."""
    first, second = (
        given.buyer(channel="sms", phone="+6281100000001"),
        given.buyer(channel="sms", phone="+6281100000002"),
    )
    _reminders_due(given, clock, [first, second])
    with sms_provider() as (url, delivered):
        held = HeldUntilReleased(HttpSmsSender(url))
        slow = threading.Thread(target=_worker(marketplace, sms=held).deliverer.deliver_due, args=(marketplace.uow,))
        slow.start()
        try:
            assert held.sending.wait(30)
            # While the first worker is mid-send, a second one takes the other notification only
            # (on SQLite it would wait for the write lock if the first held a transaction open)
            assert _worker(marketplace, sms=HttpSmsSender(url)).deliverer.deliver_due(marketplace.uow) == 1
            assert [message["to"] for message in delivered] == ["+6281100000002"]
        finally:
            held.release.set()
            slow.join(30)
    assert sorted(message["key"] for message in delivered) == sorted(
        f"pasar-notification-{given.notifications(buyer, 'sms')[0].id}" for buyer in (first, second)
    )
    assert [n.status for buyer in (first, second) for n in given.notifications(buyer, "sms")] == ["sent", "sent"]


def test_a_worker_whose_lease_ran_out_does_not_overwrite_the_newer_claim(
    given: Given, clock, marketplace: Marketplace, caplog: pytest.LogCaptureFixture
) -> None:
    buyer = given.buyer(channel="sms")
    _reminders_due(given, clock, [buyer])
    with sms_provider(fail_first=0) as (url, delivered):
        held = HeldUntilReleased(_FailsAlways())
        stale = threading.Thread(target=_worker(marketplace, sms=held).deliverer.deliver_due, args=(marketplace.uow,))
        stale.start()
        try:
            assert held.sending.wait(30)
            # Given the first worker's send outlasts its lease, and another worker sends it meanwhile
            clock.advance(LEASE)
            assert _worker(marketplace, sms=HttpSmsSender(url)).deliverer.deliver_due(marketplace.uow) == 1
        finally:
            with caplog.at_level(logging.WARNING, logger="pasar.delivery"):
                held.release.set()  # when the first worker's send then fails, that is not recorded
                stale.join(30)
    (row,) = given.notifications(buyer, "sms")
    assert (row.status, row.attempts, row.interrupted_sends, row.last_error) == ("sent", 2, 1, None)
    assert len(delivered) == 1 and "outlasted its lease" in caplog.text


class _FailsAlways:
    def send(self, *args: Any, idempotency_key: str) -> None:
        raise ConnectionError("the provider went away")
