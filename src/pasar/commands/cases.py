"""``pasar cases``: what is waiting on sellers, by time left."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pasar.services.marketplace import Marketplace
from pasar.services.todo import seller_todo
from pasar.settings import Settings

_DURATION = re.compile(r"^(\d+)([mhd])$")


def parse_duration(text: str) -> timedelta:
    match = _DURATION.match(text.strip())
    if not match or int(match.group(1)) == 0:
        raise typer.BadParameter(f"{text!r} is not a duration such as 90m, 24h or 3d", param_hint="--due-within")
    amount, unit = int(match.group(1)), match.group(2)
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount)}[unit]


def cases(
    shop: Annotated[int | None, typer.Option("--shop", help="Only this shop.")] = None,
    due_within: Annotated[str | None, typer.Option("--due-within", help="Only what is due within, e.g. 24h.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Cancellation requests, after-sales cases and shipments waiting on sellers, sorted by time left."""
    within = parse_duration(due_within) if due_within else None
    market = Marketplace.from_settings(Settings.from_env(database_url=db))
    with market.uow(read_only=True) as uow:
        items = seller_todo(uow, shop, due_within=within)
    if as_json:
        typer.echo(json.dumps(items, indent=2))
        return
    table = Table(title="Waiting on sellers")
    for column in ("due", "left", "shop", "what", "id", "order", "action"):
        table.add_column(column)
    for item in items:
        left = item["seconds_left"]
        shown = "—" if left is None else str(timedelta(seconds=left)) if left >= 0 else "overdue"
        table.add_row(
            item["due_at"] or "—",
            shown,
            str(item["shop_id"]),
            item["kind"],
            str(item["id"]),
            str(item["order_id"]),
            item["action"],
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("cases")(cases)
