"""After-sales cases (docs/rules.md §6): reasons, responsibility and the two case state machines.

Each table is the whole life of one kind of case: (status, event) → status. A pair that is not
in the table is refused. The timer table (R-AS-1..3) says which deadline runs in each status and
which SYSTEM event of the same tables it fires.
"""

from __future__ import annotations

from enum import StrEnum

from pasar.domain.deadlines import DeadlineKind, Timer, system_events
from pasar.domain.errors import InvalidTransition
from pasar.domain.orders import Actor


class CaseKind(StrEnum):
    REFUND_ONLY = "refund_only"  # R-AS-1
    RETURN_AND_REFUND = "return_and_refund"  # R-AS-3


class Responsibility(StrEnum):
    SELLER = "seller"
    BUYER = "buyer"
    LOGISTICS = "logistics"
    PLATFORM = "platform"


class CaseReason(StrEnum):
    DAMAGED = "damaged"
    DEFECTIVE = "defective"
    NOT_AS_DESCRIBED = "not_as_described"
    WRONG_ITEM = "wrong_item"
    MISSING_PARTS = "missing_parts"
    COUNTERFEIT = "counterfeit"
    WRONG_LISTING_DETAILS = "wrong_listing_details"
    CHANGED_MIND = "changed_mind"
    ORDERED_BY_MISTAKE = "ordered_by_mistake"
    NOT_RECEIVED = "not_received"
    LOST_IN_TRANSIT = "lost_in_transit"
    DAMAGED_IN_TRANSIT = "damaged_in_transit"
    PLATFORM_ERROR = "platform_error"


R = Responsibility
RESPONSIBILITY: dict[CaseReason, Responsibility] = {  # R-AS-5
    CaseReason.DAMAGED: R.SELLER,
    CaseReason.DEFECTIVE: R.SELLER,
    CaseReason.NOT_AS_DESCRIBED: R.SELLER,
    CaseReason.WRONG_ITEM: R.SELLER,
    CaseReason.MISSING_PARTS: R.SELLER,
    CaseReason.COUNTERFEIT: R.SELLER,
    CaseReason.WRONG_LISTING_DETAILS: R.SELLER,
    CaseReason.CHANGED_MIND: R.BUYER,
    CaseReason.ORDERED_BY_MISTAKE: R.BUYER,
    CaseReason.NOT_RECEIVED: R.LOGISTICS,
    CaseReason.LOST_IN_TRANSIT: R.LOGISTICS,
    CaseReason.DAMAGED_IN_TRANSIT: R.LOGISTICS,
    CaseReason.PLATFORM_ERROR: R.PLATFORM,
}


class CaseStatus(StrEnum):
    REQUESTED = "REQUESTED"
    PARTIAL_OFFERED = "PARTIAL_OFFERED"
    REJECTED = "REJECTED"
    AWAITING_ARBITRATION = "AWAITING_ARBITRATION"
    AWAITING_RETURN = "AWAITING_RETURN"
    RETURN_SHIPPED = "RETURN_SHIPPED"
    RETURN_RECEIVED = "RETURN_RECEIVED"
    REFUNDED = "REFUNDED"
    CLOSED = "CLOSED"


