"""The web front: Seller Centre (/seller), operator console (/ops) and public shop pages (/shop).

Server-rendered with Jinja2; a thin entry point over ``pasar.services`` (DESIGN.md principle 5).
``mount(app)`` adds the pages, the static files and the locally served plotly bundle.
"""

from __future__ import annotations

from fastapi import FastAPI

__all__ = ["mount"]


def mount(app: FastAPI) -> None:
    from pasar.web import evidence, inbox_settings, ops, public, seller
    from pasar.web.assets import install_assets

    install_assets(app)
    for module in (public, seller, inbox_settings, ops, evidence):
        app.include_router(module.router)
