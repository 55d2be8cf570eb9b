"""When an e-mail or SMS is tried again, and the settings that say so (docs/operations.md)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from pasar.domain.notifications import DeliveryPolicy, delivery_key
from pasar.settings import Settings, SettingsError

POLICY = DeliveryPolicy(max_attempts=4, backoff_seconds=(30, 120), interrupted_retries=1)


def test_a_failed_send_waits_longer_each_time_then_gives_up() -> None:
    delays = [POLICY.retry_delay(attempts) for attempts in range(1, 5)]
    assert delays == [timedelta(seconds=30), timedelta(seconds=120), timedelta(seconds=120), None]


def test_an_interrupted_send_is_tried_again_only_as_often_as_allowed_and_while_attempts_are_left() -> None:
    assert POLICY.resend_after_interruption(attempts=1, interrupted_sends=0)
    assert not POLICY.resend_after_interruption(attempts=2, interrupted_sends=1)  # one resend was allowed
    assert not POLICY.resend_after_interruption(attempts=4, interrupted_sends=0)  # no attempt left
    at_most_once = DeliveryPolicy(max_attempts=4, backoff_seconds=(30,), interrupted_retries=0)
    assert not at_most_once.resend_after_interruption(attempts=1, interrupted_sends=0)


def test_the_idempotency_key_is_the_same_for_every_send_of_a_notification() -> None:
    assert delivery_key(42) == delivery_key(42) == "pasar-notification-42" != delivery_key(43)


def test_delivery_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "PASAR_DELIVERY_BATCH_SIZE": "50",
        "PASAR_DELIVERY_LEASE_SECONDS": "90",
        "PASAR_DELIVERY_TIMEOUT_SECONDS": "2.5",
        "PASAR_DELIVERY_INTERRUPTED_RETRIES": "0",
        "PASAR_DEADLINE_BATCH_SIZE": "500",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    assert (settings.delivery_batch_size, settings.delivery_lease_seconds, settings.delivery_timeout_seconds) == (
        50,
        90.0,
        2.5,
    )
    assert (settings.delivery_interrupted_retries, settings.deadline_batch_size) == (0, 500)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("PASAR_DELIVERY_BATCH_SIZE", "0", "whole number of at least 1"),
        ("PASAR_DELIVERY_LEASE_SECONDS", "soon", "number greater than 0"),
        ("PASAR_DELIVERY_LEASE_SECONDS", "inf", "number greater than 0"),
        ("PASAR_DELIVERY_TIMEOUT_SECONDS", "0", "number greater than 0"),
        ("PASAR_DELIVERY_INTERRUPTED_RETRIES", "-1", "whole number of at least 0"),
        ("PASAR_DEADLINE_BATCH_SIZE", "many", "whole number of at least 1"),
    ],
)
def test_a_bad_delivery_setting_is_refused_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=f"^{re.escape(f'{name} must be a {says}, not {value!r}')}$"):
        Settings.from_env()


def test_a_lease_no_longer_than_a_send_may_take_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker still sending when its lease ends would let another send the same notification."""
    monkeypatch.setenv("PASAR_DELIVERY_LEASE_SECONDS", "10")
    monkeypatch.setenv("PASAR_DELIVERY_TIMEOUT_SECONDS", "10")
    with pytest.raises(SettingsError, match=re.escape("PASAR_DELIVERY_LEASE_SECONDS (10) must be longer than")):
        Settings.from_env()
