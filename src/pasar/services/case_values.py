"""What a case command sets on its case, once checked against the case (R-AS-1..4).

A command has already refused input that is wrong on its face (domain/case_commands.py); here
``services.after_sales.handle`` asks what only the case can tell (an offer below the amount asked,
a proof among the case's files, a parcel no other shipment uses), and gets the columns that the
command and the new status carry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from pasar.domain.case_commands import (
    Arbitrate,
    CaseCommand,
    Escalate,
    OfferPartialRefund,
    PlatformRefund,
    Reject,
    ShipReturn,
    SubmitProof,
)
from pasar.domain.cases import CaseStatus
from pasar.domain.errors import Conflict, DeadlinePassed, InvalidInput
from pasar.domain.orders import OrderStatus
from pasar.services.unit_of_work import UnitOfWork


def entry_values(
    uow: UnitOfWork, case: Row[Any], order: Row[Any], command: CaseCommand, target: CaseStatus
) -> dict[str, Any]:
    """Check the command against the case and return the columns it and its target status set."""
    return {**_command_values(uow, case, order, command), **_status_values(uow, case, order, command, target)}


def _command_values(uow: UnitOfWork, case: Row[Any], order: Row[Any], command: CaseCommand) -> dict[str, Any]:
    match command:
        case Reject(reason=reason):
            return {"seller_reject_reason": reason}
        case OfferPartialRefund(amount=amount):
            if amount >= case.requested_amount:
                raise InvalidInput(f"a partial offer must be between 1 and {case.requested_amount - 1}", field="amount")
            return {"offered_amount": amount}
        case SubmitProof():
            return _proof(uow, case, command)
        case ShipReturn():
            return _return_parcel(uow, command)
        case Escalate():
            if order.status == OrderStatus.COMPLETED.value:  # R-FL-4: a rejection can be escalated until then
                raise DeadlinePassed(f"order {order.id} completed when its after-sales window passed (R-FL-4)")
            return {"escalated_at": uow.now}
        case Arbitrate(outcome=outcome):
            return {"arbitration_outcome": outcome}
    return {}


def _proof(uow: UnitOfWork, case: Row[Any], command: SubmitProof) -> dict[str, Any]:
    proofs = {a.id for a in uow.cases.attachments_of(case.id) if a.purpose == "proof_of_delivery"}
    if command.attachment_id not in proofs:
        raise InvalidInput(
            "upload the carrier's proof of delivery first and name its attachment_id", field="attachment_id"
        )
    return {}


def _return_parcel(uow: UnitOfWork, command: ShipReturn) -> dict[str, Any]:
    """The return's carrier and tracking number: its carrier's events find the case by them."""
    carrier, tracking_number = command.carrier, command.tracking_number
    uow.ports.carrier(carrier)
    if uow.fulfilment.tracking_in_use(carrier, tracking_number):
        raise Conflict(f"tracking number {tracking_number} of {carrier} is already used", field="tracking_number")
    return {"return_carrier": carrier, "return_tracking_number": tracking_number}


def _status_values(
    uow: UnitOfWork, case: Row[Any], order: Row[Any], command: CaseCommand, target: CaseStatus
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
        values["refunded_by_platform"] = isinstance(command, PlatformRefund)
    return values
