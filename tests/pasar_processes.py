"""Pasar as a user runs it: ``pasar`` commands in processes of their own, on a real port and store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.servers import free_port
from tests.support import signed_headers

PASAR = [sys.executable, "-m", "pasar.cli"]
# Secrets good enough for the production commands' start-up checks; tests sign callbacks with them.
TEST_SECRETS = {"PASAR_GATEWAY_SECRET": "gateway-secret-for-tests-0123456789"}


def gateway_headers(body: bytes) -> dict[str, str]:
    """The headers a gateway signs its callback with now, for servers started with ``TEST_SECRETS``."""
    return signed_headers(TEST_SECRETS["PASAR_GATEWAY_SECRET"], body, int(time.time()))


def pasar(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run one ``pasar`` command to its end."""
    return subprocess.run(
        [*PASAR, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


@dataclass
class Running:
    process: subprocess.Popen[str]
    base_url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None


@contextmanager
def running(
    *args: str, log: Path, env: dict[str, str] | None = None, port: int | None = None, wait: bool = True
) -> Iterator[Running]:
    """``pasar <args>`` in its own process (``--port`` added for servers), stopped with SIGTERM after.

    The production commands (``serve``, ``worker``) get ``TEST_SECRETS``; ``run`` starts as a newcomer
    starts it, on development defaults, unless ``env`` says otherwise. The output goes to ``log`` (a
    file, not a pipe: a server that logs a lot never blocks on a full pipe).
    """
    port = port or free_port()
    command = [*PASAR, *args]
    if args[0] in ("run", "serve"):
        command += ["--port", str(port)]
    secrets = TEST_SECRETS if args[0] in ("serve", "worker") else {}
    with log.open("w") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, text=True, env={**os.environ, **secrets, **(env or {})}
        )
    live = Running(process, f"http://127.0.0.1:{port}", log)
    try:
        if wait and args[0] in ("run", "serve"):
            _wait_healthy(live)
        yield live
    finally:
        stop(live)


def stop(live: Running, timeout: float = 30) -> int:
    """SIGTERM, as a service manager stops it; SIGKILL if it does not end in time. Returns the exit code."""
    if live.process.poll() is None:
        live.process.send_signal(signal.SIGTERM)
        try:
            live.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            live.process.kill()
            live.process.wait(timeout=10)
    return int(live.process.returncode)


def _wait_healthy(live: Running, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{live.base_url}/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if live.process.poll() is not None:
            raise RuntimeError(f"pasar exited with {live.process.returncode} before serving:\n{live.output()[-3000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"pasar did not answer within {seconds:.0f} s:\n{live.output()[-3000:]}")
        time.sleep(0.2)


def deleted_files(pid: int, stem: Path) -> list[str]:
    """Files of ``stem`` (the database and its -wal/-shm) that the process holds open although deleted."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(stem)) and target.endswith("(deleted)"):
            found.append(target)
    return found
