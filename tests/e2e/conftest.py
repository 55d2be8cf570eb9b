"""A real HTTP server (uvicorn on a free local port) in front of the test marketplace."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pasar.domain.payments import PaymentOutcome
from pasar.domain.principals import PrincipalKind
from pasar.services.auth import issue_token
from pasar.services.marketplace import Marketplace
from tests.servers import serving
from tests.support import Given, Shop


@pytest.fixture
def api_url(marketplace: Marketplace) -> Iterator[str]:
    with serving(marketplace) as url:
        yield url


@dataclass
class World:
    shop: Shop
    other_shop: Shop
    buyer: httpx.Client
    other_buyer: httpx.Client
    seller: httpx.Client
    other_seller: httpx.Client
    operator: httpx.Client
    anonymous: httpx.Client
    buyer_id: int


@pytest.fixture
def world(given: Given, marketplace: Marketplace, api_url: str) -> Iterator[World]:
    shop = given.shop(stock=[5, 5], price=20_000)
    other_shop = given.shop(stock=[5], price=30_000)
    buyer, other_buyer = given.buyer(), given.buyer()
    with marketplace.uow() as uow:
        tokens = [
            issue_token(uow, kind=PrincipalKind.BUYER, name="b1", buyer_id=buyer.buyer_id),
            issue_token(uow, kind=PrincipalKind.BUYER, name="b2", buyer_id=other_buyer.buyer_id),
            issue_token(uow, kind=PrincipalKind.SELLER, name="s1", shop_id=shop.id),
            issue_token(uow, kind=PrincipalKind.SELLER, name="s2", shop_id=other_shop.id),
            issue_token(uow, kind=PrincipalKind.OPERATOR, name="ops"),
        ]
    clients = [httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {t}"}, timeout=30) for t in tokens]
    anonymous = httpx.Client(base_url=api_url, timeout=30)
    yield World(shop, other_shop, *clients, anonymous, buyer.buyer_id)  # type: ignore[misc]
    for client in [*clients, anonymous]:
        client.close()


def pending_payment(world: World) -> tuple[int, str]:
    """An order of the world's buyer at its shop with a payment attempt waiting for the gateway: (id, reference)."""
    placed = world.buyer.post(
        "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    )
    order_id = int(placed.json()["orders"][0]["id"])
    attempt = world.buyer.post(f"/v1/orders/{order_id}/payments", json={"method": "card"})
    return order_id, attempt.json()["reference"]


def shipped_with_acme(world: World, given: Given, clock: Any, tracking: str) -> int:
    """An order of the world's buyer, paid through the gateway, past its hold and handed to carrier acme."""
    order_id, reference = pending_payment(world)
    given.gateway_says(reference, PaymentOutcome.SUCCEEDED)
    given.past_hold(clock)
    shipped = world.seller.post(f"/v1/orders/{order_id}/ship", json={"carrier": "acme", "tracking_number": tracking})
    assert shipped.status_code == 200, shipped.text
    return order_id
