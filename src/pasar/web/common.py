"""What every page shares: the signed-in principal, the language, rendering and timing."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Form, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from pasar.api.fields import Text
from pasar.api.limits import body_limit
from pasar.domain.errors import DomainError, Forbidden
from pasar.domain.principals import Principal, PrincipalKind
from pasar.rules.model import MarketInfo
from pasar.services.marketplace import Marketplace
from pasar.services.web_sessions import session_principal, touch_session
from pasar.web import formatting
from pasar.web.assets import plotly_sheet_ids
from pasar.web.i18n import BABEL_LOCALES, LANGUAGES, pick_language, translations


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


SESSION_COOKIE = "pasar_session"
LANGUAGE_COOKIE = "pasar_lang"
TEMPLATES = Path(__file__).parent / "templates"
# Forms carry a token equal to a cookie only this site can read (double submit): a page on another
# site can make the browser post, but cannot know the token to put in the form.
CSRF_COOKIE = "pasar_csrf"
CSRF_FIELD = "csrf_token"
CSRF_REFUSED = N_("this form is out of date or was sent from another site; reload the page and try again")
CSRF_COOKIE_AGE = 30 * 24 * 3600
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
INVALID_FORM = N_("the form is incomplete or invalid")
NO_SUCH_PAGE = N_("there is no such page")
TOO_LARGE = N_("what was sent is larger than this page accepts")


@pass_context
def _gettext(context: Context, message: str, **variables: Any) -> str:
    text = translations(context.get("lang", "en")).gettext(message)
    return text % variables if variables else text


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations(context.get("lang", "en")).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def csrf_token(request: Request) -> str:
    """The visitor's form token: the cookie's, or a new one the response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if token:
        return token
    fresh: str | None = getattr(request.state, "new_csrf_token", None)
    if fresh is None:
        fresh = request.state.new_csrf_token = secrets.token_urlsafe(32)
    return fresh


@pass_context
def _csrf_field(context: Context) -> Markup:
    token = csrf_token(context["request"])
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


async def csrf_refusal(request: Request) -> str | None:
    """Why a form post must be refused (foreign origin, missing or wrong token), or None if it may go on."""
    # Hosts only: behind a proxy that ends TLS the page is https while the app sees http.
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host", ""):
        return CSRF_REFUSED
    cookie = request.cookies.get(CSRF_COOKIE, "")
    form = await request.form()  # cached by Starlette: the route reads the same parsed form
    sent = form.get(CSRF_FIELD)
    if not cookie or not isinstance(sent, str) or not secrets.compare_digest(cookie, sent):
        return CSRF_REFUSED
    return None


@pass_context
def _translated(context: Context, message: str | None) -> str:
    """A message built in Python (an error, a notice): translated if the catalogue has it, else as it is.

    Unlike ``_()``, never %-formats, so a message with a literal "%" is safe.
    """
    if not message:
        return ""
    return translations(context.get("lang", "en")).gettext(str(message))


environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)  # type: ignore[attr-defined]
environment.globals["csrf_field"] = _csrf_field
environment.globals["plotly_sheet_ids"] = plotly_sheet_ids
environment.filters["translated"] = _translated


# A form field or query parameter of a page: text the store can keep (see ``pasar.api.fields``).
FormText = Annotated[str, Form(), Text(0, 100_000)]
QueryText = Annotated[str, Query(), Text(0, 2000)]


class SignInRequired(Exception):
    """No valid session: the page sends the visitor to the sign-in form."""


def marketplace(request: Request) -> Marketplace:
    market: Marketplace = request.app.state.marketplace
    return market


def language(request: Request) -> str:
    return pick_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def set_cookie(request: Request, response: Response, name: str, value: str, **options: Any) -> None:
    """Set a cookie, ``Secure`` when the site is served over https (``PASAR_BEHIND_TLS``)."""
    secure = marketplace(request).settings.behind_tls
    response.set_cookie(name, value, secure=secure, **options)


