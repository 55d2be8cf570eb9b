"""The full life of 1,000 orders through the real services and the worker, checked by invariants.

Buyers pay or not, cancel in the hold or after it, sellers ship on time, late or never, parcels are
delivered or lost, and buyers open refund-only and return cases that run down every timeout path.
At the end: every order rests in a state the rules allow, money paid = money kept + money refunded,
and stock is conserved.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.domain.case_commands import (
    AcceptOffer,
    Approve,
    Arbitrate,
    CaseCommand,
    Escalate,
    OfferPartialRefund,
    ReceiveReturn,
    Refund,
    Reject,
    ShipReturn,
)
from pasar.domain.cases import CaseKind, CaseReason, CaseStatus
from pasar.domain.errors import DomainError
from pasar.domain.fulfilment import BuyerCancelReason, SellerCancelReason
from pasar.domain.orders import OrderStatus
from pasar.services import after_sales, cancellations, fulfilment
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.support import Given

ORDERS = 1_000
TICK = timedelta(minutes=30)
TICKS_PER_HOUR = 2


@pytest.fixture
def lossy_marketplace(engine, clock, settings) -> Marketplace:
    lossy = replace(settings, simulated_loss_rate=0.03, carriers=("simulated",))
    market = Marketplace(engine, clock, lossy, SimulatedGateway(lossy.gateway_secret))
    for carrier in market.ports.simulated_carriers():
        carrier._random.seed(11)
    return market


@pytest.mark.slow
def test_a_thousand_order_lives_end_in_states_the_rules_allow(lossy_marketplace: Marketplace, clock) -> None:
    market = lossy_marketplace
    given = Given(market)
    rng = random.Random(2026)
    shops = [
        given.shop(stock=[400, 400], price=rng.randrange(10_000, 90_000, 1_000), platform=i % 5 == 0) for i in range(12)
    ]
    buyers = [given.buyer() for _ in range(150)]
    initial = _stock(market)
    start = clock.now()
    agenda: dict[int, list[Callable[[], None]]] = defaultdict(list)  # tick → actions
    outcomes: Counter[str] = Counter()
    now = {"tick": 0}

    def later(hours: float, action: Callable[[], None]) -> None:
        """Schedule ``action`` ``hours`` from now (at the next tick at the earliest)."""
        agenda[now["tick"] + max(1, round(hours * TICKS_PER_HOUR))].append(action)

    def attempt(label: str, action: Callable[[], object]) -> None:
        try:
            action()
            outcomes[label] += 1
        except DomainError:
            outcomes[f"{label} refused"] += 1

    for _ in range(ORDERS):
        shop, buyer = rng.choice(shops), rng.choice(buyers)
        later(rng.uniform(0, 23), lambda s=shop, b=buyer: _life(given, market, rng, s, b, later, attempt))
    for tick in range(24 * 40 * TICKS_PER_HOUR):
        now["tick"] = tick
        clock.set(start + tick * TICK + timedelta(minutes=7))
        for action in agenda.pop(tick, []):
            action()
        market.work_once()
        if tick % (24 * TICKS_PER_HOUR) == 0:  # the operator works the arbitration queue once a day
            _arbitrate_all(market, given, rng, attempt)
    assert not agenda
    _check_invariants(market, initial)
    # Every path was really walked, not just the happy one
    assert outcomes["placed"] == ORDERS and outcomes["case opened"] > 100
    for path in (
        "cancel in hold",
        "cancel request",
        "request decided",
        "seller cancel",
        "shipped",
        "seller approved",
        "escalated",
        "arbitrated",
        "offer accepted",
        "return shipped",
        "return received",
        "seller refunded",
    ):
        assert outcomes[path] > 0, path
    with market.uow(read_only=True) as uow:
        reasons = Counter(uow.conn.execute(select(tables.orders.c.cancel_reason)).scalars())
        platform_refunds = uow.conn.execute(select(func.count()).select_from(tables.seller_debits)).scalar_one()
        late = uow.conn.execute(
            select(func.count())
            .select_from(tables.orders)
            .where(tables.orders.c.shipped_at > tables.orders.c.dispatch_deadline_at)
        ).scalar_one()
    assert all(reasons[r] > 0 for r in ("UNPAID_TIMEOUT", "BUYER_CANCELLED", "SELLER_CANCELLED", "NOT_SHIPPED_IN_TIME"))
    assert platform_refunds > 0 and late > 0


def _life(given: Given, market: Marketplace, rng: random.Random, shop, buyer, later, attempt) -> None:
    """One order's story, decided by dice; each step is scheduled for when it would happen."""
    try:
        order_id = given.order(buyer, rng.choice(shop.sku_ids), rng.randint(1, 3))
    except DomainError:
        attempt("place", lambda: (_ for _ in ()).throw(DomainError("refused")))
        return
    attempt("placed", lambda: None)
    roll = rng.random()
    if roll < 0.10:
        return  # never paid: reminded, then cancelled by the system
    attempt("paid", lambda: given.paid(buyer, order_id))
    seller = given.seller(shop)
    if roll < 0.17:
        later_in = rng.uniform(0.1, 0.8)  # inside the one-hour hold
        return later(later_in, lambda: attempt("cancel in hold", lambda: _cancel(market, buyer, order_id)))
    if roll < 0.24:

        def ask() -> None:
            attempt("cancel request", lambda: _cancel(market, buyer, order_id))
            if rng.random() < 0.5:
                later(rng.uniform(3, 30), lambda: attempt("request decided", lambda: _decide(market, seller, order_id)))

        return later(rng.uniform(2, 20), ask)
    if roll < 0.28:
        return later(
            rng.uniform(2, 20), lambda: attempt("seller cancel", lambda: _seller_cancel(market, seller, order_id))
        )
    if roll < 0.32 or (shop.id % 5 == 1 and roll < 0.4):
        return  # the seller never ships: seller-fault auto-cancel at the collection deadline
    ship_at = rng.uniform(2, 40) if rng.random() < 0.7 else rng.uniform(60, 100)  # some after the dispatch deadline
    later(ship_at, lambda: attempt("shipped", lambda: _ship(market, seller, order_id)))
    if rng.random() < 0.3:
        later(
            ship_at + rng.uniform(72, 200),
            lambda: attempt("case opened", lambda: _open_case(market, rng, buyer, seller, order_id, later, attempt)),
        )


