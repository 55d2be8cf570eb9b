"""Failed authentications per client address, counted in a sliding window (bearer tokens, web sign-in).

In memory and per process: several ``pasar serve`` processes each count on their own (so the
effective limit is the setting times the processes); docs/operations.md says so. A client past the
limit is refused every authentication, a correct one included, until its oldest failure leaves the
window: otherwise a guesser would learn which guess was right. Requests from clients under the
limit pay one dictionary look-up.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict, deque
from datetime import datetime

from fastapi import Request

from pasar.domain.errors import TooManyFailedAttempts


class FailureLimiter:
    def __init__(self, allowed: int, window_seconds: int, max_clients: int) -> None:
        self.allowed = allowed
        self.window = window_seconds
        self.max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str, now: datetime) -> int | None:
        """Seconds until ``client`` may try again, or None if it may try now."""
        with self._lock:
            times = self._failures.get(client)
            if not times:
                return None
            self._forget_old(client, times, now.timestamp())
            if len(times) < self.allowed:
                return None
            return max(1, math.ceil(times[0] + self.window - now.timestamp()))

    def check(self, client: str, now: datetime) -> None:
        """Refuse (429, with the seconds to wait) a client that failed too often."""
        wait = self.retry_after(client, now)
        if wait is not None:
            raise TooManyFailedAttempts(
                f"too many failed sign-in attempts from this address; try again in {wait} s", retry_after=wait
            )

    def failed(self, client: str, now: datetime) -> None:
        with self._lock:
            times = self._failures.setdefault(client, deque())
            times.append(now.timestamp())
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)  # the address that failed longest ago

    def _forget_old(self, client: str, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[client]


def client_address(request: Request) -> str:
    """The client's address (uvicorn puts a trusted proxy's X-Forwarded-For here, see docs/operations.md)."""
    return request.client.host if request.client is not None else "unknown"


def limiter_of(request: Request) -> FailureLimiter:
    limiter: FailureLimiter = request.app.state.auth_limiter
    return limiter
