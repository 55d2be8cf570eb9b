"""Benchmark: order placement over HTTP on PostgreSQL (docs/design.md: ≥ 300 req/s with p99 ≤ 100 ms, 2 cores).

The real server is started as an operator would start it. ``pasar serve`` runs one process and refuses
``--workers`` > 1 ("run several `pasar serve` processes behind a proxy instead"), so by default two
``pasar serve`` processes run on ports of their own and the load generator spreads its connections evenly
over them, standing in for the proxy (``--server uvicorn-workers`` runs ``uvicorn --factory --workers 2``
instead, the application built from the environment exactly as ``pasar serve`` builds it). A closed-loop
load generator keeps N keep-alive connections busy with ``POST /v1/checkout`` (one order of one SKU, the
next buyer's bearer token each time) for a fixed time after a warm-up, and reports requests/s, latency
percentiles, and the CPU each checkout costs in the servers, in PostgreSQL and in the load generator.
Any response other than 2xx fails the run, and so does an order count that differs from the 2xx count.

Baseline, measured in the same run with the same load generator and the same uvicorn settings: a
minimal ASGI application (no framework) whose checkout endpoint runs the same statements as Pasar's
(token lookup, buyer, SKU, unpaid-history and stock reads, stock reservation, order, line, history,
deadline and outbox rows, one commit) through async psycopg.

The load generator, the servers and PostgreSQL share the machine's cores. Run with ``make bench`` (or
``python benchmarks/checkout_http.py --help``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import argparse
import asyncio
import hashlib
import math
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from common import POSTGRES_ADMIN_URL, console, machine
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import create_engine, text

from pasar.store.database import make_engine, normalise_url
from pasar.store.migrate import upgrade

TARGET_RATE = 300.0
TARGET_P99_MS = 100.0
SKUS = 100
STOCK_PER_SKU = 100_000_000
APP_MODULE = "bench_http_apps"  # the name uvicorn imports this file under (a link in a temporary directory)


# --- the two applications (built by uvicorn's --factory) ------------------------------------------
def pasar_app() -> Any:
    """Pasar's FastAPI application, built from the environment as ``pasar serve`` builds it."""
    from pasar.api.app import create_app
    from pasar.services.marketplace import Marketplace
    from pasar.settings import Settings

    return create_app(Marketplace.from_settings(Settings.from_env()))


def baseline_app() -> Any:
    return BaselineApp(os.environ["PASAR_DATABASE_URL"])


class _Pool:
    """Async psycopg connections, opened on demand up to ``size`` per worker process."""

    def __init__(self, url: str, size: int) -> None:
        self.url, self.size, self.opened = url, size, 0
        self.idle: asyncio.Queue[Any] = asyncio.Queue()

    async def get(self) -> Any:
        import psycopg

        if self.idle.empty() and self.opened < self.size:
            self.opened += 1
            return await psycopg.AsyncConnection.connect(self.url)
        return await self.idle.get()

    async def close(self) -> None:
        while not self.idle.empty():
            await self.idle.get_nowait().close()


class _Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


