"""Shared fixtures: real databases (SQLite and PostgreSQL), the manual clock, and a marketplace.

Integration tests run once per backend. PostgreSQL is at PASAR_TEST_POSTGRES_URL (default: the
local server, trust auth). Without it the PostgreSQL runs are skipped on a developer machine, but
in CI (CI=true) an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.clock import ManualClock
from pasar.services.marketplace import Marketplace
from pasar.settings import Settings
from pasar.store.database import make_engine, normalise_url
from pasar.store.migrate import upgrade
from pasar.store.tables import metadata
from tests.external import in_ci
from tests.support import Given

POSTGRES_ADMIN_URL = os.environ.get("PASAR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
START = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # a Monday, 10:00 in Jakarta
BACKENDS = ["sqlite", "postgresql"]
GATEWAY_SECRET = "test-gateway-secret-0123456789"
CARRIER_SECRETS = {"acme": "test-acme-carrier-secret-01", "simulated": "test-simulated-carrier-secret"}


def _postgres_required() -> bool:
    return in_ci() or os.environ.get("PASAR_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@contextmanager
def fresh_postgres_database(name: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for the block, dropped afterwards (skipped without PostgreSQL)."""
    admin_url = normalise_url(POSTGRES_ADMIN_URL)
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {POSTGRES_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}")
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url(worker_id: str) -> Iterator[str]:
    with fresh_postgres_database(f"pasar_test_{worker_id}_{os.getpid()}") as url:
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "pasar.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    _truncate_all(url)


def _truncate_all(url: str) -> None:
    engine = create_engine(normalise_url(url))
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        gateway_secret=GATEWAY_SECRET,
        worker_interval_seconds=0.05,
        carriers=("simulated", "acme"),
        carrier_secrets=dict(CARRIER_SECRETS),
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def marketplace(engine: Engine, clock: ManualClock, settings: Settings) -> Marketplace:
    return Marketplace(engine, clock, settings, SimulatedGateway(settings.gateway_secret))


@pytest.fixture
def given(marketplace: Marketplace) -> Given:
    return Given(marketplace)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per schemathesis run (requests made, server errors), from the reports (also under xdist)."""
    lines = [
        str(value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "schemathesis"
    ]
    if lines:
        terminalreporter.section("schemathesis")
        for line in sorted(lines):
            terminalreporter.line(line)
