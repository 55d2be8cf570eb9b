"""The ``pasar`` command line (thin: every command calls the services)."""

from __future__ import annotations

import json
import logging
import signal
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from pasar.commands import register_all
from pasar.domain.errors import DomainError
from pasar.rules import RulebookError, all_rulebooks, load_rulebook_file
from pasar.services.marketplace import Marketplace
from pasar.settings import Settings, SettingsError
from pasar.store.maintenance import MaintenanceError

app = typer.Typer(
    help="Pasar: a social-commerce marketplace engine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
analytics_app = typer.Typer(help="Analytics.", no_args_is_help=True)
rules_app = typer.Typer(help="Market rulebooks.", no_args_is_help=True)
app.add_typer(analytics_app, name="analytics")
app.add_typer(rules_app, name="rules")

err = Console(stderr=True)
DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: PASAR_DATABASE_URL or sqlite:///pasar.db).")
]


def _marketplace(db: str | None) -> Marketplace:
    return Marketplace.from_settings(Settings.from_env(database_url=db))


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _server_marketplace(command: str, db: str | None) -> Marketplace:
    """The marketplace of a long-running command, refused without real secrets (see pasar.startup)."""
    from pasar.startup import require_real_secrets, with_development_secrets

    settings = Settings.from_env(database_url=db)
    if command == "run" and _is_sqlite(settings.database_url):
        settings, filled = with_development_secrets(settings)
        if filled:
            err.print(
                f"pasar: development secrets in use for {', '.join(filled)}: this is not for production "
                "(`pasar run` on SQLite only)",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    else:
        require_real_secrets(settings, command)
    return Marketplace.from_settings(settings)


def _prepare(market: Marketplace, *, seed: bool, asked: bool = False) -> None:
    from pasar.services.demo import DEMO_TOKENS
    from pasar.services.demo_story import seed_demo_marketplace
    from pasar.store.migrate import upgrade

    upgrade(market.engine)
    if not seed:
        return
    with market.uow(read_only=True) as uow:
        if uow.catalogue.list_shops():
            if asked:
                err.print("--demo: the database already has shops, so no demo marketplace was seeded.")
            return
    seed_demo_marketplace(market)
    err.print(
        "[green]Seeded a demo marketplace.[/green] API tokens: "
        + ", ".join(f"{kind} [bold]{token}[/bold]" for kind, token in DEMO_TOKENS.items())
    )


DemoOption = Annotated[
    bool | None,
    typer.Option(
        "--demo/--no-demo",
        help="Seed the demo marketplace (its public demo tokens) into an empty database; "
        "the default on SQLite, never implied on PostgreSQL.",
    ),
]


@app.command()
def run(db: DbOption = None, host: str = "127.0.0.1", port: int = 8000, demo: DemoOption = None) -> None:
    """Serve the API and run the deadline worker in one process (an empty SQLite database gets a demo marketplace)."""
    import uvicorn

    from pasar.api.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    market = _server_marketplace("run", db)
    # Demo tokens are public: never seeded into PostgreSQL unless asked for.
    seed = demo if demo is not None else _is_sqlite(market.settings.database_url)
    _prepare(market, seed=seed, asked=bool(demo))
    stop = _stopped_by_signals()
    worker = threading.Thread(target=market.run_worker, args=(stop,), name="pasar-worker", daemon=True)
    worker.start()
    err.print(f"Pasar is running at [bold]http://{host}:{port}[/bold] (API docs at /docs)")
    try:
        uvicorn.run(create_app(market), host=host, port=port, log_level="info")
    finally:
        stop.set()
        worker.join(timeout=10)


@app.command()
def serve(db: DbOption = None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Serve the HTTP API only (run ``pasar worker`` beside it)."""
    import uvicorn

    from pasar.api.app import create_app

    if workers > 1:
        raise typer.BadParameter("run several `pasar serve` processes behind a proxy instead", param_hint="--workers")
    market = _server_marketplace("serve", db)
    _prepare(market, seed=False)
    _stopped_by_signals()  # a graceful stop on SIGTERM ends in exit code 0
    uvicorn.run(create_app(market), host=host, port=port, log_level="info")


@app.command()
def worker(db: DbOption = None, once: Annotated[bool, typer.Option(help="One pass, then exit.")] = False) -> None:
    """Run the deadline worker and the outbox dispatcher (several may run at once)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    market = _server_marketplace("worker", db)
    _prepare(market, seed=False)
    if once:
        report = market.work_once()
        typer.echo(json.dumps(report.__dict__))
        return
    market.run_worker(_stopped_by_signals())


def _stopped_by_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT: the worker finishes its pass and the command exits 0.

    The server installs its own handlers while it serves and, once it has shut down gracefully,
    raises the signal again; it then reaches this handler instead of killing the process, so the
    worker thread of ``pasar run`` is stopped cleanly too.
    """
    stop = threading.Event()

    def handle(_signal: int, _frame: object) -> None:
        stop.set()

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, handle)
    return stop


@analytics_app.command("unpaid")
def analytics_unpaid(
    db: DbOption = None,
    shop: Annotated[int | None, typer.Option("--shop", help="Only this shop's orders.")] = None,
    since: Annotated[str | None, typer.Option(help="Orders placed on or after this local date (YYYY-MM-DD).")] = None,
    market: Annotated[str | None, typer.Option(help="Only this market's orders.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Unpaid rate by category, hour, channel, tenure, method, failure reason and reminder (R-UP-5)."""
    from pasar.services.analytics import unpaid_report

    since_date = _parse_date(since, "--since")
    mp = _marketplace(db)
    with mp.uow(read_only=True) as uow:
        report = unpaid_report(uow, shop_id=shop, since=since_date, market=market)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    _print_unpaid(report)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def _print_unpaid(report: dict[str, object]) -> None:
    from rich.table import Table

    console = Console()
    rate = report["unpaid_rate"]
    console.print(
        f"Orders decided: {report['decided']}  unpaid: {report['unpaid']}  "
        f"unpaid rate: {'n/a' if rate is None else f'{rate:.1%}'}  (pending: {report['pending']})"
    )
    for key in ("by_category", "by_channel", "by_buyer_tenure", "by_payment_method", "by_failure_reason"):
        table = Table(title=key.replace("_", " "))
        for column in ("value", "orders", "unpaid", "rate"):
            table.add_column(column)
        for row in report[key]:  # type: ignore[attr-defined]
            if row["orders"]:
                table.add_row(
                    row["key"],
                    str(row["orders"]),
                    str(row["unpaid"]),
                    "n/a" if row["rate"] is None else f"{row['rate']:.1%}",
                )
        console.print(table)


@rules_app.command("check")
def rules_check(
    path: Annotated[Path | None, typer.Argument(help="A rulebook file; default: all shipped.")] = None,
) -> None:
    """Validate rulebooks; a bad one is reported with its file, key and reason."""
    books = {path.stem: load_rulebook_file(path)} if path else all_rulebooks()
    typer.echo(f"{len(books)} rulebook(s) valid: {', '.join(sorted(books))}")


@rules_app.command("show")
def rules_show(market: str) -> None:
    """Print the rules in force for a market, as JSON."""
    from pasar.rules import rulebook_in

    shown = rulebook_in(all_rulebooks(), market.upper())  # the shipped files, as ``rules check`` reads them
    typer.echo(json.dumps(shown.model_dump(mode="json"), indent=2, ensure_ascii=False))


@rules_app.command("doc")
def rules_doc(
    repo: Annotated[Path | None, typer.Option(help="The source checkout (default: the one pasar runs from).")] = None,
    output: Annotated[Path | None, typer.Option(help="Write the file here instead of printing it.")] = None,
) -> None:
    """Generate the rule reference (docs/rules.md) from the catalogue, the rulebooks, the code and the tests."""
    from pasar.rules.reference import build, problems, render

    reference = build(repo)
    found = problems(reference)
    for problem in found:
        err.print(f"pasar: {problem}", markup=False, highlight=False, soft_wrap=True)
    if found:
        raise typer.Exit(1)
    text = render(reference)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


register_all(app)


def main() -> None:
    """Entry point: a user sees one clear line for any error, never a stack trace."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: Typer prints them the way it always does
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        sys.exit(getattr(exc, "exit_code", 2))
    except (DomainError, RulebookError, SettingsError, MaintenanceError) as exc:
        err.print(f"pasar: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        err.print(
            f"pasar: database error: {str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
    except OSError as exc:
        err.print(f"pasar: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
