"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI, Request, params
from fastapi.dependencies.models import Dependant
from fastapi.responses import RedirectResponse, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Scope

from pasar import __version__
from pasar.api import problems
from pasar.api.auth_throttle import FailureLimiter
from pasar.api.docs_ui import install_docs
from pasar.api.limits import RequestSizeLimits
from pasar.api.routes import all_routers
from pasar.api.security import SecurityHeaders, security_headers
from pasar.services.marketplace import Marketplace
from pasar.web import mount as mount_web
from pasar.web import routers as web_routers
from pasar.web.common import WebRoute, too_large_page

DESCRIPTION = """
Pasar's HTTP API. Every request except the catalogue reads, the payment gateway's callback and
carriers' events (those two are HMAC-signed over a timestamp instead) needs
`Authorization: Bearer <token>`; each token belongs to one principal (a buyer, a seller user bound
to one shop, or an operator), and every query is scoped to what that principal may see: another
shop's order is a 404. Too many bad tokens from one address are answered with 429 and
`Retry-After`. Errors are `application/problem+json` (RFC 9457) with a stable `code` and, where
one input is at fault, the `field` that names it. Money is in integer minor units of the order's
currency; instants are ISO 8601 with a time zone (answers are in UTC). Text fields refuse NUL
characters and unpaired surrogates; ids are 1 to 2^63-1; a request body over the size limit (2 MiB
by default, more for file uploads) is refused with 413 before it is read.

Orders are placed UNPAID (reminded, then cancelled by the system when the market's timeout
passes), paid into a one-hour hold, then shipped under business-day deadlines; after delivery,
buyers open refund-only or return-and-refund cases whose every step has a deadline the platform
enforces on its own. The flows are drawn in docs/after-sales.md; every number comes from the
market's rulebook (`GET /v1/markets/{code}/rules`).
"""


class PasarApp(FastAPI):
    """FastAPI with the security headers around everything, the last-resort error handler included."""

    security: list[tuple[bytes, bytes]] = []

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack(), self.security)


def create_app(marketplace: Marketplace) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Sync routes run in this pool; its size is a latency setting (see Settings.request_threads).
        anyio.to_thread.current_default_thread_limiter().total_tokens = marketplace.settings.request_threads
        yield

    settings = marketplace.settings
    app = PasarApp(
        title="Pasar", version=__version__, description=DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.security = security_headers(behind_tls=settings.behind_tls, hsts_max_age=settings.hsts_max_age_seconds)
    app.state.marketplace = marketplace
    # Per process: several `pasar serve` processes each count failures on their own (docs/operations.md).
    app.state.auth_limiter = FailureLimiter(
        settings.auth_failures_allowed, settings.auth_failure_window_seconds, settings.auth_limiter_max_clients
    )
    problems.install(app)
    install_docs(app, app.openapi_url or "/openapi.json")
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
