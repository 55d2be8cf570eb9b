"""Web sessions: signing in with a token opens a server-side session; the cookie holds only its id.

The id is random (256 bits) and stored hashed, so a copy of the database signs nobody in; the
session acts as the token's principal until it expires or the visitor signs out, and the API
token itself never reaches the browser after the sign-in form.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.auth import authenticate, token_hash
from pasar.services.unit_of_work import UnitOfWork


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class OpenedSession:
    session_id: str  # in clear, once: it goes into the cookie
    principal: Principal


@dataclass(frozen=True)
class SessionLookup:
    principal: Principal
    stale: bool  # its last-seen time is older than the touch interval


def open_session(uow: UnitOfWork, token: str, lifetime: timedelta) -> OpenedSession:
    """Sign in with an API token (refused with Unauthenticated if it is not one)."""
    who = authenticate(uow, token)
    uow.sessions.remove_expired(uow.now)  # sign-ins are rare enough to sweep the old ones here
    session_id = secrets.token_urlsafe(32)
    uow.sessions.add(
        id_hash=_hash(session_id), token_hash=token_hash(token), now=uow.now, expires_at=uow.now + lifetime
    )
    return OpenedSession(session_id, who)


def session_principal(uow: UnitOfWork, session_id: str, touch_every: timedelta) -> SessionLookup | None:
    """Who a live session acts as, or None for an unknown or expired one."""
    row = uow.sessions.with_principal(_hash(session_id))
    if row is None or row.expires_at <= uow.now:
        return None
    who = Principal(PrincipalKind(row.kind), row.name, buyer_id=row.buyer_id, shop_id=row.shop_id)
    return SessionLookup(who, stale=row.last_seen_at <= uow.now - touch_every)


def touch_session(uow: UnitOfWork, session_id: str) -> None:
    uow.sessions.touch(_hash(session_id), uow.now)


def close_session(uow: UnitOfWork, session_id: str) -> None:
    uow.sessions.remove(_hash(session_id))
