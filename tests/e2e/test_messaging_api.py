"""Messaging over HTTP and the `pasar moderate` command (R-IM-1..6, R-CR-2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx

from tests.e2e.conftest import World
from tests.messaging_support import snapshot

PASAR = [sys.executable, "-m", "pasar.cli"]


def _pasar(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PASAR, *args], capture_output=True, text=True, timeout=60, env=dict(os.environ))


def _conversation(client: httpx.Client, shop_id: int) -> int:
    response = client.post("/v1/conversations", json={"shop_id": shop_id})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_r_im_6_seller_inbox_is_sorted_by_time_left_and_scoped(world: World, clock) -> None:
    """Given two buyers who wrote an hour apart, when the seller opens the inbox, then the older wait comes
    first with less time left; the other shop's seller sees neither and gets 404 on the conversation."""
    first = _conversation(world.buyer, world.shop.id)
    world.buyer.post(f"/v1/conversations/{first}/messages", json={"text": "Halo kak"})
    clock.advance(timedelta(hours=1))
    second = _conversation(world.other_buyer, world.shop.id)
    world.other_buyer.post(f"/v1/conversations/{second}/messages", json={"text": "Masih ada?"})
    inbox = world.seller.get("/v1/conversations").json()
    assert [item["id"] for item in inbox] == [first, second]
    assert inbox[0]["wait"]["seconds_left"] == 23 * 3600 and inbox[1]["wait"]["seconds_left"] == 24 * 3600
    assert world.other_seller.get("/v1/conversations").json() == []
    hidden = world.other_seller.get(f"/v1/conversations/{first}")
    assert hidden.status_code == 404 and hidden.headers["content-type"].startswith("application/problem+json")
    assert world.other_buyer.get(f"/v1/conversations/{first}").status_code == 404


def test_r_im_4_blocked_message_is_problem_json_with_category_and_span(world: World, given) -> None:
    """Given a conversation, when the seller sends a phone number, then 422 message-blocked with the
    violations [{category, start, end}], and the buyer sees no such message."""
    cid = _conversation(world.buyer, world.shop.id)
    world.buyer.post(f"/v1/conversations/{cid}/messages", json={"text": "Halo"})
    text = "Hubungi saya di 0812-3456-7890"
    response = world.seller.post(f"/v1/conversations/{cid}/messages", json={"text": text})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "message-blocked" and body["field"] == "text"
    assert {"category": "contact", "start": 16, "end": 30} in body["violations"]
    seen = world.buyer.get(f"/v1/conversations/{cid}").json()["messages"]
    assert [m["text"] for m in seen] == ["Halo"]
    before = snapshot(given)
    too_long = world.seller.post(f"/v1/conversations/{cid}/messages", json={"text": "x" * 2001})
    assert too_long.status_code == 422 and too_long.json()["field"] == "text"
    not_png = world.buyer.post(f"/v1/conversations/{cid}/images", files={"file": ("a.png", b"GIF89a....", "image/png")})
    assert not_png.status_code == 422 and not_png.json()["field"] == "file"
    assert snapshot(given) == before


def test_r_cr_2_broadcast_without_privilege_is_403(world: World, given) -> None:
    """Given a shop scored 2.0, when it broadcasts, then 403 privilege-required."""
    from datetime import date

    from sqlalchemy import insert

    from pasar.store import tables

    with given.marketplace.uow() as uow:
        values = {c.name: 0 for c in tables.shop_score_snapshots.columns if not c.nullable}
        values.update(
            shop_id=world.shop.id, as_of=date(2026, 3, 1), market="ID", computed_at=uow.now, nrr_level="ok", sps=2.0
        )
        uow.conn.execute(insert(tables.shop_score_snapshots).values(values))
    response = world.seller.post("/v1/crm/broadcasts", json={"segment": "repeat", "text": "Promo baru!"})
    assert response.status_code == 403 and response.json()["code"] == "privilege-required"


def test_r_im_1_live_stream_delivers_a_new_message(world: World, api_url: str) -> None:
    """Given the seller's open inbox stream, when the buyer sends a message, then the stream yields it as
    an SSE `message` event within a few seconds."""
    cid = _conversation(world.buyer, world.shop.id)
    token = world.seller.headers["Authorization"]
    received: list[dict] = []

    def listen() -> None:
        headers = {"Authorization": token}
        with httpx.stream(
            "GET", f"{api_url}/v1/conversations/stream", params={"timeout": 10}, headers=headers, timeout=15
        ) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                if line.startswith("data: "):
                    received.append(json.loads(line[6:]))
                    return

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(0.8)  # the stream is open and has read the current last message id
    sent = world.buyer.post(f"/v1/conversations/{cid}/messages", json={"text": "Apakah ready?"}).json()
    listener.join(timeout=15)
    assert received and received[0]["id"] == sent["id"] and received[0]["text"] == "Apakah ready?"


def test_pasar_moderate_single_text_and_file(tmp_path: Path) -> None:
    """Given a text with a phone number, then `pasar moderate --json` prints exactly the verdict; with
    --file, one verdict per line in order; a malformed line is a one-line error naming its number."""
    single = _pasar("moderate", "WA 0812-3456-7890", "--market", "ID", "--json")
    assert single.returncode == 0
    verdict = json.loads(single.stdout)
    assert set(verdict) == {"allowed", "violations"} and verdict["allowed"] is False
    assert {"category": "contact", "start": 3, "end": 17} in verdict["violations"]
    good = tmp_path / "messages.jsonl"
    good.write_text(
        json.dumps({"text": "Terima kasih kak", "market": "ID"})
        + "\n"
        + json.dumps({"text": "WA 0812-3456-7890", "market": "ID"})
        + "\n"
    )
    many = _pasar("moderate", "--file", str(good), "--json")
    assert many.returncode == 0
    lines = [json.loads(line) for line in many.stdout.splitlines()]
    assert [line["allowed"] for line in lines] == [True, False]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "ok", "market": "ID"}) + "\n{not json\n")
    broken = _pasar("moderate", "--file", str(bad), "--json")
    assert broken.returncode != 0 and broken.stdout == ""
    assert len(broken.stderr.strip().splitlines()) == 1 and "line 2" in broken.stderr
