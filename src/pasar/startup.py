"""What the long-running commands check before they start: real secrets, or development ones said aloud.

``pasar serve``, ``pasar worker`` and ``pasar run`` on PostgreSQL refuse to start unless every secret
the settings need is real: set, not a development default, and at least ``MIN_SECRET_LENGTH``
characters. Only ``pasar run`` on SQLite (a developer's machine) fills in development secrets, and
it says which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pasar.settings import Settings, SettingsError, carrier_secret_variable

MIN_SECRET_LENGTH = 16
DEVELOPMENT_PREFIX = "pasar-dev-"
# Values that were defaults once, or that people paste from examples: never a production secret.
KNOWN_DEFAULTS = frozenset({"pasar-dev-gateway-secret", "pasar-dev-carrier-secret", "changeme", "secret"})
# The simulated carrier reports from inside the worker; a webhook secret is needed only if one is set
# for it on purpose (its webhook is refused without one).
IN_PROCESS_CARRIERS = frozenset({"simulated"})


@dataclass(frozen=True)
class Secret:
    variable: str
    protects: str
    value: str | None


def needed_secrets(settings: Settings) -> list[Secret]:
    """Every secret these settings need, with the variable that holds it."""
    needed = [Secret("PASAR_GATEWAY_SECRET", "payment gateway callbacks", settings.gateway_secret)]
    for carrier in settings.carriers:
        if carrier not in IN_PROCESS_CARRIERS or carrier in settings.carrier_secrets:
            needed.append(
                Secret(
                    carrier_secret_variable(carrier),
                    f"tracking webhooks of carrier {carrier}",
                    settings.carrier_secrets.get(carrier),
                )
            )
    if settings.sms_url:
        needed.append(Secret("PASAR_SMS_TOKEN", "the SMS provider (PASAR_SMS_URL is set)", settings.sms_token))
    if settings.smtp_username:
        needed.append(
            Secret("PASAR_SMTP_PASSWORD", "the SMTP login (PASAR_SMTP_USERNAME is set)", settings.smtp_password)
        )
    return needed


def weakness(value: str | None) -> str | None:
    """Why a value is not a real secret, or None if it is one."""
    if not value:
        return "is not set"
    if value.startswith(DEVELOPMENT_PREFIX) or value.lower() in KNOWN_DEFAULTS:
        return "is a development default"
    if len(value) < MIN_SECRET_LENGTH:
        return f"is {len(value)} characters long; a secret needs at least {MIN_SECRET_LENGTH}"
    return None


def require_real_secrets(settings: Settings, command: str) -> None:
    """Refuse to start (one line naming the variable) unless every needed secret is real."""
    problems = [(secret, weakness(secret.value)) for secret in needed_secrets(settings)]
    problems = [(secret, why) for secret, why in problems if why is not None]
    if not problems:
        return
    secret, why = problems[0]
    others = [other.variable for other, _ in problems[1:]]
    more = f" (and {', '.join(others)})" if others else ""
    raise SettingsError(
        f"{secret.variable} {why}: `pasar {command}` needs a real secret for {secret.protects}{more}; "
        f"development secrets are only for `pasar run` on SQLite"
    )


def with_development_secrets(settings: Settings) -> tuple[Settings, list[str]]:
    """The settings with a development secret wherever the gateway's or a carrier's is missing.

    Returns the variables filled in. SMS and SMTP credentials belong to an outside provider, so
    there is nothing to fill in for them.
    """
    filled: list[str] = []
    gateway = settings.gateway_secret
    if not gateway:
        gateway = DEVELOPMENT_PREFIX + "gateway-secret"
        filled.append("PASAR_GATEWAY_SECRET")
    carriers = dict(settings.carrier_secrets)
    for carrier in settings.carriers:
        if not carriers.get(carrier):
            carriers[carrier] = f"{DEVELOPMENT_PREFIX}carrier-secret-{carrier}"
            filled.append(carrier_secret_variable(carrier))
    return replace(settings, gateway_secret=gateway, carrier_secrets=carriers), filled
