"""Placing orders: split per shop, reservations, refusals that change nothing."""

from __future__ import annotations

import pytest

from pasar.domain.errors import InsufficientStock, InvalidInput, TooManyUnpaidOrders, UnknownReference
from pasar.domain.orders import Channel, FulfilmentType, OrderStatus
from pasar.rules import rulebook_for
from tests.support import Given


def test_r_or_1_cart_across_two_shops_becomes_one_order_per_shop(given: Given) -> None:
    # Given two shops
    first = given.shop(stock=[5, 5], price=10_000)
    second = given.shop(stock=[5], price=25_000)
    buyer = given.buyer()
    # When one cart holds products of both
    placed = given.orders(buyer, [(first.sku_ids[0], 2), (second.sku_ids[0], 1), (first.sku_ids[1], 1)], Channel.LIVE)
    # Then there is one order per shop, each with its own lines and total
    assert {(o.shop_id, o.total_amount) for o in placed} == {(first.id, 30_000), (second.id, 25_000)}
    for order in placed:
        row = given.order_row(order.id)
        assert row.status == OrderStatus.UNPAID and row.channel == "live" and row.currency == "IDR"


def test_r_or_2_reserving_more_than_available_is_refused_and_changes_nothing(given: Given) -> None:
    shop = given.shop(stock=[2, 9])
    buyer = given.buyer()
    before = given.snapshot()
    # When a cart asks for 1 of the plentiful SKU and 3 of the scarce one
    with pytest.raises(InsufficientStock) as refused:
        given.orders(buyer, [(shop.sku_ids[1], 1), (shop.sku_ids[0], 3)])
    # Then the error names the line, and no order, reservation or event exists
    assert refused.value.field == "lines[1].quantity"
    assert "only 2" in refused.value.detail
    assert given.snapshot() == before


def test_r_or_2_the_last_unit_goes_to_one_buyer_only(given: Given) -> None:
    shop = given.shop(stock=[1])
    first, second = given.buyer(), given.buyer()
    given.order(first, shop.sku_ids[0])
    with pytest.raises(InsufficientStock):
        given.order(second, shop.sku_ids[0])
    assert given.available(shop.sku_ids[0]) == 0


@pytest.mark.parametrize(
    ("lines", "error", "field"),
    [
        ([(999_999, 1)], UnknownReference, "lines[0].sku_id"),
        ([("SKU", 0)], InvalidInput, "lines[0].quantity"),
        ([("SKU", -2)], InvalidInput, "lines[0].quantity"),
        ([("SKU", 1000)], InvalidInput, "lines[0].quantity"),
        ([("SKU", 1), ("SKU", 1)], InvalidInput, "lines[1].sku_id"),
        ([], InvalidInput, "lines"),
    ],
)
def test_r_or_2_bad_carts_are_refused_naming_the_field(given: Given, lines, error, field) -> None:
    shop = given.shop()
    buyer = given.buyer()
    cart = [(shop.sku_ids[0] if sku == "SKU" else sku, quantity) for sku, quantity in lines]
    before = given.snapshot()
    with pytest.raises(error) as refused:
        given.orders(buyer, cart)
    assert refused.value.field == field
    assert given.snapshot() == before


def test_r_mk_1_a_buyer_cannot_order_from_another_market(given: Given) -> None:
    shop = given.shop(market="TH")
    buyer = given.buyer(market="ID")
    with pytest.raises(UnknownReference, match="market TH"):
        given.order(buyer, shop.sku_ids[0])


def test_r_sl_4_platform_warehouse_stock_makes_a_platform_fulfilled_order(given: Given) -> None:
    shop = given.shop(platform=True)
    buyer = given.buyer()
    placed = given.orders(buyer, [(shop.sku_ids[0], 1)])
    assert placed[0].fulfilment_type is FulfilmentType.PLATFORM


def test_r_up_6_habitual_non_payer_may_hold_only_the_rulebook_number_of_unpaid_orders(
    given: Given, clock, marketplace
) -> None:
    rules = rulebook_for("ID").orders
    shop = given.shop(stock=[100])
    buyer = given.buyer()
    # Given a buyer who let the threshold number of orders time out
    for _ in range(rules.habitual_nonpayer_threshold):
        given.order(buyer, shop.sku_ids[0])
    clock.advance(rules.unpaid_timeout)
    marketplace.work_once()
    # When they hold the allowed number of open unpaid orders
    for _ in range(rules.habitual_nonpayer_max_open_unpaid):
        given.order(buyer, shop.sku_ids[0])
    # Then one more is refused, with the reason
    with pytest.raises(TooManyUnpaidOrders, match=f"{rules.habitual_nonpayer_threshold} orders went unpaid"):
        given.order(buyer, shop.sku_ids[0])


def test_r_up_6_timeouts_older_than_the_history_window_are_forgotten(given: Given, clock, marketplace) -> None:
    from datetime import timedelta

    rules = rulebook_for("ID").orders
    shop = given.shop(stock=[100])
    buyer = given.buyer()
    for _ in range(rules.habitual_nonpayer_threshold):
        given.order(buyer, shop.sku_ids[0])
    clock.advance(rules.unpaid_timeout)
    marketplace.work_once()
    clock.advance(timedelta(days=rules.unpaid_history_days))
    for _ in range(rules.habitual_nonpayer_max_open_unpaid + 2):
        given.order(buyer, shop.sku_ids[0])


def test_an_order_total_beyond_the_stores_64_bit_amounts_is_refused_before_any_stock_is_reserved(
    given: Given,
) -> None:
    """Given SKUs priced so that price x quantity over the cart passes 2^63 - 1 (the API bounds prices so
    that no cart can, but the services do not trust their callers), the cart is refused naming the lines."""
    shop = given.shop(stock=[999, 999], price=5 * 10**15)
    buyer = given.buyer()
    before = given.snapshot()
    with pytest.raises(InvalidInput, match="largest amount") as refused:
        given.orders(buyer, [(shop.sku_ids[0], 999), (shop.sku_ids[1], 999)])
    assert refused.value.field == "lines"
    assert given.snapshot() == before
