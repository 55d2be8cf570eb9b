"""Buyers and API tokens (the principals of the HTTP API)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select

from pasar.store.tables import api_tokens, buyers

_buyer = select(buyers).where(buyers.c.id == bindparam("buyer_id"))
_token = select(api_tokens).where(api_tokens.c.token_hash == bindparam("token_hash"))


class PeopleRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add_buyer(
        self,
        *,
        name: str,
        market: str,
        created_at: datetime,
        email: str | None = None,
        phone: str | None = None,
        notification_channel: str = "in_app",
    ) -> int:
        values = {
            "name": name,
            "market": market,
            "created_at": created_at,
            "email": email,
            "phone": phone,
            "notification_channel": notification_channel,
        }
        return int(self.conn.execute(insert(buyers).values(values).returning(buyers.c.id)).scalar_one())

    def buyer(self, buyer_id: int) -> Row[Any] | None:
        return self.conn.execute(_buyer, {"buyer_id": buyer_id}).first()

    def buyers(self, buyer_ids: list[int]) -> dict[int, Row[Any]]:
        return {row.id: row for row in self.conn.execute(select(buyers).where(buyers.c.id.in_(buyer_ids)))}

    def add_token(
        self,
        *,
        token_hash: str,
        kind: str,
        name: str,
        created_at: datetime,
        buyer_id: int | None = None,
        shop_id: int | None = None,
    ) -> None:
        values = {
            "token_hash": token_hash,
            "kind": kind,
            "name": name,
            "created_at": created_at,
            "buyer_id": buyer_id,
            "shop_id": shop_id,
        }
        self.conn.execute(insert(api_tokens).values(values))

    def token(self, token_hash: str) -> Row[Any] | None:
        return self.conn.execute(_token, {"token_hash": token_hash}).first()
