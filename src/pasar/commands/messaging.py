"""``pasar moderate``: the R-IM-4 check from the command line, one text or a JSON-lines file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pasar.moderation import check, known_markets, verdict_to_json


def _market(value: str, where: str) -> str:
    code = value.upper()
    if code not in known_markets():
        raise typer.BadParameter(f"unknown market {value!r} ({', '.join(known_markets())})", param_hint=where)
    return code


def _line_error(number: int, problem: str) -> typer.Exit:
    typer.echo(f"pasar: line {number}: {problem}", err=True)
    return typer.Exit(1)


def moderate(
    text: Annotated[str | None, typer.Argument(help="The text to check.")] = None,
    market: Annotated[str, typer.Option("--market", help="Market code, e.g. ID.")] = "ID",
    file: Annotated[
        Path | None, typer.Option("--file", help='JSON lines: one {"text", "market"} object per line.')
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check seller text against R-IM-4: allowed, and each violation's category and span."""
    if (text is None) == (file is None):
        raise typer.BadParameter("give either TEXT or --file", param_hint="TEXT")
    if file is None:
        assert text is not None
        verdict = check(text, _market(market, "--market"))
        _print(verdict_to_json(verdict), as_json)
        return
    verdicts = []
    with file.open(encoding="utf-8") as lines:  # checked in full first: a bad line prints nothing else
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                raise _line_error(number, "empty line; expected a JSON object")
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _line_error(number, f"not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise _line_error(number, 'expected an object with a string "text"')
            line_market = item.get("market", market)
            if not isinstance(line_market, str) or line_market.upper() not in known_markets():
                raise _line_error(number, f"unknown market {line_market!r}")
            verdicts.append(verdict_to_json(check(item["text"], line_market.upper())))
    for verdict_json in verdicts:
        _print(verdict_json, as_json)


def _print(verdict: dict[str, object], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(verdict, ensure_ascii=False) + "\n")
        return
    violations = verdict["violations"]
    assert isinstance(violations, list)
    found = ", ".join(f"{v['category']} [{v['start']}:{v['end']}]" for v in violations)
    typer.echo(("allowed" if verdict["allowed"] else "blocked") + (f": {found}" if found else ""))


def register(app: typer.Typer) -> None:
    app.command("moderate")(moderate)
