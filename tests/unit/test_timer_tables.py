"""The timer tables beside the transition tables: each timer is timed by a real rulebook key and
fires a move its states allow (docs/design.md principle 3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pasar.domain.cases import CASE_TIMERS, MACHINES, SYSTEM_EVENT, WHO_MAY
from pasar.domain.deadlines import DeadlineKind, states_running
from pasar.domain.due_times import due_times
from pasar.domain.fulfilment import REQUEST_TIMERS
from pasar.domain.orders import ORDER_TIMERS, TRANSITIONS, Actor, OrderStatus
from pasar.rules import rulebook_for
from pasar.rules.catalogue import rulebook_keys

TABLES = {"order": ORDER_TIMERS, "case": CASE_TIMERS, "cancellation_request": REQUEST_TIMERS}
T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def _timers():
    return [(name, state, timer) for name, table in TABLES.items() for state, ts in table.items() for timer in ts]


def test_every_timer_is_timed_by_a_rulebook_key() -> None:
    keys = rulebook_keys()
    for _, _, timer in _timers():
        assert all(key in keys for key in timer.rule.split(" or ")), timer


def test_every_state_deadline_belongs_to_one_table_and_has_a_due_time() -> None:
    kinds = [timer.kind for _, _, timer in _timers()]
    assert set(kinds) == set(DeadlineKind) - {DeadlineKind.SCORE_DAY}  # the score day is a market's, daily
    for kind in set(kinds):
        assert [seq for seq, due in due_times(kind, T0, rulebook_for("ID"))], kind
        assert sum(kind in {t.kind for ts in table.values() for t in ts} for table in TABLES.values()) == 1


def test_every_order_timer_fires_a_transition_each_of_its_states_allows() -> None:
    for state, timers in ORDER_TIMERS.items():
        for timer in timers:
            assert timer.fires is None or (state, timer.fires) in TRANSITIONS, (state, timer)


@pytest.mark.parametrize("kind", sorted(SYSTEM_EVENT))
def test_every_case_timer_fires_a_system_event_its_status_allows(kind: DeadlineKind) -> None:
    event = SYSTEM_EVENT[kind]
    assert Actor.SYSTEM in WHO_MAY[event]
    for status in states_running(CASE_TIMERS, kind):
        assert any((status, event) in machine for machine in MACHINES.values()), (status, event)


def test_r_fl_2_the_collection_timer_runs_on_from_awaiting_shipment_to_awaiting_collection() -> None:
    running = states_running(ORDER_TIMERS, DeadlineKind.COLLECTION_TIMEOUT)
    assert running == {OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION}
