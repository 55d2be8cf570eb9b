"""Three days of demo history, so every screen of a fresh ``pasar run`` has something to show.

The story is played through the real services on a manual clock that starts three days ago and
catches up with the present, so deadlines, carriers and the worker do their part on the way.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pasar.clock import ManualClock
from pasar.domain.case_commands import Escalate, Reject
from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.orders import CartLine, Channel
from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import after_sales, fulfilment, messaging
from pasar.services.checkout import place_orders
from pasar.services.demo import DemoMarketplace, seed_demo
from pasar.services.marketplace import Marketplace
from pasar.services.payments import pay_now

STORY_DAYS = 3


def seed_demo_marketplace(market: Marketplace) -> DemoMarketplace:
    present = market.clock.now()
    clock = ManualClock(present - timedelta(days=STORY_DAYS))
    past = replace(market, clock=clock)
    with past.uow() as uow:
        demo = seed_demo(uow)
        skus = {
            row.code: row.id
            for row in uow.catalogue.skus_of(
                [p.id for p in uow.catalogue.products_page(shop_id=demo.shop_id, after_id=0, limit=50)]
            )
        }
    buyer = Principal(PrincipalKind.BUYER, "Dewi Lestari", buyer_id=demo.buyer_id)
    seller = Principal(PrincipalKind.SELLER, "Sari", shop_id=demo.shop_id)

    def order(sku: str, channel: Channel, pay: bool = True) -> int:
        with past.uow() as uow:
            order_id = place_orders(uow, buyer_id=demo.buyer_id, cart=[CartLine(skus[sku], 1)], channel=channel)[0].id
            if pay:
                pay_now(uow, buyer, order_id, PaymentMethod.E_WALLET, f"demo-{order_id}")
        return order_id

    def advance(hours: float) -> None:
        clock.advance(timedelta(hours=hours))
        past.work_once()

    runners = [order("RUN-180", Channel.LIVE), order("RUN-180", Channel.SEARCH)]
    advance(1)  # the hold ends: the seller ships both
    for order_id in runners:
        with past.uow() as uow:
            fulfilment.ship(uow, seller, order_id, "simulated", f"SIMDEMO{order_id:06d}")
    advance(56)  # the simulated carrier picks up and delivers
    with past.uow() as uow:
        waiting = after_sales.open_case(
            uow,
            buyer,
            runners[0],
            kind=CaseKind.RETURN_AND_REFUND,
            reason=CaseReason.DAMAGED,
            description="The runner arrived torn at one end.",
        )
        disputed = after_sales.open_case(
            uow,
            buyer,
            runners[1],
            kind=CaseKind.REFUND_ONLY,
            reason=CaseReason.NOT_AS_DESCRIBED,
            description="The colour is different.",
        )
    with past.uow() as uow:
        after_sales.handle(uow, seller, disputed, Reject(reason="The colour matches the listing photos."))
    with past.uow() as uow:
        after_sales.handle(uow, buyer, disputed, Escalate())
    advance(2)
    order("BTK-M", Channel.SHORT_VIDEO)  # paid, to be shipped before its dispatch deadline
    advance(present.timestamp() / 3600 - clock.now().timestamp() / 3600 - 2)
    with past.uow() as uow:
        conversation = messaging.open_conversation(uow, buyer, shop_id=demo.shop_id, buyer_id=None)
        messaging.send_message(uow, buyer, conversation, text="Hello, is the batik shirt available in XL?")
    clock.set(present)
    past.work_once()
    order("BTK-L", Channel.LIVE, pay=False)  # just placed: its reminders and auto-cancel are still ahead
    assert waiting and disputed
    return demo
