"""What a person (or the system) asks of an after-sales case, one command per action (R-AS-1..4).

Each command carries the input its action needs and nothing else, and refuses input that is wrong
on its face when it is built: a rejection without a reason, an offer of nothing, a return shipped
without its parcel's tracking. What can only be judged against the case (an offer below the amount
asked, a proof that is one of the case's files, a tracking number not used before) is checked by
``services.after_sales.handle`` when it applies the command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pasar.domain.cases import CaseEvent
from pasar.domain.errors import InvalidInput


@dataclass(frozen=True)
class CaseCommand:
    """One action on a case; ``event`` is the state machine's event it performs (domain/cases.py)."""

    performs: ClassVar[CaseEvent]

    @property
    def event(self) -> CaseEvent:
        return self.performs

    @property
    def recorded_reason(self) -> str | None:
        """What the case's history shows as the reason for the move, if the action gives one."""
        return None


@dataclass(frozen=True)
class Approve(CaseCommand):
    """The seller grants the case: refund now, or send the buyer the return address (R-AS-1, R-AS-3)."""

    performs = CaseEvent.APPROVE


@dataclass(frozen=True)
class Reject(CaseCommand):
    """The seller refuses the case, saying why; the buyer may escalate it (R-AS-4)."""

    performs = CaseEvent.REJECT
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise InvalidInput("a rejection needs a reason", field="reason")

    @property
    def recorded_reason(self) -> str | None:
        return self.reason


@dataclass(frozen=True)
class OfferPartialRefund(CaseCommand):
    """The seller offers part of the money back instead; the case's own amount bounds it from above."""

    performs = CaseEvent.OFFER_PARTIAL
    amount: int

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise InvalidInput("a partial offer must be at least 1", field="amount")


@dataclass(frozen=True)
class AcceptOffer(CaseCommand):
    """The buyer takes the partial refund."""

    performs = CaseEvent.ACCEPT_OFFER


@dataclass(frozen=True)
class DeclineOffer(CaseCommand):
    """The buyer (or the offer's deadline) turns the partial refund down; the seller decides again."""

    performs = CaseEvent.DECLINE_OFFER


@dataclass(frozen=True)
class SubmitProof(CaseCommand):
    """The seller answers an undelivered parcel's case with the carrier's proof of delivery (R-AS-2)."""

    performs = CaseEvent.SUBMIT_PROOF
    attachment_id: int

    def __post_init__(self) -> None:
        if self.attachment_id < 1:
            raise InvalidInput(
                "upload the carrier's proof of delivery first and name its attachment_id", field="attachment_id"
            )


@dataclass(frozen=True)
class Escalate(CaseCommand):
    """The buyer takes a rejection to the platform: a complaint against the shop (R-AS-4, R-SC-5)."""

    performs = CaseEvent.ESCALATE


@dataclass(frozen=True)
class Arbitrate(CaseCommand):
    """An operator decides an escalated or proven case for one side, with an optional note (R-AS-2, R-AS-4)."""

    OUTCOMES: ClassVar[dict[str, CaseEvent]] = {
        "support_buyer": CaseEvent.SUPPORT_BUYER,
        "support_seller": CaseEvent.SUPPORT_SELLER,
    }

    outcome: str
    note: str | None = None

    def __post_init__(self) -> None:
        if self.outcome not in self.OUTCOMES:
            raise InvalidInput("the outcome must be support_buyer or support_seller", field="outcome")

    @property
    def event(self) -> CaseEvent:
        return self.OUTCOMES[self.outcome]

    @property
    def recorded_reason(self) -> str | None:
        return self.note


@dataclass(frozen=True)
class ShipReturn(CaseCommand):
    """The buyer sends the item back; its carrier's scans find the case by carrier and tracking (R-AS-3)."""

    performs = CaseEvent.SHIP_RETURN
    carrier: str
    tracking_number: str

    def __post_init__(self) -> None:
        if not self.carrier or not self.tracking_number:
            raise InvalidInput("shipping a return needs carrier and tracking_number", field="tracking_number")


@dataclass(frozen=True)
class ReceiveReturn(CaseCommand):
    """The seller (or the carrier's delivery scan) has the return back: the units go back on the shelf."""

    performs = CaseEvent.RECEIVE_RETURN


@dataclass(frozen=True)
class Refund(CaseCommand):
    """The seller refunds a received return (R-AS-3)."""

    performs = CaseEvent.REFUND


@dataclass(frozen=True)
class Withdraw(CaseCommand):
    """The buyer drops the case."""

    performs = CaseEvent.WITHDRAW


@dataclass(frozen=True)
class ReturnNotShipped(CaseCommand):
    """The system closes a return the buyer did not ship in time (R-AS-3)."""

    performs = CaseEvent.RETURN_NOT_SHIPPED


@dataclass(frozen=True)
class DeemReturnReceived(CaseCommand):
    """The system counts a return as received when its receipt was not confirmed in time (R-AS-3)."""

    performs = CaseEvent.RETURN_DEEMED_RECEIVED


@dataclass(frozen=True)
class PlatformRefund(CaseCommand):
    """The system refunds the buyer when the seller did not, and debits the seller's payout (R-AS-3)."""

    performs = CaseEvent.PLATFORM_REFUND


_WITHOUT_INPUT: dict[CaseEvent, CaseCommand] = {
    command.event: command
    for command in (
        Approve(),
        AcceptOffer(),
        DeclineOffer(),
        Escalate(),
        ReceiveReturn(),
        Refund(),
        Withdraw(),
        ReturnNotShipped(),
        DeemReturnReceived(),
        PlatformRefund(),
    )
}


def command_without_input(event: CaseEvent) -> CaseCommand:
    """The command of an action that needs no input (a deadline's decision, a one-button page action)."""
    try:
        return _WITHOUT_INPUT[event]
    except KeyError:
        raise InvalidInput(f"{event.value.replace('_', ' ')} needs input of its own", field="event") from None