class CaseEvent(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    OFFER_PARTIAL = "offer_partial"
    ACCEPT_OFFER = "accept_offer"
    DECLINE_OFFER = "decline_offer"
    SUBMIT_PROOF = "submit_proof"
    ESCALATE = "escalate"
    SUPPORT_BUYER = "support_buyer"
    SUPPORT_SELLER = "support_seller"
    SHIP_RETURN = "ship_return"
    RETURN_NOT_SHIPPED = "return_not_shipped"
    RECEIVE_RETURN = "receive_return"
    RETURN_DEEMED_RECEIVED = "return_deemed_received"
    REFUND = "refund"
    PLATFORM_REFUND = "platform_refund"
    WITHDRAW = "withdraw"


S, E = CaseStatus, CaseEvent

REFUND_ONLY: dict[tuple[CaseStatus, CaseEvent], CaseStatus] = {
    (S.REQUESTED, E.APPROVE): S.REFUNDED,  # by the seller, or by the system after 2 days (R-AS-1)
    (S.REQUESTED, E.REJECT): S.REJECTED,
    (S.REQUESTED, E.OFFER_PARTIAL): S.PARTIAL_OFFERED,
    (S.REQUESTED, E.SUBMIT_PROOF): S.AWAITING_ARBITRATION,  # R-AS-2
    (S.PARTIAL_OFFERED, E.ACCEPT_OFFER): S.REFUNDED,
    (S.PARTIAL_OFFERED, E.DECLINE_OFFER): S.REQUESTED,
    (S.REJECTED, E.ESCALATE): S.AWAITING_ARBITRATION,  # R-AS-4
    (S.AWAITING_ARBITRATION, E.SUPPORT_BUYER): S.REFUNDED,
    (S.AWAITING_ARBITRATION, E.SUPPORT_SELLER): S.CLOSED,
    (S.REQUESTED, E.WITHDRAW): S.CLOSED,
    (S.PARTIAL_OFFERED, E.WITHDRAW): S.CLOSED,
    (S.REJECTED, E.WITHDRAW): S.CLOSED,
}

RETURN_AND_REFUND: dict[tuple[CaseStatus, CaseEvent], CaseStatus] = {
    (S.REQUESTED, E.APPROVE): S.AWAITING_RETURN,  # return address sent (R-AS-3)
    (S.REQUESTED, E.REJECT): S.REJECTED,
    (S.REQUESTED, E.OFFER_PARTIAL): S.PARTIAL_OFFERED,  # keep the item, part of the money back
    (S.PARTIAL_OFFERED, E.ACCEPT_OFFER): S.REFUNDED,
    (S.PARTIAL_OFFERED, E.DECLINE_OFFER): S.REQUESTED,
    (S.REJECTED, E.ESCALATE): S.AWAITING_ARBITRATION,  # R-AS-4
    (S.AWAITING_ARBITRATION, E.SUPPORT_BUYER): S.AWAITING_RETURN,
    (S.AWAITING_ARBITRATION, E.SUPPORT_SELLER): S.CLOSED,
    (S.AWAITING_RETURN, E.SHIP_RETURN): S.RETURN_SHIPPED,
    (S.AWAITING_RETURN, E.RETURN_NOT_SHIPPED): S.CLOSED,  # 5 days without shipping (R-AS-3)
    (S.RETURN_SHIPPED, E.RECEIVE_RETURN): S.RETURN_RECEIVED,  # by the seller, or the carrier's delivery scan
    (S.RETURN_SHIPPED, E.RETURN_DEEMED_RECEIVED): S.RETURN_RECEIVED,  # no receipt in time: counts as received
    (S.RETURN_RECEIVED, E.REFUND): S.REFUNDED,
    (S.RETURN_RECEIVED, E.PLATFORM_REFUND): S.REFUNDED,  # platform refunds, seller debited (R-AS-3)
    (S.REQUESTED, E.WITHDRAW): S.CLOSED,
    (S.PARTIAL_OFFERED, E.WITHDRAW): S.CLOSED,
    (S.REJECTED, E.WITHDRAW): S.CLOSED,
    (S.AWAITING_RETURN, E.WITHDRAW): S.CLOSED,
}

MACHINES = {CaseKind.REFUND_ONLY: REFUND_ONLY, CaseKind.RETURN_AND_REFUND: RETURN_AND_REFUND}

D = DeadlineKind
# Both machines: the deadline that runs in each status (from entering it), its length in natural
# days, and the system's move when it passes.
CASE_TIMERS: dict[CaseStatus, tuple[Timer[CaseEvent], ...]] = {
    S.REQUESTED: (Timer(D.CASE_SELLER_DECISION, "after_sales.seller_decision_days", E.APPROVE),),  # R-AS-1, R-AS-3
    S.PARTIAL_OFFERED: (Timer(D.CASE_OFFER_RESPONSE, "after_sales.offer_response_days", E.DECLINE_OFFER),),
    S.AWAITING_RETURN: (Timer(D.CASE_RETURN_SHIPMENT, "after_sales.buyer_return_ship_days", E.RETURN_NOT_SHIPPED),),
    S.RETURN_SHIPPED: (  # R-AS-3: the refund clock must start
        Timer(D.CASE_RETURN_RECEIPT, "after_sales.return_receipt_days", E.RETURN_DEEMED_RECEIVED),
    ),
    S.RETURN_RECEIVED: (  # R-AS-3
        Timer(D.CASE_SELLER_REFUND, "after_sales.seller_refund_after_receipt_days", E.PLATFORM_REFUND),
    ),
}
SYSTEM_EVENT: dict[DeadlineKind, CaseEvent] = system_events(CASE_TIMERS)

OPEN = frozenset(
    {S.REQUESTED, S.PARTIAL_OFFERED, S.AWAITING_ARBITRATION, S.AWAITING_RETURN, S.RETURN_SHIPPED, S.RETURN_RECEIVED}
)
"""Statuses that keep a delivered order from completing (R-FL-4). A REJECTED case is not open: the
buyer may still escalate it until the order completes."""


def next_case_status(kind: CaseKind, status: CaseStatus, event: CaseEvent) -> CaseStatus:
    try:
        return MACHINES[kind][(status, event)]
    except KeyError:
        action = event.value.replace("_", " ")
        raise InvalidTransition(f"a {kind.value.replace('_', '-')} case that is {status} cannot {action}") from None


def case_statuses_allowing(kind: CaseKind, event: CaseEvent) -> frozenset[CaseStatus]:
    return frozenset(status for (status, ev) in MACHINES[kind] if ev is event)


A = Actor
WHO_MAY: dict[CaseEvent, frozenset[Actor]] = {
    E.APPROVE: frozenset({A.SELLER, A.SYSTEM}),
    E.REJECT: frozenset({A.SELLER}),
    E.OFFER_PARTIAL: frozenset({A.SELLER}),
    E.SUBMIT_PROOF: frozenset({A.SELLER}),
    E.RECEIVE_RETURN: frozenset({A.SELLER, A.SYSTEM}),
    E.REFUND: frozenset({A.SELLER}),
    E.ACCEPT_OFFER: frozenset({A.BUYER}),
    E.DECLINE_OFFER: frozenset({A.BUYER, A.SYSTEM}),
    E.ESCALATE: frozenset({A.BUYER}),
    E.SHIP_RETURN: frozenset({A.BUYER}),
    E.WITHDRAW: frozenset({A.BUYER}),
    E.SUPPORT_BUYER: frozenset({A.OPERATOR}),
    E.SUPPORT_SELLER: frozenset({A.OPERATOR}),
    E.RETURN_NOT_SHIPPED: frozenset({A.SYSTEM}),
    E.RETURN_DEEMED_RECEIVED: frozenset({A.SYSTEM}),
    E.PLATFORM_REFUND: frozenset({A.SYSTEM}),
}
