"""Backing up, checking and restoring the store (``pasar db backup | check | restore``).

SQLite is copied with its online backup API, through the same driver the rest of Pasar uses (a
second SQLite library in the process would release the server's locks; see
``pasar.metrics.store_link``): the copy is a consistent snapshot even while a server writes, and it
is written beside the target and renamed into place, so a backup that fails leaves nothing
half-written. PostgreSQL is backed up with its own tool, ``pg_dump``.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from pasar.store.database import is_sqlite
from pasar.store.migrate import MIGRATIONS

Progress = Callable[[int, int], None]  # (pages copied, pages in all)
PAGES_PER_STEP = 4096  # the server may write between steps: a step holds the read lock only briefly


class MaintenanceError(Exception):
    """A backup, check or restore that cannot be done; the message says why in one line."""


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    detail: str


def sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise MaintenanceError("an in-memory database cannot be backed up or restored")
    return Path(database)


def backup(engine: Engine, target: Path, progress: Progress | None = None) -> None:
    """A consistent copy of the store at ``target`` (SQLite file, or a ``pg_dump`` custom-format archive)."""
    if target.exists():
        raise MaintenanceError(f"{target} already exists; name a new file (a backup never overwrites)")
    if not target.parent.is_dir():
        raise MaintenanceError(f"{target.parent} is not a folder")
    if is_sqlite(engine):
        _sqlite_copy(sqlite_path(engine), target, progress)
    else:
        _pg_dump(engine.url, target)


def restore(source: Path, engine: Engine, progress: Progress | None = None) -> None:
    """Replace the SQLite store with a backup, after checking the backup. Stop every server and worker first."""
    if not is_sqlite(engine):
        raise MaintenanceError(
            "restore a PostgreSQL archive with pg_restore --clean --if-exists --dbname <URL> <FILE> "
            "after stopping every pasar serve and pasar worker"
        )
    if not source.is_file():
        raise MaintenanceError(f"{source} is not a file")
    probe = create_engine(f"sqlite:///file:{source.resolve()}?mode=ro&uri=true")  # read-only: checking changes nothing
    try:
        problems = [finding for finding in check(probe) if not finding.ok]
    finally:
        probe.dispose()
    if problems:
        raise MaintenanceError(f"{source} is not a sound Pasar database: {problems[0].check}: {problems[0].detail}")
    _sqlite_copy(source, sqlite_path(engine), progress, replace=True)


def check(engine: Engine) -> list[Finding]:
    """What ``pasar db check`` reports: the file's integrity (SQLite) and the schema's revision."""
    try:
        return _check(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return [Finding("integrity" if is_sqlite(engine) else "connection", False, reason)]


def _check(engine: Engine) -> list[Finding]:
    findings = []
    with engine.connect() as conn:
        if is_sqlite(engine):
            rows = [str(row[0]) for row in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            findings.append(Finding("integrity", rows == ["ok"], "; ".join(rows[:5])))
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            detail = "ok" if not broken else f"{len(broken)} rows refer to missing rows (first in {broken[0][0]})"
            findings.append(Finding("foreign keys", not broken, detail))
        else:
            conn.execute(text("SELECT 1"))
            findings.append(Finding("connection", True, "PostgreSQL answers"))
        current = MigrationContext.configure(conn).get_current_revision()
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    if current is None:
        findings.append(Finding("schema", False, "not a Pasar database (no schema revision); run pasar db upgrade"))
    else:
        detail = f"revision {current}" + ("" if current == head else f", but this Pasar expects {head}")
        findings.append(Finding("schema", current == head, detail))
    return findings


def _sqlite_copy(source: Path, target: Path, progress: Progress | None, *, replace: bool = False) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)

    def step(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        with closing(sqlite3.connect(source, timeout=30)) as origin, closing(sqlite3.connect(partial)) as copy:
            origin.backup(copy, pages=PAGES_PER_STEP, progress=step)
            copy.execute("PRAGMA journal_mode=WAL")  # the copy runs like the original
        if replace:
            _replace_sqlite(partial, target)
        else:
            os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise MaintenanceError(f"the copy failed: {exc}") from exc


def _replace_sqlite(copy: Path, target: Path) -> None:
    """Swap a restored copy in, with the old write-ahead log and index gone (they belong to the old file)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(copy, target)


def _pg_dump(url: URL, target: Path) -> None:
    executable = shutil.which("pg_dump")
    if executable is None:
        raise MaintenanceError(
            "pg_dump is not installed; back PostgreSQL up with pg_dump --format=custom --file <FILE> <URL>"
        )
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    partial = target.with_name(target.name + ".partial")
    result = subprocess.run(
        [executable, "--format=custom", "--file", str(partial), conninfo], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        first = (result.stderr.strip().splitlines() or ["no message"])[0]
        raise MaintenanceError(f"pg_dump failed: {first}")
    os.replace(partial, target)
