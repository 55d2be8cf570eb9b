"""SMS through an HTTP provider: POST {"to", "text"} as JSON to a configurable endpoint."""

from __future__ import annotations

import httpx


class HttpSmsSender:
    def __init__(self, url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout
        # One client for every send: it keeps connections open, and building one loads the CA
        # certificates, which costs more than a local provider takes to answer.
        self._client = httpx.Client(timeout=timeout)

    def send(self, to: str, text: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self._client.post(self.url, json={"to": to, "text": text}, headers=headers)
        response.raise_for_status()
