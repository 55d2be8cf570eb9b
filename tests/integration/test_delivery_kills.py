"""SMS through workers killed with SIGKILL, over and over: the delivery guarantee of docs/operations.md.

Three real ``pasar worker`` processes dispatch buyer notifications from the outbox and send them
to a local SMS provider while the test kills one of them 20 times: mostly while the provider holds
its request (the provider has the SMS; the worker has not recorded that it went out), the rest
anywhere in the delivery loop. Each victim is replaced at once, and new messages keep arriving
for as long as the killing lasts. The workers run on the system clock, so leases end in real time
(a short one, 2 s, through PASAR_DELIVERY_LEASE_SECONDS).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pasar.domain.principals import Principal
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.servers import SmsLog, sms_provider
from tests.support import Given
from tests.worker_fleet import (
    DELIVERING,
    SENDING_SMS,
    WorkerFleet,
    kill_mid_work,
    sms_activities,
    sms_rows,
    wait_until,
    worker_env,
)

KILLS = 20
BUYERS = 40
WAITING = 40  # messages kept waiting to be sent while the workers are being killed


def sms_statuses(marketplace: Marketplace) -> Counter[str]:
    n = tables.notifications
    with marketplace.uow(read_only=True) as uow:
        query = select(n.c.status, func.count()).where(n.c.channel == "sms").group_by(n.c.status)
        return Counter({status: count for status, count in uow.conn.execute(query)})


@contextmanager
def broadcasts_keep_coming(given: Given) -> Iterator[Counter[str]]:
    """Keep about WAITING messages for SMS buyers waiting (in the outbox or to be sent) until the
    block ends, so that the workers have work for as long as the killing lasts however fast they are.
    Yields a counter whose ``emitted`` is the number of messages put in the outbox."""
    buyers = [given.buyer(channel="sms", phone=f"+6281200{index:05d}") for index in range(BUYERS)]
    counts: Counter[str] = Counter()
    stop, failed = threading.Event(), []

    def feed() -> None:
        try:
            while not stop.is_set():
                settled = sum(sms_statuses(given.marketplace)[status] for status in ("sent", "failed"))
                if counts["emitted"] - settled < WAITING:
                    _broadcast(given, buyers, counts["emitted"], WAITING)
                    counts["emitted"] += WAITING
                stop.wait(0.1)
        except Exception as exc:
            failed.append(exc)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        yield counts
    finally:
        stop.set()
        feeder.join(30)
    assert not failed, failed


def _broadcast(given: Given, buyers: list[Principal], first: int, count: int) -> None:
    with given.marketplace.uow() as uow:
        for index in range(first, first + count):
            payload = {"buyer_id": buyers[index % BUYERS].buyer_id, "shop_name": "Toko Kilat", "text": f"News {index}"}
            uow.emit("crm.broadcast", None, payload)


def _run_with_kills(given: Given, env: dict[str, str], log_dir: Path, log: SmsLog) -> tuple[Counter[str], int]:
    with WorkerFleet(env, log_dir) as fleet:
        with broadcasts_keep_coming(given) as counts:
            caught = kill_mid_work(fleet, sms_activities(log), KILLS, rotate=[SENDING_SMS, SENDING_SMS, DELIVERING])
        # Once the killing stops, the survivors take over what the dead left behind, when its lease ends
        emitted = counts["emitted"]
        wait_until(lambda: sms_statuses(given.marketplace).keys() <= {"sent", "failed"}, 60, "every SMS settled", fleet)
    return caught, emitted


def _assert_each_kill_cost_at_most_one_send(marketplace: Marketplace, caught: Counter[str], emitted: int) -> list[Any]:
    sms = sms_rows(marketplace)
    assert len(sms) == emitted  # every message dispatched from the outbox once, kills or not
    assert caught.total() == KILLS and caught[SENDING_SMS] >= 1, caught
    interrupted = sum(row.interrupted_sends for row in sms)
    assert 1 <= interrupted <= KILLS  # a worker sends one notification at a time: a kill interrupts one
    return sms


@pytest.mark.slow
def test_with_a_provider_that_honours_keys_each_sms_reaches_its_buyer_once_through_20_kills(
    given: Given, database_url: str, tmp_path: Path
) -> None:
    with sms_provider(honour_keys=True, latency=0.015) as (url, log):
        # Sending an interrupted SMS again is harmless when the provider honours the key: allow plenty
        env = worker_env(database_url, url, PASAR_DELIVERY_INTERRUPTED_RETRIES="4")
        caught, emitted = _run_with_kills(given, env, tmp_path, log)
    sms = _assert_each_kill_cost_at_most_one_send(given.marketplace, caught, emitted)
    assert log.copies() == Counter({f"pasar-notification-{row.id}": 1 for row in sms})  # each reached its buyer once
    assert len(log.requests) > len(log)  # some were sent again after a kill, and the key kept them from the buyer
    assert [row for row in sms if row.status != "sent"] == []


@pytest.mark.slow
def test_with_a_provider_that_ignores_keys_no_sms_is_sent_more_than_twice_through_20_kills(
    given: Given, database_url: str, tmp_path: Path
) -> None:
    with sms_provider(latency=0.015) as (url, log):
        caught, emitted = _run_with_kills(given, worker_env(database_url, url), tmp_path, log)  # one resend at most
    sms = _assert_each_kill_cost_at_most_one_send(given.marketplace, caught, emitted)
    copies = log.copies()
    assert copies.keys() == {f"pasar-notification-{row.id}" for row in sms}  # every notification reached its buyer
    assert max(copies.values()) == 2  # a kill after the provider took one made a second copy, never a third
    assert copies.total() - len(sms) <= KILLS
    # A notification interrupted twice is not sent a third time: it is failed, saying why
    for row in sms:
        if row.status != "sent":
            assert (row.status, row.interrupted_sends) == ("failed", 2) and "interrupted" in row.last_error
