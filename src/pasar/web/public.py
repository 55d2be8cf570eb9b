"""Sign-in, sign-out, the language switch and the public shop pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response

from pasar.api.auth_throttle import client_address, limiter_of
from pasar.api.fields import PathId, Text
from pasar.domain.errors import NotFound, TooManyFailedAttempts, Unauthenticated
from pasar.domain.principals import PrincipalKind
from pasar.services.auth import token_hash
from pasar.services.demo import DEMO_TOKENS
from pasar.services.web_sessions import close_session, open_session
from pasar.web.common import (
    LANGUAGE_COOKIE,
    N_,
    SESSION_COOKIE,
    FormText,
    QueryText,
    WebRoute,
    current_principal,
    marketplace,
    render,
    see_other,
    set_cookie,
)
from pasar.web.i18n import LANGUAGES
from pasar.web.score_view import shop_score

router = APIRouter(route_class=WebRoute, include_in_schema=False)
HOME = {PrincipalKind.SELLER: "/seller", PrincipalKind.OPERATOR: "/ops", PrincipalKind.BUYER: "/shop"}
YEAR = 365 * 24 * 3600
BAD_TOKEN = N_("That token is not valid. Use one of the demo accounts or a token issued to you.")
TOO_MANY = N_("Too many failed sign-in attempts from your address. Wait a moment, then try again.")


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


def _demo_accounts(request: Request) -> dict[str, str] | None:
    """The demo tokens, if this marketplace has the demo seeded (never shown where they would not work)."""
    with marketplace(request).uow(read_only=True) as uow:
        present = uow.people.token(token_hash(DEMO_TOKENS["seller"])) is not None
    return DEMO_TOKENS if present else None


def _signin_page(
    request: Request, next: str | None, *, status_code: int = 200, signed_in: Any = None, error: str | None = None
) -> Response:
    return render(
        request,
        "signin.html",
        status_code=status_code,
        demo=_demo_accounts(request),
        next=_safe_next(next),
        signed_in=signed_in,
        error=error,
    )


@router.get("/signin")
def signin_form(request: Request, next: QueryText = "") -> Response:
    return _signin_page(request, next, signed_in=current_principal(request))


@router.post("/signin")
def signin(request: Request, token: FormText = "", next: FormText = "") -> Response:
    market = marketplace(request)
    limiter, client, now = limiter_of(request), client_address(request), market.clock.now()
    try:
        limiter.check(client, now)
        with market.uow() as uow:
            opened = open_session(uow, token.strip(), timedelta(hours=market.settings.session_hours))
    except TooManyFailedAttempts as exc:
        page = _signin_page(request, next, status_code=429, error=TOO_MANY)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except Unauthenticated:
        limiter.failed(client, now)
        return _signin_page(request, next, status_code=401, error=BAD_TOKEN)
    response = see_other(_safe_next(next) or HOME[opened.principal.kind])
    lifetime = market.settings.session_hours * 3600
    set_cookie(request, response, SESSION_COOKIE, opened.session_id, httponly=True, samesite="lax", max_age=lifetime)
    return response


@router.post("/signout")
def signout(request: Request) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id:
        with marketplace(request).uow() as uow:
            close_session(uow, session_id)
    response = see_other("/signin")
    response.delete_cookie(SESSION_COOKIE, secure=marketplace(request).settings.behind_tls, httponly=True)
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: Annotated[str, Text(1, 16)], next: QueryText = "") -> Response:
    if code not in LANGUAGES:
        raise NotFound(f"language {code} not found")
    response = see_other(_safe_next(next) or "/signin")
    set_cookie(request, response, LANGUAGE_COOKIE, code, samesite="lax", max_age=YEAR)
    return response


@router.get("/shop")
def shops(request: Request) -> Response:
    with marketplace(request).uow(read_only=True) as uow:
        rows = uow.catalogue.list_shops()
    return render(request, "shops.html", shops=rows)


@router.get("/shop/{shop_id}")
def shop_page(request: Request, shop_id: PathId) -> Response:
    with marketplace(request).uow(read_only=True) as uow:
        shop = uow.catalogue.shop(shop_id)
        if shop is None:
            raise NotFound(f"shop {shop_id} not found")
        rules = uow.rules(shop.market)
        products = uow.catalogue.products_page(shop_id=shop_id, after_id=0, limit=200)
        skus: dict[int, list[Any]] = {}
        for sku in uow.catalogue.skus_of([p.id for p in products]):
            skus.setdefault(sku.product_id, []).append(sku)
        score = shop_score(uow, shop_id)
    after_sales = rules.after_sales
    policy = {
        "request_window_days": after_sales.mall_window_days if shop.is_mall else after_sales.window_days,
        "seller_decision_days": after_sales.seller_decision_days,
        "buyer_return_ship_days": after_sales.buyer_return_ship_days,
        "seller_refund_after_receipt_days": after_sales.seller_refund_after_receipt_days,
        "proof_of_delivery_hours": after_sales.proof_of_delivery_hours,
        "return_address": shop.return_address or after_sales.return_address,
    }
    return render(
        request,
        "shop.html",
        market=shop.market,
        shop=shop,
        products=products,
        skus=skus,
        score=score,
        policy=policy,
        currency=rules.market.currency,
    )
