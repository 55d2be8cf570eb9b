"""A deadline's due time is decided once, when its timer starts (docs/design.md principle 3).

Pages, reminders and analytics read the stored due time. So a rulebook edited after a timer
started moves nothing that is already running: what a person is told and what the worker does
stay the same instant.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from pasar.clock import ManualClock
from pasar.domain.fulfilment import BuyerCancelReason
from pasar.rules import all_rulebooks, rulebook_for
from pasar.rules.model import Rulebook
from pasar.services import cancellations
from pasar.services.analytics import unpaid_report
from pasar.services.todo import seller_todo
from pasar.settings import Settings
from pasar.store import tables
from tests.rulebooks import built_with
from tests.support import Given

ID = rulebook_for("ID")
MINUTE = timedelta(minutes=1)


@pytest.fixture
def rulebooks() -> dict[str, Rulebook]:
    """The marketplace's own copy of the shipped rulebooks, which a test edits while it runs."""
    return dict(all_rulebooks())


@pytest.fixture
def given(rulebooks: dict[str, Rulebook], engine: Engine, clock: ManualClock, settings: Settings) -> Given:
    return Given(built_with(rulebooks, engine, clock, settings))


def _edit_rulebook(rulebooks: dict[str, Rulebook], section: str, **values: object) -> Rulebook:
    """From now on ID's rulebook has ``values`` in ``section`` (as if an operator edited it)."""
    edited = ID.model_copy(update={section: getattr(ID, section).model_copy(update=values)})
    rulebooks["ID"] = edited
    return edited


def _reminders(given: Given) -> list[dict[str, object]]:
    with given.marketplace.uow(read_only=True) as uow:
        query = select(tables.outbox.c.payload).where(tables.outbox.c.topic == "order.payment_reminder")
        return [json.loads(payload) for payload in uow.conn.execute(query).scalars()]


def test_r_up_2_a_reminder_counts_down_to_the_stored_timeout_after_the_rulebook_changes(
    given: Given, clock, rulebooks: dict[str, Rulebook]
) -> None:
    # Given an order placed under a 60-minute payment window
    shop, buyer = given.shop(), given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    # When the rulebook is edited to a 120-minute window and the first reminder falls due
    _edit_rulebook(rulebooks, "orders", unpaid_timeout_minutes=120)
    clock.advance(ID.orders.payment_reminders[0])
    given.work()
    # Then the reminder gives the time left to the order's own timeout, which still cancels it at 60
    (reminder,) = _reminders(given)
    assert reminder["order_id"] == order_id
    assert reminder["minutes_left"] == (ID.orders.unpaid_timeout - ID.orders.payment_reminders[0]) // MINUTE
    clock.set(given.order_row(order_id).placed_at + ID.orders.unpaid_timeout)
    given.work()
    assert given.order_row(order_id).cancel_reason == "UNPAID_TIMEOUT"


def test_r_up_5_analytics_judge_an_order_by_its_stored_timeout_after_the_rulebook_changes(
    given: Given, clock, rulebooks: dict[str, Rulebook]
) -> None:
    # Given an order placed under a 60-minute payment window, left unpaid
    shop, buyer = given.shop(), given.buyer()
    given.order(buyer, shop.sku_ids[0])
    # When the rulebook is edited to a 120-minute window, and 61 minutes pass before the worker runs
    _edit_rulebook(rulebooks, "orders", unpaid_timeout_minutes=120)
    clock.advance(ID.orders.unpaid_timeout + MINUTE)
    # Then the analytics count it as gone unpaid, as its timeout says, not as still inside a window
    with given.marketplace.uow(read_only=True) as uow:
        report = unpaid_report(uow, shop_id=shop.id)
    assert (report["placed"], report["pending"], report["unpaid"]) == (1, 0, 1)


def test_r_cn_2_the_sellers_to_do_shows_the_stored_request_deadline_after_the_rulebook_changes(
    given: Given, clock, rulebooks: dict[str, Rulebook]
) -> None:
    # Given a cancellation request made under a 24-hour response deadline
    shop, buyer = given.shop(), given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    given.past_hold(clock)
    with given.marketplace.uow() as uow:
        assert cancellations.buyer_cancel(uow, buyer, order_id, BuyerCancelReason.CHANGED_MIND) == "requested"
    requested_at = clock.now()
    # When the rulebook is edited to 48 hours
    _edit_rulebook(rulebooks, "cancellation", request_response_hours=48)
    # Then the seller's to-do list still shows the request due 24 hours after it was made
    with given.marketplace.uow(read_only=True) as uow:
        (item,) = [item for item in seller_todo(uow, shop.id) if item["kind"] == "cancellation_request"]
    due = requested_at + timedelta(hours=ID.cancellation.request_response_hours)
    assert item["due_at"] == due.isoformat()
    assert [d["due_at"] for d in given.deadlines_of("cancellation_request", item["id"])] == [due]
