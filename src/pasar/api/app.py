"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request, params
from fastapi.dependencies.models import Dependant
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.types import Scope

from pasar import __version__
from pasar.api import problems
from pasar.api.limits import RequestSizeLimits
from pasar.api.routes import all_routers
from pasar.services.marketplace import Marketplace
from pasar.web import mount as mount_web
from pasar.web import routers as web_routers
from pasar.web.common import WebRoute, too_large_page

DESCRIPTION = """
Pasar's HTTP API. Every request except the catalogue reads and the payment gateway's callback
needs `Authorization: Bearer <token>`; each token belongs to one principal (a buyer, a seller user
bound to one shop, or an operator), and every query is scoped to what that principal may see:
another shop's order is a 404. Errors are `application/problem+json` (RFC 9457) with a stable
`code` and, where one input is at fault, the `field` that names it. Money is in integer minor
units of the order's currency; instants are ISO 8601 with a time zone (answers are in UTC). Text
fields refuse NUL characters and unpaired surrogates; ids are 1 to 2^63-1; a request body over the
size limit (2 MiB by default, more for file uploads) is refused with 413 before it is read.

Orders are placed UNPAID (reminded, then cancelled by the system when the market's timeout
passes), paid into a one-hour hold, then shipped under business-day deadlines; after delivery,
buyers open refund-only or return-and-refund cases whose every step has a deadline the platform
enforces on its own. The flows are drawn in docs/after-sales.md; every number comes from the
market's rulebook (`GET /v1/markets/{code}/rules`).
"""


def create_app(marketplace: Marketplace) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in this pool; its size is a latency setting (see Settings.request_threads).
        anyio.to_thread.current_default_thread_limiter().total_tokens = marketplace.settings.request_threads
        yield

    app = FastAPI(title="Pasar", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.marketplace = marketplace
    problems.install(app)
    api = all_routers()
    for router in api:
        app.include_router(router)
    mount_web(app)
    _limit_request_sizes(app, marketplace, [*api, *web_routers()])

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/signin")

    @app.get("/v1/health", tags=["operations"], summary="Liveness and database reachability")
    def health() -> dict[str, str]:
        with marketplace.uow(read_only=True) as uow:
            uow.conn.exec_driver_sql("SELECT 1")
        return {"status": "ok"}

    return app


def _limit_request_sizes(app: FastAPI, marketplace: Marketplace, routers: list[APIRouter]) -> None:
    routes = [route for router in routers for route in router.routes if isinstance(route, APIRoute)]
    pages = [route.path_regex for route in routes if isinstance(route, WebRoute)]
    settings = marketplace.settings

    async def refuse(scope: Scope, limit: int) -> Response:
        if any(page.match(scope["path"]) for page in pages):
            return await too_large_page(Request(scope), limit)
        return problems.too_large(limit)

    app.add_middleware(
        RequestSizeLimits,
        default=settings.max_request_bytes,
        upload=settings.max_upload_request_bytes,
        upload_paths=[route.path_regex for route in routes if _takes_a_file(route)],
        refuse=refuse,
    )


def _takes_a_file(route: APIRoute) -> bool:
    def files(dependant: Dependant) -> bool:
        direct = any(isinstance(field.field_info, params.File) for field in dependant.body_params)
        return direct or any(files(inner) for inner in dependant.dependencies)

    return files(route.dependant)
