"""Buyer–seller messaging on both databases: R-IM-1..6 and the R-SC-6 wait accounting."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.errors import InvalidInput, NotFound, UnknownReference
from pasar.domain.messaging import FaqWhen, MessageKind, restriction_days
from pasar.moderation import Verdict, Violation
from pasar.rules import rulebook_for
from pasar.services import after_sales, messaging
from pasar.store import tables
from pasar.store.tables_messaging import messages, messaging_restrictions, violations
from tests.messaging_support import conversation, rows, say, snapshot

RULES = rulebook_for("ID").messaging
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


# --- R-IM-2 ----------------------------------------------------------------------------------------
def test_r_im_2_seller_may_write_to_a_buyer_who_talked_in_the_last_30_days(given, clock) -> None:
    """Given a buyer who wrote to the shop, when the seller writes 30 days minus a second later, then it
    is delivered; when the seller writes exactly 30 days after the buyer's message, then it is refused."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    cid = conversation(given, buyer, shop_id=shop.id)
    say(given, buyer, cid, "Halo, apakah ukuran M masih ada?")
    clock.advance(timedelta(days=RULES.seller_initiation_chat_days) - timedelta(seconds=1))
    assert say(given, seller, cid, "Masih ada kak").message_id is not None
    clock.advance(timedelta(seconds=1))
    before = snapshot(given)
    with pytest.raises(messaging.InitiationNotAllowed):
        say(given, seller, cid, "Ada promo baru kak")
    assert snapshot(given) == before


def test_r_im_2_seller_may_start_a_conversation_with_a_buyer_who_ordered_in_60_days(given, clock) -> None:
    """Given a buyer who ordered from the shop, when the seller opens a conversation within 60 days,
    then it is allowed on the "ordered" ground; after 60 days with no other ground it is refused."""
    shop, buyer = given.shop(), given.buyer()
    given.order(buyer, shop.sku_ids[0])
    clock.advance(timedelta(days=59))
    with given.marketplace.uow() as uow:
        assert messaging.may_initiate(uow, shop.id, buyer.buyer_id, "ID") == "ordered"
    cid = conversation(given, given.seller(shop), buyer_id=buyer.buyer_id)
    assert say(given, given.seller(shop), cid, "Terima kasih sudah berbelanja").message_id
    clock.advance(timedelta(days=1))
    with given.marketplace.uow() as uow:
        assert messaging.may_initiate(uow, shop.id, buyer.buyer_id, "ID") is None


def test_r_im_2_an_open_after_sales_case_lets_the_seller_write(given, clock) -> None:
    """Given a delivered order with an open after-sales case and the order 61 days old, when the seller
    writes, then the after-sales case is the ground and the message is delivered."""
    shop, buyer, order_id = given.delivered_order(clock)
    with given.marketplace.uow() as uow:
        after_sales.open_case(uow, buyer, order_id, kind=CaseKind.REFUND_ONLY, reason=CaseReason.DAMAGED)
    clock.advance(timedelta(days=61))
    with given.marketplace.uow() as uow:
        assert messaging.may_initiate(uow, shop.id, buyer.buyer_id, "ID") == "after_sales_case"
    cid = conversation(given, given.seller(shop), buyer_id=buyer.buyer_id)
    assert say(given, given.seller(shop), cid, "Mohon maaf kak, kami proses ya").message_id


def test_r_im_2_seller_cannot_start_a_conversation_with_a_stranger(given) -> None:
    """Given a buyer with no chat, order or case at the shop, when the seller opens a conversation,
    then it is refused (403 initiation-not-allowed) and nothing is stored."""
    shop, stranger = given.shop(), given.buyer()
    before = snapshot(given)
    with pytest.raises(messaging.InitiationNotAllowed) as refused:
        conversation(given, given.seller(shop), buyer_id=stranger.buyer_id)
    assert refused.value.status == 403 and refused.value.field == "buyer_id"
    assert snapshot(given) == before


