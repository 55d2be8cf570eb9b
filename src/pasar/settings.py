"""Operational settings from the environment (business rules live in the rulebooks instead)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pasar.store.database import DEFAULT_URL


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


class SettingsError(ValueError):
    """An environment variable the settings cannot use; the message names it."""


def _positive_int(name: str, default: int) -> int:
    text = _env(name, str(default)) or str(default)
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(f"{name} must be a whole number of at least 1, not {text!r}")
    return int(text)


def _non_negative_float(name: str, default: float) -> float:
    text = _env(name, str(default)) or str(default)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise SettingsError(f"{name} must be a number of at least 0, not {text!r}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_sender: str = "Pasar <no-reply@pasar.local>"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    sms_url: str | None = None
    sms_token: str | None = None
    gateway_secret: str = "pasar-dev-gateway-secret"
    carrier_secret: str = "pasar-dev-carrier-secret"
    carrier_signature_tolerance_seconds: int = 300
    carriers: tuple[str, ...] = ("simulated",)
    simulated_pickup_hours: float = 6.0
    simulated_transit_hours: float = 48.0
    simulated_loss_rate: float = 0.0
    files_dir: str = "var/files"
    max_attachment_bytes: int = 5 * 1024 * 1024
    # A request body larger than this is refused (413) before it is read; an upload may carry a file of
    # max_attachment_bytes on top, for its other fields and the multipart framing.
    max_request_bytes: int = 2 * 1024 * 1024
    worker_interval_seconds: float = 1.0
    # Requests a server process handles at once in its thread pool. They share one interpreter lock
    # and the database answers in about a millisecond, so a few threads keep a core busy; more only
    # interleave requests and stretch the slowest ones (p99 80 ms at 3, 180 ms at 40 in benchmarks/checkout_http.py).
    request_threads: int = 3
    deadline_batch_size: int = 2000
    delivery_max_attempts: int = 5
    delivery_backoff_seconds: list[int] = field(default_factory=lambda: [30, 120, 600, 1800])

    @property
    def max_upload_request_bytes(self) -> int:
        """The body limit of the routes that take a file."""
        return self.max_attachment_bytes + self.max_request_bytes

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {
            "database_url": _env("PASAR_DATABASE_URL", DEFAULT_URL),
            "smtp_host": _env("PASAR_SMTP_HOST"),
            "smtp_port": _positive_int("PASAR_SMTP_PORT", cls.smtp_port),
            "smtp_sender": _env("PASAR_SMTP_SENDER", cls.smtp_sender),
            "smtp_starttls": _env("PASAR_SMTP_STARTTLS", "0") == "1",
            "smtp_username": _env("PASAR_SMTP_USERNAME"),
            "smtp_password": _env("PASAR_SMTP_PASSWORD"),
            "sms_url": _env("PASAR_SMS_URL"),
            "sms_token": _env("PASAR_SMS_TOKEN"),
            "gateway_secret": _env("PASAR_GATEWAY_SECRET", cls.gateway_secret),
            "carrier_secret": _env("PASAR_CARRIER_SECRET", cls.carrier_secret),
            "carriers": tuple((_env("PASAR_CARRIERS", "simulated") or "simulated").split(",")),
            "simulated_loss_rate": _non_negative_float("PASAR_SIMULATED_LOSS_RATE", cls.simulated_loss_rate),
            "files_dir": _env("PASAR_FILES_DIR", cls.files_dir),
            "max_attachment_bytes": _positive_int("PASAR_MAX_ATTACHMENT_BYTES", cls.max_attachment_bytes),
            "max_request_bytes": _positive_int("PASAR_MAX_REQUEST_BYTES", cls.max_request_bytes),
            "worker_interval_seconds": _non_negative_float("PASAR_WORKER_INTERVAL", cls.worker_interval_seconds),
            "request_threads": _positive_int("PASAR_REQUEST_THREADS", cls.request_threads),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]
