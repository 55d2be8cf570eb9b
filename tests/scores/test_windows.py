"""Window boundaries and exclusions, one rule at a time, on DuckDB and against the reference.

Each test builds a tiny history by hand with instants at the exact edges of a window, in the
shop's market time zone (Jakarta: UTC+7, no DST; London and New York: DST), and checks the
counts of both the SQL engine and the reference (R-SC-1..6, R-SC-8, R-BR-1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from pasar.metrics.dataset import CaseRow, ComplaintRow, Dataset, OrderRow, ReviewRow, ShopRow, WaitRow
from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.reference import reference_counts
from pasar.metrics.score import score_shop
from pasar.rules import rulebook_for

D = date(2026, 3, 29)  # GB and the EU move their clocks forward this day; the US did on 8 March


def at(market: str, day: date, clock: time = time(12)) -> datetime:
    zone = ZoneInfo(rulebook_for(market).market.timezone)
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def first(market: str, day: date) -> datetime:
    return at(market, day, time(0))


def last(market: str, day: date) -> datetime:
    return at(market, day, time(23, 59, 59, 999999))


def order(order_id: int, **values: object) -> OrderRow:
    base: dict[str, object] = {
        "order_id": order_id,
        "shop_id": 1,
        "kind": "normal",
        "fulfilment_type": "seller",
        "paid_at": None,
        "shipped_at": None,
        "dispatch_deadline_at": None,
        "delivered_at": None,
        "cancelled_at": None,
        "seller_fault": False,
    }
    base.update(values)
    return OrderRow(**base)  # type: ignore[arg-type]


def count(ds: Dataset, day: date = D) -> dict[str, int]:
    engine = DuckDBMetrics(dataset=ds)
    try:
        (got,) = [c.counts for c in engine.counts(day) if c.shop_id == 1]
    finally:
        engine.close()
    assert got == reference_counts(ds, day)[1]
    return got


@pytest.mark.parametrize("market", ["ID", "GB", "US"])
def test_r_sc_1_delivered_window_is_the_60_local_dates_d_minus_59_to_d(market: str) -> None:
    """Given deliveries at the first and last instants around (D−60d, D], only D−59 … D count."""
    orders = [
        order(1, delivered_at=last(market, D - timedelta(days=60))),  # the last instant of D−60: out
        order(2, delivered_at=first(market, D - timedelta(days=59))),  # the first instant of D−59: in
        order(3, delivered_at=last(market, D)),  # the last instant of D: in
        order(4, delivered_at=first(market, D + timedelta(days=1))),  # after D: out
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", market)], orders=orders))
    assert got["dor_den"] == got["sfrr_den"] == 2


@pytest.mark.parametrize("market", ["ID", "GB", "US"])
def test_r_sc_3_r_sc_4_fulfilment_window_is_d_minus_29_to_d(market: str) -> None:
    orders = [
        order(1, paid_at=last(market, D - timedelta(days=30)), shipped_at=last(market, D - timedelta(days=30))),
        order(2, paid_at=first(market, D - timedelta(days=29)), shipped_at=first(market, D - timedelta(days=29))),
        order(3, paid_at=at(market, D), shipped_at=at(market, D)),
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", market)], orders=orders))
    assert got["sfcr_den"] == got["ldr_den"] == 2
    assert got["complaint_den"] == 3  # the complaint window is 60 days


def test_r_sc_8_delivered_90d_counts_d_minus_89_to_d() -> None:
    orders = [
        order(1, delivered_at=last("GB", D - timedelta(days=90))),
        order(2, delivered_at=first("GB", D - timedelta(days=89))),
    ]
    assert count(Dataset(shops=[ShopRow(1, "s", "GB")], orders=orders))["delivered_90d"] == 1


def test_an_event_belongs_to_the_local_date_it_happened_on_across_the_dst_change() -> None:
    """Given London moves to BST on D, 23:30 UTC on D is 00:30 on D+1 locally: it falls outside (…, D]."""
    late = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)  # 00:30 BST on 30 March
    early = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 23:30 GMT on 28 March
    ds = Dataset(shops=[ShopRow(1, "s", "GB")], orders=[order(1, delivered_at=late), order(2, delivered_at=early)])
    assert count(ds)["dor_den"] == 1
    assert count(ds, D + timedelta(days=1))["dor_den"] == 2
    # the same instants in Jakarta (UTC+7) are both a day later
    jakarta = Dataset(shops=[ShopRow(1, "s", "ID")], orders=ds.orders)
    assert count(jakarta, date(2026, 3, 29))["dor_den"] == 1  # 06:30 on the 29th; the 30th's is out


def test_r_sc_6_waits_started_on_d_minus_30_to_d_minus_1_and_answered_within_24_hours() -> None:
    start = at("US", D - timedelta(days=5), time(9))
    waits = [
        WaitRow(1, 1, start, start + timedelta(hours=24), False),  # exactly 24 h: answered in time
        WaitRow(2, 1, start, start + timedelta(hours=24, microseconds=1), False),  # one microsecond late
        WaitRow(3, 1, start, None, False),  # never answered
        WaitRow(4, 1, start, None, True),  # closed by the buyer with an FAQ answer: out of both sides
        WaitRow(5, 1, at("US", D), at("US", D, time(13)), False),  # started on D: not yet in the window
        WaitRow(6, 1, last("US", D - timedelta(days=31)), None, False),  # D−31: out
        WaitRow(7, 1, first("US", D - timedelta(days=30)), first("US", D - timedelta(days=30)), False),  # D−30: in
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", "US")], waits=waits))
    assert (got["reply_24h_num"], got["reply_24h_den"]) == (2, 4)


def test_r_sc_4_platform_fulfilled_orders_never_count_against_dispatch() -> None:
    """Given a late FBT order and a late seller-fulfilled one, only the seller's counts in LDR (R-SL-4)."""
    deadline = at("ID", D - timedelta(days=3))
    orders = [
        order(
            1,
            fulfilment_type="platform",
            paid_at=at("ID", D - timedelta(days=5)),
            dispatch_deadline_at=deadline,
            shipped_at=deadline + timedelta(days=2),
        ),
        order(
            2,
            paid_at=at("ID", D - timedelta(days=5)),
            dispatch_deadline_at=deadline,
            shipped_at=deadline + timedelta(seconds=1),
        ),
        order(3, paid_at=at("ID", D - timedelta(days=5)), dispatch_deadline_at=deadline, shipped_at=deadline),
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders))
    assert (got["ldr_num"], got["ldr_den"]) == (1, 2)
    assert got["sfcr_den"] == 3  # the FBT order still counts where dispatch does not matter


