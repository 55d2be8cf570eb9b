"""The manual clock used by tests and the simulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pasar.clock import ManualClock, SystemClock


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(datetime(2026, 1, 1, tzinfo=UTC))
    assert clock.now() == clock.now()
    assert clock.advance(timedelta(minutes=5)) == datetime(2026, 1, 1, 0, 5, tzinfo=UTC)


def test_instants_are_utc_whatever_zone_they_are_given_in() -> None:
    clock = ManualClock(datetime(2026, 1, 1, 7, tzinfo=timezone(timedelta(hours=7))))
    assert clock.now() == datetime(2026, 1, 1, tzinfo=UTC) and clock.now().tzinfo is UTC


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ManualClock(datetime(2026, 1, 1))


def test_system_clock_is_aware() -> None:
    assert SystemClock().now().tzinfo is UTC
