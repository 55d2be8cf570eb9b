"""Bad input never reaches a 500: every input of every operation and page, on both databases.

The API names the input at fault in a 422 (``application/problem+json``); pages answer with their HTML
error page, 422 for a bad form or query, 404 for an id no page can have. The requests go to a real server
in front of a marketplace with real objects behind the ids, so a value the edge let through would reach
the services and the store.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from pasar.adapters.payment_gateway import SimulatedGateway
from pasar.api.app import create_app
from pasar.clock import ManualClock
from pasar.domain.cases import CaseKind, CaseReason
from pasar.domain.principals import PrincipalKind
from pasar.domain.reviews import NewReview
from pasar.services import after_sales, messaging
from pasar.services.auth import issue_token
from pasar.services.marketplace import Marketplace
from pasar.services.reviews import create_review
from pasar.settings import Settings
from pasar.store.database import make_engine
from pasar.web import routers as web_routers
from tests.conftest import BACKENDS, CARRIER_SECRETS, START, _truncate_all
from tests.e2e.bad_input import NUL, BadRequest, bad_requests
from tests.servers import serving
from tests.support import Given, signed_headers
from tests.web_session import signed_in

SPEC = create_app(Marketplace.from_settings(Settings(database_url="sqlite://"))).openapi()
OPERATIONS = sorted((method, path) for path, item in SPEC["paths"].items() for method in item)
# Inputs another part checks first, so that a bad value gets a different 4xx than a 422 naming it.
CHECKED_FIRST = {
    ("post", "/v1/carriers/{carrier}/events", "carrier"): 404,  # no such carrier, before anything else
}
# Requests a gateway or a carrier makes: signed with their secret (an unsigned one is refused before its body is read)
SIGNED = {"/v1/payments/callback": "gateway", "/v1/carriers/": "acme"}


@dataclass
class Server:
    url: str
    ids: dict[str, int | str]
    tokens: dict[str, str]
    secrets: dict[str, str]
    clock: ManualClock  # the server's: signatures are dated by it


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("bad-input") / "pasar.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    clock = ManualClock(START)
    settings = Settings(
        database_url=url,
        gateway_secret="test-gateway-secret-01",
        carriers=("simulated", "acme"),
        carrier_secrets=dict(CARRIER_SECRETS),
    )
    engine = make_engine(url)
    market = Marketplace(engine, clock, settings, SimulatedGateway(settings.gateway_secret))
    ids, tokens = _world(market, clock)
    secrets = {"gateway": settings.gateway_secret or "", **CARRIER_SECRETS}
    with serving(market) as base:
        yield Server(base, ids, tokens, secrets, clock)
    engine.dispose()
    if request.param == "postgresql":
        _truncate_all(url)


def _world(market: Marketplace, clock: ManualClock) -> tuple[dict[str, int | str], dict[str, str]]:
    """Real objects behind every kind of id a path names, and a token per principal."""
    given = Given(market)
    shop, buyer, order_id = given.delivered_order(clock, stock=[5, 5])
    seller = given.seller(shop)
    with market.uow() as uow:
        case_id = after_sales.open_case(uow, buyer, order_id, kind=CaseKind.REFUND_ONLY, reason=CaseReason.DEFECTIVE)
        conversation_id = messaging.open_conversation(uow, buyer, shop_id=shop.id, buyer_id=None)
        message_id = messaging.send_message(uow, buyer, conversation_id, text="Is it in stock?").message_id
        faq_id = messaging.add_faq(uow, seller, ["stock"], "Yes, it is.")
        review_id = create_review(uow, buyer, order_id, NewReview(rating=4, text="Good"))
        product_id = uow.catalogue.sellable_skus([shop.sku_ids[0]])[shop.sku_ids[0]].product_id
        tokens = {
            "buyer": issue_token(uow, kind=PrincipalKind.BUYER, name="b", buyer_id=buyer.buyer_id),
            "seller": issue_token(uow, kind=PrincipalKind.SELLER, name="s", shop_id=shop.id),
            "operator": issue_token(uow, kind=PrincipalKind.OPERATOR, name="o"),
        }
    ids: dict[str, int | str] = {
        "carrier": "acme",
        "order_id": order_id,
        "case_id": case_id,
        "shop_id": shop.id,
        "sku_id": shop.sku_ids[0],
        "product_id": product_id,
        "conversation_id": conversation_id,
        "message_id": message_id or 1,
        "faq_id": faq_id,
        "review_id": review_id,
    }
    return ids, tokens


def _send(server: Server, bad: BadRequest) -> httpx.Response:
    """As the buyer, then the seller, then the operator while the answer is 403: a value the edge let
    through reaches the service that may act on it, and the store, as it would for the right principal."""
    # JSON with ASCII escapes: an unpaired surrogate travels as "\\ud800", as any client would send it
    content = json.dumps(bad.json).encode() if bad.json else None
    body = {"content": content, "headers": {"Content-Type": "application/json"}} if content else {}
    signer = next((who for prefix, who in SIGNED.items() if bad.path.startswith(prefix)), None)
    if signer is not None and content is not None:
        body["headers"] = signed_headers(server.secrets[signer], content, int(server.clock.now().timestamp()))
    for who in ("buyer", "seller", "operator"):
        headers = {"Authorization": f"Bearer {server.tokens[who]}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
            response = client.request(bad.method, bad.path, params=bad.params, data=bad.data, files=bad.files, **body)
        if response.status_code != 403:
            break
    return response


def _named(response: httpx.Response) -> list[str]:
    if response.headers.get("content-type") != "application/problem+json":
        return []
    body = response.json()
    return [body.get("field"), *(error["field"] for error in body.get("errors", []))]


@pytest.mark.parametrize(("method", "template"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_every_bad_input_of_every_operation_is_a_422_naming_it(server: Server, method: str, template: str) -> None:
    wrong = []
    for bad in bad_requests(SPEC, method, template, server.ids):
        response = _send(server, bad)
        expected = CHECKED_FIRST.get((method, template, bad.field))
        if expected is not None:
            ok = response.status_code == expected
        else:
            ok = response.status_code == 422 and bad.field in _named(response)
        if not ok:
            wrong.append(f"{bad}: {response.status_code} {response.text[:200]}")
    assert not wrong, "\n".join(wrong)


# --- what the schema cannot describe ---------------------------------------------------------------------
OVERFLOWING = {"category": "fashion", "title": "T", "skus": [{"code": "A", "name": "A", "price": 2**62, "stock": 1}]}
SPECIAL: list[tuple[str, str, str, dict[str, Any]]] = [
    ("seller", "PUT", "/v1/messaging/settings", {"business_hours": {"\ud800": ["09:00", "17:00"]}}),
    ("seller", "PUT", "/v1/messaging/settings", {"business_hours": {"mon\x00": ["09:00", "17:00"]}}),
    ("seller", "PUT", "/v1/messaging/settings", {"business_hours": {"mon": ["09:00\x00", "17:00"]}}),
    ("seller", "POST", "/v1/shops/{shop_id}/performance/what-if", {"changes": {"ldr\x00": {"num": 1}}}),
    ("seller", "POST", "/v1/products", OVERFLOWING),  # 2^62 x 999 units x 200 lines would overflow 64 bits
]


@pytest.mark.parametrize(("who", "method", "path", "body"), SPECIAL, ids=[f"{m} {p} {b}" for _, m, p, b in SPECIAL])
def test_dictionary_keys_and_overflowing_prices_are_refused(
    server: Server, who: str, method: str, path: str, body: dict[str, Any]
) -> None:
    headers = {"Authorization": f"Bearer {server.tokens[who]}", "Content-Type": "application/json"}
    with httpx.Client(base_url=server.url, headers=headers) as client:
        response = client.request(method, path.format(**server.ids), content=json.dumps(body))
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("last_event_id", [b"99999999999999999999", "²".encode("latin-1"), b"-1", b"12a"])
def test_a_strange_last_event_id_starts_the_stream_from_now(server: Server, last_event_id: bytes) -> None:
    headers = {"Authorization": f"Bearer {server.tokens['buyer']}", "Last-Event-ID": last_event_id}
    with httpx.Client(base_url=server.url, headers=headers) as client:
        response = client.get("/v1/conversations/stream", params={"timeout": 0.2})
    assert response.status_code == 200 and response.text.startswith(": connected")


# --- pages ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BadPage:
    method: str
    path: str
    field: str
    status: int
    params: dict[str, str]
    form: dict[str, str]


def _page_requests() -> list[BadPage]:
    out = []
    for route in (route for router in web_routers() for route in router.routes if isinstance(route, APIRoute)):
        method = sorted(route.methods)[0]
        dependant = route.dependant
        path_ids = {f.name: 1 for f in dependant.path_params if f.field_info.annotation is int}
        texts = {f.name: "x" for f in dependant.path_params if f.field_info.annotation is str}
        path = route.path.format(**path_ids, **texts)
        for name in path_ids:
            for value in ("99999999999999999999", "0", "-1"):
                out.append(BadPage(method, route.path.format(**{**path_ids, name: value}, **texts), name, 404, {}, {}))
        for f in dependant.query_params:
            bad = NUL if f.field_info.annotation is str else "99999999999999999999"
            out.append(BadPage(method, path, f.name, 422, {f.name: bad}, {}))
        for f in dependant.body_params:
            if f.field_info.annotation is str:
                out.append(BadPage(method, path, f.name, 422, {}, {f.name: NUL}))
    hours = "/seller/settings/hours"  # reads its fields one by one from the form, not through Form() types
    out.append(BadPage("POST", hours, "away_message", 422, {}, {"hours": "always", "away_message": NUL}))
    monday = {"hours": "days", "open_mon": "on", "opens_mon": NUL, "closes_mon": "17:00"}
    out.append(BadPage("POST", hours, "opens_mon", 422, {}, monday))
    return out


PAGES = _page_requests()


@pytest.fixture(scope="module")
def visitors(server: Server) -> Iterator[dict[str, httpx.Client]]:
    clients = {}
    for who in ("seller", "operator", "anonymous"):
        if who in server.tokens:
            clients[who] = signed_in(server.url, server.tokens[who])  # a session and the form token
        else:
            clients[who] = httpx.Client(base_url=server.url, timeout=30)
            clients[who].get("/signin")  # hands out the form token
    yield clients
    for client in clients.values():
        client.close()


@pytest.mark.parametrize("bad", PAGES, ids=[f"{p.method} {p.path} {p.field}" for p in PAGES])
def test_every_bad_input_of_every_page_is_an_html_error_page(
    server: Server, visitors: dict[str, httpx.Client], bad: BadPage
) -> None:
    who = "seller" if bad.path.startswith("/seller") else "operator" if bad.path.startswith("/ops") else "anonymous"
    client = visitors[who]
    form = {**bad.form, "csrf_token": client.cookies["pasar_csrf"]} if bad.method == "POST" else None
    response = client.request(bad.method, bad.path, params=bad.params, data=form)
    assert response.status_code == bad.status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