def _cancel(market: Marketplace, buyer, order_id: int) -> None:
    with market.uow() as uow:
        cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND)


def _decide(market: Marketplace, seller, order_id: int) -> None:
    with market.uow() as uow:
        request = uow.fulfilment.pending_request_for(order_id)
        if request is None:
            raise DomainError("no pending request")
        cancellations.decide_request(uow, seller, request.id, approve=order_id % 2 == 0, reject_reason="packed")


def _seller_cancel(market: Marketplace, seller, order_id: int) -> None:
    with market.uow() as uow:
        cancellations.seller_cancel(uow, seller, order_id, SellerCancelReason.OUT_OF_STOCK)


def _ship(market: Marketplace, seller, order_id: int) -> None:
    with market.uow() as uow:
        fulfilment.ship(uow, seller, order_id, "simulated", f"SIM{order_id:09d}")


def _open_case(market: Marketplace, rng: random.Random, buyer, seller, order_id: int, later, attempt) -> None:
    kind = CaseKind.RETURN_AND_REFUND if rng.random() < 0.45 else CaseKind.REFUND_ONLY
    reason = rng.choice(list(CaseReason))
    with market.uow() as uow:
        case_id = after_sales.open_case(uow, buyer, order_id, kind=kind, reason=reason)

    def act(who, command: CaseCommand) -> Callable[[], None]:
        def run() -> None:
            with market.uow() as uow:
                after_sales.handle(uow, who, case_id, command)

        return run

    path = rng.random()
    if path < 0.3:
        later_hours = rng.uniform(1, 40)
        later(later_hours, lambda: attempt("seller approved", act(seller, Approve())))
    elif path < 0.5:
        later(rng.uniform(1, 40), lambda: attempt("seller rejected", act(seller, Reject(reason="no"))))
        later(rng.uniform(45, 60), lambda: attempt("escalated", act(buyer, Escalate())))
    elif path < 0.6:
        later(rng.uniform(1, 20), lambda: attempt("offered", act(seller, OfferPartialRefund(amount=1))))
        later(rng.uniform(21, 40), lambda: attempt("offer accepted", act(buyer, AcceptOffer())))
    # else: nobody answers, and the seller-decision deadline approves it
    if kind is CaseKind.RETURN_AND_REFUND and rng.random() < 0.75:  # the rest never ship the return back
        later(
            rng.uniform(50, 100),
            lambda: attempt(
                "return shipped",
                act(buyer, ShipReturn(carrier="simulated", tracking_number=f"RET{case_id:08d}")),
            ),
        )
        later(rng.uniform(101, 140), lambda: attempt("return received", act(seller, ReceiveReturn())))
        if rng.random() < 0.6:  # otherwise the platform refunds after the seller's deadline
            later(rng.uniform(141, 160), lambda: attempt("seller refunded", act(seller, Refund())))


