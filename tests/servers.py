"""Real local servers for tests: SMTP (aiosmtpd), an HTTP SMS provider, Pasar in a thread or as `pasar run`."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox.messages
    finally:
        controller.stop()


class SmsLog(list[dict[str, Any]]):
    """The SMS a provider delivered, in order, as {"auth", "key", "to", "text"}.

    ``requests`` holds every request it accepted, replays of a seen key included; per sender (its
    Authorization header), ``accepted`` counts them and ``in_flight`` those not answered yet.
    """

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[dict[str, Any]] = []
        self.accepted: Counter[str | None] = Counter()
        self.in_flight: Counter[str | None] = Counter()
        self.lock = threading.Lock()

    def copies(self) -> Counter[str]:
        """How many SMS reached the buyer per idempotency key."""
        return Counter(message["key"] for message in self)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a sender that died before our answer
            super().handle_error(request, client_address)


@contextmanager
def sms_provider(
    fail_first: int = 0, *, honour_keys: bool = False, latency: float = 0.0
) -> Iterator[tuple[str, SmsLog]]:
    """An HTTP endpoint that records JSON posts; the first ``fail_first`` requests get a 503.

    With ``honour_keys`` it behaves like a provider that honours ``Idempotency-Key``: a request
    with a key it has seen is answered 200 but not delivered again. ``latency`` is how long it
    takes to answer once it has taken a message, the window in which a sender that dies leaves
    a message delivered but not known to be.
    """
    log = SmsLog()
    failures = {"left": fail_first}
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if failures["left"] > 0:
                failures["left"] -= 1
                self.send_response(503)
                self.end_headers()
                return
            sender, key = self.headers.get("Authorization"), self.headers.get("Idempotency-Key")
            message = {"auth": sender, "key": key, **json.loads(body)}
            with log.lock:
                replay = honour_keys and key is not None and key in seen
                seen.update([key] if key else [])
                log.requests.append(message)
                if not replay:
                    log.append(message)
                log.accepted[sender] += 1
                log.in_flight[sender] += 1
            try:
                time.sleep(latency)
                self.send_response(200 if replay else 202)
                self.end_headers()
            finally:
                with log.lock:
                    log.in_flight[sender] -= 1

        def log_message(self, *args: Any) -> None:
            pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", log
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving(marketplace: Any) -> Iterator[str]:
    """Pasar's app on a real socket (uvicorn in a thread, on a free local port); yields its base URL."""
    import uvicorn

    from pasar.api.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(marketplace), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
