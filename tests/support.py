"""Test helpers that build a marketplace through the real services (fixtures over mocks)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from pasar.adapters import signing
from pasar.adapters.carriers import TrackingUpdate
from pasar.adapters.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from pasar.domain.case_commands import CaseCommand
from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.orders import CartLine, Channel
from pasar.domain.payments import FailureReason, PaymentMethod, PaymentOutcome
from pasar.domain.principals import Principal, PrincipalKind
from pasar.rules import rulebook_for
from pasar.services import after_sales, catalogue, fulfilment
from pasar.services.buyers import register_buyer
from pasar.services.checkout import PlacedOrder, place_orders
from pasar.services.demo import CATEGORIES
from pasar.services.marketplace import Marketplace
from pasar.services.payments import PaymentResult, apply_gateway_result, start_payment
from pasar.store import tables

_refs = itertools.count(1)


@dataclass(frozen=True)
class Shop:
    id: int
    market: str
    sku_ids: list[int]


class Given:
    """Builds the world a test starts from: shops, stock, buyers, orders, payments."""

    def __init__(self, marketplace: Marketplace) -> None:
        self.marketplace = marketplace
        with marketplace.uow() as uow:
            for code, name in CATEGORIES.items():
                uow.catalogue.ensure_category(code, name)

    def shop(
        self,
        *,
        market: str = "ID",
        stock: Sequence[int] = (10,),
        price: int = 50_000,
        category: str = "fashion",
        platform: bool = False,
    ) -> Shop:
        with self.marketplace.uow() as uow:
            ref = next(_refs)
            shop_id = catalogue.create_shop(uow, ref=f"shop-{ref}", name=f"Shop {ref}", market=market)
            fbt = catalogue.platform_warehouse(uow, market) if platform else None
            skus = [
                catalogue.NewSku(f"SKU-{ref}-{i}", f"Variant {i}", price, units, "platform" if platform else "seller")
                for i, units in enumerate(stock)
            ]
            product = catalogue.create_product(
                uow,
                shop_id=shop_id,
                category=category,
                title=f"Product {ref}",
                description="",
                skus=skus,
                platform_warehouse_id=fbt,
            )
            sku_ids = [row.id for row in uow.catalogue.skus_of([product])]
        return Shop(shop_id, market, sku_ids)

    def product(self, shop: Shop, *, category: str, stock: int = 10, price: int = 10_000) -> int:
        """Another product in an existing shop; returns its SKU id."""
        with self.marketplace.uow() as uow:
            ref = next(_refs)
            product = catalogue.create_product(
                uow,
                shop_id=shop.id,
                category=category,
                title=f"Product {ref}",
                description="",
                skus=[catalogue.NewSku(f"SKU-{ref}", "One", price, stock)],
            )
            return int(uow.catalogue.skus_of([product])[0].id)

    def buyer(
        self,
        *,
        market: str = "ID",
        channel: str = "in_app",
        email: str | None = "buyer@example.com",
        phone: str | None = "+6281234567890",
    ) -> Principal:
        with self.marketplace.uow() as uow:
            buyer_id = register_buyer(
                uow, name=f"Buyer {next(_refs)}", market=market, email=email, phone=phone, notification_channel=channel
            )
        return Principal(PrincipalKind.BUYER, f"buyer {buyer_id}", buyer_id=buyer_id)

    def orders(
        self, buyer: Principal, lines: Sequence[tuple[int, int]], channel: Channel = Channel.SEARCH
    ) -> list[PlacedOrder]:
        assert buyer.buyer_id is not None
        with self.marketplace.uow() as uow:
            return place_orders(uow, buyer_id=buyer.buyer_id, cart=[CartLine(s, q) for s, q in lines], channel=channel)

    def order(self, buyer: Principal, sku_id: int, quantity: int = 1, channel: Channel = Channel.SEARCH) -> int:
        return self.orders(buyer, [(sku_id, quantity)], channel)[0].id

    def payment_started(self, buyer: Principal, order_id: int, method: PaymentMethod = PaymentMethod.CARD) -> str:
        with self.marketplace.uow() as uow:
            reference = self.marketplace.gateway.new_reference()
            return start_payment(uow, buyer, order_id, method, reference).reference

    def gateway_says(
        self, reference: str, outcome: PaymentOutcome, reason: FailureReason | None = None
    ) -> PaymentResult:
        with self.marketplace.uow() as uow:
            return apply_gateway_result(uow, reference, outcome, reason)

    def paid(self, buyer: Principal, order_id: int, method: PaymentMethod = PaymentMethod.CARD) -> PaymentResult:
        return self.gateway_says(self.payment_started(buyer, order_id, method), PaymentOutcome.SUCCEEDED)

    # --- after payment -------------------------------------------------------------------------------
    def seller(self, shop: Shop) -> Principal:
        return Principal(PrincipalKind.SELLER, f"seller of {shop.id}", shop_id=shop.id)

    def operator(self) -> Principal:
        return Principal(PrincipalKind.OPERATOR, "operator")

    def past_hold(self, clock: Any) -> None:
        """Let the hold after payment end (R-CN-1) and the worker move the orders on."""
        clock.advance(rulebook_for("ID").cancellation.hold)
        self.marketplace.work_once()

    def shipped(self, shop: Shop, order_id: int, tracking: str | None = None, carrier: str = "acme") -> str:
        tracking = tracking or f"TRK{order_id:08d}"
        with self.marketplace.uow() as uow:
            fulfilment.ship(uow, self.seller(shop), order_id, carrier, tracking)
        return tracking

    def carrier_reports(self, order_id: int, status: str, at: Any = None, event_id: str | None = None) -> str:
        row = self.order_row(order_id)
        update = TrackingUpdate(
            row.carrier,
            event_id or f"{row.tracking_number}:{status}",
            row.tracking_number,
            status,
            at or self.marketplace.clock.now(),
        )
        with self.marketplace.uow() as uow:
            return fulfilment.apply_tracking_update(uow, update)

    def delivered_order(
        self,
        clock: Any,
        *,
        market: str = "ID",
        stock: Sequence[int] = (10,),
        quantity: int = 1,
        price: int = 50_000,
        is_mall: bool = False,
        channel: str = "in_app",
    ) -> tuple[Shop, Principal, int]:
        """A paid, shipped and delivered order (the carrier reports pickup and delivery now)."""
        shop = self.shop(market=market, stock=stock, price=price)
        if is_mall:
            with self.marketplace.uow() as uow:
                uow.conn.execute(tables.shops.update().where(tables.shops.c.id == shop.id).values(is_mall=True))
        buyer = self.buyer(market=market, channel=channel)
        return shop, buyer, self.delivered(clock, shop, buyer, quantity)

    def delivered(self, clock: Any, shop: Shop, buyer: Principal, quantity: int = 1) -> int:
        """An order of ``buyer`` from ``shop``, paid, shipped and delivered now."""
        order_id = self.order(buyer, shop.sku_ids[0], quantity)
        self.paid(buyer, order_id)
        self.past_hold(clock)
        self.shipped(shop, order_id)
        self.carrier_reports(order_id, "picked_up")
        self.carrier_reports(order_id, "delivered")
        return order_id

    def work(self) -> None:
        self.marketplace.work_once()

    # --- after-sales --------------------------------------------------------------------------------
    def case_opened(
        self,
        buyer: Principal,
        order_id: int,
        kind: CaseKind = CaseKind.REFUND_ONLY,
        reason: CaseReason = CaseReason.DEFECTIVE,
        **extra: Any,
    ) -> int:
        with self.marketplace.uow() as uow:
            return after_sales.open_case(uow, buyer, order_id, kind=kind, reason=reason, **extra)

    def acts(self, who: Principal, case_id: int, command: CaseCommand) -> Any:
        with self.marketplace.uow() as uow:
            return after_sales.handle(uow, who, case_id, command)

    def case_row(self, case_id: int) -> Any:
        with self.marketplace.uow(read_only=True) as uow:
            return uow.cases.get(case_id)

    def case_history(self, case_id: int) -> list[Any]:
        with self.marketplace.uow(read_only=True) as uow:
            return uow.cases.history(case_id)

    def deadlines_of(self, subject_type: str, subject_id: int) -> list[dict[str, Any]]:
        with self.marketplace.uow(read_only=True) as uow:
            return uow.deadlines.for_subject(subject_type, subject_id)

    def debits(self, shop_id: int) -> int:
        """What the platform has taken back from the shop for refunds it made (R-AS-3)."""
        with self.marketplace.uow(read_only=True) as uow:
            return uow.fulfilment.debits_total(shop_id)

    def outbox_topics(self) -> list[tuple[str, int | None]]:
        with self.marketplace.uow(read_only=True) as uow:
            rows = uow.conn.execute(
                select(tables.outbox.c.topic, tables.outbox.c.subject_id).order_by(tables.outbox.c.id)
            )
            return [(row.topic, row.subject_id) for row in rows]

    # --- reading the world back ------------------------------------------------------------------
    def order_row(self, order_id: int) -> Any:
        with self.marketplace.uow(read_only=True) as uow:
            return uow.orders.get(order_id)

    def available(self, sku_id: int) -> int:
        with self.marketplace.uow(read_only=True) as uow:
            return sum(row.on_hand - row.reserved for row in uow.catalogue.stock_of(sku_id))

    def reserved(self, sku_id: int) -> int:
        with self.marketplace.uow(read_only=True) as uow:
            return sum(row.reserved for row in uow.catalogue.stock_of(sku_id))

    def history(self, order_id: int) -> list[Any]:
        with self.marketplace.uow(read_only=True) as uow:
            return uow.orders.history(order_id)

    def notifications(self, buyer: Principal, channel: str = "in_app") -> list[Any]:
        assert buyer.buyer_id is not None
        with self.marketplace.uow(read_only=True) as uow:
            return uow.notifications.for_buyer(buyer.buyer_id, channel=channel, after_id=0, limit=1000)

    def row_counts(self) -> dict[str, int]:
        """Rows per table: compared before and after a refused request to prove nothing changed."""
        with self.marketplace.uow(read_only=True) as uow:
            return {
                t.name: uow.conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in tables.metadata.sorted_tables
            }

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the tables a refused request could touch."""
        watched = (
            tables.orders,
            tables.stock,
            tables.payment_attempts,
            tables.order_history,
            tables.deadlines,
            tables.outbox,
            tables.promotions,
            tables.after_sales_cases,
            tables.case_history,
            tables.refunds,
            tables.attachments,
            tables.tracking_events,
            tables.cancellation_requests,
            tables.complaints,
            tables.seller_debits,
        )
        with self.marketplace.uow(read_only=True) as uow:
            return {
                t.name: [tuple(row) for row in uow.conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in watched
            }


def signed_headers(secret: str, raw: bytes, timestamp: int | str) -> dict[str, str]:
    """The headers of a callback signed the way gateways and carriers sign them (adapters.signing)."""
    stamp = str(timestamp)
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: stamp,
        SIGNATURE_HEADER: signing.signature(secret, stamp, raw),
    }


def gateway_callback_headers(marketplace: Marketplace, raw: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    """A gateway callback's headers, signed with the marketplace's gateway secret at its clock's now."""
    secret = marketplace.settings.gateway_secret
    assert secret is not None
    stamp = timestamp if timestamp is not None else int(marketplace.clock.now().timestamp())
    return signed_headers(secret, raw, stamp)
