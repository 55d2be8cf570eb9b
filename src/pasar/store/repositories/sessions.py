"""Web sessions (sign-ins of the pages), stored by the hash of their id."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, delete, insert, select, update

from pasar.store.tables import api_tokens, web_sessions


class SessionRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, *, id_hash: str, token_hash: str, now: datetime, expires_at: datetime) -> None:
        values = {
            "id_hash": id_hash,
            "token_hash": token_hash,
            "created_at": now,
            "expires_at": expires_at,
            "last_seen_at": now,
        }
        self.conn.execute(insert(web_sessions).values(values))

    def with_principal(self, id_hash: str) -> Row[Any] | None:
        """The session and the token row it acts as (kind, name, buyer_id, shop_id)."""
        query = (
            select(
                web_sessions.c.expires_at,
                web_sessions.c.last_seen_at,
                api_tokens.c.kind,
                api_tokens.c.name,
                api_tokens.c.buyer_id,
                api_tokens.c.shop_id,
            )
            .join(api_tokens, api_tokens.c.token_hash == web_sessions.c.token_hash)
            .where(web_sessions.c.id_hash == id_hash)
        )
        return cast("Row[Any] | None", self.conn.execute(query).first())

    def touch(self, id_hash: str, now: datetime) -> None:
        self.conn.execute(update(web_sessions).where(web_sessions.c.id_hash == id_hash).values(last_seen_at=now))

    def remove(self, id_hash: str) -> None:
        self.conn.execute(delete(web_sessions).where(web_sessions.c.id_hash == id_hash))

    def remove_expired(self, now: datetime) -> int:
        return int(self.conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now)).rowcount)