# --- R-IM-1: cards, images, read receipts, bad input -------------------------------------------------
def test_r_im_1_cards_images_and_read_receipts(given, clock) -> None:
    """Given a conversation, when the seller sends an order card, a product card and an image, then they
    are stored with their references; another shop's product is refused; reading marks read_at."""
    shop, buyer = given.shop(), given.buyer()
    other = given.shop()
    seller = given.seller(shop)
    order_id = given.order(buyer, shop.sku_ids[0])
    cid = conversation(given, buyer, shop_id=shop.id)
    say(given, buyer, cid, "Pesanan saya kapan dikirim?")
    with given.marketplace.uow() as uow:
        product_id = uow.catalogue.sellable_skus(shop.sku_ids)[shop.sku_ids[0]].product_id
        other_product = uow.catalogue.sellable_skus(other.sku_ids)[other.sku_ids[0]].product_id
        card = messaging.send_message(uow, seller, cid, kind=MessageKind.ORDER_CARD, order_id=order_id)
        product = messaging.send_message(uow, seller, cid, kind=MessageKind.PRODUCT_CARD, product_id=product_id)
        image = messaging.send_image(
            uow, seller, cid, data=PNG, content_type="image/png", caption="Foto paket", max_bytes=1000
        )
    before = snapshot(given)
    with pytest.raises(UnknownReference) as wrong, given.marketplace.uow() as uow:
        messaging.send_message(uow, seller, cid, kind=MessageKind.PRODUCT_CARD, product_id=other_product)
    assert wrong.value.field == "product_id"
    with pytest.raises(InvalidInput) as bad_image, given.marketplace.uow() as uow:
        messaging.send_image(uow, seller, cid, data=b"%PDF-1.4 x", content_type="", caption="", max_bytes=1000)
    assert bad_image.value.field == "file"
    assert snapshot(given) == before
    with given.marketplace.uow() as uow:
        assert messaging.mark_read(uow, buyer, cid) == 3
    stored = {row.id: row for row in rows(given, messages)}
    assert stored[card.message_id].order_id == order_id
    assert stored[product.message_id].product_id == product_id
    assert stored[image.message_id].image_type == "image/png"
    assert all(row.read_at is not None for row in stored.values() if row.sender == "seller")
    assert given.marketplace.ports.files.get(stored[image.message_id].image_key) == PNG


def test_r_im_1_empty_overlong_and_unknown_are_refused_and_change_nothing(given) -> None:
    """Given a conversation, when a message is empty, longer than max_message_length, or names an
    unknown conversation or another buyer's conversation, then a 4xx naming the field and nothing stored."""
    shop, buyer, other, other_shop = given.shop(), given.buyer(), given.buyer(), given.shop()
    cid = conversation(given, buyer, shop_id=shop.id)
    before = snapshot(given)
    for text in ("", "   ", "x" * (RULES.max_message_length + 1)):
        with pytest.raises(InvalidInput) as refused:
            say(given, buyer, cid, text)
        assert refused.value.field == "text"
    with pytest.raises(NotFound):
        say(given, buyer, 999_999, "halo")
    with pytest.raises(NotFound):
        say(given, other, cid, "halo")
    with pytest.raises(NotFound):
        say(given, given.seller(other_shop), cid, "halo")
    assert snapshot(given) == before