def test_r_br_2_logistics_only_and_buyer_error_reviews_never_count() -> None:
    delivered = at("ID", D - timedelta(days=3))
    orders = [order(i, delivered_at=delivered) for i in (1, 2, 3, 4)]
    reviews = [
        ReviewRow(1, 1, 1, 1, "seller", delivered),
        ReviewRow(2, 2, 1, 1, "logistics", delivered),
        ReviewRow(3, 3, 1, 2, "buyer", delivered),
        ReviewRow(4, 4, 1, 3, "seller", delivered),  # 3 stars is not negative
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders, reviews=reviews))
    assert (got["dor_num"], got["dor_den"], got["nrr_num"], got["nrr_den"]) == (1, 4, 1, 4)


def test_r_sc_1_a_negative_review_counts_once_received_by_d() -> None:
    delivered = at("ID", D - timedelta(days=10))
    orders = [order(1, delivered_at=delivered), order(2, delivered_at=delivered), order(3, delivered_at=delivered)]
    reviews = [
        ReviewRow(1, 1, 1, 1, "seller", delivered - timedelta(days=1)),  # before delivery (Olist has these)
        ReviewRow(2, 2, 1, 1, "seller", last("ID", D)),
        ReviewRow(3, 3, 1, 1, "seller", first("ID", D + timedelta(days=1))),  # after D
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders, reviews=reviews))
    assert got["dor_num"] == got["nrr_num"] == 2


