"""``pasar import olist DIR``: the Olist public dataset into a Pasar store (docs/design.md "Imported data")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: PASAR_DATABASE_URL or sqlite:///pasar.db).")
]
import_app = typer.Typer(help="Import real data.", no_args_is_help=True)


@import_app.command("olist")
def import_olist_command(
    directory: Annotated[Path, typer.Argument(help="The folder with the Olist orders, items and reviews CSVs.")],
    db: DbOption = None,
    review_responsibility: Annotated[
        str,
        typer.Option(
            "--review-responsibility",
            help="seller: every review is seller-responsible (deterministic); classify: the R-BR-2 classifier.",
        ),
    ] = "seller",
    catalogue: Annotated[
        Path | None,
        typer.Option(help="The folder with the products and sellers CSVs (default: ../official_full, else DIR)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import Olist: each (order, seller) pair becomes a BR order; twice imports once; a bad file imports nothing."""
    from pasar.importers.olist import MARKET, read_olist
    from pasar.services.marketplace import Marketplace
    from pasar.services.olist_import import MODES, import_olist
    from pasar.settings import Settings
    from pasar.store.migrate import upgrade

    if review_responsibility not in MODES:
        raise typer.BadParameter(f"must be one of {', '.join(MODES)}", param_hint="--review-responsibility")
    err = Console(stderr=True)
    market = Marketplace.from_settings(Settings.from_env(database_url=db))
    with err.status("Reading and checking the files…"):
        data = read_olist(directory, catalogue, timezone=market.rules(MARKET).market.timezone)
    upgrade(market.engine)
    columns = (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=not err.is_terminal) as progress:
        tasks: dict[str, TaskID] = {}

        def report(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(phase, total=total)
            progress.update(tasks[phase], completed=done, total=total)

        with market.uow() as uow:
            summary = import_olist(uow, data, responsibility=review_responsibility, progress=report)
    market.engine.dispose()
    if as_json:
        typer.echo(json.dumps(summary.as_json(), indent=2))
        return
    table = Table(title=f"Olist import from {directory}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in summary.as_json().items():
        table.add_row(key.replace("_", " "), f"{value:,}")
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
