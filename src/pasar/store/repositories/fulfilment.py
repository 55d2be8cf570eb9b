"""Cancellation requests, carrier tracking events, the simulated carrier's parcels, refunds and debits."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from pasar.store.tables import (
    after_sales_cases,
    cancellation_requests,
    orders,
    products,
    refunds,
    seller_debits,
    simulated_parcels,
    tracking_events,
)


class FulfilmentRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # --- cancellation requests (R-CN-2) -----------------------------------------------------------
    def add_request(self, values: dict[str, Any]) -> int:
        statement = insert(cancellation_requests).values(values).returning(cancellation_requests.c.id)
        return int(self.conn.execute(statement).scalar_one())

    def request(self, request_id: int) -> Row[Any] | None:
        query = select(cancellation_requests).where(cancellation_requests.c.id == request_id)
        return self.conn.execute(query).first()

    def pending_request_for(self, order_id: int) -> Row[Any] | None:
        query = select(cancellation_requests).where(
            cancellation_requests.c.order_id == order_id, cancellation_requests.c.status == "pending"
        )
        return self.conn.execute(query).first()

    def pending_request_ids(self, order_ids: Collection[int]) -> list[int]:
        if not order_ids:
            return []
        query = select(cancellation_requests.c.id).where(
            cancellation_requests.c.order_id.in_(sorted(order_ids)), cancellation_requests.c.status == "pending"
        )
        return sorted(self.conn.execute(query).scalars())

    def requests(self, request_ids: Collection[int]) -> list[Row[Any]]:
        query = select(cancellation_requests).where(cancellation_requests.c.id.in_(sorted(request_ids)))
        return list(self.conn.execute(query.order_by(cancellation_requests.c.id)))

    def withdraw_requests(self, reasons: dict[int, str], at: datetime) -> list[Row[Any]]:
        """Withdraw the pending requests of these orders (order id → why); returns the requests withdrawn."""
        query = select(cancellation_requests).where(
            cancellation_requests.c.order_id.in_(sorted(reasons)), cancellation_requests.c.status == "pending"
        )
        pending = list(self.conn.execute(query))
        if pending:
            statement = (
                update(cancellation_requests)
                .where(cancellation_requests.c.id == bindparam("request_id"))
                .values(status="withdrawn", decided_at=at, decided_by="system", withdraw_reason=bindparam("why"))
            )
            self.conn.execute(statement, [{"request_id": row.id, "why": reasons[row.order_id]} for row in pending])
        return pending

    def decide_request(self, request_id: int, values: dict[str, Any]) -> bool:
        statement = (
            update(cancellation_requests)
            .where(cancellation_requests.c.id == request_id, cancellation_requests.c.status == "pending")
            .values(values)
        )
        return self.conn.execute(statement).rowcount == 1

    def pending_requests(self, shop_id: int | None) -> list[Row[Any]]:
        query = (
            select(cancellation_requests, orders.c.shop_id)
            .join(orders, orders.c.id == cancellation_requests.c.order_id)
            .where(cancellation_requests.c.status == "pending")
        )
        if shop_id is not None:
            query = query.where(orders.c.shop_id == shop_id)
        return list(self.conn.execute(query.order_by(cancellation_requests.c.requested_at)))

    def flag_products(self, product_ids: Collection[int], reason: str, at: datetime) -> None:
        if product_ids:
            self.conn.execute(
                update(products).where(products.c.id.in_(sorted(product_ids))).values(flagged_at=at, flag_reason=reason)
            )

    # --- tracking ---------------------------------------------------------------------------------
    def record_tracking_event(self, values: dict[str, Any]) -> bool:
        """False when this carrier already sent this event id (a replay)."""
        try:
            with self.conn.begin_nested():
                self.conn.execute(insert(tracking_events).values(values))
        except IntegrityError:
            return False
        return True

    def order_by_tracking(self, carrier: str, tracking_number: str) -> Row[Any] | None:
        query = select(orders).where(orders.c.carrier == carrier, orders.c.tracking_number == tracking_number)
        return self.conn.execute(query).first()

    def tracking_in_use(self, carrier: str, tracking_number: str) -> bool:
        """Does a parcel already travel with this carrier and tracking number (an order's or a return's)?"""
        cases = after_sales_cases.c
        returns = select(cases.id).where(
            cases.return_carrier == carrier, cases.return_tracking_number == tracking_number
        )
        return (
            self.order_by_tracking(carrier, tracking_number) is not None
            or self.conn.execute(returns).first() is not None
        )

    def tracking_events_of(self, order_id: int) -> list[Row[Any]]:
        query = select(tracking_events).where(tracking_events.c.order_id == order_id)
        return list(self.conn.execute(query.order_by(tracking_events.c.occurred_at, tracking_events.c.id)))

    # --- the simulated carrier ----------------------------------------------------------------------
    def plan_parcel(self, tracking_number: str, status: str, due_at: datetime, lost: bool) -> None:
        values = {"tracking_number": tracking_number, "status": status, "due_at": due_at, "lost": lost}
        self.conn.execute(insert(simulated_parcels).values(values))

    def due_parcels(self, now: datetime, limit: int) -> list[Row[Any]]:
        query = select(simulated_parcels).where(simulated_parcels.c.due_at <= now).order_by(simulated_parcels.c.due_at)
        if self.conn.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return list(self.conn.execute(query.limit(limit)))

    def advance_parcel(self, parcel_id: int, status: str | None, due_at: datetime | None) -> None:
        if status is None or due_at is None:
            self.conn.execute(simulated_parcels.delete().where(simulated_parcels.c.id == parcel_id))
        else:
            self.conn.execute(
                update(simulated_parcels)
                .where(simulated_parcels.c.id == parcel_id)
                .values(status=status, due_at=due_at)
            )

    # --- money ----------------------------------------------------------------------------------------
    def refund_by_key(self, key: str) -> Row[Any] | None:
        return self.conn.execute(select(refunds).where(refunds.c.idempotency_key == key)).first()

    def add_refund(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(refunds).values(values))

    def add_to_refunded(self, order_id: int, amount: int, at: datetime) -> bool:
        """Raise the order's refunded total, only while it stays within what was paid."""
        statement = (
            update(orders)
            .where(orders.c.id == order_id, orders.c.refunded_amount + amount <= orders.c.total_amount)
            .values(refunded_amount=orders.c.refunded_amount + amount, updated_at=at)
        )
        return self.conn.execute(statement).rowcount == 1

    def refunds_of(self, order_id: int) -> list[Row[Any]]:
        return list(self.conn.execute(select(refunds).where(refunds.c.order_id == order_id).order_by(refunds.c.id)))

    def add_debit(self, values: dict[str, Any]) -> None:
        self.conn.execute(insert(seller_debits).values(values))

    def debits_total(self, shop_id: int) -> int:
        query = select(func.coalesce(func.sum(seller_debits.c.amount), 0)).where(seller_debits.c.shop_id == shop_id)
        return int(self.conn.execute(query).scalar_one())
