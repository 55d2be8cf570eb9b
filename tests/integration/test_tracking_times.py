"""R-FL-3: a carrier event's time must be plausible, since it decides the ship time and the after-sales window.

An event dated later than now, or earlier than the end of the order's hold (no parcel moves before it may
be shipped), by more than the rulebook's ``fulfilment.tracking_clock_skew_minutes`` is refused, naming
``occurred_at``, and records nothing: the carrier may send the same event again with its right time.
Before this, a delivery dated in the year 2000 completed the order at once and one dated 2099 kept the
after-sales window open for ever.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pasar.domain.errors import InvalidInput
from pasar.domain.orders import OrderStatus
from pasar.rules import rulebook_for
from tests.support import Given

SKEW = rulebook_for("ID").fulfilment.tracking_clock_skew
SECOND = timedelta(seconds=1)


def _shipped(given: Given, clock) -> int:
    shop = given.shop(stock=[5])
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    given.past_hold(clock)
    given.shipped(shop, order_id)
    return order_id


@pytest.mark.parametrize(
    "occurred_at",
    [datetime(2000, 1, 1, tzinfo=UTC), datetime(2099, 1, 1, tzinfo=UTC)],
    ids=["year-2000", "year-2099"],
)
def test_r_fl_3_a_delivery_dated_far_from_now_is_refused_and_changes_nothing(
    given: Given, clock, occurred_at: datetime
) -> None:
    order_id = _shipped(given, clock)
    given.carrier_reports(order_id, "picked_up")
    before = given.snapshot()
    with pytest.raises(InvalidInput, match="occurred_at") as refused:
        given.carrier_reports(order_id, "delivered", at=occurred_at, event_id="evt-delivered")
    assert refused.value.field == "occurred_at"
    assert given.snapshot() == before
    # The carrier corrects its clock and sends the same event again: it applies, once.
    given.carrier_reports(order_id, "delivered", event_id="evt-delivered")
    row = given.order_row(order_id)
    assert row.status == OrderStatus.DELIVERED and row.delivered_at == clock.now()


def test_r_fl_3_a_carrier_clock_ahead_by_the_tolerance_is_accepted_and_no_more(given: Given, clock) -> None:
    order_id = _shipped(given, clock)
    with pytest.raises(InvalidInput, match="later than now"):
        given.carrier_reports(order_id, "picked_up", at=clock.now() + SKEW + SECOND)
    given.carrier_reports(order_id, "picked_up", at=clock.now() + SKEW)
    assert given.order_row(order_id).status == OrderStatus.IN_TRANSIT


def test_r_fl_3_an_event_before_the_hold_ended_is_refused_beyond_the_tolerance(given: Given, clock) -> None:
    order_id = _shipped(given, clock)
    hold_ended = given.order_row(order_id).hold_ends_at
    with pytest.raises(InvalidInput, match="before order"):
        given.carrier_reports(order_id, "picked_up", at=hold_ended - SKEW - SECOND)
    given.carrier_reports(order_id, "picked_up", at=hold_ended - SKEW)
    assert given.order_row(order_id).shipped_at == hold_ended - SKEW


def test_r_fl_3_a_late_but_possible_report_keeps_its_time(given: Given, clock) -> None:
    """A carrier that reports days late (its webhook was down) is believed: its time is possible."""
    order_id = _shipped(given, clock)
    picked_up = clock.now() + timedelta(hours=2)
    clock.advance(timedelta(days=4))
    given.carrier_reports(order_id, "picked_up", at=picked_up)
    assert given.order_row(order_id).shipped_at == picked_up