# --- R-IM-3: FAQ and business hours ----------------------------------------------------------------
def test_r_im_3_faq_answers_keywords_and_away_message_outside_business_hours(given, clock) -> None:
    """Given an FAQ on "ongkir" that answers only outside hours and business hours Mon 09:00–17:00 local,
    when a buyer asks at 10:00 Monday, then no auto-reply; at 20:00 the FAQ answers; a question without
    a keyword at 20:00 gets the away message."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    with given.marketplace.uow() as uow:
        messaging.add_faq(uow, seller, ["Ongkir", "biaya kirim"], "Ongkir gratis untuk pesanan di atas 50rb.")
        messaging.save_settings(
            uow,
            seller,
            business_hours={"mon": ["09:00", "17:00"]},
            faq_when=FaqWhen.OUTSIDE_HOURS,
            away_message="Kami buka Senin 09:00–17:00.",
        )
    cid = conversation(given, buyer, shop_id=shop.id)
    assert say(given, buyer, cid, "berapa ongkir ke Bandung?").auto_reply_id is None  # 10:00 Jakarta, open
    clock.advance(timedelta(hours=10))  # 20:00 Jakarta
    faq = say(given, buyer, cid, "Berapa ONGKIR ke Bandung?")
    away = say(given, buyer, cid, "halo?")
    stored = {row.id: row for row in rows(given, messages)}
    assert stored[faq.auto_reply_id].sender == "faq" and "gratis" in stored[faq.auto_reply_id].text
    assert stored[away.auto_reply_id].sender == "auto"


# --- R-SC-6: waits -------------------------------------------------------------------------------------
def test_r_sc_6_waits_start_answer_ignore_faq_and_exclude_when_solved(given, clock) -> None:
    """Given a shop with an FAQ, when a buyer writes twice, the FAQ replies, the seller replies, the buyer
    writes again and marks the FAQ answer as solving, then buyer_waits holds one answered wait (answered by
    the human reply, not the FAQ) and one excluded wait, each with updated_at of its last change."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    with given.marketplace.uow() as uow:
        messaging.add_faq(uow, seller, ["retur"], "Retur bisa dalam 7 hari.")
    cid = conversation(given, buyer, shop_id=shop.id)
    t0 = clock.now()
    first = say(given, buyer, cid, "Bagaimana cara retur?")  # starts a wait; the FAQ answers automatically
    assert first.auto_reply_id is not None
    clock.advance(timedelta(minutes=5))
    say(given, buyer, cid, "Halo?")  # the first wait is still open: no new wait
    (wait,) = rows(given, tables.buyer_waits)
    assert wait.started_at == t0 and wait.answered_at is None and not wait.excluded
    clock.advance(timedelta(hours=2))
    t1 = clock.now()
    say(given, seller, cid, "Bisa kak, silakan ajukan di halaman pesanan")
    clock.advance(timedelta(hours=1))
    t2 = clock.now()
    second = say(given, buyer, cid, "Kalau retur ongkirnya siapa?")
    clock.advance(timedelta(minutes=1))
    with given.marketplace.uow() as uow:
        messaging.mark_faq_solved(uow, buyer, cid, second.auto_reply_id)
    answered, excluded = rows(given, tables.buyer_waits)
    assert (answered.started_at, answered.answered_at, answered.excluded, answered.updated_at) == (t0, t1, False, t1)
    assert (excluded.started_at, excluded.answered_at, excluded.excluded) == (t2, None, True)
    assert excluded.updated_at == clock.now()


def test_r_im_6_inbox_sorts_open_waits_by_time_left(given, clock) -> None:
    """Given three buyers writing at 0 h, 1 h and 2 h and the seller answering the first, when the seller
    opens the inbox, then the 1 h wait comes first (least time left), then the 2 h one, then the answered."""
    shop = given.shop()
    seller = given.seller(shop)
    buyers = [given.buyer() for _ in range(3)]
    cids = []
    for buyer in buyers:
        cids.append(conversation(given, buyer, shop_id=shop.id))
        say(given, buyer, cids[-1], "Halo kak")
        clock.advance(timedelta(hours=1))
    say(given, seller, cids[0], "Halo, ada yang bisa dibantu?")
    with given.marketplace.uow(read_only=True) as uow:
        inbox = messaging.inbox(uow, seller)
    assert [item["id"] for item in inbox] == [cids[1], cids[2], cids[0]]
    assert inbox[0]["wait"]["seconds_left"] == (RULES.reply_within_hours - 2) * 3600
    assert inbox[2]["wait"] is None


