"""How the metrics engine reads the store: relations DuckDB can query, made without a second SQLite.

* **SQLite** (the embedded default) is read through the process's own SQLite library — Python's
  ``sqlite3``, the driver every other part of Pasar uses — and each result is handed to DuckDB as
  an Arrow table. DuckDB's ``sqlite_scanner`` is never loaded: it carries a copy of the SQLite
  library of its own, and two SQLite libraries with one database file open in one process release
  each other's POSIX locks whenever either closes the file. Another process (a ``pasar`` command)
  then believes it is alone, checkpoints and deletes the write-ahead log under the server, and
  every write the server acknowledges afterwards is lost. Reading through the one library also
  gives each operation a single read transaction: every relation of a recompute comes from the
  same snapshot of the store.
* **PostgreSQL** is attached read-only through ``postgres_scanner`` (loaded from the
  ``duckdb-ext-postgres`` wheel; nothing is downloaded). Its libpq speaks to the server over a
  socket and shares no file or lock with psycopg's, so the hazard above does not exist there, and
  DuckDB's parallel binary scans are the fastest way to read a large store.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Engine
from sqlalchemy.engine import make_url

from pasar.store.database import READ_ONLY, make_engine, normalise_url

# Rows are turned into Arrow a slice at a time, so a million-row table never exists as Python tuples at once.
FETCH_ROWS = 65_536
UTC_INSTANT = pa.timestamp("us", tz="UTC")
# How each source type arrives from SQLite (instants are naive UTC text), and what DuckDB is handed.
FETCHED_AS = {"BIGINT": pa.int64(), "INTEGER": pa.int64(), "VARCHAR": pa.string(), "TIMESTAMPTZ": pa.string()}
HANDED_AS = {**FETCHED_AS, "TIMESTAMPTZ": UTC_INSTANT}


class StoreLink(Protocol):
    """What the engine needs of a store: relations over its tables, and literals its SQL compares."""

    kind: str
    copies_rows: bool  # relations are rows fetched once (materialise them), not live scans of the store

    def open(self, db: duckdb.DuckDBPyConnection) -> None:
        """Prepare the engine's DuckDB connection (once)."""

    def reading(self) -> Any:
        """A context in which every relation made by this thread comes from one snapshot of the store."""

    def table(self, cur: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]]) -> str:
        """A relation with ``columns`` ((store column, DuckDB type) pairs) of every row of ``table``."""

    def query(self, cur: duckdb.DuckDBPyConnection, statement: str, types: Sequence[str] | None = None) -> str:
        """A relation of the rows ``statement`` returns when the store itself runs it (its indexes apply)."""

    def instant(self, at: datetime) -> str:
        """A literal the store compares with a stored instant."""

    def close(self) -> None:
        """Release what the link holds."""


def link_for(store: Engine | str) -> StoreLink:
    url = normalise_url(store if isinstance(store, str) else store.url.render_as_string(hide_password=False))
    if make_url(url).drivername.startswith("sqlite"):
        return SqliteDriverLink(store)
    return PostgresScannerLink(url)


