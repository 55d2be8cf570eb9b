"""The operator's arbitration page and the seller's case page link every evidence file to a download (R-AS-2)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from pasar.domain.principals import PrincipalKind
from pasar.services.auth import issue_token
from pasar.services.marketplace import Marketplace
from tests.web.conftest import sign_in
from tests.web.world import WebWorld, buyer_evidence

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


def _evidence(marketplace: Marketplace, world: WebWorld, case_id: int) -> int:
    return buyer_evidence(marketplace, world, case_id, "warna.jpg", JPEG)


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="(/cases/\d+/files/\d+)" download>', html)


def test_the_operator_downloads_evidence_from_the_arbitration_queue(
    client: TestClient, marketplace: Marketplace, web_world: WebWorld
) -> None:
    file_id = _evidence(marketplace, web_world, web_world.arbitration_case)
    sign_in(client, "demo-operator")
    queue = client.get("/ops")
    assert _links(queue.text) == [f"/cases/{web_world.arbitration_case}/files/{file_id}"]
    assert "Download warna.jpg" in queue.text and "from the buyer" in queue.text
    download = client.get(_links(queue.text)[0])
    assert download.status_code == 200 and download.content == JPEG
    assert download.headers["content-type"] == "image/jpeg" and download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"].startswith('attachment; filename="warna.jpg"')


def test_the_seller_downloads_evidence_from_the_case_page_in_either_language(
    client: TestClient, marketplace: Marketplace, web_world: WebWorld
) -> None:
    file_id = _evidence(marketplace, web_world, web_world.requested_case)
    sign_in(client, "demo-seller")
    page = client.get(f"/seller/cases/{web_world.requested_case}")
    assert _links(page.text) == [f"/cases/{web_world.requested_case}/files/{file_id}"]
    assert client.get(_links(page.text)[0]).content == JPEG
    client.get("/lang/zh_Hans")
    chinese = client.get(f"/seller/cases/{web_world.requested_case}").text
    assert "下载 warna.jpg" in chinese and "来自买家" in chinese and "<h2>凭证</h2>" in chinese


def test_evidence_stays_with_the_parties(client: TestClient, marketplace: Marketplace, web_world: WebWorld) -> None:
    file_id = _evidence(marketplace, web_world, web_world.requested_case)
    path = f"/cases/{web_world.requested_case}/files/{file_id}"
    anonymous = client.get(path)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/signin")
    with marketplace.uow() as uow:  # a seller of the other demo shop
        token = issue_token(uow, kind=PrincipalKind.SELLER, name="Glow", shop_id=web_world.demo.other_shop_id)
    sign_in(client, token)
    hidden = client.get(path)
    assert hidden.status_code == 404 and JPEG not in hidden.content
