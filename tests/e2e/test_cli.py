"""The command line as a user runs it: ``pasar run`` serves a seeded marketplace; errors are one line."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from tests.pasar_processes import pasar as _pasar
from tests.pasar_processes import running
from tests.servers import free_port

PASAR = [sys.executable, "-m", "pasar.cli"]


@pytest.mark.slow
def test_pasar_run_serves_a_seeded_marketplace_with_its_worker(tmp_path: Path) -> None:
    with running("run", "--db", f"sqlite:///{tmp_path / 'pasar.db'}", log=tmp_path / "run.log") as server:
        base = server.base_url
        shops = httpx.get(f"{base}/v1/shops").json()
        assert {shop["ref"] for shop in shops} == {"demo-batik", "demo-glow"}
        buyer = {"Authorization": "Bearer demo-buyer"}
        orders = httpx.get(f"{base}/v1/orders", headers=buyer).json()["items"]
        # Three days of history played through the services: timeouts, deliveries, a parcel to ship,
        # and an order placed just now whose reminders and auto-cancel are still ahead
        assert sorted(order["status"] for order in orders) == [
            "AWAITING_SHIPMENT",
            "CANCELLED",
            "CANCELLED",
            "DELIVERED",
            "DELIVERED",
            "DELIVERED",
            "UNPAID",
        ]
        unpaid = next(order for order in orders if order["status"] == "UNPAID")
        detail = httpx.get(f"{base}/v1/orders/{unpaid['id']}", headers=buyer).json()
        assert [d["status"] for d in detail["deadlines"]] == ["pending", "pending", "pending"]
        todo = httpx.get(f"{base}/v1/seller/todo", headers={"Authorization": "Bearer demo-seller"}).json()
        assert {item["kind"] for item in todo} == {"case", "order"}
        queue = httpx.get(
            f"{base}/v1/cases?status=AWAITING_ARBITRATION", headers={"Authorization": "Bearer demo-operator"}
        ).json()["items"]
        assert len(queue) == 1
        assert httpx.get(f"{base}/docs").status_code == 200
    assert "Seeded a demo marketplace" in server.output()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analytics", "unpaid", "--since", "2026-02-30"], "not a date"),
        (["rules", "show", "ZZ"], "no rulebook for market 'ZZ'"),
        (["analytics", "unpaid", "--db", "sqlite:////nonexistent/dir/x.db"], "database error"),
        (["bogus-command"], "No such command"),
    ],
)
def test_bad_cli_input_gets_one_clear_line_and_a_non_zero_exit(args: list[str], message: str) -> None:
    result = _pasar(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PASAR_REQUEST_THREADS", "0"),
        ("PASAR_SMTP_PORT", "twenty-five"),
        ("PASAR_WORKER_INTERVAL", "-1"),
        ("PASAR_DELIVERY_LEASE_SECONDS", "soon"),
    ],
)
def test_a_bad_setting_is_named_on_one_line_before_anything_starts(tmp_path: Path, variable: str, value: str) -> None:
    db = tmp_path / "pasar.db"
    result = _pasar("serve", "--db", f"sqlite:///{db}", "--port", str(free_port()), env={variable: value})
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(f"pasar: {variable} must be")
    assert variable in result.stderr and repr(value) in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()  # nothing was created


def test_an_invalid_rulebook_file_is_reported_with_file_key_and_reason(tmp_path: Path) -> None:
    from pasar.rules import MARKETS_DIR

    broken = tmp_path / "ID.toml"
    broken.write_text((MARKETS_DIR / "ID.toml").read_text().replace("hold_minutes = 60", "hold_minutes = 0"))
    result = _pasar("rules", "check", str(broken))
    assert result.returncode == 1
    assert "ID.toml: cancellation.hold_minutes" in result.stderr and "greater than 0" in result.stderr
    assert "Traceback" not in result.stderr