def test_r_sc_2_r_sc_3_by_d_means_approved_or_cancelled_on_or_before_d() -> None:
    paid = at("ID", D - timedelta(days=10))
    orders = [
        order(1, paid_at=paid, cancelled_at=last("ID", D), seller_fault=True),
        order(2, paid_at=paid, cancelled_at=first("ID", D + timedelta(days=1)), seller_fault=True),
        order(3, paid_at=paid, cancelled_at=paid, seller_fault=False),  # the buyer cancelled
        order(4, paid_at=paid, delivered_at=paid),
        order(5, paid_at=paid, delivered_at=paid),
    ]
    cases = [
        CaseRow(1, 4, 1, "seller", last("ID", D)),
        CaseRow(2, 4, 1, "seller", last("ID", D)),  # two approved cases on one order: one order
        CaseRow(3, 5, 1, "seller", first("ID", D + timedelta(days=1))),
        CaseRow(4, 5, 1, "buyer", paid),
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders, cases=cases))
    assert (got["sfcr_num"], got["sfcr_den"]) == (1, 5)
    assert (got["sfrr_num"], got["sfrr_den"]) == (1, 2)


@pytest.mark.parametrize("market", ["ID", "GB"])
def test_r_sc_5_complaints_created_in_60_days_over_orders_paid_in_them(market: str) -> None:
    """Given complaints and payments on each side of the 60-day window, only those inside count."""
    before, start, end = D - timedelta(days=60), D - timedelta(days=59), D
    orders = [
        order(1, paid_at=last(market, before)),
        order(2, paid_at=first(market, start)),
        order(3, paid_at=last(market, end)),
    ]
    complaints = [
        ComplaintRow(1, 1, 1, last(market, before)),  # the day before the window: out
        ComplaintRow(2, 1, 2, first(market, start)),  # its first instant: in
        ComplaintRow(3, 1, None, last(market, end)),  # a report of the shop, no order: in
        ComplaintRow(4, 1, 3, first(market, end + timedelta(days=1))),  # after D: out
    ]
    got = count(Dataset(shops=[ShopRow(1, "s", market)], orders=orders, complaints=complaints))
    assert (got["complaint_num"], got["complaint_den"]) == (2, 2)


def test_creator_sample_and_test_orders_are_excluded_from_every_metric() -> None:
    when = at("ID", D - timedelta(days=2))
    late = {
        "paid_at": when,
        "dispatch_deadline_at": when,
        "shipped_at": when + timedelta(days=1),
        "delivered_at": when + timedelta(days=1),
    }
    orders = [order(1, kind="creator_sample", **late), order(2, kind="test", **late), order(3, **late)]
    reviews = [ReviewRow(i, i, 1, 1, "seller", when + timedelta(days=1)) for i in (1, 2, 3)]
    complaints = [ComplaintRow(1, 1, 1, when), ComplaintRow(2, 1, 3, when), ComplaintRow(3, 1, None, when)]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders, reviews=reviews, complaints=complaints))
    assert got["delivered_90d"] == got["dor_den"] == got["sfcr_den"] == got["ldr_den"] == 1
    assert got["ldr_num"] == got["dor_num"] == 1
    assert got["complaint_num"] == 2  # the sample order's complaint is left out; a report with no order stays


@pytest.mark.parametrize(("delivered", "has_sps"), [(29, False), (30, True)])
def test_r_sc_8_the_29th_and_30th_delivered_order(delivered: int, has_sps: bool) -> None:
    """Given 29 (30) orders delivered in the last 90 days, the SPS is null ("not enough orders") (a number)."""
    orders = [order(i, delivered_at=at("ID", D - timedelta(days=i * 3 % 90))) for i in range(1, delivered + 1)]
    got = count(Dataset(shops=[ShopRow(1, "s", "ID")], orders=orders))
    assert got["delivered_90d"] == delivered
    score = score_shop(1, "s", D, got, rulebook_for("ID"))
    assert (score.sps is not None) is has_sps
    assert score.sps in (None, 5.0)
