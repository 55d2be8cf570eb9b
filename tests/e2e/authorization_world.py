"""The objects and the signed-in web visitors the authorization matrix attacks (built through the real API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import httpx

from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.payments import pay_now
from tests.e2e.conftest import World
from tests.support import Given

# Put into every private object: no attacker's answer may contain it.
CANARY = "zq-private-7731"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@dataclass(frozen=True)
class Objects:
    """One of each kind of object, owned by the world's buyer at the world's shop."""

    shop_id: int
    product_id: int
    sku_id: int
    order_id: int
    case_id: int
    attachment_id: int
    request_id: int
    conversation_id: int
    message_id: int
    faq_id: int
    review_id: int
    promotion_id: int
    notification_id: int


def _ok(response: httpx.Response) -> dict:
    assert response.status_code in (200, 201), (response.request.url, response.status_code, response.text)
    return response.json()


def _paid_order(world: World, given: Given) -> int:
    placed = _ok(
        world.buyer.post(
            "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
        )
    )
    order_id = int(placed["orders"][0]["id"])
    with given.marketplace.uow() as uow:
        buyer = Principal(PrincipalKind.BUYER, "b", buyer_id=world.buyer_id)
        pay_now(uow, buyer, order_id, PaymentMethod.CARD, f"ref-matrix-{order_id}")
    return order_id


def build_objects(world: World, given: Given, clock) -> Objects:
    world.buyer.post(
        "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[1], "quantity": 1}], "channel": "live"}
    )
    clock.advance(timedelta(minutes=6))
    given.marketplace.work_once()  # the unpaid order's first reminder: an in-app notification (R-UP-2)
    delivered, to_cancel = _paid_order(world, given), _paid_order(world, given)
    given.past_hold(clock)
    _ok(world.seller.post(f"/v1/orders/{delivered}/ship", json={"carrier": "acme", "tracking_number": "ACME-MX"}))
    given.carrier_reports(delivered, "delivered")
    review = _ok(world.buyer.post(f"/v1/orders/{delivered}/review", json={"rating": 2, "text": "Kainnya robek."}))
    case = _ok(
        world.buyer.post(
            f"/v1/orders/{delivered}/cases",
            json={"kind": "refund_only", "reason": "defective", "description": f"torn {CANARY}"},
        )
    )
    evidence = _ok(
        world.buyer.post(f"/v1/cases/{case['id']}/attachments", files={"file": (f"{CANARY}.png", PNG, "image/png")})
    )
    _ok(world.buyer.post(f"/v1/orders/{to_cancel}/cancel", json={"reason": "changed_mind"}))
    (request,) = _ok(world.seller.get("/v1/cancellation-requests"))
    conversation = _ok(world.buyer.post("/v1/conversations", json={"shop_id": world.shop.id}))
    _ok(world.buyer.post(f"/v1/conversations/{conversation['id']}/messages", json={"text": f"hello {CANARY}"}))
    image = _ok(
        world.buyer.post(f"/v1/conversations/{conversation['id']}/images", files={"file": ("p.png", PNG, "image/png")})
    )
    faq = _ok(world.seller.post("/v1/messaging/faq", json={"keywords": ["ukuran"], "answer": f"M and L {CANARY}"}))
    now = clock.now()
    promotion = _ok(
        world.seller.post(
            "/v1/promotions",
            json={
                "title": f"first three {CANARY}",
                "first_n": 3,
                "discount_amount": 100,
                "starts_at": now.isoformat(),
                "ends_at": (now + timedelta(days=1)).isoformat(),
            },
        )
    )
    notifications = _ok(world.buyer.get("/v1/notifications"))["items"]
    product = _ok(world.anonymous.get("/v1/products", params={"shop_id": world.shop.id}))["items"][0]
    return Objects(
        shop_id=world.shop.id,
        product_id=int(product["id"]),
        sku_id=world.shop.sku_ids[0],
        order_id=delivered,
        case_id=int(case["id"]),
        attachment_id=int(evidence["id"]),
        request_id=int(request["id"]),
        conversation_id=int(conversation["id"]),
        message_id=int(image["id"]),
        faq_id=int(faq["id"]),
        review_id=int(review["id"]),
        promotion_id=int(promotion["id"]),
        notification_id=int(notifications[0]["id"]),
    )


def web_visitor(base_url: str, token: str | None) -> httpx.Client:
    """A browser-like client: the form token cookie, and signed in with ``token`` unless None."""
    client = httpx.Client(base_url=base_url, timeout=30, follow_redirects=False)
    client.get("/signin")
    if token is not None:
        signed_in = client.post("/signin", data={"token": token, "csrf_token": client.cookies["pasar_csrf"]})
        assert signed_in.status_code == 303, signed_in.text
    return client


def token_of(client: httpx.Client) -> str:
    return client.headers["Authorization"].removeprefix("Bearer ")
