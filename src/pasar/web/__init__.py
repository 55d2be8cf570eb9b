"""The web front: Seller Centre (/seller), operator console (/ops) and public shop pages (/shop).

Server-rendered with Jinja2; a thin entry point over ``pasar.services`` (docs/design.md principle 5).
``mount(app)`` adds the pages, the static files and the locally served plotly bundle.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

__all__ = ["mount", "routers"]


def routers() -> list[APIRouter]:
    """The page routers, in the order their paths are tried."""
    from pasar.web import evidence, inbox_settings, ops, public, seller

    return [module.router for module in (public, seller, inbox_settings, ops, evidence)]


def mount(app: FastAPI) -> None:
    from pasar.web.assets import install_assets

    install_assets(app)
    for router in routers():
        app.include_router(router)