class SqliteDriverLink:
    """SQLite read through the process's own driver; results reach DuckDB as Arrow tables."""

    kind = "sqlite"
    copies_rows = True

    def __init__(self, store: Engine | str) -> None:
        url = store.url if isinstance(store, Engine) else make_url(normalise_url(store))
        if not url.database or url.database == ":memory:":
            raise ValueError("the metrics engine needs a SQLite file, not an in-memory database")
        # An engine of our own when given a URL: more connections of the same SQLite library are safe.
        self._own_engine = not isinstance(store, Engine)
        self.engine = store if isinstance(store, Engine) else make_engine(f"sqlite:///{Path(url.database).resolve()}")
        self._local = threading.local()
        self._names = itertools.count(1)

    def open(self, db: duckdb.DuckDBPyConnection) -> None:
        """Nothing to attach: the store is never opened by DuckDB."""

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction (a WAL snapshot) for everything this thread reads inside; re-entrant."""
        current: Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        with self.engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            conn.begin()
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None
                conn.rollback()  # nothing was written; ends the snapshot

    def table(self, cur: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]]) -> str:
        statement = f"SELECT {', '.join(column for column, _ in columns)} FROM {table}"
        return self.query(cur, statement, [kind for _, kind in columns])

    def query(self, cur: duckdb.DuckDBPyConnection, statement: str, types: Sequence[str] | None = None) -> str:
        with self.reading() as conn:
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(statement)
                names = [description[0] for description in cursor.description]
                arrow = _arrow_table(names, cursor, types)
            finally:
                cursor.close()
        name = f"store_rows_{next(self._names)}"
        cur.register(name, arrow)
        return name

    def instant(self, at: datetime) -> str:
        """SQLite holds instants as naive UTC text (``pasar.store.types.UTCDateTime``)."""
        return _quote(at.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f"))

    def close(self) -> None:
        if self._own_engine:
            self.engine.dispose()


def _arrow_table(names: list[str], cursor: Any, types: Sequence[str] | None) -> pa.Table:
    """The cursor's rows as an Arrow table, built a slice at a time (types inferred when not given).

    With the types known, each slice of row tuples becomes one struct array (Arrow splits the rows into
    columns in C++, several times faster than transposing them in Python), and instants, which SQLite
    holds as naive UTC text, are parsed by Arrow into UTC timestamps (ten times faster than DuckDB's cast).
    """
    if types is None:  # an ad-hoc statement: a few rows, types inferred from the values
        rows = cursor.fetchall()
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        return pa.table({name: pa.array(column) for name, column in zip(names, columns, strict=True)})
    row_type = pa.struct([pa.field(name, FETCHED_AS[kind]) for name, kind in zip(names, types, strict=True)])
    instants = [index for index, kind in enumerate(types) if kind == "TIMESTAMPTZ"]
    batches = []
    while rows := cursor.fetchmany(FETCH_ROWS):
        batch = pa.RecordBatch.from_struct_array(pa.array(rows, type=row_type))
        for index in instants:
            batch = batch.set_column(index, names[index], _utc(batch.column(index)))
        batches.append(batch)
    schema = pa.schema([pa.field(name, HANDED_AS[kind]) for name, kind in zip(names, types, strict=True)])
    return pa.Table.from_batches(batches, schema=schema)


def _utc(text: pa.Array) -> pa.Array:
    """Naive UTC text ("2026-03-02 03:00:00.000000") → UTC timestamps."""
    return pc.cast(pc.cast(text, pa.timestamp("us")), UTC_INSTANT)


class PostgresScannerLink:
    """PostgreSQL attached read-only to DuckDB as ``store`` through ``postgres_scanner``."""

    kind = "postgres"
    copies_rows = False

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        parts = {
            "host": parsed.host or "localhost",
            "port": parsed.port or 5432,
            "user": parsed.username,
            "password": parsed.password,
            "dbname": parsed.database,
            **{key: value for key, value in parsed.query.items() if isinstance(value, str)},
        }
        self.target = " ".join(f"{key}={_libpq_quote(str(value))}" for key, value in parts.items() if value)

    def open(self, db: duckdb.DuckDBPyConnection) -> None:
        db.execute("LOAD postgres_scanner")
        db.execute(f"ATTACH {_quote(self.target)} AS store (TYPE postgres, READ_ONLY)")

    @contextmanager
    def reading(self) -> Iterator[None]:
        yield None

    def table(self, cur: duckdb.DuckDBPyConnection, table: str, columns: Sequence[tuple[str, str]]) -> str:
        return f"store.{table}"

    def query(self, cur: duckdb.DuckDBPyConnection, statement: str, types: Sequence[str] | None = None) -> str:
        return f"postgres_query('store', {_quote(statement)})"

    def instant(self, at: datetime) -> str:
        return _quote(at.astimezone(UTC).isoformat())

    def close(self) -> None:
        """The attachment goes with the DuckDB connection."""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _libpq_quote(value: str) -> str:
    if value and all(ch not in value for ch in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
