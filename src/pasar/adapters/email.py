"""E-mail over SMTP.

SMTP has no idempotency: a message sent again is delivered again. Each message therefore carries a
``Message-ID`` made from the notification's idempotency key and the sender's domain, the same for
every send of one notification, on which mail stores and clients can recognise a copy.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import parseaddr


class SmtpSender:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.starttls, self.username, self.password, self.timeout = starttls, username, password, timeout

    def send(self, to: str, subject: str, body: str, *, idempotency_key: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = message_id(idempotency_key, self.sender)
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


def message_id(idempotency_key: str, sender: str) -> str:
    """``<key@sender's domain>``: stable per notification, unique to this marketplace's domain."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "pasar.invalid"
    return f"<{idempotency_key}@{domain}>"
