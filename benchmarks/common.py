"""Shared set-up for the benchmarks: fresh databases and a printed comparison table."""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from pasar.store.database import make_engine, normalise_url
from pasar.store.migrate import upgrade

POSTGRES_ADMIN_URL = os.environ.get("PASAR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
console = Console()


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """A migrated, empty database for one benchmark run; dropped afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'bench.db'}"
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            yield url
        return
    admin = create_engine(normalise_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT")
    name = f"pasar_bench_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = normalise_url(POSTGRES_ADMIN_URL).rsplit("/", 1)[0] + f"/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def report(title: str, rows: list[tuple[str, float, float, str, str]]) -> None:
    """rows: (what, ours per second, baseline per second, target, verdict)."""
    table = Table(title=f"{title} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}")
    for column in ("measure", "Pasar /s", "baseline /s", "Pasar ÷ baseline", "target", "met"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    for what, ours, baseline, target, verdict in rows:
        table.add_row(what, f"{ours:,.0f}", f"{baseline:,.0f}", f"{ours / baseline:.2f}", target, verdict)
    console.print(table)