# --- R-IM-4 and R-IM-5 ---------------------------------------------------------------------------------
def test_r_im_4_a_blocked_seller_message_is_not_delivered_and_names_category_and_span(given) -> None:
    """Given a conversation, when the seller sends a WhatsApp number, then nothing reaches the buyer, the
    verdict names contact with its span, and a messaging violation with the rulebook points is recorded."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    cid = conversation(given, buyer, shop_id=shop.id)
    say(given, buyer, cid, "Halo")
    text = "Chat saya di WA 0812-3456-7890 ya kak"
    delivery = say(given, seller, cid, text)
    assert delivery.blocked and delivery.message_id is None
    spans = {(v.category, text[v.start : v.end]) for v in delivery.verdict.violations}
    assert ("contact", "0812-3456-7890") in spans
    assert [row.sender for row in rows(given, messages)] == ["buyer"]
    (violation,) = rows(given, violations)
    assert (violation.type, violation.category, violation.points, violation.status) == (
        "messaging",
        "contact",
        RULES.points_by_category["contact"],
        "active",
    )
    assert json.loads(violation.evidence)["text"] == text
    (wait,) = rows(given, tables.buyer_waits)
    assert wait.answered_at is None  # a blocked message answers nothing


def test_r_im_4_repeated_unsolicited_copies_are_spam(given) -> None:
    """Given a seller who sent the same promotion twice without an answer, when it is sent a third time,
    then it is blocked as spam."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    given.order(buyer, shop.sku_ids[0])
    cid = conversation(given, seller, buyer_id=buyer.buyer_id)
    promo = "Promo besar hari ini, diskon 50% semua produk, cek toko kami sekarang ya kak!"
    assert not say(given, seller, cid, promo).blocked
    assert not say(given, seller, cid, promo.replace("50%", "40%")).blocked
    third = say(given, seller, cid, promo)
    assert third.blocked and "spam" in {v.category for v in third.verdict.violations}


def test_r_im_5_points_restrict_messaging_until_exactly_its_end(given, clock) -> None:
    """Given a shop with a fraud-level violation (12 points = restriction_after_points), then messaging is
    restricted for restriction_min_days: sending is refused until one second before the end and allowed
    at exactly the end; FAQ auto-replies keep answering while restricted."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    with given.marketplace.uow() as uow:
        messaging.add_faq(uow, seller, ["stok"], "Stok selalu update di etalase.")
    cid = conversation(given, buyer, shop_id=shop.id)
    say(given, buyer, cid, "Halo")
    with given.marketplace.uow() as uow:  # a verdict as moderation gives for a fraud attempt (12 points)
        verdict = Verdict(False, (Violation("fraud", 0, 1, True),))
        _, until = messaging.record_violation(uow, shop.id, "ID", "x", verdict, context="message")
    assert until == clock.now() + timedelta(days=RULES.restriction_min_days)
    (restriction,) = rows(given, messaging_restrictions)
    assert restriction.points == 12 and restriction.ends_at == until
    before = snapshot(given)
    with pytest.raises(messaging.MessagingRestricted) as refused:
        say(given, seller, cid, "Halo kak")
    assert refused.value.until == until and refused.value.status == 403
    assert snapshot(given) == before
    faq = say(given, buyer, cid, "stok masih ada?")
    assert faq.auto_reply_id is not None
    clock.set(until - timedelta(seconds=1))
    with pytest.raises(messaging.MessagingRestricted):
        say(given, seller, cid, "Halo kak")
    clock.set(until)
    assert say(given, seller, cid, "Halo kak, masih ada").message_id is not None


def test_r_im_5_restriction_length_scales_with_points() -> None:
    """Given the rulebook's 12-point threshold and 7–30 days, then 11 → none, 12 → 7, 18 → 18, 24+ → 30."""
    args = (RULES.restriction_after_points, RULES.restriction_min_days, RULES.restriction_max_days)
    assert [restriction_days(p, *args) for p in (11, 12, 18, 24, 40)] == [None, 7, 18, 30, 30]


def test_r_im_5_points_from_blocked_messages_add_up_to_a_restriction(given) -> None:
    """Given three blocked contact messages (4 points each), then the third reaches 12 points and the
    shop is restricted; a fourth send is refused as restricted."""
    shop, buyer = given.shop(), given.buyer()
    seller = given.seller(shop)
    cid = conversation(given, buyer, shop_id=shop.id)
    say(given, buyer, cid, "Halo")
    for number in ("0812-3456-7890", "0813-1111-2222", "0857-3333-4444"):
        assert say(given, seller, cid, f"WA saya {number}").blocked
    with given.marketplace.uow(read_only=True) as uow:
        standing = messaging.standing(uow, shop.id)
    assert standing["active_points"] == 12 and standing["restricted_until"] is not None
    with pytest.raises(messaging.MessagingRestricted):
        say(given, seller, cid, "Halo")
