"""The payment gateway port and Pasar's built-in simulated gateway.

A real gateway answers asynchronously: Pasar creates an attempt with a gateway reference, and the
gateway later calls back (signed with a shared secret over a timestamp and the body, see
``adapters.signing``) to say whether the payment succeeded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Protocol

from pasar.adapters import signing


class PaymentGateway(Protocol):
    def new_reference(self) -> str: ...

    def refund(self, payment_reference: str, amount: int, idempotency_key: str) -> str:
        """Send ``amount`` back on the payment; returns the gateway's refund reference."""
        ...

    def signature(self, body: bytes, timestamp: str) -> str:
        """What the gateway puts in ``X-Pasar-Signature`` for a callback sent at ``timestamp``."""
        ...

    def verify(self, body: bytes, timestamp: str, signature: str) -> bool: ...


class SimulatedGateway:
    """Issues references and signs/verifies callbacks with HMAC-SHA256 over "<timestamp>.<body>"."""

    def __init__(self, secret: str | None) -> None:
        self._text_secret = secret or None
        self._secret = (secret or "").encode()

    def new_reference(self) -> str:
        return "pay_" + secrets.token_hex(12)

    def refund(self, payment_reference: str, amount: int, idempotency_key: str) -> str:
        digest = hmac.new(self._secret, f"{payment_reference}:{idempotency_key}".encode(), hashlib.sha256)
        return "rf_" + digest.hexdigest()[:24]  # the same key always gives the same refund

    def signature(self, body: bytes, timestamp: str) -> str:
        if self._text_secret is None:
            raise ValueError("this gateway has no secret to sign with")
        return signing.signature(self._text_secret, timestamp, body)

    def verify(self, body: bytes, timestamp: str, signature: str) -> bool:
        return signing.signature_matches(self._text_secret, timestamp, body, signature)
