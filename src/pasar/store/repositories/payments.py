"""Payment attempts (R-UP-4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from pasar.store.tables import payment_attempts

_insert = insert(payment_attempts)
_by_reference = select(payment_attempts).where(payment_attempts.c.reference == bindparam("reference"))
_by_reference_for_update = _by_reference.with_for_update()
_settle = (
    update(payment_attempts)
    .where(payment_attempts.c.id == bindparam("attempt_id"))
    .values(
        status=bindparam("status"),
        failure_reason=bindparam("failure_reason"),
        settled_at=bindparam("at"),
        void_reason=bindparam("void_reason"),
        refund_reference=bindparam("refund_reference"),
    )
)


class PaymentRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any]) -> None:
        self.conn.execute(_insert, values)

    def by_reference(self, reference: str, *, for_update: bool = False) -> Row[Any] | None:
        locking = for_update and self.conn.dialect.name == "postgresql"
        return self.conn.execute(
            _by_reference_for_update if locking else _by_reference, {"reference": reference}
        ).first()

    def settle(
        self,
        attempt_id: int,
        *,
        status: str,
        failure_reason: str | None,
        at: datetime,
        void_reason: str | None = None,
        refund_reference: str | None = None,
    ) -> None:
        self.conn.execute(
            _settle,
            {
                "attempt_id": attempt_id,
                "status": status,
                "failure_reason": failure_reason,
                "at": at,
                "void_reason": void_reason,
                "refund_reference": refund_reference,
            },
        )

    def for_order(self, order_id: int) -> list[Row[Any]]:
        query = select(payment_attempts).where(payment_attempts.c.order_id == order_id)
        return list(self.conn.execute(query.order_by(payment_attempts.c.id)))
