"""Payment attempts (R-UP-4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from pasar.store.tables import payment_attempts


class PaymentRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> int:
        statement = insert(payment_attempts).values(values).returning(payment_attempts.c.id)
        return int(self.conn.execute(statement).scalar_one())

    def by_reference(self, reference: str, *, for_update: bool = False) -> Row[Any] | None:
        query = select(payment_attempts).where(payment_attempts.c.reference == reference)
        if for_update and self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return self.conn.execute(query).first()

    def settle(self, attempt_id: int, *, status: str, failure_reason: str | None, at: datetime) -> None:
        self.conn.execute(
            update(payment_attempts)
            .where(payment_attempts.c.id == attempt_id)
            .values(status=status, failure_reason=failure_reason, settled_at=at)
        )

    def for_order(self, order_id: int) -> list[Row[Any]]:
        query = select(payment_attempts).where(payment_attempts.c.order_id == order_id)
        return list(self.conn.execute(query.order_by(payment_attempts.c.id)))
