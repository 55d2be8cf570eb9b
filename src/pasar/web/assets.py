"""Static files and the plotly bundle, served from the installed packages (never a CDN)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
PLOTLY_URL = "/static/vendor/plotly.min.js"


def plotly_bundle() -> Path | None:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"
    return path if path.exists() else None


def install_assets(app: FastAPI) -> None:
    @app.get(PLOTLY_URL, include_in_schema=False)
    def plotly_js() -> Response:
        path = plotly_bundle()
        if path is None:
            return PlainTextResponse("/* plotly is not installed: charts fall back to tables */", status_code=404)
        return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC), name="web-static")
