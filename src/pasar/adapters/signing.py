"""Signed callbacks: HMAC-SHA256 over "<timestamp>.<body>", the scheme of gateway and carrier webhooks.

The timestamp is inside what is signed, so a captured request cannot be replayed once it is older
than the receiver's tolerance, and changing the timestamp breaks the signature.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Pasar-Signature"
TIMESTAMP_HEADER = "X-Pasar-Timestamp"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The ``X-Pasar-Signature`` value: ``sha256=`` and the hex HMAC of "<timestamp>.<body>"."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def signature_matches(secret: str | None, timestamp: str, body: bytes, sent: str) -> bool:
    """Constant-time check; without a secret nothing matches (an empty key would be anyone's)."""
    if not secret:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), sent)