class BaselineApp:
    """The smallest honest server for the same request: raw ASGI, async psycopg, the same statements."""

    def __init__(self, url: str, pool_size: int = 16) -> None:
        self.pool = _Pool(normalise_url(url).replace("postgresql+psycopg", "postgresql"), pool_size)
        self.rules: dict[str, Any] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await self.pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        try:
            if scope["path"] == "/v1/health":
                status, payload = 200, await self._health()
            elif scope["path"] == "/v1/checkout" and scope["method"] == "POST":
                status, payload = 201, await self._checkout(dict(scope["headers"]).get(b"authorization", b""), body)
            else:
                raise _Refused(404, "not found")
        except _Refused as refused:
            status, payload = refused.status, {"detail": refused.detail}
        content = orjson.dumps(payload)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _health(self) -> dict[str, str]:
        conn = await self.pool.get()
        try:
            await conn.execute("SELECT 1")
            await conn.rollback()
        finally:
            self.pool.idle.put_nowait(conn)
        return {"status": "ok"}

    def _rules(self, market: str) -> Any:
        if market not in self.rules:
            from pasar.rules import rulebook_for

            self.rules[market] = rulebook_for(market)
        return self.rules[market]

    async def _checkout(self, authorization: bytes, body: bytes) -> dict[str, Any]:
        scheme, _, token = authorization.decode().partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise _Refused(401, "this endpoint needs a bearer token")
        try:
            data = orjson.loads(body)
            lines = sorted((int(line["sku_id"]), int(line["quantity"])) for line in data["lines"])
            channel = str(data["channel"])
        except (ValueError, KeyError, TypeError):
            raise _Refused(422, "malformed cart") from None
        if not lines or any(quantity < 1 for _, quantity in lines):
            raise _Refused(422, "malformed cart")
        conn = await self.pool.get()
        try:
            order = await self._place(conn, hashlib.sha256(token.encode()).hexdigest(), lines, channel)
            await conn.commit()
            return {"orders": [order]}
        except BaseException:
            await conn.rollback()
            raise
        finally:
            self.pool.idle.put_nowait(conn)

    async def _place(self, conn: Any, token_hash: str, lines: list[tuple[int, int]], channel: str) -> dict[str, Any]:
        now = datetime.now(UTC)
        cur = conn.cursor()
        await cur.execute("SELECT kind, buyer_id FROM api_tokens WHERE token_hash = %s", (token_hash,))
        principal = await cur.fetchone()
        if principal is None or principal[0] != "buyer":
            raise _Refused(401, "the bearer token is not valid for a buyer")
        buyer_id = principal[1]
        await cur.execute("SELECT market FROM buyers WHERE id = %s", (buyer_id,))
        (market,) = await cur.fetchone()
        rules = self._rules(market)
        sku_ids = [sku for sku, _ in lines]
        await cur.execute(
            "SELECT skus.id, skus.price, products.id, products.category_id, products.status, shops.id, shops.market, "
            "shops.status FROM skus JOIN products ON products.id = skus.product_id "
            "JOIN shops ON shops.id = products.shop_id WHERE skus.id = ANY(%s)",
            (sku_ids,),
        )
        catalogue = {row[0]: row for row in await cur.fetchall()}
        for sku in sku_ids:
            row = catalogue.get(sku)
            if row is None or row[4] != "live" or row[7] != "active" or row[6] != market:
                raise _Refused(422, f"SKU {sku} is not for sale")
        if len({catalogue[sku][5] for sku in sku_ids}) != 1:
            raise _Refused(422, "the baseline places carts of one shop only")
        await cur.execute(
            "SELECT count(*) FROM orders WHERE buyer_id = %s AND cancel_reason = 'UNPAID_TIMEOUT' "
            "AND cancelled_at > %s",
            (buyer_id, now - timedelta(days=rules.orders.unpaid_history_days)),
        )
        if (await cur.fetchone())[0] >= rules.orders.habitual_nonpayer_threshold:
            raise _Refused(409, "too many unpaid orders")
        await cur.execute(
            "SELECT stock.sku_id, stock.warehouse_id, warehouses.kind, stock.on_hand - stock.reserved "
            "FROM stock JOIN warehouses ON warehouses.id = stock.warehouse_id WHERE stock.sku_id = ANY(%s) "
            "ORDER BY stock.sku_id, stock.warehouse_id",
            (sku_ids,),
        )
        candidates: dict[int, list[tuple[Any, ...]]] = {}
        for row in await cur.fetchall():
            candidates.setdefault(row[0], []).append(row)
        warehouse_of: dict[int, tuple[int, bool]] = {}
        for sku, quantity in lines:
            for _, warehouse, kind, available in sorted(
                candidates.get(sku, []), key=lambda r: (r[2] != "platform", r[1])
            ):
                if available >= quantity:
                    await cur.execute(
                        "UPDATE stock SET reserved = reserved + %s WHERE sku_id = %s AND warehouse_id = %s "
                        "AND on_hand - reserved >= %s",
                        (quantity, sku, warehouse, quantity),
                    )
                    if cur.rowcount == 1:
                        warehouse_of[sku] = (warehouse, kind == "platform")
                        break
            else:
                raise _Refused(409, f"SKU {sku} is out of stock")
        shop_id = catalogue[sku_ids[0]][5]
        total = sum(catalogue[sku][1] * quantity for sku, quantity in lines)
        fulfilment = "platform" if all(platform for _, platform in warehouse_of.values()) else "seller"
        currency = rules.market.currency
        await cur.execute(
            "INSERT INTO orders (shop_id, buyer_id, market, status, channel, fulfilment_type, currency, total_amount, "
            "placed_at, updated_at) VALUES (%s, %s, %s, 'UNPAID', %s, %s, %s, %s, %s, %s) RETURNING id",
            (shop_id, buyer_id, market, channel, fulfilment, currency, total, now, now),
        )
        (order_id,) = await cur.fetchone()
        await cur.executemany(
            "INSERT INTO order_lines (order_id, sku_id, warehouse_id, product_id, category_id, quantity, unit_price, "
            "amount) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (order_id, sku, warehouse_of[sku][0], *catalogue[sku][2:4], q, catalogue[sku][1], catalogue[sku][1] * q)
                for sku, q in lines
            ],
        )
        await cur.execute(
            "INSERT INTO order_history (order_id, at, actor, actor_id, event, from_status, to_status, reason) "
            "VALUES (%s, %s, 'buyer', %s, 'place', NULL, 'UNPAID', %s)",
            (order_id, now, str(buyer_id), f"placed from {channel}"),
        )
        due = [("payment_reminder", seq, now + offset) for seq, offset in enumerate(rules.orders.payment_reminders, 1)]
        due.append(("unpaid_timeout", 0, now + rules.orders.unpaid_timeout))
        await cur.execute(
            "INSERT INTO deadlines (subject_type, subject_id, kind, seq, due_at, status) VALUES "
            + ", ".join(["('order', %s, %s, %s, %s, 'pending')"] * len(due)),
            [value for kind, seq, at in due for value in (order_id, kind, seq, at)],
        )
        payload = {"order_id": order_id, "shop_id": shop_id, "buyer_id": buyer_id, "total_amount": total}
        payload |= {"currency": currency, "channel": channel}
        await cur.execute(
            "INSERT INTO outbox (topic, subject_id, payload, created_at) VALUES ('order.placed', %s, %s, %s)",
            (order_id, orjson.dumps(payload).decode(), now),
        )
        return {
            "id": order_id,
            "shop_id": shop_id,
            "total_amount": total,
            "currency": currency,
            "fulfilment_type": fulfilment,
        }


