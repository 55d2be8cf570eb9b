"""One stuck request never stalls the server (both databases).

Another connection holds a lock (SQLite: ``BEGIN IMMEDIATE``, the single writer's lock; PostgreSQL: a
row lock, or a table lock where a read must wait). A request that needs it waits, in the thread pool;
meanwhile every other request is answered within 100 ms. Before the fix, an upload route and the pages'
error rendering ran their database work on the event loop, and one waiting request stopped them all.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

import httpx
import psycopg
import pytest
from sqlalchemy.engine import make_url

from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import after_sales, messaging
from pasar.services.marketplace import Marketplace
from pasar.store import database
from tests.e2e.conftest import World
from tests.support import Given
from tests.web_session import signed_in

ANSWER_WITHIN = 0.1  # seconds, for each request made while the other one waits
PROBES = 5
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WAITING_BACKENDS = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


@dataclass(frozen=True)
class Scene:
    case_id: int
    conversation_id: int
    seller_page: httpx.Client  # signed in to the Seller Centre with a session cookie, holding a form token


@pytest.fixture
def scene(world: World, given: Given, clock, marketplace: Marketplace, api_url: str) -> Iterator[Scene]:
    buyer = Principal(PrincipalKind.BUYER, "b1", buyer_id=world.buyer_id)
    order_id = given.delivered(clock, world.shop, buyer)
    with marketplace.uow() as uow:
        case_id = after_sales.open_case(uow, buyer, order_id, kind=CaseKind.REFUND_ONLY, reason=CaseReason.DEFECTIVE)
        conversation_id = messaging.open_conversation(uow, buyer, shop_id=world.shop.id, buyer_id=None)
    token = world.seller.headers["Authorization"].removeprefix("Bearer ")
    page = signed_in(api_url, token)  # holds a session cookie and the form token
    yield Scene(case_id, conversation_id, page)
    page.close()


def _evidence(world: World, scene: Scene) -> httpx.Response:
    return world.buyer.post(f"/v1/cases/{scene.case_id}/attachments", files={"file": ("a.png", PNG, "image/png")})


def _image(world: World, scene: Scene) -> httpx.Response:
    files = {"file": ("a.png", PNG, "image/png")}
    return world.buyer.post(f"/v1/conversations/{scene.conversation_id}/images", files=files)


def _proof_page(world: World, scene: Scene) -> httpx.Response:
    form = {"csrf_token": scene.seller_page.cookies["pasar_csrf"]}
    files = {"file": ("proof.png", PNG, "image/png")}
    return scene.seller_page.post(f"/seller/cases/{scene.case_id}/proof", data=form, files=files)


def _error_page(world: World, scene: Scene) -> httpx.Response:
    return scene.seller_page.get("/seller/orders?status=NO_SUCH_STATUS")  # refused; the error page reads the shop


@dataclass(frozen=True)
class Waiting:
    send: Callable[[World, Scene], httpx.Response]
    postgres_lock: str  # what another PostgreSQL connection holds (SQLite: the write lock)
    answered: tuple[int, ...]  # the status once the lock is released


WAITING = {
    "evidence-upload": Waiting(_evidence, "SELECT 1 FROM after_sales_cases WHERE id = {case} FOR UPDATE", (201,)),
    "image-message": Waiting(_image, "SELECT 1 FROM conversations WHERE id = {conversation} FOR UPDATE", (201,)),
    "proof-upload-page": Waiting(
        _proof_page, "SELECT 1 FROM after_sales_cases WHERE id = {case} FOR UPDATE", (303, 409, 422)
    ),
}


@contextmanager
def _locked(database_url: str, statement: str) -> Iterator[Callable[[], None]]:
    """Hold the lock until the block ends; yields a wait for the moment a request is blocked on it."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield _sqlite_writer_waiting
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as holder, psycopg.connect(plain, autocommit=True) as watcher:
        holder.execute(statement)

        def blocked() -> None:
            deadline = time.monotonic() + 20
            while watcher.execute(WAITING_BACKENDS).fetchone() == (0,):
                assert time.monotonic() < deadline, "the request never waited for the lock"
                time.sleep(0.01)

        try:
            yield blocked
        finally:
            holder.rollback()


def _sqlite_writer_waiting() -> None:
    """Until a thread of this process waits in SQLite's BEGIN IMMEDIATE (the engine's begin listener).

    SQLite cannot say who waits for its lock, so the threads' stacks are read instead.
    """
    deadline = time.monotonic() + 20
    while not any(_in_begin_listener(frame) for frame in sys._current_frames().values()):
        assert time.monotonic() < deadline, "the request never waited for the lock"
        time.sleep(0.01)


def _in_begin_listener(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "_on_begin" and frame.f_code.co_filename == database.__file__:
            return True
        frame = frame.f_back
    return False


def _answer_times(client: httpx.Client, path: str) -> list[float]:
    times = []
    for _ in range(PROBES):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append(time.perf_counter() - started)
    return times


def _others_answered_while(world: World, scene: Scene, database_url: str, waiting: Waiting) -> httpx.Response:
    """Hold the lock, send the waiting request, and time other requests while it waits; its answer."""
    statement = waiting.postgres_lock.format(case=scene.case_id, conversation=scene.conversation_id)
    prober = httpx.Client(base_url=str(world.anonymous.base_url), timeout=5)
    assert prober.get("/v1/health").status_code == 200  # connected before the clock starts
    with ThreadPoolExecutor(1) as pool:
        with _locked(database_url, statement) as blocked:
            stuck = pool.submit(waiting.send, world, scene)
            blocked()
            times = _answer_times(prober, "/v1/health")
            still_waiting = not stuck.done()
        answered = stuck.result(timeout=60)
    prober.close()
    assert still_waiting, "the request did not wait for the lock: the test proved nothing"
    assert max(times) < ANSWER_WITHIN, [f"{t * 1000:.0f} ms" for t in times]
    assert answered.status_code in waiting.answered, answered.text
    return answered


@pytest.mark.parametrize("name", sorted(WAITING))
def test_a_request_waiting_for_a_database_lock_does_not_delay_the_others(
    world: World, scene: Scene, database_url: str, name: str
) -> None:
    _others_answered_while(world, scene, database_url, WAITING[name])


# Only PostgreSQL can make a read wait (SQLite's readers never wait for its writer): with a table lock.
READING = {
    # A refused page: the error page reads the principal's shop to know the market.
    "error-page": Waiting(_error_page, "LOCK TABLE shops IN ACCESS EXCLUSIVE MODE", (422,)),
    # An upload page: the signed-in seller is read before the file.
    "proof-upload-page": Waiting(_proof_page, "LOCK TABLE api_tokens IN ACCESS EXCLUSIVE MODE", (303, 409, 422)),
}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("name", sorted(READING))
def test_a_page_waiting_to_read_does_not_delay_the_others(
    world: World, scene: Scene, database_url: str, name: str
) -> None:
    answered = _others_answered_while(world, scene, database_url, READING[name])
    assert "text/html" in answered.headers["content-type"]
