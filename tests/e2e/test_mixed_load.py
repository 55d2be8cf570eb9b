"""A bounded mixed load on real processes: no crash, no server error, no acknowledged write lost.

For ``PASAR_LOAD_SECONDS`` (60 by default), against ``pasar run`` on SQLite (the embedded default:
API and worker in one process) and ``pasar serve`` + ``pasar worker`` on PostgreSQL:

* readers walk every Seller Centre and console page and the score endpoints;
* writers place orders and pay them through the gateway's signed callback;
* the worker fires deadlines that fall due throughout the run (orders placed an hour earlier, so
  their unpaid timeouts and hold ends come due second by second);
* a ``pasar`` command opens the same store every few seconds.

Then the servers are stopped, and every order and payment they acknowledged must be in the store.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson
import pytest
from sqlalchemy import select

from pasar.clock import ManualClock
from pasar.domain.principals import PrincipalKind
from pasar.rules import rulebook_for
from pasar.services.auth import issue_token
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.pasar_processes import TEST_SECRETS, deleted_files, gateway_headers, pasar, running, stop
from tests.support import Given
from tests.web_session import signed_in

SECONDS = float(os.environ.get("PASAR_LOAD_SECONDS", "60"))
SELLER_PAGES = ["/seller", "/seller/orders", "/seller/unpaid", "/seller/cases", "/seller/inbox", "/seller/reviews"]
MORE_SELLER_PAGES = ["/seller/settings"]
OPERATOR_PAGES = ["/ops", "/ops/rules"]


@dataclass
class Tally:
    """What the clients saw; every request counts, whichever thread made it."""

    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)
    orders: set[int] = field(default_factory=set)
    paid: set[int] = field(default_factory=set)
    commands: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, response: httpx.Response) -> httpx.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.failures.append(f"{response.request.method} {response.request.url.path}: {response.status_code}")
            elif response.status_code >= 400:
                self.refused[f"{response.request.method} {response.request.url.path}: {response.text[:200]}"] += 1
        return response


@dataclass(frozen=True)
class World:
    shop_ids: list[int]
    sku_ids: list[int]
    buyer_tokens: list[str]
    seller_token: str
    operator_token: str
    timeouts: dict[int, datetime]  # unpaid orders placed earlier → when the worker must cancel them


def _seed(marketplace: Marketplace, clock: ManualClock, now: datetime) -> World:
    """Shops with deep stock, tokens, and orders placed up to an hour ago whose deadlines come due during the run."""
    given = Given(marketplace)
    shops = [given.shop(stock=[1_000_000, 1_000_000], price=15_000) for _ in range(2)]
    late_payers, payer = [given.buyer(), given.buyer()], given.buyer()
    writers = [given.buyer(), given.buyer()]  # no unpaid history: R-UP-6 never limits them
    with marketplace.uow() as uow:
        tokens = [
            issue_token(uow, kind=PrincipalKind.BUYER, name=f"load buyer {b.buyer_id}", buyer_id=b.buyer_id)
            for b in writers
        ]
        seller = issue_token(uow, kind=PrincipalKind.SELLER, name="load seller", shop_id=shops[0].id)
        operator = issue_token(uow, kind=PrincipalKind.OPERATOR, name="load operator")
    rules = rulebook_for("ID")
    timeouts: dict[int, datetime] = {}
    steps = int(SECONDS * 2)
    for step in range(steps):  # one unpaid timeout and one hold end every half second of the run
        placed_at = now - rules.orders.unpaid_timeout + timedelta(seconds=step / 2 + 2)
        clock.set(placed_at)
        order = given.order(late_payers[step % 2], shops[step % 2].sku_ids[0])
        timeouts[order] = placed_at + rules.orders.unpaid_timeout
        clock.set(now - rules.cancellation.hold + timedelta(seconds=step / 2 + 2))
        given.paid(payer, given.order(payer, shops[0].sku_ids[1]))
    clock.set(now)
    return World([s.id for s in shops], [s.sku_ids[0] for s in shops], tokens, seller, operator, timeouts)


def _loop(until: float, tally: Tally, work: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        while time.monotonic() < until:
            try:
                work()
            except httpx.HTTPError as exc:  # a dead or hung server shows up here
                request = getattr(exc, "_request", None)
                where = f"{request.method} {request.url.path}" if request is not None else "?"
                with tally.lock:
                    tally.failures.append(f"{where}: {type(exc).__name__}: {exc}")
                time.sleep(0.2)

    return run


def _reader(base: str, world: World, tally: Tally) -> Callable[[], None]:
    seller = signed_in(base, world.seller_token)
    operator = signed_in(base, world.operator_token)
    api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {world.seller_token}"}, timeout=60)
    anonymous = httpx.Client(base_url=base, timeout=60)
    pages = iter(range(10**9))

    def once() -> None:
        n = next(pages)
        page = (SELLER_PAGES + MORE_SELLER_PAGES)[n % 7]
        tally.saw(seller.get(page))
        tally.saw(operator.get(OPERATOR_PAGES[n % 2]))
        tally.saw(anonymous.get(f"/v1/shops/{world.shop_ids[n % 2]}/score"))
        tally.saw(anonymous.get(f"/shop/{world.shop_ids[n % 2]}"))
        tally.saw(api.get("/v1/seller/performance"))
        tally.saw(api.get(f"/v1/shops/{world.shop_ids[0]}/privileges"))

    return once


def _writer(base: str, world: World, tally: Tally, index: int) -> Callable[[], None]:
    token = world.buyer_tokens[index % 2]
    client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def once() -> None:
        cart = {"lines": [{"sku_id": world.sku_ids[index % 2], "quantity": 1}], "channel": "live"}
        placed = tally.saw(client.post("/v1/checkout", json=cart))
        if placed.status_code != 201:
            return
        order = int(placed.json()["orders"][0]["id"])
        with tally.lock:
            tally.orders.add(order)
        started = tally.saw(client.post(f"/v1/orders/{order}/payments", json={"method": "e_wallet"}))
        if started.status_code != 201:
            return
        body = orjson.dumps({"reference": started.json()["reference"], "outcome": "succeeded"})
        headers = gateway_headers(body)
        settled = tally.saw(client.post("/v1/payments/callback", content=body, headers=headers))
        if settled.status_code == 200 and settled.json()["status"] == "succeeded":
            with tally.lock:
                tally.paid.add(order)

    return once


def _commands(url: str, tally: Tally) -> Callable[[], None]:
    commands = iter(range(10**9))

    def once() -> None:
        if next(commands) % 2:
            result = pasar("analytics", "unpaid", "--db", url, "--json")
        else:
            result = pasar("cases", "--db", url, "--json")
        with tally.lock:
            tally.commands[result.returncode] += 1
            if result.returncode != 0:
                tally.failures.append(f"pasar command: {result.stderr.strip()[-300:]}")
        time.sleep(3)

    return once


@contextmanager
def _servers(url: str, tmp_path: Path) -> Iterator[list]:  # type: ignore[type-arg]
    """The embedded default on SQLite (one process); the production split on PostgreSQL."""
    with ExitStack() as stack:
        if url.startswith("sqlite"):
            yield [stack.enter_context(running("run", "--db", url, log=tmp_path / "run.log", env=TEST_SECRETS))]
            return
        server = stack.enter_context(running("serve", "--db", url, log=tmp_path / "serve.log"))
        worker = stack.enter_context(running("worker", "--db", url, log=tmp_path / "worker.log"))
        yield [server, worker]


@pytest.mark.slow
def test_mixed_load_loses_no_acknowledged_write_and_never_errs(
    marketplace: Marketplace, clock: ManualClock, database_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    world = _seed(marketplace, clock, now)
    marketplace.engine.dispose()
    tally = Tally()
    with _servers(database_url, tmp_path) as processes:
        base = processes[0].base_url
        until = time.monotonic() + SECONDS
        work = [_reader(base, world, tally) for _ in range(2)]
        work += [_writer(base, world, tally, i) for i in range(2)] + [_commands(database_url, tally)]
        threads = [threading.Thread(target=_loop(until, tally, w)) for w in work]
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            if database_url.startswith("sqlite"):
                assert deleted_files(processes[0].pid, Path(database_url.removeprefix("sqlite:///"))) == []
            time.sleep(1)
        stopped_at = datetime.now(UTC)
        assert all(process.alive() for process in processes), [p.output()[-2000:] for p in processes]
        assert [stop(process) for process in processes] == [0] * len(processes)
    summary = (
        f"{sum(tally.statuses.values())} requests {dict(sorted(tally.statuses.items()))}, "
        f"{len(tally.orders)} orders and {len(tally.paid)} payments acknowledged, "
        f"{sum(tally.commands.values())} commands; refused: {dict(tally.refused)}"
    )
    print(f"mixed load on {database_url.split(':')[0]}: {summary}")
    assert tally.failures == [], summary
    assert len(tally.orders) > 10 and len(tally.paid) > 10 and tally.commands[0] >= 3, summary
    with marketplace.engine.connect() as conn:
        orders = tables.orders
        stored = dict(
            conn.execute(select(orders.c.id, orders.c.paid_at).where(orders.c.id.in_(sorted(tally.orders)))).all()
        )
        due = [order for order, at in world.timeouts.items() if at < stopped_at - timedelta(seconds=5)]
        statuses = dict(conn.execute(select(orders.c.id, orders.c.status).where(orders.c.id.in_(due))).all())
    # Every order and payment the servers acknowledged is there after they stopped
    assert set(stored) == tally.orders
    assert all(stored[order] is not None for order in tally.paid)
    # and the worker cancelled every unpaid order whose timeout came during the run (R-UP-3)
    assert len(due) > SECONDS and set(statuses.values()) == {"CANCELLED"}
    if database_url.startswith("sqlite"):
        assert pasar("db", "check", "--db", database_url).returncode == 0
