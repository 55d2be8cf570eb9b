"""The web tests' marketplace: the demo seed plus after-sales cases, an arbitration and a waiting buyer."""

from __future__ import annotations

from dataclasses import dataclass

from pasar.clock import ManualClock
from pasar.domain.case_commands import Escalate, Reject
from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.orders import Channel
from pasar.domain.principals import Principal, PrincipalKind
from pasar.domain.reviews import NewReview
from pasar.services import after_sales, messaging
from pasar.services.attachments import attach
from pasar.services.demo import DemoMarketplace, seed_demo
from pasar.services.marketplace import Marketplace
from pasar.services.reviews import create_review
from tests.support import Given, Shop


@dataclass(frozen=True)
class WebWorld:
    demo: DemoMarketplace
    requested_case: int  # return-and-refund, waiting on the seller
    arbitration_case: int  # refund-only, rejected and escalated by the buyer
    conversation: int  # the buyer is waiting for a reply
    unpaid_order: int  # placed last: its reminders and auto-cancel are still ahead
    review: int  # a negative review of a delivered order, blamed on the courier
    other_shop_order: int  # an order of the other demo shop


def build_world(marketplace: Marketplace, clock: ManualClock, given: Given) -> WebWorld:
    with marketplace.uow() as uow:
        demo = seed_demo(uow)
        products = uow.catalogue.products_page(shop_id=demo.shop_id, after_id=0, limit=50)
        skus = {row.code: row.id for row in uow.catalogue.skus_of([p.id for p in products])}
        other = uow.catalogue.products_page(shop_id=demo.other_shop_id, after_id=0, limit=50)
        other_sku = uow.catalogue.skus_of([other[0].id])[0].id
    shop = Shop(demo.shop_id, "ID", list(skus.values()))
    buyer = Principal(PrincipalKind.BUYER, "Dewi Lestari", buyer_id=demo.buyer_id)
    seller = Principal(PrincipalKind.SELLER, "Sari", shop_id=demo.shop_id)
    delivered = []
    for channel in (Channel.LIVE, Channel.SEARCH):
        order_id = given.order(buyer, skus["RUN-180"], 1, channel)
        given.paid(buyer, order_id)
        delivered.append(order_id)
    other_order = given.order(buyer, other_sku, 1)
    given.past_hold(clock)
    for order_id in delivered:
        given.shipped(shop, order_id)
        given.carrier_reports(order_id, "picked_up")
        given.carrier_reports(order_id, "delivered")
    with marketplace.uow() as uow:
        requested = after_sales.open_case(
            uow,
            buyer,
            delivered[0],
            kind=CaseKind.RETURN_AND_REFUND,
            reason=CaseReason.DAMAGED,
            description="The runner arrived torn at one end.",
        )
        disputed = after_sales.open_case(
            uow, buyer, delivered[1], kind=CaseKind.REFUND_ONLY, reason=CaseReason.NOT_AS_DESCRIBED
        )
    with marketplace.uow() as uow:
        after_sales.handle(uow, seller, disputed, Reject(reason="The colour matches the listing photos."))
    with marketplace.uow() as uow:
        after_sales.handle(uow, buyer, disputed, Escalate())
    with marketplace.uow() as uow:
        conversation = messaging.open_conversation(uow, buyer, shop_id=demo.shop_id, buyer_id=None)
        messaging.send_message(uow, buyer, conversation, text="Hello, is the batik shirt available in XL?")
    unpaid = given.order(buyer, skus["BTK-L"], 1, Channel.LIVE)
    with marketplace.uow() as uow:
        review = create_review(uow, buyer, delivered[1], NewReview(rating=2, text="Kurir lambat sekali, paket telat."))
    return WebWorld(demo, requested, disputed, conversation, unpaid, review, other_order)


def seller_pages(world: WebWorld) -> list[str]:
    """Every page of the Seller Centre, with the world's objects where a page shows one."""
    return [
        "/seller",
        "/seller/orders",
        f"/seller/orders/{world.unpaid_order}",
        "/seller/unpaid",
        "/seller/cases",
        f"/seller/cases/{world.requested_case}",
        "/seller/inbox",
        f"/seller/inbox/{world.conversation}",
        "/seller/reviews",
        "/seller/settings",
    ]


def buyer_evidence(marketplace: Marketplace, world: WebWorld, case_id: int, filename: str, data: bytes) -> int:
    """The world's buyer attaches an evidence file (JPEG or PNG, by its first bytes) to a case."""
    buyer = Principal(PrincipalKind.BUYER, "Dewi Lestari", buyer_id=world.demo.buyer_id)
    content_type = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    with marketplace.uow() as uow:
        return attach(
            uow,
            buyer,
            case_id,
            purpose="evidence",
            filename=filename,
            content_type=content_type,
            data=data,
            max_bytes=10**6,
        )
