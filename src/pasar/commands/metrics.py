"""``pasar metrics``: every shop's metrics and Shop Performance Score as of a day (R-SC-1..8, R-BR-1)."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database URL (default: PASAR_DATABASE_URL or sqlite:///pasar.db).")
]


def metrics_command(
    as_of: Annotated[str, typer.Option("--as-of", help="The market-local day, YYYY-MM-DD.")],
    shop: Annotated[int | None, typer.Option("--shop", help="One shop (prints one object, not an array).")] = None,
    market: Annotated[str | None, typer.Option("--market", help="Only this market's shops.")] = None,
    db: DbOption = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (embedded) or spark (PySpark local[2]).")] = "duckdb",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (the shape docs/design.md describes).")] = False,
    save: Annotated[bool, typer.Option("--save", help="Also store the scores as that day's snapshots.")] = False,
) -> None:
    """Compute the seven metrics, dimension scores and SPS of every shop as of a market-local day."""
    from pasar.domain.errors import NotFound
    from pasar.metrics.score import score_shop
    from pasar.rules import all_rulebooks
    from pasar.services import scores as score_service
    from pasar.services.marketplace import Marketplace
    from pasar.settings import Settings
    from pasar.store.migrate import upgrade

    try:
        day = date.fromisoformat(as_of)
    except ValueError:
        raise typer.BadParameter(f"{as_of!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from None
    if not date(1971, 1, 1) <= day <= date(9000, 1, 1):
        raise typer.BadParameter(f"{as_of} is out of range", param_hint="--as-of")
    if market is not None and market.upper() not in all_rulebooks():
        raise typer.BadParameter(f"no rulebook for market {market!r}", param_hint="--market")
    if engine not in ("duckdb", "spark"):
        raise typer.BadParameter("must be duckdb or spark", param_hint="--engine")
    code = market.upper() if market else None
    mp = Marketplace.from_settings(Settings.from_env(database_url=db))
    upgrade(mp.engine)
    shop_ids = [shop] if shop is not None else None
    duck = score_service.metrics_engine(mp)
    if engine == "spark":
        from pasar.metrics.spark import SparkMetrics

        counts = SparkMetrics().counts(duck, day, shop_ids=shop_ids, market=code)
    else:
        counts = duck.counts(day, shop_ids=shop_ids, market=code)
    scores = [score_shop(c.shop_id, c.shop_ref, c.as_of, c.counts, mp.rules(c.market)) for c in counts]
    if shop is not None and not scores:
        raise NotFound(f"shop {shop} not found" + (f" in market {code}" if code else ""))
    if save:
        with mp.uow() as uow:
            score_service.save_scores(uow, scores)
    if as_json:
        payload = [s.as_json() for s in scores]
        typer.echo(json.dumps(payload[0] if shop is not None else payload, indent=2))
        return
    table = Table(title=f"Shop Performance Score as of {day} ({engine})")
    for column in ("shop", "ref", "delivered 90d", "SPS", "product", "fulfilment", "service", "NRR"):
        table.add_column(column, justify="left" if column in ("ref",) else "right")

    def fmt(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}"

    for s in scores:
        nrr = s.metrics["nrr"]
        table.add_row(
            str(s.shop_id),
            s.shop_ref[:16],
            str(s.delivered_90d),
            "not enough orders" if s.sps is None else f"{s.sps:.1f}",
            fmt(s.product),
            fmt(s.fulfilment),
            fmt(s.service),
            "—" if nrr.rate is None else f"{nrr.rate:.1%}",
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("metrics")(metrics_command)
