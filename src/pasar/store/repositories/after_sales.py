"""After-sales cases, their lines, history, attachments, and buyer complaints."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from pasar.store.bulk import append_rows
from pasar.store.tables import after_sales_cases, attachments, case_history, case_lines, complaints


class CaseRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def add(self, values: dict[str, Any], line_ids: Sequence[int]) -> int:
        statement = insert(after_sales_cases).values(values).returning(after_sales_cases.c.id)
        case_id = int(self.conn.execute(statement).scalar_one())
        append_rows(self.conn, case_lines, [{"case_id": case_id, "order_line_id": line} for line in line_ids])
        return case_id

    def get(self, case_id: int, *, lock: bool = False) -> Row[Any] | None:
        query = select(after_sales_cases).where(after_sales_cases.c.id == case_id)
        if lock and self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return self.conn.execute(query).first()

    def by_return_tracking(self, carrier: str, tracking_number: str) -> Row[Any] | None:
        """The case whose return ships with this carrier and tracking number."""
        query = select(after_sales_cases).where(
            after_sales_cases.c.return_carrier == carrier, after_sales_cases.c.return_tracking_number == tracking_number
        )
        return self.conn.execute(query).first()

    def lock_many(self, case_ids: Collection[int]) -> list[Row[Any]]:
        query = select(after_sales_cases).where(after_sales_cases.c.id.in_(sorted(case_ids)))
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return list(self.conn.execute(query.order_by(after_sales_cases.c.id)))

    def update(self, case_id: int, from_status: str, values: dict[str, Any]) -> bool:
        statement = (
            update(after_sales_cases)
            .where(after_sales_cases.c.id == case_id, after_sales_cases.c.status == from_status)
            .values(values)
        )
        return self.conn.execute(statement).rowcount == 1

    def lines_in_cases(self, order_id: int) -> set[int]:
        query = (
            select(case_lines.c.order_line_id)
            .join(after_sales_cases, after_sales_cases.c.id == case_lines.c.case_id)
            .where(after_sales_cases.c.order_id == order_id)
        )
        return set(self.conn.execute(query).scalars())

    def lines_of(self, case_id: int) -> list[int]:
        query = select(case_lines.c.order_line_id).where(case_lines.c.case_id == case_id)
        return sorted(self.conn.execute(query).scalars())

    def orders_with_case_in(self, order_ids: Collection[int], statuses: Collection[str]) -> set[int]:
        query = select(after_sales_cases.c.order_id).where(
            after_sales_cases.c.order_id.in_(sorted(order_ids)), after_sales_cases.c.status.in_(list(statuses))
        )
        return set(self.conn.execute(query).scalars())

    def for_order(self, order_id: int) -> list[Row[Any]]:
        query = select(after_sales_cases).where(after_sales_cases.c.order_id == order_id)
        return list(self.conn.execute(query.order_by(after_sales_cases.c.id)))

    def page(
        self, *, shop_id: int | None, buyer_id: int | None, statuses: Collection[str] | None, after_id: int, limit: int
    ) -> list[Row[Any]]:
        query = select(after_sales_cases).where(after_sales_cases.c.id > after_id)
        if shop_id is not None:
            query = query.where(after_sales_cases.c.shop_id == shop_id)
        if buyer_id is not None:
            query = query.where(after_sales_cases.c.buyer_id == buyer_id)
        if statuses:
            query = query.where(after_sales_cases.c.status.in_(list(statuses)))
        return list(self.conn.execute(query.order_by(after_sales_cases.c.id).limit(limit)))

    def record(self, entries: Sequence[dict[str, Any]]) -> None:
        append_rows(self.conn, case_history, entries)

    def history(self, case_id: int) -> list[Row[Any]]:
        query = select(case_history).where(case_history.c.case_id == case_id).order_by(case_history.c.id)
        return list(self.conn.execute(query))

    def add_attachment(self, values: dict[str, Any]) -> int:
        statement = insert(attachments).values(values).returning(attachments.c.id)
        return int(self.conn.execute(statement).scalar_one())

    def attachments_of(self, case_id: int) -> list[Row[Any]]:
        query = select(attachments).where(attachments.c.case_id == case_id).order_by(attachments.c.id)
        return list(self.conn.execute(query))

    def attachment(self, case_id: int, attachment_id: int) -> Row[Any] | None:
        query = select(attachments).where(attachments.c.case_id == case_id, attachments.c.id == attachment_id)
        return self.conn.execute(query).first()

    def add_complaint(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(complaints).values(values))
