"""A marketplace runs under the rulebooks it is built with (docs/design.md, "Rulebooks").

The unpaid-order programme (R-UP-2, R-UP-3) and the score's privileges (R-SC-10) are run under a
rulebook mapping passed to ``Marketplace``: no monkeypatching, the manual clock, the shipped files
untouched.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from pasar.clock import ManualClock
from pasar.domain.errors import InvalidInput
from pasar.domain.orders import CancelReason, OrderStatus
from pasar.rules import RulebookError, all_rulebooks
from pasar.services import catalogue
from pasar.services import scores as score_service
from pasar.services.marketplace import Marketplace
from pasar.settings import Settings
from tests.rulebooks import built_with, rulebooks_with
from tests.support import Given

SECOND = timedelta(seconds=1)


@pytest.fixture
def half_hour(engine: Engine, clock: ManualClock, settings: Settings) -> Marketplace:
    """A marketplace whose ID rulebook leaves an order unpaid for 30 minutes, with reminders at 5 and 20."""
    books = rulebooks_with("ID", "orders", unpaid_timeout_minutes=30, payment_reminder_minutes=[5, 20])
    return built_with(books, engine, clock, settings)


def _reminders(given: Given, buyer: Any) -> list[str]:
    return [n.kind for n in given.notifications(buyer) if n.kind == "payment_reminder"]


def test_r_up_2_r_up_3_an_injected_30_minute_timeout_reminds_then_cancels_at_30_minutes(
    half_hour: Marketplace, clock: ManualClock
) -> None:
    # Given an order for 2 of 5 units left unpaid in a marketplace built with a 30-minute unpaid timeout
    given = Given(half_hour)
    shop = given.shop(stock=[5])
    buyer = given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0], 2)
    placed = clock.now()
    # When the worker runs at each checkpoint, then the order, its stock and its reminders are as the rulebook says
    checkpoints = [  # minutes after placing → status, units available, reminders sent
        (timedelta(minutes=5), OrderStatus.UNPAID, 3, 1),
        (timedelta(minutes=20), OrderStatus.UNPAID, 3, 2),
        (timedelta(minutes=30) - SECOND, OrderStatus.UNPAID, 3, 2),
        (timedelta(minutes=30), OrderStatus.CANCELLED, 5, 2),
    ]
    for after, status, available, reminders in checkpoints:
        clock.set(placed + after)
        half_hour.work_once()
        seen = (given.order_row(order_id).status, given.available(shop.sku_ids[0]), len(_reminders(given, buyer)))
        assert seen == (status, available, reminders), after
    row = given.order_row(order_id)
    assert (row.cancel_reason, row.cancelled_by, row.cancelled_at) == (
        CancelReason.UNPAID_TIMEOUT,
        "system",
        placed + timedelta(minutes=30),
    )
    # and the shipped rulebook is what it was: the marketplace ran under its own mapping
    assert all_rulebooks()["ID"].orders.unpaid_timeout_minutes == 60


def test_r_up_3_the_shipped_marketplace_beside_it_still_waits_its_own_timeout(
    half_hour: Marketplace, marketplace: Marketplace, clock: ManualClock
) -> None:
    # Given one order placed under the injected rulebook and one under the shipped rulebook, same store
    quick, shipped = Given(half_hour), Given(marketplace)
    shop = quick.shop(stock=[5])
    early = quick.order(quick.buyer(), shop.sku_ids[0])
    late = shipped.order(shipped.buyer(), shop.sku_ids[0])
    # When 30 minutes pass
    clock.advance(timedelta(minutes=30))
    marketplace.work_once()
    # Then only the order placed under the 30-minute rulebook is cancelled
    assert quick.order_row(early).status == OrderStatus.CANCELLED
    assert shipped.order_row(late).status == OrderStatus.UNPAID


def test_r_mk_1_a_market_missing_from_the_injected_rulebooks_is_refused(
    engine: Engine, clock: ManualClock, settings: Settings
) -> None:
    # Given a marketplace that runs only Indonesia
    only_id = built_with({"ID": all_rulebooks()["ID"]}, engine, clock, settings)
    # When a Thai shop is opened, then it is refused: there are no rules in force for TH here
    with pytest.raises(InvalidInput, match="no rulebook for market 'TH'"), only_id.uow() as uow:
        catalogue.create_shop(uow, ref="th-1", name="Thai shop", market="TH")
    with pytest.raises(RulebookError, match=r"known: ID\)"):
        only_id.rules("TH")


def test_r_sc_10_privileges_follow_the_injected_thresholds(
    engine: Engine, clock: ManualClock, settings: Settings, marketplace: Marketplace
) -> None:
    # Given a shop with no score yet, which keeps campaigns under the shipped rules
    given = Given(marketplace)
    shop = given.shop()
    with marketplace.uow(read_only=True) as uow:
        assert score_service.has_privilege(uow, shop.id, "crm_broadcast")
    # When the marketplace is built with a rulebook whose campaigns are not kept with a null score
    shipped = all_rulebooks()["ID"].privileges
    kept = [name for name in shipped.held_with_null_sps if name != "crm_broadcast"]
    strict = built_with(rulebooks_with("ID", "privileges", held_with_null_sps=kept), engine, clock, settings)
    # Then that marketplace refuses the shop campaigns
    with strict.uow(read_only=True) as uow:
        assert not score_service.has_privilege(uow, shop.id, "crm_broadcast")
