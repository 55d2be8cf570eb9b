"""Appending rows on hot paths: one statement per batch, column types still applied.

Core's ``execute(insert(table), rows)`` builds a parameter set per row in Python; for the
append-only tables written on every order and every deadline (history, outbox, deadlines) that
overhead dominates. Here the INSERT is compiled once per (table, columns, dialect) and each value
goes through its column type's bind processor, so what is stored is exactly what Core would store.
On SQLite (in-process) that is one ``executemany``; on PostgreSQL a batch travels as one
``INSERT ... SELECT FROM unnest(<one array per column>)``, one round trip instead of one per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

_Compiled = tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...], bool]
_cache: dict[tuple[str, tuple[str, ...], str], _Compiled] = {}


def _compiled(conn: Connection, table: Table, columns: tuple[str, ...]) -> _Compiled:
    key = (table.name, columns, conn.dialect.name)
    found = _cache.get(key)
    if found is None:
        # inline(): no RETURNING of generated keys, which an executemany has no use for
        compiled = insert(table).inline().compile(dialect=conn.dialect, column_keys=list(columns))
        names = tuple(compiled.positiontup or ()) if compiled.positional else columns
        processors = tuple(table.c[name].type._cached_bind_processor(conn.dialect) for name in names)
        found = (compiled.string, names, processors, compiled.positional)
        _cache[key] = found
    return found


def _unnest_sql(conn: Connection, table: Table, columns: tuple[str, ...]) -> str:
    key = (table.name, (*columns, "unnest"), conn.dialect.name)
    found = _cache.get(key)
    if found is None:
        arrays = ", ".join(f"%({name})s::{table.c[name].type.compile(dialect=conn.dialect)}[]" for name in columns)
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
        found = (sql, columns, (), False)
        _cache[key] = found
    return found[0]


def append_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT every row (all rows carry the same keys) in one statement."""
    if not rows:
        return
    if conn.dialect.name == "postgresql" and len(rows) > 1:
        columns = tuple(rows[0])
        arrays = {name: [row[name] for row in rows] for name in columns}
        conn.exec_driver_sql(_unnest_sql(conn, table, columns), arrays)
        return
    sql, names, processors, positional = _compiled(conn, table, tuple(rows[0]))
    # Rows of one call usually share their instants (the unit of work's ``now``): process each once.
    memo: dict[Any, Any] = {}

    def bind(value: Any, process: Callable[[Any], Any] | None) -> Any:
        if process is None or value is None:
            return value
        if value not in memo:
            memo[value] = process(value)
        return memo[value]

    pairs = list(zip(names, processors, strict=True))
    if positional:
        params: list[Any] = [tuple(bind(row[name], process) for name, process in pairs) for row in rows]
    else:
        params = [{name: bind(row[name], process) for name, process in pairs} for row in rows]
    conn.exec_driver_sql(sql, params if len(params) > 1 else params[0])
