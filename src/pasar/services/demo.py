"""The demo marketplace that ``pasar run`` creates in an empty database.

It is built through the same services a real marketplace uses, so the demo exercises them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pasar.domain.orders import CartLine, Channel
from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import catalogue
from pasar.services.auth import issue_token
from pasar.services.buyers import register_buyer
from pasar.services.checkout import place_orders
from pasar.services.payments import pay_now
from pasar.services.unit_of_work import UnitOfWork

CATEGORIES = {
    "fashion": "Fashion",
    "beauty_personal_care": "Beauty & personal care",
    "home": "Home",
    "electronics": "Electronics",
    "food_beverage": "Food & beverage",
}

DEMO_TOKENS = {"buyer": "demo-buyer", "seller": "demo-seller", "operator": "demo-operator"}


@dataclass(frozen=True)
class DemoMarketplace:
    shop_id: int
    other_shop_id: int
    buyer_id: int
    tokens: dict[str, str]


def seed_demo(uow: UnitOfWork) -> DemoMarketplace:
    for code, name in CATEGORIES.items():
        uow.catalogue.ensure_category(code, name)
    fbt = catalogue.platform_warehouse(uow, "ID")
    batik = catalogue.create_shop(uow, ref="demo-batik", name="Batik Sari", market="ID")
    glow = catalogue.create_shop(uow, ref="demo-glow", name="Glow Lab", market="ID")
    sku = _products(uow, batik, glow, fbt)
    buyer = register_buyer(uow, name="Dewi Lestari", market="ID", email="dewi@example.com", phone="+6281234567890")
    tokens = {
        "buyer": issue_token(
            uow, kind=PrincipalKind.BUYER, name="Dewi Lestari", buyer_id=buyer, token=DEMO_TOKENS["buyer"]
        ),
        "seller": issue_token(
            uow, kind=PrincipalKind.SELLER, name="Sari (Batik Sari)", shop_id=batik, token=DEMO_TOKENS["seller"]
        ),
        "operator": issue_token(
            uow, kind=PrincipalKind.OPERATOR, name="Pasar operations", token=DEMO_TOKENS["operator"]
        ),
    }
    _orders(uow, buyer, sku)
    return DemoMarketplace(batik, glow, buyer, tokens)


def _products(uow: UnitOfWork, batik: int, glow: int, fbt: int) -> dict[str, int]:
    """Lists the demo products; returns SKU ids by SKU code."""
    N = catalogue.NewSku
    products = [
        catalogue.create_product(
            uow,
            shop_id=batik,
            category="fashion",
            title="Batik shirt, long sleeve",
            description="Hand-stamped cotton batik.",
            skus=[N("BTK-M", "M", 18900000, 25), N("BTK-L", "L", 18900000, 3)],
        ),
        catalogue.create_product(
            uow,
            shop_id=batik,
            category="fashion",
            title="Silk scarf",
            description="Pekalongan silk.",
            skus=[N("SCF-1", "One size", 9900000, 40, "platform")],
            platform_warehouse_id=fbt,
        ),
        catalogue.create_product(
            uow,
            shop_id=batik,
            category="home",
            title="Batik table runner",
            description="",
            skus=[N("RUN-180", "180 cm", 7500000, 12)],
        ),
        catalogue.create_product(
            uow,
            shop_id=glow,
            category="beauty_personal_care",
            title="Vitamin C serum 30 ml",
            description="",
            skus=[N("VC-30", "30 ml", 12500000, 60)],
        ),
        catalogue.create_product(
            uow,
            shop_id=glow,
            category="beauty_personal_care",
            title="Sunscreen SPF 50",
            description="",
            skus=[N("SPF-50", "50 ml", 8900000, 2)],
        ),
    ]
    return {row.code: row.id for row in uow.catalogue.skus_of(products)}


def _orders(uow: UnitOfWork, buyer: int, sku: dict[str, int]) -> None:
    """Two orders: one left unpaid (its reminders and auto-cancel are live), one paid."""
    buyer_principal = Principal(PrincipalKind.BUYER, "Dewi Lestari", buyer_id=buyer)
    place_orders(uow, buyer_id=buyer, cart=[CartLine(sku["BTK-M"], 1), CartLine(sku["VC-30"], 1)], channel=Channel.LIVE)
    paid = place_orders(uow, buyer_id=buyer, cart=[CartLine(sku["SCF-1"], 2)], channel=Channel.SHORT_VIDEO)
    pay_now(uow, buyer_principal, paid[0].id, PaymentMethod.E_WALLET, "demo-payment-1")
