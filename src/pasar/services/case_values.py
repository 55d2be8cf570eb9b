"""What an after-sales event sets on its case, once the event's own input is checked (R-AS-1..4).

``services.after_sales.act`` asks ``entry_values`` before it moves a case: an event's input (a
rejection's reason, an offer's amount, the proof, the return's parcel) is refused here with its
field named, and the columns that the new status carries are filled in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from pasar.domain.cases import CaseEvent, CaseStatus
from pasar.domain.errors import Conflict, DeadlinePassed, InvalidInput
from pasar.domain.orders import OrderStatus
from pasar.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class CaseInput:
    """What a person sent with an event; each event reads its own part."""

    reason: str | None = None
    amount: int | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    attachment_id: int | None = None


def entry_values(
    uow: UnitOfWork, case: Row[Any], order: Row[Any], event: CaseEvent, target: CaseStatus, given: CaseInput
) -> dict[str, Any]:
    """Validate the event's own input and return the columns it and its target status set."""
    checked = _INPUT.get(event)
    values = checked(uow, case, order, given) if checked else {}
    if event in (CaseEvent.SUPPORT_BUYER, CaseEvent.SUPPORT_SELLER):
        values["arbitration_outcome"] = event.value
    return {**values, **_status_values(uow, case, order, event, target)}


def _rejection(uow: UnitOfWork, case: Row[Any], order: Row[Any], given: CaseInput) -> dict[str, Any]:
    if not (given.reason or "").strip():
        raise InvalidInput("a rejection needs a reason", field="reason")
    return {"seller_reject_reason": given.reason}


def _offer(uow: UnitOfWork, case: Row[Any], order: Row[Any], given: CaseInput) -> dict[str, Any]:
    if given.amount is None or not 0 < given.amount < case.requested_amount:
        raise InvalidInput(f"a partial offer must be between 1 and {case.requested_amount - 1}", field="amount")
    return {"offered_amount": given.amount}


def _proof(uow: UnitOfWork, case: Row[Any], order: Row[Any], given: CaseInput) -> dict[str, Any]:
    proofs = {a.id for a in uow.cases.attachments_of(case.id) if a.purpose == "proof_of_delivery"}
    if given.attachment_id not in proofs:
        raise InvalidInput(
            "upload the carrier's proof of delivery first and name its attachment_id", field="attachment_id"
        )
    return {}


def _return_parcel(uow: UnitOfWork, case: Row[Any], order: Row[Any], given: CaseInput) -> dict[str, Any]:
    """The return's carrier and tracking number: its carrier's events find the case by them."""
    carrier, tracking_number = given.carrier, given.tracking_number
    if not carrier or not tracking_number:
        raise InvalidInput("shipping a return needs carrier and tracking_number", field="tracking_number")
    uow.ports.carrier(carrier)
    if uow.fulfilment.tracking_in_use(carrier, tracking_number):
        raise Conflict(f"tracking number {tracking_number} of {carrier} is already used", field="tracking_number")
    return {"return_carrier": carrier, "return_tracking_number": tracking_number}


def _escalation(uow: UnitOfWork, case: Row[Any], order: Row[Any], given: CaseInput) -> dict[str, Any]:
    if order.status == OrderStatus.COMPLETED.value:  # R-FL-4: a rejection can be escalated until then
        raise DeadlinePassed(f"order {order.id} completed when its after-sales window passed (R-FL-4)")
    return {"escalated_at": uow.now}


_INPUT: dict[CaseEvent, Callable[[UnitOfWork, Row[Any], Row[Any], CaseInput], dict[str, Any]]] = {
    CaseEvent.REJECT: _rejection,
    CaseEvent.OFFER_PARTIAL: _offer,
    CaseEvent.SUBMIT_PROOF: _proof,
    CaseEvent.SHIP_RETURN: _return_parcel,
    CaseEvent.ESCALATE: _escalation,
}


def _status_values(
    uow: UnitOfWork, case: Row[Any], order: Row[Any], event: CaseEvent, target: CaseStatus
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if target in (CaseStatus.AWAITING_RETURN, CaseStatus.REFUNDED) and case.approved_at is None:
        values["approved_at"] = uow.now  # R-SC-2 counts refunds and returns approved by D
    if target is CaseStatus.AWAITING_RETURN:
        shop = uow.catalogue.shop(case.shop_id)
        values["return_address"] = (
            shop.return_address
            if shop is not None and shop.return_address
            else uow.rules(order.market).after_sales.return_address
        )
    if target in (CaseStatus.REFUNDED, CaseStatus.CLOSED):
        values["closed_at"] = uow.now
    if target is CaseStatus.REFUNDED:
        values["refunded_by_platform"] = event is CaseEvent.PLATFORM_REFUND
    return values
