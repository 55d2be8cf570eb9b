"""``pasar db backup``, ``check`` and ``restore``: a consistent copy while Pasar runs, and the way back."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from pasar.store.database import normalise_url
from tests.pasar_processes import pasar, running

BUYER = {"Authorization": "Bearer demo-buyer"}


def _orders(db: Path) -> set[int]:
    with sqlite3.connect(db) as conn:
        return {int(row[0]) for row in conn.execute("SELECT id FROM orders")}


def _place_orders_until(base_url: str, stop: threading.Event, placed: list[int]) -> None:
    with httpx.Client(base_url=base_url, headers=BUYER, timeout=30) as client:
        product = client.get("/v1/products").json()["items"][0]["id"]
        sku = client.get(f"/v1/products/{product}").json()["skus"][0]["id"]
        while not stop.is_set():
            answer = client.post("/v1/checkout", json={"lines": [{"sku_id": sku, "quantity": 1}], "channel": "live"})
            if answer.status_code == 201:
                placed.extend(int(order["id"]) for order in answer.json()["orders"])


@pytest.mark.slow
def test_a_backup_taken_while_the_server_writes_is_consistent_and_restores(tmp_path: Path) -> None:
    db, copy, restored = tmp_path / "pasar.db", tmp_path / "backup.db", tmp_path / "restored.db"
    with running("run", "--db", f"sqlite:///{db}", log=tmp_path / "server.log") as server:
        stop, placed = threading.Event(), []
        writer = threading.Thread(target=_place_orders_until, args=(server.base_url, stop, placed))
        writer.start()
        try:
            while len(placed) < 5:
                assert writer.is_alive()
                threading.Event().wait(0.05)
            acknowledged_before = set(placed)
            # When a backup is taken while orders keep coming in
            result = pasar("db", "backup", str(copy), "--db", f"sqlite:///{db}")
        finally:
            stop.set()
            writer.join(timeout=30)
        assert result.returncode == 0, result.stderr
    # Then the copy is a sound Pasar database holding every order acknowledged before it began
    check = pasar("db", "check", "--db", f"sqlite:///{copy}")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "ok       integrity: ok" in check.stdout
    in_backup = _orders(copy)
    assert acknowledged_before <= in_backup
    # And restoring it gives that database back
    shutil.copy(db, restored)
    assert pasar("db", "restore", str(copy), "--db", f"sqlite:///{restored}").returncode == 0
    assert _orders(restored) == in_backup
    assert pasar("db", "check", "--db", f"sqlite:///{restored}").returncode == 0


def test_a_backup_never_overwrites_and_a_bad_restore_changes_nothing(tmp_path: Path, sqlite_template: Path) -> None:
    db = tmp_path / "pasar.db"
    shutil.copy(sqlite_template, db)
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    refused = pasar("db", "backup", str(existing), "--db", f"sqlite:///{db}")
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and existing.read_bytes() == b"keep me"
    before = db.read_bytes()
    not_a_database = pasar("db", "restore", str(existing), "--db", f"sqlite:///{db}")
    assert not_a_database.returncode == 1 and not_a_database.stderr.startswith("pasar: ")
    assert db.read_bytes() == before


def test_the_check_finds_a_damaged_file(tmp_path: Path, sqlite_template: Path) -> None:
    db = tmp_path / "pasar.db"
    shutil.copy(sqlite_template, db)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(db.read_bytes())
    data[page_size * 3 : page_size * 3 + 64] = b"\xff" * 64  # scribble over a b-tree page
    db.write_bytes(bytes(data))
    result = pasar("db", "check", "--db", f"sqlite:///{db}")
    assert result.returncode == 1
    assert "PROBLEM" in result.stdout


def test_a_postgresql_backup_with_pg_dump_restores_into_a_new_database(postgres_url: str, tmp_path: Path) -> None:
    archive = tmp_path / "pasar.dump"
    store = create_engine(normalise_url(postgres_url))
    with store.begin() as conn:
        conn.execute(text("INSERT INTO categories (code, name) VALUES ('backup_check', 'Backup check')"))
    result = pasar("db", "backup", str(archive), "--db", postgres_url)
    assert result.returncode == 0, result.stderr
    assert pasar("db", "check", "--db", postgres_url).returncode == 0
    admin = create_engine(normalise_url(postgres_url), isolation_level="AUTOCOMMIT")
    target = postgres_url.rsplit("/", 1)[0] + "/" + postgres_url.rsplit("/", 1)[1] + "_restored"
    name = target.rsplit("/", 1)[1]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        conninfo = normalise_url(target).replace("postgresql+psycopg", "postgresql")
        subprocess.run(["pg_restore", "--dbname", conninfo, str(archive)], check=True, capture_output=True)
        restored = create_engine(normalise_url(target))
        with restored.connect() as conn:
            codes = set(conn.execute(text("SELECT code FROM categories")).scalars())
        restored.dispose()
        assert "backup_check" in codes
        assert pasar("db", "check", "--db", target).returncode == 0
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        with store.begin() as conn:
            conn.execute(text("DELETE FROM categories WHERE code = 'backup_check'"))
        store.dispose()