# --- database --------------------------------------------------------------------------------------
@contextmanager
def bench_database(label: str) -> Iterator[str]:
    """A fresh PostgreSQL database migrated as the app does (``pasar db upgrade``); dropped afterwards."""
    admin = create_engine(normalise_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT")
    name = f"bench_http_{os.getpid()}_{label}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(POSTGRES_ADMIN_URL).rsplit("/", 1)[0] + f"/{name}"
    try:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, buyers: int) -> tuple[list[int], list[str]]:
    """One shop, ``SKUS`` SKUs with ample stock, and ``buyers`` buyers each with an API token."""
    from pasar.domain.principals import PrincipalKind
    from pasar.services import catalogue
    from pasar.services.auth import issue_token
    from pasar.services.buyers import register_buyer
    from pasar.services.marketplace import Marketplace
    from pasar.settings import Settings

    market = Marketplace.from_settings(Settings(database_url=url))
    with market.uow() as uow:
        uow.catalogue.ensure_category("fashion", "Fashion")
        shop = catalogue.create_shop(uow, ref="bench", name="Bench shop", market="ID")
        skus = [catalogue.NewSku(f"S{i}", f"S{i}", 10_000 + i, STOCK_PER_SKU) for i in range(SKUS)]
        product = catalogue.create_product(
            uow, shop_id=shop, category="fashion", title="Bench", description="", skus=skus
        )
        sku_ids = [row.id for row in uow.catalogue.skus_of([product])]
        tokens = []
        for i in range(buyers):
            buyer = register_buyer(uow, name=f"b{i}", market="ID")
            tokens.append(issue_token(uow, kind=PrincipalKind.BUYER, name=f"b{i}", buyer_id=buyer))
    with market.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    market.engine.dispose()
    return sku_ids, tokens


