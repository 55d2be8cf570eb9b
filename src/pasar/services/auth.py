"""API tokens: each names one principal; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from pasar.domain.errors import Unauthenticated
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.unit_of_work import UnitOfWork


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    uow: UnitOfWork,
    *,
    kind: PrincipalKind,
    name: str,
    buyer_id: int | None = None,
    shop_id: int | None = None,
    token: str | None = None,
) -> str:
    """Create a token (random unless given, e.g. for the demo) and return it in clear, once."""
    if kind is PrincipalKind.BUYER and buyer_id is None:
        raise ValueError("a buyer token needs buyer_id")
    if kind is PrincipalKind.SELLER and shop_id is None:
        raise ValueError("a seller token needs shop_id")
    token = token or "psr_" + secrets.token_urlsafe(24)
    uow.people.add_token(
        token_hash=token_hash(token), kind=kind.value, name=name, created_at=uow.now, buyer_id=buyer_id, shop_id=shop_id
    )
    return token


def authenticate(uow: UnitOfWork, token: str) -> Principal:
    row = uow.people.token(token_hash(token))
    if row is None:
        raise Unauthenticated("the bearer token is not valid")
    return Principal(PrincipalKind(row.kind), row.name, buyer_id=row.buyer_id, shop_id=row.shop_id)