def current_principal(request: Request) -> Principal | None:
    """The principal of the visitor's session; None without one, or once it expired or was closed."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    market = marketplace(request)
    touch_every = timedelta(seconds=market.settings.session_touch_seconds)
    with market.uow(read_only=True) as uow:
        found = session_principal(uow, session_id, touch_every)
    if found is None:
        return None
    if found.stale:  # last seen is kept to the minute, not written on every page
        with market.uow() as uow:
            touch_session(uow, session_id)
    request.state.principal = found.principal
    return found.principal


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


def helpers(market: MarketInfo, lang: str) -> dict[str, Callable[..., str]]:
    return {
        "money": lambda minor, currency: formatting.money(minor, currency, market),
        "when": lambda value, style="medium": formatting.when(value, market, style),
        "duration": lambda seconds: formatting.duration(seconds, BABEL_LOCALES[lang]),
        "score_number": lambda value: formatting.score(value, market),
        "percent": lambda value: formatting.percent(value, market),
        "number": lambda value: formatting.number(value, BABEL_LOCALES[lang]),  # a count, not money
        "iso": formatting.iso,
    }


def render(
    request: Request, template: str, *, status_code: int = 200, market: str | None = None, **values: Any
) -> HTMLResponse:
    who = current_principal(request)
    market = market or market_of(request, who)
    lang = language(request)
    context = {
        "request": request,
        "who": who,
        "lang": lang,
        "languages": LANGUAGES,
        "market": market,
        "path": request.url.path,
        "query": request.url.query,
        **helpers(marketplace(request).rules(market).market, lang),
        **values,
    }
    html = environment.get_template(template).render(context)
    return HTMLResponse(html, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def error_page(
    request: Request, status: int, detail: str, *, field: str | None = None, code: str = "", **values: Any
) -> Response:
    """The error page (it reads the principal and the market: call it in a thread, never on the event loop)."""
    return render(request, "error.html", status_code=status, detail=detail, field=field, code=code, **values)


def _invalid_input_page(request: Request, exc: RequestValidationError) -> Response:
    errors = [error for error in exc.errors() if error.get("loc")]
    if any(error["loc"][0] == "path" for error in errors):  # an id no page can have, e.g. above 2^63
        return error_page(request, 404, NO_SUCH_PAGE, code="not-found")
    fields = sorted({str(error["loc"][-1]) for error in errors})
    return error_page(request, 422, INVALID_FORM, field=", ".join(fields), code="invalid-input")


def _finish(request: Request, response: Response, started: float) -> Response:
    fresh = getattr(request.state, "new_csrf_token", None)
    if fresh is not None:
        options: dict[str, Any] = {"httponly": True, "samesite": "strict", "max_age": CSRF_COOKIE_AGE}
        set_cookie(request, response, CSRF_COOKIE, fresh, **options)
    elapsed = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def too_large_page(request: Request, limit: int) -> Response:
    """The 413 page for a form or upload over the request-size limit (see ``pasar.api.limits``)."""
    started = time.perf_counter()
    response = await run_in_threadpool(error_page, request, 413, TOO_LARGE, code="request-too-large", limit=limit)
    return _finish(request, response, started)


class WebRoute(APIRoute):
    """A page route: HTML errors instead of problem+json, sign-in redirects, a Server-Timing header.

    The route itself runs in the thread pool (pages are plain functions); so do the error pages, which
    read the principal and the market from the database.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            started = time.perf_counter()
            try:
                refusal = await csrf_refusal(request) if request.method in UNSAFE_METHODS else None
                if refusal is not None:
                    raise Forbidden(refusal, field=CSRF_FIELD)
                response = await original(request)
            except SignInRequired:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                response = see_other(f"/signin?next={quote(target, safe='')}")
            except DomainError as exc:
                response = await run_in_threadpool(
                    error_page, request, exc.status, exc.detail, field=exc.field, code=exc.code
                )
            except RequestValidationError as exc:
                response = await run_in_threadpool(_invalid_input_page, request, exc)
            except HTTPException as exc:  # a form body over the size limit, or one that cannot be parsed
                limit = body_limit(request.scope)
                if exc.status_code == 413 and limit is not None:
                    return await too_large_page(request, limit)
                response = await run_in_threadpool(
                    error_page, request, exc.status_code, INVALID_FORM, code="invalid-input"
                )
            return _finish(request, response, started)

        return handler
