"""R-IM-3 in the Seller Centre: the FAQ auto-replies and business hours page, over HTTP (no browser)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pasar.domain.principals import Principal, PrincipalKind
from pasar.services import messaging
from pasar.services.marketplace import Marketplace
from pasar.services.messaging import Delivery
from tests.web.conftest import post_form, sign_in
from tests.web.world import WebWorld

PAGE = "/seller/settings"
SIZE_ANSWER = "Our size chart is in the last product photo; XL fits a 112 cm chest."
NO_SETTINGS = {"business_hours": None, "faq_when": "always", "away_message": None}
HOURS = {
    "hours": "days",
    "open_mon": "1",
    "opens_mon": "09:00",
    "closes_mon": "17:00",
    "open_fri": "1",
    "opens_fri": "10:00",
    "closes_fri": "15:00",
    "faq_when": "outside_hours",
    "away_message": "We are closed now and reply from 09:00 on weekdays.",
}


def _buyer_writes(marketplace: Marketplace, world: WebWorld, text: str) -> Delivery:
    buyer = Principal(PrincipalKind.BUYER, "Dewi Lestari", buyer_id=world.demo.buyer_id)
    with marketplace.uow() as uow:
        return messaging.send_message(uow, buyer, world.conversation, text=text)


def _stored(marketplace: Marketplace, world: WebWorld) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with marketplace.uow(read_only=True) as uow:
        shop_id = world.demo.shop_id
        return messaging.faq_json(uow, shop_id), messaging.settings_json(uow, shop_id)


def _checked(page: str, control_id: str) -> bool:
    tag = re.search(rf'<input [^>]*id="{re.escape(control_id)}"[^>]*>', page)
    assert tag, control_id
    return " checked" in tag.group(0)


def test_r_im_3_a_faq_entry_added_on_the_page_answers_a_buyers_matching_message(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    # Given the seller, who finds the page from the inbox
    sign_in(client, "demo-seller")
    assert f'href="{PAGE}"' in client.get("/seller/inbox").text
    # When they add an entry for two keywords
    added = post_form(client, f"{PAGE}/faq", {"keywords": "size chart, Ukuran", "answer": SIZE_ANSWER})
    # Then the page lists it with a notice
    assert added.status_code == 303 and added.headers["location"].startswith(f"{PAGE}?done=faq_added")
    page = client.get(added.headers["location"]).text
    assert "The FAQ entry was added." in page
    assert SIZE_ANSWER in page and "size chart" in page and "ukuran" in page
    # And a buyer asking about the size chart gets the answer at once
    delivery = _buyer_writes(marketplace, web_world, "Hi, do you have a SIZE CHART for the shirt?")
    assert delivery.auto_reply_id is not None
    conversation = client.get(f"/seller/inbox/{web_world.conversation}").text
    assert "from-faq" in conversation and SIZE_ANSWER in conversation


def test_r_im_3_a_deleted_faq_entry_is_gone_and_answers_no_more(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    # Given an FAQ entry
    sign_in(client, "demo-seller")
    post_form(client, f"{PAGE}/faq", {"keywords": "ukuran", "answer": SIZE_ANSWER})
    [entry], _ = _stored(marketplace, web_world)
    # When the seller deletes it
    deleted = post_form(client, f"{PAGE}/faq/{entry['id']}/delete", {})
    # Then it is no longer listed, and the keyword gets no automatic answer
    assert deleted.status_code == 303
    page = client.get(deleted.headers["location"]).text
    assert "The FAQ entry was deleted." in page and SIZE_ANSWER not in page
    assert _stored(marketplace, web_world)[0] == []
    assert _buyer_writes(marketplace, web_world, "Ukuran XL ada?").auto_reply_id is None
    # And deleting it again finds nothing
    assert post_form(client, f"{PAGE}/faq/{entry['id']}/delete", {}).status_code == 404


def test_r_im_3_business_hours_are_saved_and_shown_pre_filled(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    # Given the seller, whose shop has no hours yet (open around the clock)
    sign_in(client, "demo-seller")
    assert _checked(client.get(PAGE).text, "hours-always")
    # When they save Monday and Friday hours, FAQ outside hours only, and an away message
    saved = post_form(client, f"{PAGE}/hours", HOURS)
    # Then they are stored as the service keeps them
    assert saved.status_code == 303
    _, settings = _stored(marketplace, web_world)
    assert settings == {
        "business_hours": {"mon": ["09:00", "17:00"], "fri": ["10:00", "15:00"]},
        "faq_when": "outside_hours",
        "away_message": HOURS["away_message"],
    }
    # And the page shows them pre-filled, with a notice
    page = client.get(saved.headers["location"]).text
    assert "Your business hours and away message were saved." in page
    assert _checked(page, "hours-days") and not _checked(page, "hours-always")
    assert _checked(page, "open_mon") and _checked(page, "open_fri") and not _checked(page, "open_tue")
    assert 'id="opens_mon" name="opens_mon" value="09:00"' in page
    assert 'id="closes_fri" name="closes_fri" value="15:00"' in page
    assert _checked(page, "faq_when-outside_hours") and not _checked(page, "faq_when-always")
    assert HOURS["away_message"] in page


def test_r_im_3_the_page_says_whether_the_shop_is_open_now_and_closed_shops_send_the_away_message(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    # Given the seller's shop on Monday morning in Jakarta, open on Mondays 09:00-17:00
    sign_in(client, "demo-seller")
    post_form(client, f"{PAGE}/hours", HOURS)
    page = client.get(PAGE).text
    assert "Open now" in page and "Monday" in page and "Asia/Jakarta" in page
    # When the seller unticks Monday
    post_form(client, f"{PAGE}/hours", {key: value for key, value in HOURS.items() if key != "open_mon"})
    # Then the shop is closed now, and a buyer who writes gets the away message
    assert "Closed now" in client.get(PAGE).text
    delivery = _buyer_writes(marketplace, web_world, "Halo, masih buka?")
    assert delivery.auto_reply_id is not None
    assert HOURS["away_message"] in client.get(f"/seller/inbox/{web_world.conversation}").text


@pytest.mark.parametrize(
    ("change", "field", "shown"),
    [
        ({"opens_mon": "17:00", "closes_mon": "09:00"}, "business_hours.mon", "Check the hours of Monday"),
        ({"open_tue": "1", "opens_tue": "09:00"}, "business_hours.tue", "Check the hours of Tuesday"),
        ({"faq_when": "sometimes"}, "faq_when", "unknown choice"),
        ({"hours": ""}, "hours", "open around the clock or on set days"),
        ({"away_message": "Closed. WA 0812 3456 7890 for orders"}, "away_message", "<mark"),
    ],
)
def test_r_im_3_bad_business_hours_name_the_field_keep_the_draft_and_change_nothing(
    client: TestClient,
    web_world: WebWorld,
    marketplace: Marketplace,
    change: dict[str, str],
    field: str,
    shown: str,
) -> None:
    # Given the seller's shop with no settings saved yet
    sign_in(client, "demo-seller")
    before = _stored(marketplace, web_world)
    # When they send hours with one mistake
    response = post_form(client, f"{PAGE}/hours", {**HOURS, **change})
    # Then the page comes back with 422 naming the field, what they typed kept
    assert response.status_code == 422
    assert 'role="alert"' in response.text and f"<code>{field}</code>" in response.text
    assert shown in response.text
    assert 'id="closes_fri" name="closes_fri" value="15:00"' in response.text
    # And nothing is saved
    assert _stored(marketplace, web_world) == before


def test_r_im_4_a_moderated_faq_answer_is_refused_with_the_span_highlighted(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace
) -> None:
    # Given the seller
    sign_in(client, "demo-seller")
    # When the answer of a new entry carries a phone number
    response = post_form(client, f"{PAGE}/faq", {"keywords": "order", "answer": "WA 0812 3456 7890"})
    # Then the page explains the refusal with the number highlighted, the draft kept
    assert response.status_code == 422
    assert "This answer was not saved" in response.text and "<code>contact</code>" in response.text
    assert re.search(r"<mark[^>]*>[^<]*0812 3456 7890</mark>", response.text)
    assert 'value="order"' in response.text and ">WA 0812 3456 7890</textarea>" in response.text
    # And nothing is stored, and the refusal is not a violation (only sent messages are)
    assert _stored(marketplace, web_world)[0] == []
    with marketplace.uow(read_only=True) as uow:
        assert messaging.standing(uow, web_world.demo.shop_id)["violations"] == []


@pytest.mark.parametrize("token", ["demo-buyer", "demo-operator"])
def test_only_the_seller_opens_or_changes_the_settings(
    client: TestClient, web_world: WebWorld, marketplace: Marketplace, token: str
) -> None:
    # Given nobody signed in: the page asks them to sign in
    assert client.get(PAGE).headers["location"].startswith("/signin?next=")
    # When a buyer or an operator opens the page or posts to it
    sign_in(client, token)
    page = client.get(PAGE)
    added = post_form(client, f"{PAGE}/faq", {"keywords": "ukuran", "answer": SIZE_ANSWER})
    saved = post_form(client, f"{PAGE}/hours", HOURS)
    # Then they are refused and nothing changes
    assert page.status_code == added.status_code == saved.status_code == 403
    assert "this page is for a seller" in page.text
    assert _stored(marketplace, web_world) == ([], NO_SETTINGS)
