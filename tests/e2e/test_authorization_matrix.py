"""Every endpoint that takes an id, attacked by every kind of outsider: another principal's object is a 404
(never its data), the wrong kind of principal a 403, nobody signed in a 401 (a sign-in redirect on pages).

The endpoints are read from the app itself: an endpoint with an id parameter (path or query, named
``*_id``) that is not in ``MATRIX`` fails the test, so the matrix grows with every new endpoint.
Over a real socket, on both databases; nothing an attacker sends changes anything.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from pasar.api.app import create_app
from tests.e2e.authorization_world import CANARY, PNG, Objects, build_objects, token_of, web_visitor
from tests.e2e.conftest import World
from tests.support import Given

BUYER, SELLER, OPERATOR = "buyer", "seller", "operator"
ANY = frozenset({BUYER, SELLER, OPERATOR})
PARTIES = frozenset({BUYER, SELLER})
# Parameters named *_id that are positions or headers, not objects someone owns.
NOT_OBJECTS = frozenset({"after_id", "last_event_id"})
KIND = {"other_buyer": BUYER, "other_seller": SELLER, "buyer": BUYER, "seller": SELLER, "operator": OPERATOR}


@dataclass(frozen=True)
class Entry:
    kinds: frozenset[str]  # the kinds of principal the endpoint serves
    json: Any = None  # a valid body, so that authorization, not validation, decides
    form: dict[str, str] | None = None  # a page's form fields
    upload: bool = False  # a multipart file
    public: bool = False  # public by design (catalogue, shop pages): anyone reads it
    own_choice: bool = False  # the caller acts on its own relation to a public object (opting out)
    seller_names_shop: bool = False  # shop_id in the query is for operators: a seller naming one gets 422
    query: tuple[str, ...] = ()  # id parameters sent in the query string
    extra: dict[str, Any] = field(default_factory=dict)  # other query parameters


API_CASE_ACTIONS = {
    "approve": (SELLER, None),
    "reject": (SELLER, {"reason": "no"}),
    "offer": (SELLER, {"amount": 1}),
    "accept-offer": (BUYER, None),
    "decline-offer": (BUYER, None),
    "proof-of-delivery": (SELLER, {"attachment_id": 1}),
    "escalate": (BUYER, None),
    "withdraw": (BUYER, None),
    "return-shipment": (BUYER, {"carrier": "acme", "tracking_number": "RET-1"}),
    "receive-return": (SELLER, None),
    "refund": (SELLER, None),
    "arbitrate": (OPERATOR, {"outcome": "support_buyer"}),
}
MATRIX: dict[tuple[str, str], Entry] = {
    # orders, payments, fulfilment
    ("GET", "/v1/orders/{order_id}"): Entry(ANY),
    ("GET", "/v1/orders/{order_id}/history"): Entry(ANY),
    ("POST", "/v1/orders/{order_id}/payments"): Entry(frozenset({BUYER}), json={"method": "card"}),
    ("POST", "/v1/orders/{order_id}/cancel"): Entry(frozenset({BUYER}), json={"reason": "changed_mind"}),
    ("POST", "/v1/orders/{order_id}/seller-cancel"): Entry(frozenset({SELLER}), json={"reason": "out_of_stock"}),
    ("POST", "/v1/orders/{order_id}/ship"): Entry(
        frozenset({SELLER}), json={"carrier": "acme", "tracking_number": "SHIP-1"}
    ),
    ("POST", "/v1/cancellation-requests/{request_id}/approve"): Entry(frozenset({SELLER})),
    ("POST", "/v1/cancellation-requests/{request_id}/reject"): Entry(frozenset({SELLER}), json={"reason": "shipped"}),
    # after-sales
    ("POST", "/v1/orders/{order_id}/cases"): Entry(
        frozenset({BUYER}), json={"kind": "refund_only", "reason": "defective"}
    ),
    ("GET", "/v1/cases/{case_id}"): Entry(ANY),
    **{
        ("POST", f"/v1/cases/{{case_id}}/{action}"): Entry(frozenset({kind}), json=body)
        for action, (kind, body) in API_CASE_ACTIONS.items()
    },
    ("POST", "/v1/cases/{case_id}/attachments"): Entry(ANY, upload=True),
    ("GET", "/v1/cases/{case_id}/attachments"): Entry(ANY),
    ("GET", "/v1/cases/{case_id}/attachments/{attachment_id}"): Entry(ANY),
    # catalogue, shops, reviews and scores
    ("GET", "/v1/shops/{shop_id}"): Entry(ANY, public=True),
    ("GET", "/v1/products"): Entry(ANY, public=True, query=("shop_id",)),
    ("GET", "/v1/products/{product_id}"): Entry(ANY, public=True),
    ("PUT", "/v1/skus/{sku_id}/stock"): Entry(frozenset({SELLER}), json={"on_hand": 1}),
    ("GET", "/v1/shops/{shop_id}/after-sales-policy"): Entry(ANY, public=True),
    ("GET", "/v1/shops/{shop_id}/reviews"): Entry(ANY, public=True),
    ("GET", "/v1/shops/{shop_id}/score"): Entry(ANY, public=True),
    ("GET", "/v1/shops/{shop_id}/performance"): Entry(frozenset({SELLER, OPERATOR})),
    ("POST", "/v1/shops/{shop_id}/performance/what-if"): Entry(
        frozenset({SELLER, OPERATOR}), json={"changes": {"ldr": {"num": 0}}}
    ),
    ("GET", "/v1/shops/{shop_id}/privileges"): Entry(frozenset({SELLER, OPERATOR})),
    ("POST", "/v1/orders/{order_id}/review"): Entry(frozenset({BUYER}), json={"rating": 5}),
    ("POST", "/v1/reviews/{review_id}/reply"): Entry(frozenset({SELLER}), json={"text": "Maaf, kami ganti."}),
    ("POST", "/v1/reviews/{review_id}/responsibility"): Entry(
        frozenset({OPERATOR}), json={"responsibility": "logistics", "reason": "courier"}
    ),
    # the shop's own numbers, named by operators
    ("GET", "/v1/analytics/unpaid"): Entry(frozenset({SELLER, OPERATOR}), seller_names_shop=True, query=("shop_id",)),
    ("GET", "/v1/violations"): Entry(frozenset({SELLER, OPERATOR}), seller_names_shop=True, query=("shop_id",)),
    ("GET", "/v1/messaging/standing"): Entry(frozenset({SELLER, OPERATOR}), seller_names_shop=True, query=("shop_id",)),
    ("GET", "/v1/promotions/{promotion_id}"): Entry(frozenset({SELLER, OPERATOR})),
    ("POST", "/v1/notifications/{notification_id}/read"): Entry(frozenset({BUYER})),
    # messaging and CRM
    ("GET", "/v1/conversations"): Entry(ANY, seller_names_shop=True, own_choice=True, query=("shop_id",)),
    ("GET", "/v1/conversations/{conversation_id}"): Entry(ANY),
    ("POST", "/v1/conversations/{conversation_id}/messages"): Entry(PARTIES, json={"text": "hi"}),
    ("POST", "/v1/conversations/{conversation_id}/images"): Entry(PARTIES, upload=True),
    ("GET", "/v1/conversations/{conversation_id}/messages/{message_id}/image"): Entry(ANY),
    ("POST", "/v1/conversations/{conversation_id}/read"): Entry(PARTIES),
    ("POST", "/v1/conversations/{conversation_id}/messages/{message_id}/solved"): Entry(frozenset({BUYER})),
    ("DELETE", "/v1/messaging/faq/{faq_id}"): Entry(frozenset({SELLER})),
    ("PUT", "/v1/shops/{shop_id}/crm-opt-out"): Entry(frozenset({BUYER}), own_choice=True),
    ("DELETE", "/v1/shops/{shop_id}/crm-opt-out"): Entry(frozenset({BUYER}), own_choice=True),
    # pages
    ("GET", "/shop/{shop_id}"): Entry(ANY, public=True),
    ("GET", "/seller/orders/{order_id}"): Entry(frozenset({SELLER})),
    ("GET", "/seller/cases/{case_id}"): Entry(frozenset({SELLER})),
    ("POST", "/seller/cases/{case_id}/act"): Entry(frozenset({SELLER}), form={"event": "approve"}),
    ("POST", "/seller/cases/{case_id}/proof"): Entry(frozenset({SELLER}), form={}, upload=True),
    ("GET", "/seller/inbox/{conversation_id}"): Entry(frozenset({SELLER})),
    ("GET", "/seller/inbox/{conversation_id}/messages"): Entry(frozenset({SELLER})),
    ("POST", "/seller/inbox/{conversation_id}/reply"): Entry(frozenset({SELLER}), form={"text": "Ada, kak."}),
    ("POST", "/seller/reviews/{review_id}/reply"): Entry(frozenset({SELLER}), form={"text": "Maaf."}),
    ("POST", "/seller/settings/faq/{faq_id}/delete"): Entry(frozenset({SELLER}), form={}),
    ("POST", "/ops/cases/{case_id}/arbitrate"): Entry(frozenset({OPERATOR}), form={"outcome": "support_buyer"}),
    ("GET", "/cases/{case_id}/files/{attachment_id}"): Entry(ANY),
}


def id_taking_endpoints() -> set[tuple[str, str]]:
    """(method, path) of every route of the app with an object id among its parameters."""
    from pasar.adapters.payment_gateway import SimulatedGateway
    from pasar.clock import ManualClock
    from pasar.services.marketplace import Marketplace
    from pasar.settings import Settings
    from pasar.store.database import make_engine
    from tests.conftest import START

    settings = Settings(database_url="sqlite://", gateway_secret="x" * 16)
    app = create_app(
        Marketplace(make_engine(settings.database_url), ManualClock(START), settings, SimulatedGateway("x"))
    )
    found = set()
    for route in iter_route_contexts(app.routes):
        if route.path is None or route.endpoint is None:
            continue
        names = set(re.findall(r"{(\w+)", route.path)) | set(inspect.signature(route.endpoint).parameters)
        if any(name.endswith("_id") and name not in NOT_OBJECTS for name in names):
            found |= {(method, route.path) for method in route.methods or ()}
    return found


def test_every_id_taking_endpoint_is_in_the_matrix() -> None:
    endpoints = id_taking_endpoints()
    missing = sorted(endpoints - set(MATRIX))
    assert not missing, f"add these endpoints to MATRIX with who may call them: {missing}"
    stale = sorted(set(MATRIX) - endpoints)
    assert not stale, f"these MATRIX entries name no endpoint any more: {stale}"


@dataclass
class Attackers:
    api: dict[str, httpx.Client]
    web: dict[str, httpx.Client]


@pytest.fixture
def attackers(world: World, api_url: str) -> Iterator[Attackers]:
    api = {
        "anonymous": world.anonymous,
        "other_buyer": world.other_buyer,
        "other_seller": world.other_seller,
        "buyer": world.buyer,
        "seller": world.seller,
        "operator": world.operator,
    }
    web = {
        name: web_visitor(api_url, None if name == "anonymous" else token_of(client)) for name, client in api.items()
    }
    yield Attackers(api, web)
    for client in web.values():
        client.close()


def _who_attacks(entry: Entry) -> list[str]:
    if entry.public:
        return ["anonymous", "other_buyer", "other_seller"]
    outsiders = [] if entry.own_choice else ["other_buyer", "other_seller"]
    if entry.seller_names_shop:
        outsiders = sorted({*outsiders, "other_seller"})
    wrong_kinds = [name for name in ("buyer", "seller", "operator") if KIND[name] not in entry.kinds]
    return ["anonymous", *outsiders, *wrong_kinds]


def expected(entry: Entry, attacker: str, *, page: bool) -> set[int]:
    if entry.public:
        return {200}
    if attacker == "anonymous":
        return {303} if page else {401}
    kind = KIND[attacker]
    if attacker.startswith("other_"):
        if entry.seller_names_shop and kind == SELLER:
            return {422}
        # of a kind the endpoint serves: the object is not there for it; of another kind: refused either way
        return {404} if kind in entry.kinds else {403, 404}
    return {403}  # a party of the object, but not the kind that may do this


def _request(
    client: httpx.Client, method: str, path: str, entry: Entry, objects: Objects, *, page: bool
) -> httpx.Response:
    values = {name: getattr(objects, name) for name in re.findall(r"{(\w+)}", path)}
    url = path.format(**values)
    params = {**{name: getattr(objects, name) for name in entry.query}, **entry.extra}
    files = {"file": ("x.png", PNG, "image/png")} if entry.upload else None
    if page and method == "POST":
        form = {**(entry.form or {}), "csrf_token": client.cookies.get("pasar_csrf", "")}
        return client.post(url, data=form, files=files, params=params)
    return client.request(method, url, params=params, json=entry.json, files=files)


def _is_page(path: str) -> bool:
    return not path.startswith("/v1/")


def test_no_endpoint_hands_another_principals_object_to_an_attacker(
    world: World, given: Given, clock, attackers: Attackers
) -> None:
    objects = build_objects(world, given, clock)
    before, counts = given.snapshot(), given.row_counts()
    wrong: list[str] = []
    for (method, path), entry in MATRIX.items():
        page = _is_page(path)
        for attacker in _who_attacks(entry):
            client = (attackers.web if page else attackers.api)[attacker]
            response = _request(client, method, path, entry, objects, page=page)
            allowed = expected(entry, attacker, page=page)
            problems = []
            if response.status_code not in allowed:
                problems.append(f"{response.status_code} not in {sorted(allowed)}")
            if CANARY in response.text or PNG in response.content:
                problems.append("the owner's data is in the answer")
            if (
                not page
                and response.status_code >= 400
                and response.headers["content-type"] != "application/problem+json"
            ):
                problems.append(f"content type {response.headers['content-type']}")
            if page and response.status_code == 303 and not response.headers["location"].startswith("/signin"):
                problems.append(f"redirected to {response.headers['location']}")
            if problems:
                wrong.append(f"{method} {path} as {attacker}: {'; '.join(problems)} — {response.text[:160]}")
    assert not wrong, "\n".join(wrong)
    assert given.snapshot() == before and given.row_counts() == counts, "an attacker's request changed something"


def test_the_matrix_ids_are_real_objects_their_owners_reach(
    world: World, given: Given, clock, attackers: Attackers
) -> None:
    """So a 404 above means "not yours", not "no such thing": each GET answers its owner."""
    objects = build_objects(world, given, clock)
    failed = []
    for (method, path), entry in MATRIX.items():
        if method != "GET":
            continue
        page = _is_page(path)
        owner = "seller" if SELLER in entry.kinds else ("buyer" if BUYER in entry.kinds else "operator")
        if entry.seller_names_shop:
            owner = "operator"
        response = _request((attackers.web if page else attackers.api)[owner], method, path, entry, objects, page=page)
        if response.status_code != 200:
            failed.append(f"{path} as {owner}: {response.status_code} {response.text[:120]}")
    assert not failed, "\n".join(failed)
