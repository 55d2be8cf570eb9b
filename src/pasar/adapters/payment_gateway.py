"""The payment gateway port and Pasar's built-in simulated gateway.

A real gateway answers asynchronously: Pasar creates an attempt with a gateway reference, and the
gateway later calls back (signed with a shared secret) to say whether the payment succeeded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Protocol


class PaymentGateway(Protocol):
    def new_reference(self) -> str: ...

    def refund(self, payment_reference: str, amount: int, idempotency_key: str) -> str:
        """Send ``amount`` back on the payment; returns the gateway's refund reference."""
        ...

    def signature(self, body: bytes) -> str: ...

    def verify(self, body: bytes, signature: str) -> bool: ...


class SimulatedGateway:
    """Issues references and signs/verifies callbacks with HMAC-SHA256 over the raw body."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def new_reference(self) -> str:
        return "pay_" + secrets.token_hex(12)

    def refund(self, payment_reference: str, amount: int, idempotency_key: str) -> str:
        digest = hmac.new(self._secret, f"{payment_reference}:{idempotency_key}".encode(), hashlib.sha256)
        return "rf_" + digest.hexdigest()[:24]  # the same key always gives the same refund

    def signature(self, body: bytes) -> str:
        return "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()

    def verify(self, body: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.signature(body), signature)
