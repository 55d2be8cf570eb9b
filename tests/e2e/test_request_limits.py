"""Request-size limits: an oversized body is refused with 413 before it is read (real client, real server).

By its ``Content-Length`` the refusal comes before a byte of the body is sent; a chunked body is counted
and refused at the chunk that passes the limit, while the client is still sending. Uploads have their
own, larger limit; pages answer with an HTML page in the visitor's language.
"""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urlsplit

import httpx
import pytest

from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import after_sales, messaging
from pasar.settings import Settings
from tests.e2e.conftest import World
from tests.support import Given
from tests.web_session import signed_in

LIMIT = 64 * 1024
FILE_LIMIT = 256 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, max_request_bytes=LIMIT, max_attachment_bytes=FILE_LIMIT)


def _raw(base_url: str, head: bytes, *chunks: bytes) -> http.client.HTTPResponse:
    """Send the request line and headers, then ``chunks`` (never more), and read the answer."""
    url = urlsplit(base_url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    sock.sendall(head)
    for chunk in chunks:
        sock.sendall(chunk)
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.body = response.read()  # type: ignore[attr-defined]
    sock.close()
    return response


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _head(path: str, *headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: pasar.test", *headers, "", ""]
    return "\r\n".join(lines).encode()


def _problem(response: http.client.HTTPResponse, limit: int) -> None:
    assert response.status == 413
    assert response.getheader("content-type") == "application/problem+json"
    body = json.loads(response.body)  # type: ignore[attr-defined]
    assert body["code"] == "request-too-large" and body["limit"] == limit
    assert f"{limit:,}" in body["detail"]


def test_a_body_declared_over_the_limit_is_refused_before_any_of_it_is_sent(
    world: World, given: Given, api_url: str
) -> None:
    before = given.row_counts()
    token = world.buyer.headers["Authorization"]
    head = _head(
        "/v1/checkout", f"Authorization: {token}", "Content-Type: application/json", f"Content-Length: {LIMIT + 1}"
    )
    _problem(_raw(api_url, head), LIMIT)  # the body is never sent: the header alone decided
    assert given.row_counts() == before


def test_a_chunked_body_is_refused_at_the_chunk_that_passes_the_limit(world: World, given: Given, api_url: str) -> None:
    before = given.row_counts()
    token = world.buyer.headers["Authorization"]
    head = _head(
        "/v1/checkout", f"Authorization: {token}", "Content-Type: application/json", "Transfer-Encoding: chunked"
    )
    half = b" " * (LIMIT // 2)
    # Two halves and one byte more, and no last chunk: the client is still sending when it is refused.
    _problem(_raw(api_url, head, _chunk(half), _chunk(half), _chunk(b" ")), LIMIT)
    assert given.row_counts() == before


def test_a_real_client_is_refused_over_the_limit_and_served_up_to_it(world: World, given: Given) -> None:
    before = given.row_counts()
    cart = {"lines": [{"sku_id": world.shop.sku_ids[0], "quantity": 1}], "channel": "live"}
    padded = json.dumps(cart).encode().ljust(LIMIT + 1)
    refused = world.buyer.post("/v1/checkout", content=padded, headers={"Content-Type": "application/json"})
    assert refused.status_code == 413 and refused.json()["limit"] == LIMIT

    def in_pieces() -> Iterator[bytes]:  # no length: httpx sends it chunked
        yield padded[:LIMIT]
        yield padded[LIMIT:]

    chunked = world.buyer.post("/v1/checkout", content=in_pieces(), headers={"Content-Type": "application/json"})
    assert chunked.status_code == 413 and chunked.json()["code"] == "request-too-large"
    assert given.row_counts() == before
    at_the_limit = world.buyer.post(
        "/v1/checkout", content=padded[:LIMIT], headers={"Content-Type": "application/json"}
    )
    assert at_the_limit.status_code == 201, at_the_limit.text  # trailing spaces are valid JSON


@pytest.fixture
def case_id(world: World, given: Given, clock, marketplace) -> int:
    buyer = Principal(PrincipalKind.BUYER, "b1", buyer_id=world.buyer_id)
    order_id = given.delivered(clock, world.shop, buyer)
    with marketplace.uow() as uow:
        return after_sales.open_case(uow, buyer, order_id, kind=CaseKind.REFUND_ONLY, reason=CaseReason.DEFECTIVE)


def test_an_upload_may_carry_a_file_up_to_its_own_larger_limit(world: World, case_id: int) -> None:
    path = f"/v1/cases/{case_id}/attachments"
    file = PNG + b"\x00" * (FILE_LIMIT - len(PNG))  # four times the limit of other requests
    accepted = world.buyer.post(path, files={"file": ("photo.png", file, "image/png")})
    assert accepted.status_code == 201, accepted.text
    upload_limit = FILE_LIMIT + LIMIT
    too_big = PNG + b"\x00" * upload_limit
    refused = world.buyer.post(path, files={"file": ("photo.png", too_big, "image/png")})
    assert refused.status_code == 413 and refused.json()["limit"] == upload_limit
    listed = world.buyer.get(f"/v1/cases/{case_id}").json()["attachments"]
    assert len(listed) == 1


@pytest.fixture
def seller_pages(world: World, marketplace, api_url: str) -> Iterator[httpx.Client]:
    token = world.seller.headers["Authorization"].removeprefix("Bearer ")
    client = signed_in(api_url, token)  # a session and the form token
    yield client
    client.close()


@pytest.mark.parametrize(
    ("language", "sentence"), [("en", "The limit is 65,536 bytes."), ("zh_Hans", "上限为 65,536 字节。")]
)
def test_a_page_refuses_a_large_form_with_an_html_page_in_its_language(
    world: World, given: Given, marketplace, seller_pages: httpx.Client, language: str, sentence: str
) -> None:
    buyer = Principal(PrincipalKind.BUYER, "b1", buyer_id=world.buyer_id)
    with marketplace.uow() as uow:
        conversation_id = messaging.open_conversation(uow, buyer, shop_id=world.shop.id, buyer_id=None)
    seller_pages.get(f"/lang/{language}")
    before = given.row_counts()
    path = f"/seller/inbox/{conversation_id}/reply"
    form = str(httpx.QueryParams({"csrf_token": seller_pages.cookies["pasar_csrf"], "text": "x" * LIMIT})).encode()
    urlencoded = {"Content-Type": "application/x-www-form-urlencoded"}
    with_length = seller_pages.post(path, content=form, headers=urlencoded)
    chunked = seller_pages.post(path, content=iter([form[:1000], form[1000:]]), headers=urlencoded)
    for page in (with_length, chunked):
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
        assert sentence in page.text
    assert given.row_counts() == before
