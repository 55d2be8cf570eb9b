"""No insecure defaults: the long-running commands refuse development secrets, and demo accounts stay off PostgreSQL.

``pasar serve``, ``pasar worker`` and ``pasar run`` on PostgreSQL start only with real secrets (set,
not a development default, at least 16 characters), naming the variable on one line otherwise;
``pasar run`` on SQLite fills in development secrets and says so. The demo marketplace (public
tokens) is seeded into an empty SQLite database, or with ``--demo``, never silently into PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from pasar.settings import Settings
from pasar.startup import needed_secrets, weakness
from pasar.store.database import normalise_url
from tests.conftest import fresh_postgres_database
from tests.servers import free_port

PASAR = [sys.executable, "-m", "pasar.cli"]
REAL = "a-real-secret-of-32-characters!!"
# Removed from the runner's environment: the secrets and what makes them needed.
SECRET_VARIABLES = (
    "PASAR_GATEWAY_SECRET",
    "PASAR_CARRIER",
    "PASAR_SMS_URL",
    "PASAR_SMS_TOKEN",
    "PASAR_SMTP_USERNAME",
    "PASAR_SMTP_PASSWORD",
)


def _environment(**values: str) -> dict[str, str]:
    """The test runner's environment without any Pasar secret, plus ``values``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(SECRET_VARIABLES)}
    return {**clean, **values}


def _pasar(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PASAR, *args], capture_output=True, text=True, timeout=120, env=_environment(**env))


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database (no schema yet), dropped afterwards."""
    with fresh_postgres_database(f"pasar_empty_{uuid.uuid4().hex[:10]}") as url:
        yield url


@pytest.mark.parametrize(
    ("env", "variable", "why"),
    [
        ({}, "PASAR_GATEWAY_SECRET", "is not set"),
        ({"PASAR_GATEWAY_SECRET": "pasar-dev-gateway-secret"}, "PASAR_GATEWAY_SECRET", "development default"),
        ({"PASAR_GATEWAY_SECRET": "short-secret"}, "PASAR_GATEWAY_SECRET", "at least 16"),
        ({"PASAR_GATEWAY_SECRET": REAL, "PASAR_CARRIERS": "simulated,jne"}, "PASAR_CARRIER_SECRET_JNE", "is not set"),
        (
            {"PASAR_GATEWAY_SECRET": REAL, "PASAR_SMS_URL": "http://127.0.0.1:9/sms", "PASAR_SMS_TOKEN": "tok"},
            "PASAR_SMS_TOKEN",
            "at least 16",
        ),
        ({"PASAR_GATEWAY_SECRET": REAL, "PASAR_SMTP_USERNAME": "pasar"}, "PASAR_SMTP_PASSWORD", "is not set"),
        ({"PASAR_GATEWAY_SECRET": REAL, "PASAR_CARRIER_SECRET": REAL}, "PASAR_CARRIER_SECRET", "no longer read"),
    ],
    ids=["unset", "dev-default", "short", "carrier", "sms-token", "smtp-password", "shared-carrier-secret"],
)
def test_pasar_serve_refuses_to_start_without_real_secrets(
    empty_postgres: str, env: dict[str, str], variable: str, why: str
) -> None:
    _assert_refused(empty_postgres, ["serve", "--port", str(free_port())], env, variable, why)


@pytest.mark.parametrize("command", [["worker", "--once"], ["run", "--port", "0"]], ids=["worker", "run"])
def test_pasar_worker_and_run_on_postgresql_refuse_to_start_without_real_secrets(
    empty_postgres: str, command: list[str]
) -> None:
    _assert_refused(
        empty_postgres,
        command,
        {"PASAR_GATEWAY_SECRET": "pasar-dev-gateway-secret"},
        "PASAR_GATEWAY_SECRET",
        "development default",
    )


def _assert_refused(database: str, command: list[str], env: dict[str, str], variable: str, why: str) -> None:
    result = _pasar(*command, "--db", database, **env)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"pasar: {variable} ") and why in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    engine = create_engine(normalise_url(database))
    with engine.connect() as conn:  # refused before anything was created
        assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one() == 0
    engine.dispose()


def test_serve_refuses_development_secrets_on_sqlite_too(tmp_path: Path) -> None:
    """Development secrets exist only in `pasar run` on SQLite, not in `pasar serve` wherever it runs."""
    result = _pasar("serve", "--db", f"sqlite:///{tmp_path / 'p.db'}", "--port", str(free_port()))
    assert result.returncode == 1 and result.stderr.startswith("pasar: PASAR_GATEWAY_SECRET is not set")


def test_the_worker_starts_with_real_secrets(empty_postgres: str) -> None:
    result = _pasar("worker", "--once", "--db", empty_postgres, PASAR_GATEWAY_SECRET=REAL, PASAR_CARRIERS="simulated")
    assert result.returncode == 0, result.stderr
    assert '"deadlines_fired": 0' in result.stdout


def _serve_until_healthy(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [*PASAR, *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(**env),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"pasar {' '.join(args)} did not start:\n{process.communicate()[0]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    return process.communicate(timeout=30)[0]


@pytest.mark.slow
def test_pasar_run_on_an_empty_postgresql_seeds_no_demo_unless_asked(empty_postgres: str) -> None:
    process, base = _serve_until_healthy(["run", "--db", empty_postgres], {"PASAR_GATEWAY_SECRET": REAL})
    try:
        assert httpx.get(f"{base}/v1/shops").json() == []
        assert httpx.get(f"{base}/v1/me", headers={"Authorization": "Bearer demo-seller"}).status_code == 401
        assert "demo-seller" not in httpx.get(f"{base}/signin").text  # no buttons for accounts that do not exist
    finally:
        output = _stop(process)
    assert "Seeded a demo marketplace" not in output and "development secrets" not in output
    process, base = _serve_until_healthy(["run", "--db", empty_postgres, "--demo"], {"PASAR_GATEWAY_SECRET": REAL})
    try:
        assert {shop["ref"] for shop in httpx.get(f"{base}/v1/shops").json()} == {"demo-batik", "demo-glow"}
    finally:
        output = _stop(process)
    assert "Seeded a demo marketplace" in output


@pytest.mark.slow
def test_pasar_run_on_sqlite_says_which_development_secrets_it_uses(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pasar.db'}"
    process, base = _serve_until_healthy(["run", "--db", db, "--no-demo"], {"PASAR_CARRIERS": "simulated,acme"})
    try:
        assert httpx.get(f"{base}/v1/shops").json() == []  # --no-demo: an empty SQLite database stays empty
    finally:
        output = _stop(process)
    notice = [line for line in output.splitlines() if "development secrets" in line]
    assert len(notice) == 1 and "not for production" in notice[0]
    for variable in ("PASAR_GATEWAY_SECRET", "PASAR_CARRIER_SECRET_SIMULATED", "PASAR_CARRIER_SECRET_ACME"):
        assert variable in notice[0]


def test_which_secrets_the_settings_need() -> None:
    """The simulated carrier reports from inside the worker: it needs no webhook secret unless given one."""
    settings = Settings(carriers=("simulated", "jne-express"), sms_url="http://sms", smtp_username="u")
    assert [secret.variable for secret in needed_secrets(settings)] == [
        "PASAR_GATEWAY_SECRET",
        "PASAR_CARRIER_SECRET_JNE_EXPRESS",
        "PASAR_SMS_TOKEN",
        "PASAR_SMTP_PASSWORD",
    ]
    assert [weakness(value) is None for value in (None, "", "pasar-dev-x" * 3, "x" * 15, "x" * 16)] == [
        False,
        False,
        False,
        False,
        True,
    ]
