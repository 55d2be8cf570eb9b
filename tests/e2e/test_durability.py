"""Every acknowledged write survives a concurrent command and a stop, on the embedded default store.

The regression: a server that had computed a score held the SQLite file through two SQLite
libraries (Python's and DuckDB's bundled one). When one closed the file, POSIX dropped the locks
the other held; the next ``pasar`` command on the same file then believed it was alone,
checkpointed and deleted the write-ahead log, and every write the server acknowledged afterwards
went to a deleted file: listed by the API, invisible to other processes, gone after the stop.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.pasar_processes import deleted_files, pasar, running, stop

SELLER = {"Authorization": "Bearer demo-seller"}


def _product_rows(db: Path, product_id: int) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM products WHERE id = ?", (product_id,)).fetchone()[0])


@pytest.mark.slow
def test_a_write_acknowledged_after_a_score_page_and_a_concurrent_command_survives_the_stop(tmp_path: Path) -> None:
    db = tmp_path / "pasar.db"
    url = f"sqlite:///{db}"
    with running("run", "--db", url, log=tmp_path / "server.log") as server:
        # Given a server that has computed a shop's score (the score engine has read the store)...
        shop = next(s for s in httpx.get(f"{server.base_url}/v1/shops", timeout=60).json() if s["ref"] == "demo-batik")
        assert httpx.get(f"{server.base_url}/v1/shops/{shop['id']}/score", timeout=60).status_code == 200
        performance = httpx.get(f"{server.base_url}/v1/seller/performance", headers=SELLER, timeout=60)
        assert performance.status_code == 200, performance.text
        # ...and another process that opened and closed the same file
        assert pasar("cases", "--db", url).returncode == 0
        assert pasar("analytics", "unpaid", "--db", url, "--json").returncode == 0
        # When the server acknowledges a write
        listed = httpx.post(
            f"{server.base_url}/v1/products",
            headers=SELLER,
            timeout=60,
            json={
                "category": "fashion",
                "title": "Kebaya, embroidered",
                "description": "A write that must not be lost.",
                "skus": [{"code": "KBY-1", "name": "One size", "price": 25_000_000, "stock": 4}],
            },
        )
        assert listed.status_code == 201, listed.text
        product_id = int(listed.json()["id"])
        # Then another process sees the write at once
        assert _product_rows(db, product_id) == 1
        # and the server still writes to the live write-ahead log, not to a deleted one
        assert deleted_files(server.pid, db) == []
        assert stop(server) == 0
    # and it is there after the server has stopped
    assert _product_rows(db, product_id) == 1
    assert pasar("db", "check", "--db", url).returncode == 0
