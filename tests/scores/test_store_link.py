"""How the score engine reads the store: one SQLite library per process, one snapshot per operation.

docs/design.md principle 6: DuckDB's bundled SQLite must never open the live SQLite store inside a process
that also holds it through Python's driver (each library would release the other's POSIX locks, and
another process would then delete the write-ahead log under the server).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import Engine, insert

from pasar.metrics.duck import DuckDBMetrics
from pasar.metrics.store_link import SqliteDriverLink, link_for
from pasar.store import tables
from pasar.store.database import make_engine
from tests.scores.facts import AS_OF


@pytest.fixture
def sqlite_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "store.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _loaded_extensions(duck: DuckDBMetrics) -> set[str]:
    rows = duck.db.execute("SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()
    return {str(row[0]) for row in rows}


def test_the_score_engine_never_loads_duckdbs_own_sqlite_on_a_sqlite_store(sqlite_store: Engine) -> None:
    duck = DuckDBMetrics(sqlite_store)
    try:
        duck.counts(AS_OF)
        duck.refresh(keep_from=AS_OF)
        duck.rolled_counts(AS_OF)
        duck.drill_down(1, AS_OF)
        assert "sqlite_scanner" not in _loaded_extensions(duck)
        assert duck.db.execute("SELECT COUNT(*) FROM duckdb_databases() WHERE type = 'sqlite'").fetchone() == (0,)
    finally:
        duck.close()


def test_every_relation_of_one_read_comes_from_the_same_snapshot(sqlite_store: Engine) -> None:
    link = link_for(sqlite_store)
    assert isinstance(link, SqliteDriverLink)
    cur = duckdb.connect()
    shop = {"ref": "snap", "name": "Snapshot", "market": "ID", "created_at": datetime(2026, 3, 1, tzinfo=UTC)}
    try:
        with link.reading():
            before = cur.execute(f"SELECT COUNT(*) FROM {link.query(cur, 'SELECT id FROM shops')}").fetchone()
            with sqlite_store.begin() as conn:  # another writer commits in the middle of the read
                conn.execute(insert(tables.shops).values(**shop))
            during = cur.execute(f"SELECT COUNT(*) FROM {link.query(cur, 'SELECT id FROM shops')}").fetchone()
        after = cur.execute(f"SELECT COUNT(*) FROM {link.query(cur, 'SELECT id FROM shops')}").fetchone()
    finally:
        cur.close()
        link.close()
    assert before == during == (0,)
    assert after == (1,)


def test_the_reader_refuses_an_in_memory_store() -> None:
    with pytest.raises(ValueError, match="needs a SQLite file"):
        link_for("sqlite://")
