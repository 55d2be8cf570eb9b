"""Several ``pasar worker`` processes for the kill tests: each killed (SIGKILL) mid-work and replaced.

The processes are forked from a multiprocessing fork server that has imported Pasar once, so a
replacement starts working well within a second of its predecessor's death on an idle machine
(the imports alone take seconds). Each runs the real ``pasar worker`` command (tests/processes.py),
configured through ``PASAR_*`` variables; its name is its SMS token and, on PostgreSQL, its
``application_name``, so the test can see what each one is in the middle of.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url

from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests import processes
from tests.pasar_processes import TEST_SECRETS
from tests.servers import SmsLog

SENDING_SMS = "sending an SMS (the provider has it, the worker has not recorded it)"
DELIVERING = "in its delivery loop"
IN_TRANSACTION = "firing deadlines or dispatching the outbox, in a transaction holding row locks"

PRELOAD = [
    "pasar.cli",
    "pasar.services.demo",
    "pasar.store.migrate",
    "alembic.command",
    "alembic.autogenerate",
    "sqlalchemy.dialects.postgresql.psycopg",
    "sqlalchemy.dialects.sqlite.pysqlite",
]

WARM = 5  # SMS a worker has sent before it counts as in its delivery loop

Activities = Callable[[], dict[str, str]]  # worker name -> what it is doing right now


def worker_env(database_url: str, sms_url: str, **extra: str) -> dict[str, str]:
    """What the kill tests' workers run with: short waits between passes, small batches, and a
    2 s lease, so that what a dead worker held is taken over within the test."""
    return {
        **TEST_SECRETS,  # a production command: it starts only with real secrets
        "PASAR_DATABASE_URL": database_url,
        "PASAR_SMS_URL": sms_url,
        "PASAR_WORKER_INTERVAL": "0.1",
        "PASAR_DELIVERY_BATCH_SIZE": "20",
        "PASAR_DELIVERY_LEASE_SECONDS": "2",
        "PASAR_DELIVERY_TIMEOUT_SECONDS": "1",
        **extra,
    }


class WorkerFleet:
    def __init__(self, env: dict[str, str], log_dir: Path, size: int = 3) -> None:
        self.context = multiprocessing.get_context("forkserver")
        # Installed modules only: the server cannot import ``tests`` (the children can)
        self.context.set_forkserver_preload(PRELOAD)
        self.env, self.log_dir, self.size = env, log_dir, size
        self.live: dict[str, BaseProcess] = {}
        self.started = 0

    def __enter__(self) -> WorkerFleet:
        for _ in range(self.size):
            self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for name in list(self.live):
            self.kill(name)

    def start(self) -> str:
        self.started += 1
        name = f"pasar-worker-{self.started:04d}-sms-token"  # doubles as the SMS token: 16 characters at least
        env = {**self.env, "PASAR_SMS_TOKEN": name}
        url = make_url(env["PASAR_DATABASE_URL"])
        if url.get_backend_name() == "postgresql":
            env["PASAR_DATABASE_URL"] = url.update_query_dict({"application_name": name}).render_as_string(False)
        process = self.context.Process(
            target=processes.pasar_worker, args=(env, str(self.log_dir / f"{name}.log")), daemon=True
        )
        process.start()
        self.live[name] = process
        return name

    def kill(self, name: str) -> None:
        process = self.live.pop(name)
        assert process.pid is not None
        processes.kill(process.pid)
        process.join(30)

    def logs(self, lines: int = 5) -> str:
        """The last lines each worker wrote (for a failure message)."""
        tails = []
        for path in sorted(self.log_dir.glob("pasar-worker-*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {path.stem}\n" + "\n".join(tail))
        return "\n".join(tails)


def kill_mid_work(
    fleet: WorkerFleet,
    activities: Activities,
    kills: int,
    *,
    rotate: Sequence[str],
    gap: float = 0.15,
    patience: float = 0.5,
    give_up_after: float = 120.0,  # generous: on a loaded machine a replacement takes seconds to start
) -> Counter[str]:
    """Kill ``kills`` workers, each caught in the middle of something, replacing each at once.

    The kills take turns among the activities in ``rotate``: each waits up to ``patience`` seconds
    for a worker doing its turn's activity, then takes any busy one. Returns what each kill caught.
    """
    caught: Counter[str] = Counter()
    rng = random.Random(kills)  # a reproducible choice among the busy workers
    give_up = time.monotonic() + give_up_after
    while caught.total() < kills:
        wanted, since = rotate[caught.total() % len(rotate)], time.monotonic()
        while True:
            if time.monotonic() > give_up:
                raise AssertionError(f"only {dict(caught)} of {kills} kills caught a worker mid-work\n{fleet.logs()}")
            doing = {name: activity for name, activity in activities().items() if name in fleet.live}
            picky = time.monotonic() - since < patience
            victims = sorted(name for name, activity in doing.items() if activity == wanted or not picky)
            if victims:
                break
            time.sleep(0.02)
        victim = rng.choice(victims)
        fleet.kill(victim)
        fleet.start()
        caught[doing[victim]] += 1
        time.sleep(gap)  # real processes on a real clock: give the survivors time to move on
    return caught


def sms_activities(log: SmsLog) -> Activities:
    """Workers with an SMS at the provider that the provider has not answered yet, then the others
    in their delivery loop (claiming, sending or recording).

    Only workers that have sent a few (WARM) count: a worker's first claims are the notifications
    its predecessors left behind, and killing each new worker on its first send would kill the
    same notification over and over, which a random crash does not do.
    """

    def activities() -> dict[str, str]:
        with log.lock:
            in_flight = {_name(auth) for auth, count in log.in_flight.items() if count > 0}
            senders = [_name(auth) for auth, count in log.accepted.items() if count >= WARM]
        return {name: SENDING_SMS if name in in_flight else DELIVERING for name in senders}

    return activities


def transactions(engine: Engine) -> Activities:
    """PostgreSQL: workers inside a transaction that has locked or written rows, while firing
    deadlines or dispatching the outbox (the statement they are at names those tables)."""
    query = text(
        "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE 'pasar-worker-%' "
        "AND backend_xid IS NOT NULL AND state IN ('active', 'idle in transaction') "
        "AND query ~ '(deadlines|orders|stock|outbox|order_history|order_reminders)'"
    )

    def activities() -> dict[str, str]:
        with engine.connect() as conn:
            return dict.fromkeys(conn.execute(query).scalars(), IN_TRANSACTION)

    return activities


def combined(*sources: Activities) -> Activities:
    def activities() -> dict[str, str]:
        found: dict[str, str] = {}
        for source in sources:
            for name, activity in source().items():
                found.setdefault(name, activity)
        return found

    return activities


def sms_rows(marketplace: Marketplace) -> list[Any]:
    n = tables.notifications
    with marketplace.uow(read_only=True) as uow:
        return list(uow.conn.execute(select(n).where(n.c.channel == "sms").order_by(n.c.id)))


def wait_until(condition: Callable[[], bool], timeout: float, what: str, fleet: WorkerFleet) -> None:
    give_up = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"{what} did not happen within {timeout:g} s\n{fleet.logs()}")
        time.sleep(0.1)


def _name(auth: str | None) -> str:
    return (auth or "").removeprefix("Bearer ")
