"""Static files and the plotly bundle, served from the installed packages (never a CDN)."""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PLOTLY_URL = "/static/vendor/plotly.min.js"
PLOTLY_CSS_URL = "/static/vendor/plotly.css"
# plotly.js adds its own style rules in a <style> element, which the Content-Security-Policy forbids;
# a page that has an element with id "plotly.js-style-global" and class "no-inline-styles" makes it skip
# that, so the same rules are served as a style sheet, read from the bundle's own table of them.
# Style sheets the bundle injects on load unless an element with their id is already on the page.
_PLOTLY_SHEETS = re.compile(
    r'getElementById\("([0-9a-f]{16,})"\)\)\{var (\w+)=document\.createElement\("style"\);'
    r"\2\.id=\"\1\",\2\.textContent=('(?:[^'\\\\]|\\\\.)*')"
)
_PLOTLY_RULES = re.compile(r'=(\{"X[^\n]*?\});for\(\w+ in \w+\)\w+=\w+\.replace\(/\^,/," ,"\)', re.S)


def plotly_bundle() -> Path | None:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    return path if path.exists() else None


@functools.cache
def _plotly_styles() -> tuple[str, tuple[str, ...]]:
    """plotly.js's own style rules and the sheets it injects, as one CSS text, and those sheets' ids."""
    path = plotly_bundle()
    if path is None:
        return "", ()
    bundle = path.read_text(encoding="utf-8")
    found = _PLOTLY_RULES.search(bundle)
    rules = _js_string_table(found.group(1)) if found is not None else {}
    lines = []
    for key, style in rules.items():
        selector = re.sub(r"^,", " ,", key).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        lines.append(f"{selector}{{{style}}}")
    ids = []
    for sheet in _PLOTLY_SHEETS.finditer(bundle):
        text = ast.literal_eval(sheet.group(3))
        if isinstance(text, str):
            ids.append(sheet.group(1))
            lines.append(text)
    return ("\n".join(lines) + "\n" if lines else ""), tuple(ids)


def plotly_css() -> str:
    return _plotly_styles()[0]


def plotly_sheet_ids() -> tuple[str, ...]:
    """Ids a page reserves (one element each) so that plotly.js injects no <style> of its own."""
    return _plotly_styles()[1]


def _js_string_table(literal: str) -> dict[str, str]:
    """A JS object literal of strings (keys quoted or bare names) as a dict; {} if it is anything else."""
    try:
        table = ast.parse(literal, mode="eval").body
    except SyntaxError:
        return {}
    if not isinstance(table, ast.Dict):
        return {}
    rules: dict[str, str] = {}
    for key, value in zip(table.keys, table.values, strict=True):
        name = key.id if isinstance(key, ast.Name) else getattr(key, "value", None)
        if not isinstance(name, str) or not isinstance(value, ast.Constant) or not isinstance(value.value, str):
            return {}
        rules[name] = value.value
    return rules


def install_assets(app: FastAPI) -> None:
    @app.get(PLOTLY_URL, include_in_schema=False)
    def plotly_js() -> Response:
        path = plotly_bundle()
        if path is None:
            return PlainTextResponse("/* plotly is not installed: charts fall back to tables */", status_code=404)
        return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})

    @app.get(PLOTLY_CSS_URL, include_in_schema=False)
    def plotly_style() -> Response:
        return Response(plotly_css(), media_type="text/css", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it on pages that are not ours too (the API's JSON, /docs)
        return FileResponse(
            STATIC / "favicon.svg", media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="web-static")
