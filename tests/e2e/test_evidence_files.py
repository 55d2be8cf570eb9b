"""Evidence files are read by the parties of their case and operators; each uploads only its own purposes (R-AS-2).

Over a real socket, on both databases.
"""

from __future__ import annotations

import pytest

from pasar.domain.payments import PaymentMethod
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services.payments import pay_now
from tests.e2e.conftest import World
from tests.support import Given

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n% proof\n"


@pytest.fixture
def case_id(world: World, given: Given, clock) -> int:
    """A refund-only case on a delivered order of the world's buyer at the world's shop."""
    order = world.buyer.post(
        "/v1/checkout", json={"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    ).json()["orders"][0]
    with given.marketplace.uow() as uow:
        buyer = Principal(PrincipalKind.BUYER, "b", buyer_id=world.buyer_id)
        pay_now(uow, buyer, order["id"], PaymentMethod.CARD, f"ref-ev-{order['id']}")
    given.past_hold(clock)
    world.seller.post(f"/v1/orders/{order['id']}/ship", json={"carrier": "acme", "tracking_number": "ACME-EV"})
    given.carrier_reports(order["id"], "delivered")
    opened = world.buyer.post(f"/v1/orders/{order['id']}/cases", json={"kind": "refund_only", "reason": "defective"})
    assert opened.status_code == 201, opened.text
    return int(opened.json()["id"])


def _upload(client, case: int, name: str, data: bytes, content_type: str, purpose: str = "evidence"):
    return client.post(
        f"/v1/cases/{case}/attachments", files={"file": (name, data, content_type)}, data={"purpose": purpose}
    )


def test_r_as_2_the_parties_and_operators_read_the_evidence(world: World, case_id: int) -> None:
    uploaded = _upload(world.buyer, case_id, "foto rusak é.png", PNG, "image/png")
    assert uploaded.status_code == 201
    file_id = uploaded.json()["id"]
    for reader in (world.buyer, world.seller, world.operator):
        listed = reader.get(f"/v1/cases/{case_id}/attachments")
        assert listed.status_code == 200
        (item,) = listed.json()
        assert (item["id"], item["uploaded_by"], item["content_type"], item["size"]) == (
            file_id,
            "buyer",
            "image/png",
            len(PNG),
        )
        assert "storage_key" not in item and item["download"] == f"/v1/cases/{case_id}/attachments/{file_id}"
        download = reader.get(item["download"])
        assert download.status_code == 200 and download.content == PNG
        assert download.headers["content-type"] == "image/png"
        assert download.headers["x-content-type-options"] == "nosniff"
        disposition = download.headers["content-disposition"]
        assert disposition.startswith("attachment;") and "filename*=UTF-8''foto%20rusak%20%C3%A9.png" in disposition


def test_r_as_2_nobody_else_reads_them(world: World, case_id: int) -> None:
    file_id = _upload(world.buyer, case_id, "photo.png", PNG, "image/png").json()["id"]
    for outsider in (world.other_buyer, world.other_seller):
        for path in (f"/v1/cases/{case_id}/attachments", f"/v1/cases/{case_id}/attachments/{file_id}"):
            response = outsider.get(path)
            assert response.status_code == 404 and PNG not in response.content and "photo" not in response.text
    assert world.anonymous.get(f"/v1/cases/{case_id}/attachments/{file_id}").status_code == 401
    assert world.buyer.get(f"/v1/cases/{case_id}/attachments/{file_id + 1000}").status_code == 404


def test_r_as_2_a_buyer_cannot_upload_with_the_sellers_purposes(world: World, given: Given, case_id: int) -> None:
    before = given.snapshot()
    refused = _upload(world.buyer, case_id, "pod.pdf", PDF, "application/pdf", purpose="proof_of_delivery")
    assert refused.status_code == 403 and refused.json()["field"] == "purpose"
    assert "proof_of_delivery" in refused.json()["detail"]
    assert _upload(world.seller, case_id, "r.pdf", PDF, "application/pdf", purpose="return_receipt").status_code == 403
    assert given.snapshot() == before
    assert _upload(world.seller, case_id, "pod.pdf", PDF, "application/pdf", "proof_of_delivery").status_code == 201
    receipt = _upload(world.buyer, case_id, "receipt.pdf", PDF, "application/pdf", purpose="return_receipt")
    assert receipt.status_code == 201
    purposes = [(a["uploaded_by"], a["purpose"]) for a in world.operator.get(f"/v1/cases/{case_id}/attachments").json()]
    assert purposes == [("seller", "proof_of_delivery"), ("buyer", "return_receipt")]
