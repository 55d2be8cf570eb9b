"""Sign-in, sign-out, the language switch and the public shop pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request, Response

from pasar.api.fields import PathId, Text
from pasar.domain.errors import DomainError, NotFound
from pasar.domain.principals import PrincipalKind
from pasar.services.auth import authenticate
from pasar.services.demo import DEMO_TOKENS
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
)
from pasar.web.i18n import LANGUAGES
from pasar.web.score_view import shop_score

router = APIRouter(route_class=WebRoute, include_in_schema=False)
HOME = {PrincipalKind.SELLER: "/seller", PrincipalKind.OPERATOR: "/ops", PrincipalKind.BUYER: "/shop"}
YEAR = 365 * 24 * 3600


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/signin")
def signin_form(request: Request, next: QueryText = "") -> Response:
    who = current_principal(request)
    return render(request, "signin.html", demo=DEMO_TOKENS, next=_safe_next(next), signed_in=who)


@router.post("/signin")
def signin(request: Request, token: FormText = "", next: FormText = "") -> Response:
    try:
        with marketplace(request).uow(read_only=True) as uow:
            who = authenticate(uow, token.strip())
    except DomainError:
        return render(
            request,
            "signin.html",
            status_code=401,
            demo=DEMO_TOKENS,
            next=_safe_next(next),
            signed_in=None,
            error=N_("That token is not valid. Use one of the demo accounts or a token issued to you."),
        )
    response = see_other(_safe_next(next) or HOME[who.kind])
    response.set_cookie(SESSION_COOKIE, token.strip(), httponly=True, samesite="lax", max_age=30 * 24 * 3600)
    return response


@router.post("/signout")
def signout() -> Response:
    response = see_other("/signin")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/lang/{code}")
def switch_language(code: Annotated[str, Text(1, 16)], next: QueryText = "") -> Response:
    if code not in LANGUAGES:
        raise NotFound(f"language {code} not found")
    response = see_other(_safe_next(next) or "/signin")
    response.set_cookie(LANGUAGE_COOKIE, code, samesite="lax", max_age=YEAR)
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