def count_orders(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        count = int(conn.exec_driver_sql("SELECT count(*) FROM orders").scalar_one())
    engine.dispose()
    return count


# --- the server ------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    ports: list[int]
    pids: list[int]
    commands: list[str]


@contextmanager
def serve(app: str, url: str, mode: str, workers: int) -> Iterator[Server]:
    """Start the server as an operator would, wait until it answers, stop it afterwards.

    ``processes``: ``workers`` single-process servers on ports of their own, as ``pasar serve`` asks for
    (it refuses ``--workers`` > 1: "run several `pasar serve` processes behind a proxy"); the load
    generator spreads its connections evenly over them, standing in for the proxy.
    ``uvicorn-workers``: one ``uvicorn --factory --workers N``; the kernel hands each new connection to
    whichever worker process accepts it first.
    Both apps get uvicorn's defaults otherwise (asyncio, h11, log level info with the access log, as
    ``pasar serve`` runs it), ``PASAR_DATABASE_URL`` naming the benchmark's database, and a random
    ``PASAR_GATEWAY_SECRET`` unless one is set (``pasar serve`` refuses to start without a real secret).
    """
    environment = {
        **os.environ,
        "PASAR_DATABASE_URL": url,
        "PASAR_GATEWAY_SECRET": os.environ.get("PASAR_GATEWAY_SECRET") or secrets.token_urlsafe(32),
    }
    directory = Path(tempfile.mkdtemp(prefix="bench_http_"))
    (directory / f"{APP_MODULE}.py").symlink_to(Path(__file__).resolve())
    binaries = Path(sys.executable).parent
    processes: list[subprocess.Popen[bytes]] = []
    server = Server([], [], [])
    try:
        for index in range(workers if mode == "processes" else 1):
            port = _free_port()
            where = ["--host", "127.0.0.1", "--port", str(port)]
            if app == "pasar" and mode == "processes":
                shown = ["pasar", "serve", *where]
                argv = [str(binaries / "pasar"), "serve", *where]
            else:
                spread = ["--workers", str(workers)] if mode == "uvicorn-workers" else []
                shown = ["uvicorn", "--factory", f"{APP_MODULE}:{app}_app", *where, *spread]
                argv = [str(binaries / "uvicorn"), *shown[1:], "--app-dir", str(directory)]
            with (directory / f"server-{index}.log").open("w") as log:
                processes.append(
                    subprocess.Popen(
                        argv,
                        env=environment,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            server.ports.append(port)
            server.pids.append(processes[-1].pid)
            server.commands.append(" ".join(shown))
        for index, (process, port) in enumerate(zip(processes, server.ports, strict=True)):
            _wait_until_up(process, port, directory / f"server-{index}.log")
        yield server
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(directory, ignore_errors=True)


def _wait_until_up(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}:\n{log.read_text()}")
        with suppress(OSError), urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer within 90 s:\n{log.read_text()}")


# --- CPU accounting (Linux /proc) -----------------------------------------------------------------
def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _backends(database: str) -> list[int]:
    """The PostgreSQL backends connected to ``database``, found by their process title."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                title = (entry / "cmdline").read_bytes()
                if title.startswith(b"postgres: ") and f" {database} ".encode() in title:
                    pids.append(int(entry.name))
    return pids


@dataclass
class CpuProbe:
    """CPU used in the measured window by the uvicorn workers, by the PostgreSQL backends of the benchmark's
    database (sampled every 0.2 s: a backend opened and closed between two samples is missed) and by this
    load generator; and the PostgreSQL connections opened meanwhile."""

    server_pids: list[int]
    database: str
    start: dict[tuple[str, int], float] = field(default_factory=dict)
    seen: dict[tuple[str, int], float] = field(default_factory=dict)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (checkouts answered, sessions opened so far)

    def _times(self) -> dict[tuple[str, int], float]:
        servers = [*self.server_pids, *(child for pid in self.server_pids for child in _children(pid))]
        times = {("server", pid): _cpu_seconds(pid) for pid in servers}
        times |= {("database", pid): _cpu_seconds(pid) for pid in _backends(self.database)}
        times[("load", 0)] = time.process_time()
        return times

    def sample(self) -> None:
        self.seen.update(self._times())

    def mark(self, checkouts: int) -> None:
        """Called at the start and at the end of the measured window."""
        import psycopg

        admin = normalise_url(POSTGRES_ADMIN_URL).replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(admin, autocommit=True) as conn:
            row = conn.execute("SELECT sessions FROM pg_stat_database WHERE datname = %s", (self.database,)).fetchone()
        self.sample()
        if not self.marks:
            self.start = dict(self.seen)
        self.marks.append((checkouts, int(row[0]) if row else 0))

    def per_checkout(self) -> dict[str, float]:
        """CPU ms per checkout answered in the window, by part; and PostgreSQL connections opened."""
        (first, sessions_before), (last, sessions_after) = self.marks
        checkouts = max(last - first, 1)
        cpu = {part: 0.0 for part in ("server", "database", "load")}
        workers = []
        for (part, pid), seconds in self.seen.items():
            cpu[part] += 1000 * (seconds - self.start.get((part, pid), 0.0)) / checkouts
            if part == "server":
                workers.append(seconds - self.start.get((part, pid), 0.0))
        busiest = max(workers) / sum(workers) if sum(workers) else 0.0
        return cpu | {"connections": float(sessions_after - sessions_before), "busiest": busiest}


# --- the load generator ----------------------------------------------------------------------------
@dataclass
class Result:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, requests completed in the measured window
    succeeded: int = 0  # 2xx over the whole run, warm-up included
    failed: int = 0  # non-2xx or broken connections, warm-up included
    failures: list[str] = field(default_factory=list)
    cpu_ms: dict[str, float] = field(default_factory=dict)  # CPU per checkout in the measured window, by part

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile_ms(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]  # nearest rank


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> tuple[int, bytes]:
    """One HTTP/1.1 request on a keep-alive connection; (status, body)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
        elif name.strip().lower() == b"transfer-encoding":
            raise RuntimeError("chunked responses are not expected")
    return status, await reader.readexactly(length)


@dataclass
class _Clients:
    """The load's clients: each keeps a connection open and checks out one SKU after another."""

    tokens: list[str]
    sku_ids: list[int]
    per_connection: int
    measure_from: float
    stop_at: float
    result: Result
    issued: int = 0
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def request(self, port: int) -> bytes:
        token = self.tokens[self.issued % len(self.tokens)]
        self.issued += 1
        body = orjson.dumps({"lines": [{"sku_id": self.rng.choice(self.sku_ids), "quantity": 1}], "channel": "live"})
        return (
            f"POST /v1/checkout HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    def failure(self, what: str) -> None:
        self.result.failed += 1
        self.result.failures = [*self.result.failures[:9], what]

    async def client(self, port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        exchanged, broken = 0, False
        try:
            while time.perf_counter() < self.stop_at:
                if (
                    broken or exchanged == self.per_connection
                ):  # a new connection now and then, as clients and proxies do
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    exchanged, broken = 0, False
                exchanged += 1
                sent = time.perf_counter()
                try:
                    status, body = await _exchange(reader, writer, self.request(port))
                except (OSError, asyncio.IncompleteReadError, RuntimeError) as error:
                    self.failure(f"{type(error).__name__}: {error}")
                    broken = True
                    continue
                done = time.perf_counter()
                if 200 <= status < 300:
                    self.result.succeeded += 1
                    if self.measure_from <= done <= self.stop_at:
                        self.result.latencies.append(done - sent)
                else:
                    self.failure(f"{status}: {body[:300].decode(errors='replace')}")
        finally:
            writer.close()


async def _load(
    ports: list[int],
    tokens: list[str],
    sku_ids: list[int],
    connections: int,
    warmup: float,
    duration: float,
    label: str,
    probe: CpuProbe,
    per_connection: int,
) -> Result:
    start = time.perf_counter()
    measure_from, stop_at = start + warmup, start + warmup + duration
    result = Result(seconds=duration)
    load = _Clients(tokens, sku_ids, per_connection, measure_from, stop_at, result)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[status]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=warmup + duration, status="warming up")
        clients = asyncio.gather(*(load.client(ports[i % len(ports)]) for i in range(connections)))
        boundaries = [measure_from, stop_at, math.inf]
        while not clients.done():
            now = time.perf_counter()
            if now >= boundaries[len(probe.marks)]:
                await asyncio.to_thread(probe.mark, result.succeeded)
            elif len(probe.marks) == 1:
                probe.sample()
            rate = f"{len(result.latencies) / (now - measure_from):,.0f} req/s" if now > measure_from else "warming up"
            progress.update(
                task, completed=min(now - start, warmup + duration), status=f"{rate}, {result.failed} failed"
            )
            await asyncio.wait([clients], timeout=max(0.001, min(0.2, boundaries[len(probe.marks)] - now)))
        clients.result()
    if len(probe.marks) == 2:
        result.cpu_ms = probe.per_checkout()
    return result


def measure(app: str, label: str, options: argparse.Namespace) -> tuple[Result, Server]:
    with bench_database(app) as url:
        sku_ids, tokens = seed(url, options.buyers)
        with serve(app, url, options.server, options.workers) as server:
            load = _load(
                server.ports,
                tokens,
                sku_ids,
                options.connections,
                options.warmup,
                options.duration,
                f"{label} ({options.connections} connections)",
                CpuProbe(server.pids, url.rsplit("/", 1)[1]),
                options.requests_per_connection,
            )
            result = asyncio.run(load)
        orders = count_orders(url)
    if result.failed == 0 and orders != result.succeeded:
        raise SystemExit(f"{label}: {result.succeeded} checkouts answered 2xx but {orders} orders were written")
    return result, server


# --- report ----------------------------------------------------------------------------------------
def report(ours: Result, baseline: Result, options: argparse.Namespace, load: str) -> None:
    reconnect = f"new connection every {options.requests_per_connection}" if options.requests_per_connection else ""
    table = Table(
        title=f"HTTP benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}",
        caption=f"POST /v1/checkout on PostgreSQL, {options.connections} connections ({reconnect or 'kept'}), "
        f"{options.workers} {'server processes' if options.server == 'processes' else 'uvicorn workers'}; {load}",
    )
    for column in ("measure", "Pasar", "baseline", "Pasar ÷ baseline", "target", "met"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    met_rate = ours.rate >= TARGET_RATE
    table.add_row(
        "checkouts /s",
        f"{ours.rate:,.0f}",
        f"{baseline.rate:,.0f}",
        f"{ours.rate / baseline.rate:.2f}",
        f"≥ {TARGET_RATE:,.0f}/s",
        "yes" if met_rate else "NO",
    )
    for p in (50, 95, 99):
        a, b = ours.percentile_ms(p), baseline.percentile_ms(p)
        target, met = ("", "") if p != 99 else (f"≤ {TARGET_P99_MS:.0f} ms", "yes" if a <= TARGET_P99_MS else "NO")
        table.add_row(f"p{p} latency, ms", f"{a:,.1f}", f"{b:,.1f}", f"{a / b:.2f}", target, met)
    clean = "yes" if ours.failed == baseline.failed == 0 else "NO"
    table.add_row("non-2xx responses", str(ours.failed), str(baseline.failed), "", "0", clean)
    names = {"server": "server processes", "database": "PostgreSQL backends", "load": "load generator"}
    if ours.cpu_ms and baseline.cpu_ms:
        for part, name in names.items():
            a, b = ours.cpu_ms[part], baseline.cpu_ms[part]
            table.add_row(f"CPU per checkout, {name}, ms", f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}", "", "")
        a, b = (sum(result.cpu_ms[part] for part in names) for result in (ours, baseline))
        table.add_row("CPU per checkout, all three, ms", f"{a:.2f}", f"{b:.2f}", f"{a / b:.2f}", "", "")
        a, b = ours.cpu_ms["busiest"], baseline.cpu_ms["busiest"]
        table.add_row("busiest server process's share of servers' CPU", f"{a:.0%}", f"{b:.0%}", "", "", "")
        a, b = ours.cpu_ms["connections"], baseline.cpu_ms["connections"]
        table.add_row("PostgreSQL connections opened", f"{a:,.0f}", f"{b:,.0f}", "", "", "")
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (closed loop)")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds per server")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds of load first")
    parser.add_argument("--workers", type=int, default=2, help="server processes (or uvicorn workers)")
    parser.add_argument(
        "--server",
        choices=["processes", "uvicorn-workers"],
        default="processes",
        help="processes: N single-process servers (`pasar serve`), connections spread evenly over them, as a proxy "
        "would; uvicorn-workers: one `uvicorn --factory --workers N` sharing one port",
    )
    parser.add_argument("--buyers", type=int, default=1000, help="buyers, each with an API token, taken in turn")
    parser.add_argument(
        "--requests-per-connection",
        type=int,
        default=0,
        help="requests before a connection is replaced by a new one (default 0: kept for the whole run)",
    )
    args = parser.parse_args()
    results = {}
    load = "load average before the runs: " + " ".join(f"{value:.1f}" for value in os.getloadavg())
    for app, label in (("pasar", "Pasar"), ("baseline", "baseline")):
        result, server = measure(app, label, args)
        results[label] = result
        console.print(
            f"{label}: {len(result.latencies):,} checkouts in {args.duration:g} s after {args.warmup:g} s of warm-up; "
            f"server: {' & '.join(f'[bold]{command}[/bold]' for command in server.commands)}"
        )
    if args.server == "processes":
        how = (
            f"{args.workers} server processes on ports of their own (`pasar serve` refuses --workers > 1 and asks for "
            f"several processes behind a proxy); the load generator spreads its connections evenly over them"
        )
    else:
        how = f"one uvicorn with {args.workers} worker processes sharing one port"
    console.print(
        f"Servers: {how}; uvicorn's defaults (asyncio, h11, access log) for both apps; PASAR_DATABASE_URL names a "
        f"fresh database. The load generator (one asyncio process), the servers and PostgreSQL share the "
        f"{os.cpu_count()} cores of this machine."
    )
    ours, baseline = results["Pasar"], results["baseline"]
    report(ours, baseline, args, load)
    for label, result in results.items():
        if result.failed:
            console.print(f"[red]{label}: {result.failed} request(s) failed[/red], e.g.:")
            for failure in result.failures[:5]:
                console.print(f"  {failure}")
    if ours.failed or baseline.failed:
        raise SystemExit("FAILED: some checkouts were not answered 2xx (see above)")


if __name__ == "__main__":
    main()
