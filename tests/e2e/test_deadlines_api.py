"""Over HTTP: a late payment is answered 200 with what happened, a return's delivery scan is
accepted, and a null score says why (R-UP-3, R-AS-3, R-SC-8)."""

from __future__ import annotations

from datetime import timedelta

import orjson

from pasar.domain.case_commands import Approve, ShipReturn
from pasar.domain.cases import CaseKind, CaseReason
from pasar.rules import rulebook_for
from pasar.services.marketplace import Marketplace
from pasar.services.scores import forget_engine
from tests.conftest import CARRIER_SECRETS
from tests.e2e.conftest import World
from tests.scores.test_scores_service import deliver
from tests.support import Given, gateway_callback_headers, signed_headers

ID = rulebook_for("ID")


def _signed_callback(marketplace: Marketplace, body: dict) -> tuple[bytes, dict[str, str]]:
    raw = orjson.dumps(body)
    return raw, gateway_callback_headers(marketplace, raw)


def test_r_up_3_a_payment_after_the_timeout_is_answered_200_as_refunded(
    world: World, clock, marketplace: Marketplace
) -> None:
    body = {"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    order = world.buyer.post("/v1/checkout", json=body).json()["orders"][0]
    reference = world.buyer.post(f"/v1/orders/{order['id']}/payments", json={"method": "card"}).json()["reference"]
    clock.advance(ID.orders.unpaid_timeout + timedelta(seconds=1))  # the worker has not run
    raw, headers = _signed_callback(marketplace, {"reference": reference, "outcome": "succeeded"})
    answer = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    assert answer.status_code == 200
    assert {k: answer.json()[k] for k in ("status", "order_status", "replayed")} == {
        "status": "refunded",
        "order_status": "CANCELLED",
        "replayed": False,
    }
    again = world.anonymous.post("/v1/payments/callback", content=raw, headers=headers)
    assert (again.status_code, again.json()["status"], again.json()["replayed"]) == (200, "refunded", True)
    (attempt,) = world.buyer.get(f"/v1/orders/{order['id']}").json()["payment_attempts"]
    assert attempt["status"] == "refunded" and "UNPAID_TIMEOUT" in attempt["void_reason"]


def test_r_as_3_the_carriers_return_delivery_event_is_accepted(
    world: World, given: Given, clock, marketplace: Marketplace
) -> None:
    shop, buyer, order_id = given.delivered_order(clock)
    case_id = given.case_opened(buyer, order_id, CaseKind.RETURN_AND_REFUND, CaseReason.DEFECTIVE)
    given.acts(given.seller(shop), case_id, Approve())
    given.acts(buyer, case_id, ShipReturn(carrier="acme", tracking_number="RET-HTTP-1"))
    scan = {
        "event_id": "ret-1",
        "tracking_number": "RET-HTTP-1",
        "status": "delivered",
        "occurred_at": clock.now().isoformat(),
    }
    raw = orjson.dumps(scan)
    headers = signed_headers(CARRIER_SECRETS["acme"], raw, int(clock.now().timestamp()))
    answer = world.anonymous.post("/v1/carriers/acme/events", content=raw, headers=headers)
    assert (answer.status_code, answer.json()) == (200, {"applied": "delivered", "event_id": "ret-1"})
    assert given.case_row(case_id).status == "RETURN_RECEIVED"


def test_r_sc_8_the_score_says_no_metric_data_over_http(world: World, given: Given, clock, marketplace) -> None:
    shop = given.shop(stock=[40])
    deliver(given, clock, shop, 30)
    clock.advance(timedelta(days=65))
    try:
        public = world.anonymous.get(f"/v1/shops/{shop.id}/score").json()
    finally:
        forget_engine(marketplace.engine)
    assert (public["status"], public["delivered_90d"], public["sps"]) == ("no metric data", 30, None)
    assert public["metrics_without_data"] == ["dor", "sfrr", "sfcr", "ldr", "complaint", "reply_24h"]
