"""What every page shares: the signed-in principal, the language, rendering and timing."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from pasar.domain.errors import DomainError, Forbidden
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.auth import authenticate
from pasar.services.marketplace import Marketplace
from pasar.web import formatting
from pasar.web.i18n import LANGUAGES, pick_language, translations

SESSION_COOKIE = "pasar_session"
LANGUAGE_COOKIE = "pasar_lang"
TEMPLATES = Path(__file__).parent / "templates"


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


@pass_context
def _gettext(context: Context, message: str, **variables: Any) -> str:
    text = translations(context.get("lang", "en")).gettext(message)
    return text % variables if variables else text


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(context.get("lang", "en")).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)  # type: ignore[attr-defined]


class SignInRequired(Exception):
    """No valid session: the page sends the visitor to the sign-in form."""


def marketplace(request: Request) -> Marketplace:
    market: Marketplace = request.app.state.marketplace
    return market


def language(request: Request) -> str:
    return pick_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def current_principal(request: Request) -> Principal | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    try:
        with marketplace(request).uow(read_only=True) as uow:
            who = authenticate(uow, token)
    except DomainError:
        return None
    request.state.principal = who
    return who


def require(request: Request, *kinds: PrincipalKind) -> Principal:
    who = current_principal(request)
    if who is None:
        raise SignInRequired()
    if who.kind not in kinds:
        allowed = " or ".join(kind.value for kind in kinds)
        raise Forbidden(f"this page is for a {allowed}; you are signed in as a {who.kind.value}")
    return who


def market_of(request: Request, who: Principal | None) -> str:
    if who is not None and who.shop_id is not None:
        with marketplace(request).uow(read_only=True) as uow:
            shop = uow.catalogue.shop(who.shop_id)
            if shop is not None:
                return str(shop.market)
    return "ID"


def helpers(market: str) -> dict[str, Callable[..., str]]:
    return {
        "money": lambda minor, currency: formatting.money(minor, currency, market),
        "when": lambda value, style="medium": formatting.when(value, market, style),
        "duration": lambda seconds: formatting.duration(seconds, market),
        "number": lambda value: formatting.number(value, market),
        "percent": lambda value: formatting.percent(value, market),
        "iso": formatting.iso,
    }


def render(
    request: Request, template: str, *, status_code: int = 200, market: str | None = None, **values: Any
) -> HTMLResponse:
    who = current_principal(request)
    market = market or market_of(request, who)
    context = {
        "request": request,
        "who": who,
        "lang": language(request),
        "languages": LANGUAGES,
        "market": market,
        "path": request.url.path,
        "query": request.url.query,
        **helpers(market),
        **values,
    }
    html = environment.get_template(template).render(context)
    return HTMLResponse(html, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def error_page(request: Request, status: int, detail: str, *, field: str | None = None, code: str = "") -> Response:
    return render(request, "error.html", status_code=status, detail=detail, field=field, code=code)


class WebRoute(APIRoute):
    """A page route: HTML errors instead of problem+json, sign-in redirects, a Server-Timing header."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            started = time.perf_counter()
            try:
                response = await original(request)
            except SignInRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = see_other(f"/signin?next={quote(target, safe='')}")
            except DomainError as exc:
                response = error_page(request, exc.status, exc.detail, field=exc.field, code=exc.code)
            except RequestValidationError as exc:
                fields = sorted({str(error["loc"][-1]) for error in exc.errors() if error.get("loc")})
                response = error_page(
                    request, 422, "the form is incomplete or invalid", field=", ".join(fields), code="invalid-input"
                )
            elapsed = (time.perf_counter() - started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return handler
