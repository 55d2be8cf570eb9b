"""Payment attempts (R-UP-4)."""

from __future__ import annotations

from enum import StrEnum


class PaymentMethod(StrEnum):
    CARD = "card"
    E_WALLET = "e_wallet"
    BANK_TRANSFER = "bank_transfer"
    INSTALLMENTS = "installments"
    CASH_ON_DELIVERY = "cash_on_delivery"


class FailureReason(StrEnum):
    INSUFFICIENT_BALANCE = "insufficient_balance"
    CARD_VERIFICATION_FAILED = "card_verification_failed"
    CARD_VERIFICATION_TIMEOUT = "card_verification_timeout"
    GATEWAY_ERROR = "gateway_error"
    REGION_RESTRICTED = "region_restricted"
    RISK_REJECTED = "risk_rejected"
    BUYER_ABANDONED = "buyer_abandoned"


class AttemptStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"  # succeeded for an order that could no longer take it: given back at once


class PaymentOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"


OUTCOME_OF = {
    AttemptStatus.SUCCEEDED: PaymentOutcome.SUCCEEDED,
    AttemptStatus.REFUNDED: PaymentOutcome.SUCCEEDED,
    AttemptStatus.FAILED: PaymentOutcome.FAILED,
}
"""What the gateway reported for a settled attempt: a replay of the same outcome changes nothing."""


TECHNICAL_FAILURES = frozenset(
    {
        FailureReason.CARD_VERIFICATION_FAILED,
        FailureReason.CARD_VERIFICATION_TIMEOUT,
        FailureReason.GATEWAY_ERROR,
    }
)
"""R-UP-5: failures the source counts as 'payment technical failures' (~25% of unpaid orders)."""
