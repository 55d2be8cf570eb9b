"""The order state machine and cart rules, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pasar.domain.deadlines import DeadlineKind
from pasar.domain.due_times import due_times, hold_end
from pasar.domain.errors import InvalidInput, InvalidTransition, TooManyUnpaidOrders
from pasar.domain.orders import (
    TERMINAL,
    TRANSITIONS,
    CartLine,
    OrderEvent,
    OrderStatus,
    PricedLine,
    next_status,
    split_by_shop,
    statuses_allowing,
    validate_cart,
)
from pasar.domain.unpaid import check_may_place, unpaid_history
from pasar.rules import rulebook_for

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def test_r_up_3_only_unpaid_orders_can_be_paid() -> None:
    assert next_status(OrderStatus.UNPAID, OrderEvent.PAY) is OrderStatus.ON_HOLD
    for status in OrderStatus:
        if status is not OrderStatus.UNPAID:
            with pytest.raises(InvalidTransition):
                next_status(status, OrderEvent.PAY)


def test_r_up_4_a_failed_payment_keeps_the_order_unpaid() -> None:
    assert next_status(OrderStatus.UNPAID, OrderEvent.PAYMENT_FAILED) is OrderStatus.UNPAID


def test_terminal_statuses_have_no_way_out() -> None:
    assert not [key for key in TRANSITIONS if key[0] in TERMINAL]


def test_r_fl_4_no_cancellation_once_the_parcel_has_left() -> None:
    assert statuses_allowing(OrderEvent.CANCEL).isdisjoint(
        {OrderStatus.IN_TRANSIT, OrderStatus.DELIVERED, OrderStatus.COMPLETED}
    )


def test_r_or_1_lines_are_split_per_shop() -> None:
    lines = [PricedLine(1, 10, 100, 1, 2, 500), PricedLine(2, 11, 200, 1, 1, 900), PricedLine(3, 12, 100, 2, 1, 50)]
    split = split_by_shop(lines)
    assert {shop: [line.sku_id for line in items] for shop, items in split.items()} == {100: [1, 3], 200: [2]}
    assert sum(line.amount for line in split[100]) == 1050


@pytest.mark.parametrize(
    ("cart", "field"),
    [
        ([], "lines"),
        ([CartLine(1, 0)], "lines[0].quantity"),
        ([CartLine(1, 1), CartLine(2, 1000)], "lines[1].quantity"),
        ([CartLine(1, 1), CartLine(1, 2)], "lines[1].sku_id"),
    ],
)
def test_r_or_2_bad_carts_name_the_offending_field(cart, field) -> None:
    with pytest.raises(InvalidInput) as refused:
        validate_cart(cart, max_quantity=999)
    assert refused.value.field == field


def _unpaid_deadlines(rules):
    kinds = (DeadlineKind.PAYMENT_REMINDER, DeadlineKind.UNPAID_TIMEOUT)
    return [(kind, seq, due - T0) for kind in kinds for seq, due in due_times(kind, T0, rules)]


def test_r_up_2_r_up_3_deadlines_come_from_the_rulebook() -> None:
    rules = rulebook_for("ID")
    assert _unpaid_deadlines(rules) == [
        (DeadlineKind.PAYMENT_REMINDER, 1, timedelta(minutes=5)),
        (DeadlineKind.PAYMENT_REMINDER, 2, timedelta(minutes=30)),
        (DeadlineKind.UNPAID_TIMEOUT, 0, timedelta(minutes=60)),
    ]
    other = rules.model_copy(
        update={
            "orders": rules.orders.model_copy(update={"payment_reminder_minutes": [15], "unpaid_timeout_minutes": 20})
        }
    )
    assert [left for _, _, left in _unpaid_deadlines(other)] == [timedelta(minutes=15), timedelta(minutes=20)]


def test_r_cn_1_hold_ends_after_the_rulebook_hold() -> None:
    assert hold_end(T0, rulebook_for("TH")) - T0 == timedelta(hours=1)


def test_r_up_6_habitual_non_payer_limit() -> None:
    rules = rulebook_for("ID").orders
    habitual = unpaid_history(rules.habitual_nonpayer_threshold, rules.habitual_nonpayer_max_open_unpaid, rules)
    assert habitual.habitual_nonpayer
    with pytest.raises(TooManyUnpaidOrders):
        check_may_place(habitual, new_orders=1)
    occasional = unpaid_history(rules.habitual_nonpayer_threshold - 1, 10, rules)
    check_may_place(occasional, new_orders=3)
