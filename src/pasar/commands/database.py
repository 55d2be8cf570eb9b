"""``pasar db``: the schema, backups, integrity checks and restores."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine

from pasar.settings import Settings
from pasar.store.database import make_engine
from pasar.store.maintenance import MaintenanceError, backup, check, restore
from pasar.store.migrate import upgrade

db_app = typer.Typer(help="Database schema, backups and checks.", no_args_is_help=True)
DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: PASAR_DATABASE_URL or sqlite:///pasar.db).")
]
err = Console(stderr=True)


def _engine(db: str | None) -> Engine:
    return make_engine(Settings.from_env(database_url=db).database_url)


@contextmanager
def _pages(description: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback whose bar appears with the first page copied (a refusal prints one line only)."""
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn(), console=err
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Apply the Alembic migrations."""
    upgrade(_engine(db))
    typer.echo("database is up to date")


@db_app.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(help="The new backup file (never overwritten).")], db: DbOption = None
) -> None:
    """A consistent copy while Pasar runs: SQLite's online backup, or pg_dump for PostgreSQL."""
    engine = _engine(db)
    with _pages("Backing up") as progress:
        backup(engine, file, progress)
    typer.echo(f"backed up to {file}")


@db_app.command("check")
def db_check(db: DbOption = None) -> None:
    """Integrity (SQLite's integrity and foreign-key checks) and the schema's revision; exit 1 on a problem."""
    findings = check(_engine(db))
    for finding in findings:
        typer.echo(f"{'ok' if finding.ok else 'PROBLEM':8} {finding.check}: {finding.detail}")
    if not all(finding.ok for finding in findings):
        raise MaintenanceError("the database has problems (listed above)")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="A backup made by pasar db backup.")], db: DbOption = None
) -> None:
    """Replace the SQLite store with a checked backup. Stop every pasar server and worker on it first."""
    with _pages("Restoring") as progress:
        restore(file, _engine(db), progress)
    typer.echo(f"restored from {file}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
