"""The score use cases through the real services, on SQLite and PostgreSQL.

Orders are placed, paid, shipped (some after their dispatch deadline) and delivered through the
services; reviews are written by buyers; the daily deadline handler scores the closed day from
the refreshed rollups and stores the snapshots that privileges read (R-SC-4, R-SC-7..10, R-BR-2).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from pasar.clock import ManualClock
from pasar.domain.deadlines import DeadlineKind, DueDeadline
from pasar.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from pasar.domain.reviews import NewReview
from pasar.reviews import Responsibility
from pasar.rules import rulebook_for
from pasar.services import reviews as review_service
from pasar.services import scores as score_service
from pasar.services.marketplace import Marketplace
from pasar.store import tables
from tests.support import Given, Shop

ID = rulebook_for("ID")
REGISTERED = score_service.score_day_kind() is not None


def deliver(given: Given, clock: ManualClock, shop: Shop, n: int, *, late: int = 0) -> list[int]:
    """``n`` orders paid now, handed to the carrier (the last ``late`` after their dispatch deadline), delivered."""
    buyer = given.buyer()
    ids = [given.order(buyer, shop.sku_ids[0]) for _ in range(n)]
    for order_id in ids:
        given.paid(buyer, order_id)
    given.past_hold(clock)
    for index, order_id in enumerate(ids):
        if index == n - late:
            clock.advance(timedelta(days=2, hours=2))  # past the dispatch deadline, before the collection one
        given.shipped(shop, order_id)
        given.carrier_reports(order_id, "picked_up")
    for order_id in ids:
        given.carrier_reports(order_id, "delivered")
    return ids


def today(marketplace: Marketplace) -> object:
    return score_service.local_date(marketplace.clock.now(), ID)


def test_r_br_2_a_buyer_reviews_a_delivered_order_once_and_the_text_decides_responsibility(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    with marketplace.uow() as uow:
        review_id = review_service.create_review(uow, buyer, order_id, NewReview(1, text="Barangnya palsu dan rusak"))
    with marketplace.uow() as uow, pytest.raises(Conflict, match="once"):
        review_service.create_review(uow, buyer, order_id, NewReview(5))
    with marketplace.uow(read_only=True) as uow:
        row = uow.conn.execute(select(tables.reviews).where(tables.reviews.c.id == review_id)).one()
    assert (row.responsibility, row.responsibility_source, row.language) == ("seller", "text", "id")
    assert row.shop_id == shop.id and row.rating == 1


def test_r_br_2_structured_ratings_decide_before_the_text(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    _, buyer, order_id = given.delivered_order(clock)
    review = NewReview(1, product_rating=5, service_rating=5, logistics_rating=1, text="produk jelek")
    with marketplace.uow() as uow:
        review_id = review_service.create_review(uow, buyer, order_id, review)
    with marketplace.uow(read_only=True) as uow:
        row = uow.conn.execute(select(tables.reviews).where(tables.reviews.c.id == review_id)).one()
    assert (row.responsibility, row.responsibility_source) == ("logistics", "ratings")


def test_only_the_buyer_of_a_delivered_order_may_review_it(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop = given.shop(stock=[5])
    buyer, stranger = given.buyer(), given.buyer()
    order_id = given.order(buyer, shop.sku_ids[0])
    given.paid(buyer, order_id)
    with marketplace.uow() as uow, pytest.raises(Conflict, match="only delivered or completed"):
        review_service.create_review(uow, buyer, order_id, NewReview(4))
    with marketplace.uow() as uow, pytest.raises(NotFound):
        review_service.create_review(uow, stranger, order_id, NewReview(4))
    with marketplace.uow() as uow, pytest.raises(Forbidden):
        review_service.create_review(uow, given.seller(shop), order_id, NewReview(4))
    with marketplace.uow() as uow, pytest.raises(InvalidInput, match="rating"):
        review_service.create_review(uow, buyer, order_id, NewReview(6))


def test_the_seller_replies_once_and_a_reply_with_contact_details_is_blocked(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    other = given.shop()
    with marketplace.uow() as uow:
        review_id = review_service.create_review(uow, buyer, order_id, NewReview(2, text="kurang bagus"))
    with marketplace.uow() as uow, pytest.raises(review_service.ReplyBlocked, match="contact"):
        review_service.reply_to_review(uow, given.seller(shop), review_id, "Hubungi WA kami 0812 3456 7890 ya kak")
    with marketplace.uow() as uow, pytest.raises(NotFound):
        review_service.reply_to_review(uow, given.seller(other), review_id, "Terima kasih")
    with marketplace.uow() as uow:
        review_service.reply_to_review(uow, given.seller(shop), review_id, "Mohon maaf, kami perbaiki.")
    with marketplace.uow() as uow, pytest.raises(Conflict):
        review_service.reply_to_review(uow, given.seller(shop), review_id, "Sekali lagi")


def test_r_sc_4_r_sc_7_the_daily_handler_scores_the_closed_day_from_the_rollups(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    """Given 30 delivered orders, 3 shipped late, when the day closes, the snapshot holds LDR 3/30 and the SPS."""
    shop = given.shop(stock=[40])
    deliver(given, clock, shop, 30, late=3)
    day = today(marketplace)
    subject = score_service.score_day_subject("ID")
    due = DueDeadline(0, subject, day.toordinal(), DeadlineKind.SCORE_DAY, 0, score_service.end_of_day(day, ID))
    with marketplace.uow() as uow:
        assert score_service.close_score_day(uow, [due]) == {0}
    with marketplace.uow(read_only=True) as uow:
        snapshot = uow.conn.execute(
            select(tables.shop_score_snapshots).where(tables.shop_score_snapshots.c.shop_id == shop.id)
        ).one()
        scheduled = uow.deadlines.for_subject(subject, (day + timedelta(days=1)).toordinal())
    assert (snapshot.ldr_num, snapshot.ldr_den, snapshot.delivered_90d) == (3, 30, 30)
    (fresh,) = score_service.scores_as_of(marketplace, day, shop_ids=[shop.id])
    assert snapshot.sps == fresh.sps is not None
    # 10% late → LDR 1, fulfilment (5 + 1) / 2 = 3; product 5; service 5 (no complaint); 0.4·5 + 0.4·3 + 0.2·5
    assert fresh.sps == 4.2 and fresh.metrics["ldr"].score == pytest.approx(1.0)
    assert bool(scheduled) is REGISTERED  # the next day's deadline, once the kind is registered


def test_r_sc_10_has_privilege_reads_the_latest_snapshot(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop = given.shop(stock=[40])
    fresh_shop = given.shop()
    deliver(given, clock, shop, 30, late=3)  # SPS 4.2
    with marketplace.uow() as uow:
        score_service.recompute_day(uow, "ID", today(marketplace))
    with marketplace.uow(read_only=True) as uow:
        assert score_service.has_privilege(uow, shop.id, "star_shop_badge")
        assert score_service.has_privilege(uow, shop.id, "crm_broadcast")
        assert not score_service.has_privilege(uow, shop.id, "top_choice_badge")
        assert not score_service.has_privilege(uow, shop.id, "mall")  # R-MK-2: no Mall in ID
        assert score_service.has_privilege(uow, fresh_shop.id, "crm_broadcast")  # null SPS keeps campaigns
        assert not score_service.has_privilege(uow, fresh_shop.id, "star_shop_badge")
        with pytest.raises(InvalidInput, match="unknown privilege"):
            score_service.has_privilege(uow, shop.id, "free_lunch")
        standing = score_service.shop_standing(uow, shop.id)
    assert standing["sps"] == 4.2 and standing["ranking_weight"] == pytest.approx(1.26)  # 1.2 + 0.2 × 0.3


def test_r_br_2_an_appeal_takes_a_review_out_of_dor_and_nrr_and_the_rollups_follow(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    day = today(marketplace)
    with marketplace.uow() as uow:
        review_id = review_service.create_review(uow, buyer, order_id, NewReview(1, text="palsu"))
    with marketplace.uow() as uow:  # the engine reads what is committed
        score_service.recompute_day(uow, "ID", day)
    duck = score_service.metrics_engine(marketplace)
    (rolled,) = [c for c in duck.rolled_counts({"ID": day}, market="ID") if c.shop_id == shop.id]
    assert rolled.counts["dor_num"] == rolled.counts["nrr_num"] == 1
    with marketplace.uow() as uow:
        review_service.correct_responsibility(uow, review_id, Responsibility.LOGISTICS, reason="carrier damage")
    report = duck.refresh(keep_from=day)
    assert report.shops_rebuilt >= 1
    (rolled,) = [c for c in duck.rolled_counts({"ID": day}, market="ID") if c.shop_id == shop.id]
    (fresh,) = duck.counts(day, shop_ids=[shop.id])
    assert rolled.counts == fresh.counts and fresh.counts["dor_num"] == fresh.counts["nrr_num"] == 0


@pytest.mark.skipif(not REGISTERED, reason="DeadlineKind.SCORE_DAY is not registered yet (services/deadlines.py)")
def test_the_deadline_worker_closes_each_market_day_at_local_midnight(
    given: Given, clock: ManualClock, marketplace: Marketplace
) -> None:
    shop = given.shop(stock=[5])
    deliver(given, clock, shop, 2)
    with marketplace.uow() as uow:
        assert score_service.ensure_daily_deadlines(uow) >= 1
        assert score_service.ensure_daily_deadlines(uow) == 0  # one pending per market
    day = today(marketplace)
    clock.set(score_service.end_of_day(day, ID) + timedelta(seconds=1))
    marketplace.work_once()
    with marketplace.uow(read_only=True) as uow:
        row = uow.conn.execute(
            select(tables.shop_score_snapshots).where(tables.shop_score_snapshots.c.shop_id == shop.id)
        ).one()
    assert row.as_of == day and row.delivered_90d == 2 and row.sps is None
