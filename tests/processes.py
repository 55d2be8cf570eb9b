"""Code that runs in separate OS processes for the concurrency tests (spawned, so importable)."""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import datetime
from typing import Any

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.clock import ManualClock
from pasar.domain.errors import InsufficientStock
from pasar.domain.orders import CartLine, Channel
from pasar.services import deadlines
from pasar.services.checkout import place_orders
from pasar.services.marketplace import Marketplace
from pasar.settings import Settings
from pasar.store.database import make_engine


def _marketplace(url: str, now_iso: str) -> Marketplace:
    settings = Settings(database_url=url)
    return Marketplace(make_engine(url), ManualClock(datetime.fromisoformat(now_iso)), settings, SimulatedGateway("x"))


def sweep_worker(url: str, now_iso: str, batch_size: int, start: Any) -> dict[str, Any]:
    """One deadline worker: waits for the start signal, then sweeps everything due."""
    market = _marketplace(url, now_iso)
    start.wait()
    report = deadlines.sweep(market.uow, batch_size=batch_size)
    market.engine.dispose()
    return {"fired": dict(report.fired), "skipped": report.skipped, "pid": os.getpid()}


def claim_and_hang(url: str, now_iso: str, batch_size: int, claimed: Any) -> None:
    """A worker that claims a batch and then hangs mid-batch, until it is killed."""
    market = _marketplace(url, now_iso)

    def hang(_: object) -> None:
        claimed.set()
        time.sleep(120)

    deadlines.fire_due_batch(market.uow, batch_size, on_claimed=hang)


def buy_repeatedly(
    url: str, now_iso: str, buyer_id: int, carts: list[list[tuple[int, int]]], start: Any
) -> dict[str, int]:
    """A buyer racing others: places each cart as soon as the start signal is given."""
    market = _marketplace(url, now_iso)
    start.wait()
    placed = refused = units = 0
    for cart in carts:
        try:
            with market.uow() as uow:
                place_orders(uow, buyer_id=buyer_id, cart=[CartLine(s, q) for s, q in cart], channel=Channel.LIVE)
            placed += 1
            units += sum(q for _, q in cart)
        except InsufficientStock:
            refused += 1
    market.engine.dispose()
    return {"placed": placed, "refused": refused, "units": units}


def pasar_worker(env: dict[str, str], log_path: str) -> None:
    """``pasar worker`` with these environment variables, its output going to ``log_path``.

    Run in a process forked from a server that has already imported Pasar (see tests/worker_fleet.py),
    so that it is working within a fraction of a second rather than the seconds the imports take.
    """
    output = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.environ.update(env)
    sys.argv = ["pasar", "worker"]
    from pasar.cli import main

    main()


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
