"""Operational settings from the environment (business rules live in the rulebooks instead)."""

from __future__ import annotations

import os
import re
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


def _non_negative_int(name: str, default: int) -> int:
    text = _env(name, str(default)) or str(default)
    if not text.isdigit():
        raise SettingsError(f"{name} must be a whole number of at least 0, not {text!r}")
    return int(text)


def _float(name: str, default: float) -> tuple[float, str]:
    text = _env(name, str(default)) or str(default)
    try:
        return float(text), text
    except ValueError:
        return float("nan"), text


def _non_negative_float(name: str, default: float) -> float:
    value, text = _float(name, default)
    if not value >= 0:
        raise SettingsError(f"{name} must be a number of at least 0, not {text!r}")
    return value


def _flag(name: str) -> bool:
    text = _env(name, "0") or "0"
    if text not in ("0", "1"):
        raise SettingsError(f"{name} must be 1 (on) or 0 (off), not {text!r}")
    return text == "1"


CARRIER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def carrier_secret_variable(carrier: str) -> str:
    """The variable holding one carrier's webhook secret: ``PASAR_CARRIER_SECRET_<NAME>``."""
    return "PASAR_CARRIER_SECRET_" + carrier.upper().replace("-", "_")


def _carriers() -> tuple[str, ...]:
    names = tuple(name.strip() for name in (_env("PASAR_CARRIERS", "simulated") or "simulated").split(","))
    for name in names:
        if not CARRIER_NAME.fullmatch(name):
            raise SettingsError(
                f"PASAR_CARRIERS must be names of lower-case letters, digits, '-' and '_' separated by commas, "
                f"not {name!r}"
            )
    variables = [carrier_secret_variable(name) for name in names]
    if len(set(variables)) != len(variables):
        raise SettingsError(f"PASAR_CARRIERS names two carriers with one secret variable: {', '.join(names)}")
    return names


def _carrier_secrets(carriers: tuple[str, ...]) -> dict[str, str]:
    if _env("PASAR_CARRIER_SECRET") is not None:
        # One secret for every carrier would let any carrier forge another's events: refuse it loudly
        # rather than ignore it, so an operator who set it is not left wondering why events are refused.
        raise SettingsError(
            "PASAR_CARRIER_SECRET is no longer read: give each carrier its own secret in "
            + ", ".join(carrier_secret_variable(name) for name in carriers)
        )
    found = {name: _env(carrier_secret_variable(name)) for name in carriers}
    return {name: value for name, value in found.items() if value is not None}


def _positive_float(name: str, default: float) -> float:
    value, text = _float(name, default)
    if not (value > 0 and value != float("inf")):
        raise SettingsError(f"{name} must be a number greater than 0, not {text!r}")
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
    # Secrets have no defaults: the commands refuse to start without them (pasar.startup), except
    # ``pasar run`` on SQLite, which fills in development ones and says so.
    gateway_secret: str | None = None
    carrier_secrets: dict[str, str] = field(default_factory=dict)  # carrier name -> its webhook secret
    # How far a signed callback's timestamp may be from now, either way, before it counts as a replay.
    signature_tolerance_seconds: int = 300
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
    # Served over https (directly or by a proxy that ends TLS): HSTS and Secure cookies.
    behind_tls: bool = False
    hsts_max_age_seconds: int = 365 * 24 * 3600
    session_hours: int = 12  # a web session's lifetime from sign-in
    session_touch_seconds: int = 60  # a session's last-seen time is written at most this often
    # Failed authentications (bad bearer tokens, refused sign-ins) allowed per client address in the
    # window; past that, the address is refused with 429 until the oldest failure leaves the window.
    auth_failures_allowed: int = 10
    auth_failure_window_seconds: int = 60
    auth_limiter_max_clients: int = 100_000  # addresses remembered at once (memory bound)
    delivery_backoff_seconds: list[int] = field(default_factory=lambda: [30, 120, 600, 1800])
    # E-mails and SMS one worker pass claims and sends, one after another (docs/operations.md).
    delivery_batch_size: int = 200
    # How long a claimed notification stays with its worker. It must outlast one send and its commit:
    # a worker still sending when its lease ends lets another send the same notification at once.
    # Each step of a send (connect, each SMTP command, the HTTP response) is bounded by the timeout,
    # and an SMTP send has several steps, hence the wide default margin.
    delivery_lease_seconds: float = 120.0
    delivery_timeout_seconds: float = 10.0
    # How many times a notification whose send was interrupted (its worker died before recording
    # the outcome, so the buyer may have it) is sent again; one interruption more marks it failed.
    # Each interrupted send may be one more copy for the buyer, unless the provider honours the key.
    delivery_interrupted_retries: int = 1

    def __post_init__(self) -> None:
        if self.delivery_lease_seconds <= self.delivery_timeout_seconds:
            raise SettingsError(
                f"PASAR_DELIVERY_LEASE_SECONDS ({self.delivery_lease_seconds:g}) must be longer than "
                f"PASAR_DELIVERY_TIMEOUT_SECONDS ({self.delivery_timeout_seconds:g}): a send would outlast its lease"
            )

    @property
    def max_upload_request_bytes(self) -> int:
        """The body limit of the routes that take a file."""
        return self.max_attachment_bytes + self.max_request_bytes

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        carriers = _carriers()
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
            "gateway_secret": _env("PASAR_GATEWAY_SECRET"),
            "carrier_secrets": _carrier_secrets(carriers),
            "signature_tolerance_seconds": _positive_int("PASAR_SIGNATURE_TOLERANCE", cls.signature_tolerance_seconds),
            "carriers": carriers,
            "simulated_loss_rate": _non_negative_float("PASAR_SIMULATED_LOSS_RATE", cls.simulated_loss_rate),
            "files_dir": _env("PASAR_FILES_DIR", cls.files_dir),
            "max_attachment_bytes": _positive_int("PASAR_MAX_ATTACHMENT_BYTES", cls.max_attachment_bytes),
            "max_request_bytes": _positive_int("PASAR_MAX_REQUEST_BYTES", cls.max_request_bytes),
            "worker_interval_seconds": _non_negative_float("PASAR_WORKER_INTERVAL", cls.worker_interval_seconds),
            "request_threads": _positive_int("PASAR_REQUEST_THREADS", cls.request_threads),
            "behind_tls": _flag("PASAR_BEHIND_TLS"),
            "session_hours": _positive_int("PASAR_SESSION_HOURS", cls.session_hours),
            "auth_failures_allowed": _positive_int("PASAR_AUTH_FAILURES", cls.auth_failures_allowed),
            "auth_failure_window_seconds": _positive_int("PASAR_AUTH_FAILURE_WINDOW", cls.auth_failure_window_seconds),
            "deadline_batch_size": _positive_int("PASAR_DEADLINE_BATCH_SIZE", cls.deadline_batch_size),
            "delivery_batch_size": _positive_int("PASAR_DELIVERY_BATCH_SIZE", cls.delivery_batch_size),
            "delivery_lease_seconds": _positive_float("PASAR_DELIVERY_LEASE_SECONDS", cls.delivery_lease_seconds),
            "delivery_timeout_seconds": _positive_float("PASAR_DELIVERY_TIMEOUT_SECONDS", cls.delivery_timeout_seconds),
            "delivery_interrupted_retries": _non_negative_int(
                "PASAR_DELIVERY_INTERRUPTED_RETRIES", cls.delivery_interrupted_retries
            ),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)  # type: ignore[arg-type]
