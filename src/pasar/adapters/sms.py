"""SMS through an HTTP provider: POST {"to", "text"} as JSON to a configurable endpoint.

Every request carries an ``Idempotency-Key`` header, the same for every send of one notification,
so a provider that honours it delivers a notification once however often a worker retries it.
"""

from __future__ import annotations

import httpx


class HttpSmsSender:
    def __init__(self, url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout
        # One client for every send: it keeps connections open, and building one loads the CA
        # certificates, which costs more than a local provider takes to answer.
        self._client = httpx.Client(timeout=timeout)

    def send(self, to: str, text: str, *, idempotency_key: str) -> None:
        headers = {"Idempotency-Key": idempotency_key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self._client.post(self.url, json={"to": to, "text": text}, headers=headers)
        response.raise_for_status()
