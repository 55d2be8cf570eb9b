"""Request dependencies: the marketplace, the principal, and scope checks."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pasar.api.auth_throttle import client_address, limiter_of
from pasar.api.fields import MAX_ID
from pasar.api.fields import OperatorShopId as OperatorShopId  # the routes take the parameter types from here
from pasar.api.fields import PathId as PathId
from pasar.api.fields import QueryId as QueryId
from pasar.domain.errors import Forbidden, InvalidInput, Unauthenticated
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.auth import authenticate
from pasar.services.marketplace import Marketplace

_bearer = HTTPBearer(auto_error=False, description="An API token: `Authorization: Bearer <token>`.")


async def marketplace(request: Request) -> Marketplace:
    """The app's marketplace (async: no I/O, so it need not cost a threadpool hand-off per request)."""
    market: Marketplace = request.app.state.marketplace
    return market


MarketDep = Annotated[Marketplace, Depends(marketplace)]


def principal(
    request: Request,
    market: MarketDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated("this endpoint needs a bearer token (Authorization: Bearer <token>)")
    limiter, client, now = limiter_of(request), client_address(request), market.clock.now()
    limiter.check(client, now)  # a guesser past the limit is refused even a right guess
    try:
        with market.uow(read_only=True) as uow:
            return authenticate(uow, credentials.credentials)
    except Unauthenticated:
        limiter.failed(client, now)
        raise


PrincipalDep = Annotated[Principal, Depends(principal)]


def require(who: Principal, *kinds: PrincipalKind) -> None:
    if who.kind not in kinds:
        allowed = " or ".join(kind.value for kind in kinds)
        raise Forbidden(f"only a {allowed} may do this; you are signed in as a {who.kind.value}")


def refuse_seller_shop_id(who: Principal, shop_id: int | None) -> None:
    """A seller's requests are about its own shop: naming one is refused, never silently ignored."""
    if who.kind is PrincipalKind.SELLER and shop_id is not None:
        raise InvalidInput("shop_id is for operators; a seller's requests are about its own shop", field="shop_id")


def own_or_named_shop(who: Principal, shop_id: int | None) -> int:
    """A seller's own shop; an operator names the shop with ``shop_id``."""
    require(who, PrincipalKind.SELLER, PrincipalKind.OPERATOR)
    refuse_seller_shop_id(who, shop_id)
    target = who.shop_id if who.kind is PrincipalKind.SELLER else shop_id
    if target is None:
        raise InvalidInput("shop_id is required", field="shop_id")
    return target


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, value = base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)
        last_id = int(value)
        if kind != "id" or not 0 <= last_id <= MAX_ID:
            raise ValueError(kind)
        return last_id
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("the cursor is not one this API returned", field="cursor") from None
