"""The ``/docs`` page: Swagger UI from the installed ``swagger-ui-bundle-v2`` package, never a CDN.

FastAPI's own page loads Swagger UI from a CDN (the machines have no internet) and starts it with
an inline script, which the Content-Security-Policy forbids; this one serves the bundle itself and
starts it from a script file.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

from pasar.domain.errors import NotFound

DOCS_URL = "/docs"
ASSETS_URL = "/docs/assets"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
INIT_SCRIPT = """\
// Starts Swagger UI on the schema named by the page (a file, not an inline script: the CSP allows no inline code).
window.addEventListener("load", function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset]
  });
});
"""


def swagger_ui_folder() -> Path | None:
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        return None
    return Path(str(swagger_ui_path))


def install_docs(app: FastAPI, openapi_url: str) -> None:
    """Add ``/docs`` and its assets to an app created with ``docs_url=None``."""

    @app.get(DOCS_URL, include_in_schema=False)
    def docs() -> HTMLResponse:
        html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{app.title} — API documentation</title>
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">
<link rel="icon" href="{ASSETS_URL}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="{ASSETS_URL}/init.js"></script>
</body>
</html>
"""
        return HTMLResponse(html)

    @app.get(ASSETS_URL + "/init.js", include_in_schema=False)
    def init_script() -> Response:
        return Response(INIT_SCRIPT, media_type="text/javascript")

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        folder = swagger_ui_folder()
        if name not in ASSETS or folder is None or not (folder / name).exists():
            raise NotFound(f"docs asset {name!r} not found")
        return FileResponse(folder / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
