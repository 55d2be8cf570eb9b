"""After-sales commands, without a database: each action carries its own input and refuses wrong input."""

from __future__ import annotations

import dataclasses

import pytest

from pasar.domain.case_commands import (
    AcceptOffer,
    Approve,
    Arbitrate,
    CaseCommand,
    DeclineOffer,
    DeemReturnReceived,
    Escalate,
    OfferPartialRefund,
    PlatformRefund,
    ReceiveReturn,
    Refund,
    Reject,
    ReturnNotShipped,
    ShipReturn,
    SubmitProof,
    Withdraw,
    command_without_input,
)
from pasar.domain.cases import WHO_MAY, CaseEvent
from pasar.domain.errors import InvalidInput

EVERY_COMMAND: list[CaseCommand] = [
    Approve(),
    Reject(reason="the item matches the listing"),
    OfferPartialRefund(amount=1),
    AcceptOffer(),
    DeclineOffer(),
    SubmitProof(attachment_id=1),
    Escalate(),
    Arbitrate(outcome="support_buyer"),
    Arbitrate(outcome="support_seller", note="the carrier's photo shows the door"),
    ShipReturn(carrier="acme", tracking_number="RET-1"),
    ReceiveReturn(),
    Refund(),
    Withdraw(),
    ReturnNotShipped(),
    DeemReturnReceived(),
    PlatformRefund(),
]


def test_every_case_event_has_its_command() -> None:
    # Given every command; when their events are gathered; then each event a case knows is there once
    events = [command.event for command in EVERY_COMMAND]
    assert sorted(events) == sorted(WHO_MAY) == sorted(CaseEvent)


@pytest.mark.parametrize("reason", ["", "   "])
def test_r_as_4_a_rejection_without_a_reason_is_refused(reason: str) -> None:
    # Given a blank reason; when a rejection is built with it; then it is refused, naming the field
    with pytest.raises(InvalidInput, match="a rejection needs a reason") as refused:
        Reject(reason=reason)
    assert refused.value.field == "reason"


def test_r_as_4_a_rejection_carries_its_reason_and_nothing_else() -> None:
    # Given a rejection; when its fields are read; then it has a reason and no amount
    rejection = Reject(reason="it is genuine")
    assert [field.name for field in dataclasses.fields(rejection)] == ["reason"]
    assert (rejection.event, rejection.recorded_reason) == (CaseEvent.REJECT, "it is genuine")
    # When an amount is given to a rejection, then it cannot even be built
    with pytest.raises(TypeError):
        Reject(reason="no", amount=10)  # type: ignore[call-arg]


def test_r_as_4_a_rejection_cannot_be_changed_once_built() -> None:
    # Given a rejection; when its reason is changed afterwards; then that is refused
    rejection = Reject(reason="it is genuine")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rejection.reason = ""  # type: ignore[misc]


@pytest.mark.parametrize("amount", [0, -5])
def test_r_as_1_a_partial_offer_of_nothing_is_refused(amount: int) -> None:
    # Given an amount below 1; when an offer is built with it; then it is refused, naming the field
    with pytest.raises(InvalidInput, match="at least 1") as refused:
        OfferPartialRefund(amount=amount)
    assert refused.value.field == "amount"


def test_r_as_1_a_partial_offer_carries_only_its_amount() -> None:
    offer = OfferPartialRefund(amount=30_000)
    assert (offer.event, offer.amount, offer.recorded_reason) == (CaseEvent.OFFER_PARTIAL, 30_000, None)
    with pytest.raises(TypeError):
        OfferPartialRefund(amount=1, reason="half")  # type: ignore[call-arg]


def test_r_as_2_a_proof_must_name_its_attachment() -> None:
    # Given no attachment; when a proof is built; then it is refused, naming the field
    with pytest.raises(InvalidInput, match="proof of delivery first") as refused:
        SubmitProof(attachment_id=0)
    assert refused.value.field == "attachment_id"
    assert SubmitProof(attachment_id=7).event is CaseEvent.SUBMIT_PROOF


@pytest.mark.parametrize(("carrier", "tracking_number"), [("", "RET-1"), ("acme", "")])
def test_r_as_3_a_return_shipped_without_its_parcel_is_refused(carrier: str, tracking_number: str) -> None:
    # Given a return without its carrier or tracking number; when it is built; then it is refused
    with pytest.raises(InvalidInput, match="carrier and tracking_number") as refused:
        ShipReturn(carrier=carrier, tracking_number=tracking_number)
    assert refused.value.field == "tracking_number"


@pytest.mark.parametrize(
    ("outcome", "event"), [("support_buyer", CaseEvent.SUPPORT_BUYER), ("support_seller", CaseEvent.SUPPORT_SELLER)]
)
def test_r_as_4_arbitration_supports_one_side(outcome: str, event: CaseEvent) -> None:
    # Given an outcome for one side; when the arbitration is built; then it performs that side's event
    decision = Arbitrate(outcome=outcome, note="looked at the photos")
    assert (decision.event, decision.recorded_reason) == (event, "looked at the photos")


def test_r_as_4_arbitration_with_another_outcome_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        Arbitrate(outcome="split_the_difference")
    assert refused.value.field == "outcome"


def test_r_as_3_the_systems_decisions_need_no_input() -> None:
    # Given a deadline's event; when its command is asked for; then it is the command without input
    assert command_without_input(CaseEvent.PLATFORM_REFUND) == PlatformRefund()
    assert command_without_input(CaseEvent.RETURN_NOT_SHIPPED) == ReturnNotShipped()
    assert command_without_input(CaseEvent.APPROVE) == Approve()
    # When an action that needs input is asked for without it, then it is refused
    with pytest.raises(InvalidInput) as refused:
        command_without_input(CaseEvent.REJECT)
    assert refused.value.field == "event"