def _arbitrate_all(market: Marketplace, given: Given, rng: random.Random, attempt) -> None:
    with market.uow(read_only=True) as uow:
        waiting = [
            c.id
            for c in uow.cases.page(
                shop_id=None, buyer_id=None, statuses=[CaseStatus.AWAITING_ARBITRATION.value], after_id=0, limit=10_000
            )
        ]
    for case_id in waiting:
        command = Arbitrate(outcome="support_buyer" if rng.random() < 0.5 else "support_seller")

        def run(case_id: int = case_id, command: Arbitrate = command) -> None:
            with market.uow() as uow:
                after_sales.handle(uow, given.operator(), case_id, command)

        attempt("arbitrated", run)


def _stock(market: Marketplace) -> dict[tuple[int, int], tuple[int, int]]:
    with market.uow(read_only=True) as uow:
        rows = uow.conn.execute(select(tables.stock))
        return {(r.sku_id, r.warehouse_id): (r.on_hand, r.reserved) for r in rows}


def _check_invariants(market: Marketplace, initial: dict[tuple[int, int], tuple[int, int]]) -> None:
    with market.uow(read_only=True) as uow:
        orders = list(uow.conn.execute(select(tables.orders)))
        cases = list(uow.conn.execute(select(tables.after_sales_cases)))
        lines = list(uow.conn.execute(select(tables.order_lines)))
        case_lines = list(uow.conn.execute(select(tables.case_lines)))
        refunds = list(uow.conn.execute(select(tables.refunds)))
        paid = list(
            uow.conn.execute(select(tables.payment_attempts).where(tables.payment_attempts.c.status == "succeeded"))
        )
        pending_due = uow.conn.execute(
            select(func.count())
            .select_from(tables.deadlines)
            .where(tables.deadlines.c.status == "pending", tables.deadlines.c.due_at <= uow.now)
        ).scalar_one()
        received = {
            r.case_id
            for r in uow.conn.execute(
                select(tables.case_history.c.case_id).where(
                    tables.case_history.c.event.in_(["receive_return", "return_deemed_received"])
                )
            )
        }
        last_history = {
            r.order_id: r.to_status
            for r in uow.conn.execute(select(tables.order_history))
            if r.event != "payment_failed"
        }
    # A return on its way back has a deadline too (R-AS-3): only arbitration may still be waiting
    open_cases = {c.order_id for c in cases if c.status == CaseStatus.AWAITING_ARBITRATION.value}
    statuses = Counter(o.status for o in orders)
    # 1. Every order rests in a state the rules allow: deadlines have resolved every time-limited state
    assert pending_due == 0
    assert set(statuses) <= {"COMPLETED", "CANCELLED", "DELIVERED", "IN_TRANSIT"}, statuses
    assert all(o.id in open_cases for o in orders if o.status == OrderStatus.DELIVERED.value)
    assert all(o.delivered_at is None for o in orders if o.status == OrderStatus.IN_TRANSIT.value)  # lost parcels
    assert {c.status for c in cases} <= {"REFUNDED", "CLOSED", "REJECTED", "AWAITING_ARBITRATION"}
    assert all(last_history[o.id] == o.status for o in orders)
    # 2. Money paid = money kept + money refunded, never refunding more than was paid
    paid_by_order = Counter({p.order_id: p.amount for p in paid})
    refunded_by_order: Counter[int] = Counter()
    for r in refunds:
        refunded_by_order[r.order_id] += r.amount
    for o in orders:
        assert paid_by_order[o.id] == (o.total_amount if o.paid_at else 0)
        assert refunded_by_order[o.id] == o.refunded_amount <= paid_by_order[o.id]
        if o.status == "CANCELLED" and o.paid_at is not None:
            assert o.refunded_amount == o.total_amount
    assert sum(paid_by_order.values()) == sum(o.total_amount - o.refunded_amount for o in orders if o.paid_at) + sum(
        refunded_by_order.values()
    )
    # 3. Stock is conserved: what is on hand = start − shipped + returned, nothing left reserved
    shipped: Counter[tuple[int, int]] = Counter()
    returned: Counter[tuple[int, int]] = Counter()
    by_line = {line.id: line for line in lines}
    shipped_orders = {o.id for o in orders if o.shipped_at is not None}
    for line in lines:
        if line.order_id in shipped_orders:
            shipped[(line.sku_id, line.warehouse_id)] += line.quantity
    for cl in case_lines:
        if cl.case_id in received:
            line = by_line[cl.order_line_id]
            returned[(line.sku_id, line.warehouse_id)] += line.quantity
    for key, (on_hand, reserved) in _stock(market).items():
        assert reserved == 0
        assert on_hand == initial[key][0] - shipped[key] + returned[key], key
