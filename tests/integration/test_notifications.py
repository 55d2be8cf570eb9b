"""Reminders reach buyers in the app, by e-mail over SMTP and by SMS over HTTP (R-UP-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pasar.adapters.email import SmtpSender
from pasar.adapters.sms import HttpSmsSender
from pasar.rules import rulebook_for
from pasar.services.marketplace import Marketplace
from tests.servers import sms_provider, smtp_server
from tests.support import Given

FIRST_REMINDER = rulebook_for("ID").orders.payment_reminders[0]


def test_r_up_2_reminder_by_email_over_smtp(given: Given, clock, marketplace: Marketplace) -> None:
    with smtp_server() as (port, inbox):
        mailing = Marketplace(
            marketplace.engine,
            clock,
            marketplace.settings,
            marketplace.gateway,
            email=SmtpSender("127.0.0.1", port, "Pasar <no-reply@pasar.test>"),
        )
        shop = given.shop()
        buyer = given.buyer(channel="email", email="dewi@example.com")
        order_id = given.order(buyer, shop.sku_ids[0])
        clock.advance(FIRST_REMINDER)
        report = mailing.work_once()
        mailing.work_once()
    assert report.notifications_sent == 1
    assert len(inbox) == 1
    assert inbox[0]["To"] == "dewi@example.com"
    assert inbox[0]["Subject"] == f"Complete your payment for order {order_id}"
    # The in-app copy is kept as well, and the e-mail row is marked sent
    assert [n.kind for n in given.notifications(buyer)] == ["payment_reminder"]
    (row,) = given.notifications(buyer, "email")
    assert row.status == "sent"
    # A stable Message-ID from the notification, on which a receiver can recognise a copy
    assert inbox[0]["Message-ID"] == f"<pasar-notification-{row.id}@pasar.test>"


def test_r_up_2_reminder_by_sms_retried_after_a_provider_failure(given: Given, clock, marketplace: Marketplace) -> None:
    with sms_provider(fail_first=1) as (url, received):
        settings = replace(marketplace.settings, delivery_backoff_seconds=[60])
        texting = Marketplace(
            marketplace.engine, clock, settings, marketplace.gateway, sms=HttpSmsSender(url, token="sms-key")
        )
        shop = given.shop()
        buyer = given.buyer(channel="sms", phone="+6281298765432")
        given.order(buyer, shop.sku_ids[0])
        clock.advance(FIRST_REMINDER)
        texting.work_once()  # the provider answers 503: kept pending with the error
        (pending,) = given.notifications(buyer, "sms")
        assert (pending.status, pending.attempts) == ("pending", 1) and "503" in pending.last_error
        clock.advance(timedelta(seconds=60))
        texting.work_once()
    assert len(received) == 1
    assert received[0]["to"] == "+6281298765432" and received[0]["auth"] == "Bearer sms-key"
    assert "waiting for payment" in received[0]["text"]
    (row,) = given.notifications(buyer, "sms")
    assert row.status == "sent" and row.attempts == 2
    assert received[0]["key"] == f"pasar-notification-{row.id}"  # the provider's Idempotency-Key header


def test_delivery_gives_up_after_the_configured_attempts_and_says_why(
    given: Given, clock, marketplace: Marketplace
) -> None:
    settings = replace(marketplace.settings, delivery_max_attempts=2, delivery_backoff_seconds=[1])
    unmailable = Marketplace(marketplace.engine, clock, settings, marketplace.gateway)  # no SMTP configured
    shop = given.shop()
    buyer = given.buyer(channel="email")
    given.order(buyer, shop.sku_ids[0])
    clock.advance(FIRST_REMINDER)
    unmailable.work_once()
    clock.advance(timedelta(seconds=1))
    unmailable.work_once()
    (row,) = given.notifications(buyer, "email")
    assert row.status == "failed" and "PASAR_SMTP_HOST" in row.last_error


def test_nothing_is_sent_for_a_rolled_back_transaction(given: Given, marketplace: Marketplace) -> None:
    """docs/design.md principle 4: events of a failed use case never reach the outbox."""
    shop = given.shop(stock=[1])
    buyer = given.buyer()
    try:
        with marketplace.uow() as uow:
            uow.emit(
                "order.payment_reminder", 1, {"order_id": 1, "buyer_id": buyer.buyer_id, "seq": 1, "minutes_left": 5}
            )
            raise RuntimeError("the use case failed")
    except RuntimeError:
        pass
    marketplace.work_once()
    assert given.notifications(buyer) == []
    assert shop.id
