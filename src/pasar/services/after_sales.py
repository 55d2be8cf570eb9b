"""After-sales cases (docs/rules.md §6, R-AS-1..6): open, act, and let the deadlines decide.

Every move goes through ``handle`` (a person's command, domain/case_commands.py) or ``decide``
(the system's): the case's state machine (domain/cases.py) says whether the command's event is
allowed, ``WHO_MAY`` says who may trigger it, and the timers (``services.timers``, driven by
``CASE_TIMERS``) withdraw the deadline of the status left and start that of the status entered.
A person's action first applies the case's and the order's due deadlines (``services.catch_up``),
so it is judged against what the deadlines decided, whether or not the worker has run: refused
after a deadline moved the case (``409 deadline-passed``, the system's decision stands), allowed
where the new status allows it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row

from pasar.domain.case_commands import CaseCommand, ReceiveReturn, command_without_input
from pasar.domain.cases import (
    CASE_TIMERS,
    RESPONSIBILITY,
    SYSTEM_EVENT,
    WHO_MAY,
    CaseEvent,
    CaseKind,
    CaseReason,
    CaseStatus,
    next_case_status,
)
from pasar.domain.deadlines import DeadlineKind, DueDeadline, states_running
from pasar.domain.due_times import proof_of_delivery_due
from pasar.domain.errors import Conflict, DeadlinePassed, Forbidden, InvalidInput, InvalidTransition, NotFound
from pasar.domain.fulfilment import TrackingStatus
from pasar.domain.orders import Actor, OrderStatus
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import timers
from pasar.services.case_values import entry_values
from pasar.services.catch_up import catch_up, catch_up_orders
from pasar.services.completion import after_sales_window_end, complete_orders
from pasar.services.orders import caught_up_order
from pasar.services.refunds import refund, refundable
from pasar.services.unit_of_work import UnitOfWork


class DuplicateCase(Conflict):
    code = "duplicate-case"


def open_case(
    uow: UnitOfWork,
    buyer: Principal,
    order_id: int,
    *,
    kind: CaseKind,
    reason: CaseReason,
    line_ids: list[int] | None = None,
    description: str = "",
    amount: int | None = None,
) -> int:
    order = caught_up_order(uow, buyer, order_id)  # R-FL-4: past the window the order has completed
    if buyer.buyer_id != order.buyer_id:
        raise NotFound(f"order {order_id} not found")
    _check_may_open(uow, order, kind)
    lines = {line.id: line for line in uow.orders.lines([order_id])}
    chosen = sorted(line_ids) if line_ids else sorted(lines)
    unknown = [line for line in chosen if line not in lines]
    if unknown:
        raise InvalidInput(f"order {order_id} has no line {unknown[0]}", field="line_ids")
    taken = uow.cases.lines_in_cases(order_id) & set(chosen)
    if taken:
        raise DuplicateCase(
            f"line(s) {sorted(taken)} of order {order_id} already have an after-sales case", field="line_ids"
        )
    ceiling = min(sum(lines[line].amount for line in chosen), refundable(order))
    requested = ceiling if amount is None else amount
    if not 0 < requested <= ceiling:
        raise InvalidInput(f"amount must be between 1 and {ceiling}", field="amount")
    case_id = uow.cases.add(
        {
            "order_id": order_id,
            "shop_id": order.shop_id,
            "buyer_id": order.buyer_id,
            "kind": kind.value,
            "reason": reason.value,
            "responsibility": RESPONSIBILITY[reason].value,
            "status": CaseStatus.REQUESTED.value,
            "requested_amount": requested,
            "parcel_delivered": order.status == OrderStatus.DELIVERED.value,
            "description": description,
            "opened_at": uow.now,
            "updated_at": uow.now,
        },
        chosen,
    )
    uow.cases.record(
        [
            _history(
                uow,
                case_id,
                Actor.BUYER,
                str(buyer.buyer_id),
                "open",
                None,
                CaseStatus.REQUESTED,
                f"{kind.value}: {reason.value}",
            )
        ]
    )
    timers.moved(uow, "case", [timers.Move(case_id, None, CaseStatus.REQUESTED, uow.now, order.market)])
    uow.emit(
        "case.opened",
        case_id,
        {
            "case_id": case_id,
            "order_id": order_id,
            "shop_id": order.shop_id,
            "kind": kind.value,
            "reason": reason.value,
        },
    )
    return case_id


def _check_may_open(uow: UnitOfWork, order: Row[Any], kind: CaseKind) -> None:
    if order.status == OrderStatus.COMPLETED.value:
        raise InvalidTransition(f"order {order.id} is completed: its after-sales window has closed (R-FL-4)")
    undelivered_ok = kind is CaseKind.REFUND_ONLY and order.status == OrderStatus.IN_TRANSIT.value
    if order.status != OrderStatus.DELIVERED.value and not undelivered_ok:
        raise InvalidTransition(
            f"order {order.id} is {order.status}: a {kind.value.replace('_', '-')} case needs "
            + ("a delivered order" if kind is CaseKind.RETURN_AND_REFUND else "a shipped or delivered order")
        )
    if order.status == OrderStatus.DELIVERED.value and uow.now >= after_sales_window_end(uow, order):
        raise DeadlinePassed(f"the after-sales window of order {order.id} has passed")


def handle(uow: UnitOfWork, who: Principal, case_id: int, command: CaseCommand) -> Row[Any]:
    """Apply a person's command to a case: the seller's, the buyer's or an operator's action."""
    return _move(uow, who, case_id, command, command.recorded_reason)


def decide(
    uow: UnitOfWork, case_id: int, command: CaseCommand, *, because: str, at: datetime | None = None
) -> Row[Any]:
    """The system's move on a case, when a deadline passes or a carrier reports; ``because`` goes in its history.

    ``at`` is when the event really happened, if that was before now (a carrier's delivery scan):
    the next status's deadline runs from then.
    """
    return _move(uow, None, case_id, command, because, at)


def _move(
    uow: UnitOfWork,
    who: Principal | None,
    case_id: int,
    command: CaseCommand,
    reason: str | None,
    at: datetime | None = None,
) -> Row[Any]:
    event = command.event
    decided = _catch_up_case(uow, who, case_id) if who is not None else []
    case = _visible_case(uow, who, case_id)
    actor = _actor(who)
    if actor not in WHO_MAY[event]:
        raise Forbidden(f"a {actor.value} cannot {event.value.replace('_', ' ')} a case")
    kind, status = CaseKind(case.kind), CaseStatus(case.status)
    try:
        target = next_case_status(kind, status, event)
    except InvalidTransition as refused:
        raise _decided_by_deadline(case, decided) or refused from None
    if actor is not Actor.SYSTEM:
        _check_proof(uow, case, event)
    order = uow.orders.lock([case.order_id])[0]
    values = entry_values(uow, case, order, command, target)
    if not uow.cases.update(case_id, status.value, {"status": target.value, "updated_at": uow.now, **values}):
        raise Conflict(f"case {case_id} changed while you were acting on it; try again")
    who_id = None if who is None else str(who.shop_id or who.buyer_id or who.name)
    uow.cases.record([_history(uow, case_id, actor, who_id, event.value, status, target, reason)])
    timers.moved(uow, "case", [timers.Move(case_id, status, target, at or uow.now, order.market)])
    _on_entry(uow, case, order, event, target, values)
    uow.emit(
        "case.updated",
        case_id,
        {
            "case_id": case_id,
            "order_id": case.order_id,
            "buyer_id": case.buyer_id,
            "shop_id": case.shop_id,
            "event": event.value,
            "status": target.value,
        },
    )
    updated = uow.cases.get(case_id)
    assert updated is not None
    return updated


def _catch_up_case(uow: UnitOfWork, who: Principal, case_id: int) -> list[DueDeadline]:
    """Apply the due deadlines of the case and its order (before either is locked); returns the case's."""
    case = uow.cases.get(case_id)
    if case is None or not who.may_see_order(buyer_id=case.buyer_id, shop_id=case.shop_id):
        raise NotFound(f"case {case_id} not found")
    fired = catch_up_orders(uow, [case.order_id], also={"case": [case_id]})
    return [deadline for deadline in fired if deadline.kind in SYSTEM_EVENT and deadline.subject_id == case_id]


def _decided_by_deadline(case: Row[Any], decided: list[DueDeadline]) -> DeadlinePassed | None:
    """A person's action refused because a deadline has just moved the case: say so (the decision stands)."""
    if not decided:
        return None
    last = decided[-1]
    due = last.due_at.isoformat() if last.due_at else "its time"
    return DeadlinePassed(
        f"the {last.kind.value.replace('_', ' ')} deadline of case {case.id} passed at {due}: "
        f"the platform decided ({SYSTEM_EVENT[last.kind].value.replace('_', ' ')}) and the case is {case.status}"
    )


def _actor(who: Principal | None) -> Actor:
    if who is None:
        return Actor.SYSTEM
    return {
        PrincipalKind.BUYER: Actor.BUYER,
        PrincipalKind.SELLER: Actor.SELLER,
        PrincipalKind.OPERATOR: Actor.OPERATOR,
    }[who.kind]


def _visible_case(uow: UnitOfWork, who: Principal | None, case_id: int) -> Row[Any]:
    case = uow.cases.get(case_id, lock=True)
    if case is None or (who is not None and not who.may_see_order(buyer_id=case.buyer_id, shop_id=case.shop_id)):
        raise NotFound(f"case {case_id} not found")
    return case


def _check_proof(uow: UnitOfWork, case: Row[Any], event: CaseEvent) -> None:
    """R-AS-2: proof of delivery answers only an undelivered parcel's case, within its hours."""
    if event is CaseEvent.SUBMIT_PROOF:
        rules = uow.rules(_market(uow, case))
        proof_due = proof_of_delivery_due(case.opened_at, rules)
        if case.parcel_delivered:
            raise InvalidTransition("proof of delivery answers a refund-only case on an undelivered parcel (R-AS-2)")
        if uow.now >= proof_due:
            raise DeadlinePassed(f"proof of delivery was due by {proof_due.isoformat()} (R-AS-2)")


def _market(uow: UnitOfWork, case: Row[Any]) -> str:
    order = uow.orders.get(case.order_id)
    assert order is not None
    return str(order.market)


def _on_entry(
    uow: UnitOfWork,
    case: Row[Any],
    order: Row[Any],
    event: CaseEvent,
    target: CaseStatus,
    values: dict[str, Any],
) -> None:
    if event is CaseEvent.ESCALATE:  # R-AS-4: an escalation is a buyer complaint (R-SC-5)
        uow.cases.add_complaint(
            {
                "shop_id": case.shop_id,
                "order_id": case.order_id,
                "case_id": case.id,
                "buyer_id": case.buyer_id,
                "kind": "arbitration_escalation",
                "created_at": uow.now,
            }
        )
    if target is CaseStatus.AWAITING_RETURN:  # R-AS-3: the buyer is sent the address (domain/notifications.py)
        uow.emit(
            "case.return_address",
            case.id,
            {
                "case_id": case.id,
                "buyer_id": case.buyer_id,
                "order_id": case.order_id,
                "address": values["return_address"],
                "ship_within_days": uow.rules(order.market).after_sales.buyer_return_ship_days,
            },
        )
    if event is CaseEvent.SHIP_RETURN:  # a simulated carrier plans the parcel's scans; others report them
        uow.ports.carrier(values["return_carrier"]).register(uow.fulfilment, values["return_tracking_number"], uow.now)
    if target is CaseStatus.RETURN_RECEIVED:
        lines = set(uow.cases.lines_of(case.id))
        uow.catalogue.restock([item for item in _stock_lines_of(uow, case.order_id, lines)])
    if target is CaseStatus.REFUNDED:
        _refund_case(uow, case, order, event)
    if target in (CaseStatus.REFUNDED, CaseStatus.CLOSED, CaseStatus.REJECTED):
        complete_orders(uow, [case.order_id])


def _stock_lines_of(uow: UnitOfWork, order_id: int, line_ids: set[int]) -> list[tuple[int, int, int]]:
    return [
        (line.sku_id, line.warehouse_id, line.quantity) for line in uow.orders.lines([order_id]) if line.id in line_ids
    ]


def _refund_case(uow: UnitOfWork, case: Row[Any], order: Row[Any], event: CaseEvent) -> None:
    amount = case.offered_amount if event is CaseEvent.ACCEPT_OFFER else case.requested_amount
    amount = min(amount, refundable(order))
    if amount <= 0:
        return
    by_platform = event is CaseEvent.PLATFORM_REFUND
    refund(
        uow,
        uow.ports.gateway,
        order,
        amount,
        key=f"case:{case.id}",
        reason=f"case {case.id}: {case.reason}",
        case_id=case.id,
        by_platform=by_platform,
    )
    uow.cases.update(case.id, CaseStatus.REFUNDED.value, {"refunded_amount": amount})
    if by_platform:  # R-AS-3: the platform refunds the buyer and debits the seller's next payout (R-FE-2)
        uow.fulfilment.add_debit(
            {
                "shop_id": case.shop_id,
                "order_id": case.order_id,
                "case_id": case.id,
                "amount": amount,
                "reason": "platform refund: seller did not refund in time",
                "created_at": uow.now,
            }
        )


def _history(
    uow: UnitOfWork,
    case_id: int,
    actor: Actor,
    actor_id: str | None,
    event: str,
    before: CaseStatus | None,
    after: CaseStatus,
    reason: str | None,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": uow.now,
        "actor": actor.value,
        "actor_id": actor_id,
        "event": event,
        "from_status": before.value if before else None,
        "to_status": after.value,
        "reason": reason,
    }


def fire_case_deadlines(uow: UnitOfWork, kind: DeadlineKind, case_ids: list[int]) -> set[int]:
    """The system's move when a case deadline passes; returns the cases it moved."""
    moved = set()
    for case in uow.cases.lock_many(case_ids):
        if CaseStatus(case.status) in states_running(CASE_TIMERS, kind):
            decide(uow, case.id, command_without_input(SYSTEM_EVENT[kind]), because=f"{kind.value} passed")
            moved.add(case.id)
    return moved


def receive_return_by_carrier(uow: UnitOfWork, case_id: int, status: TrackingStatus, occurred_at: datetime) -> None:
    """R-AS-3: the carrier delivered the return to the return address, so the seller has received it.

    The seller's refund clock starts from the delivery scan. Deadlines that fell due before the scan
    apply first (a return already counted as received stays so); other scans are only recorded.
    """
    catch_up(uow, {"case": [case_id]}, until=occurred_at)
    case = uow.cases.get(case_id, lock=True)
    if case is None or status is not TrackingStatus.DELIVERED or case.status != CaseStatus.RETURN_SHIPPED.value:
        return
    carrier = f"{case.return_carrier} {case.return_tracking_number}"
    decide(uow, case_id, ReceiveReturn(), because=f"delivered to the return address ({carrier})", at=occurred_at)
