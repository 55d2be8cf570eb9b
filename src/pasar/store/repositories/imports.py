"""External identifiers of imported rows: an import run twice finds what it already created."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from pasar.store.bulk import append_rows
from pasar.store.tables import import_refs


class ImportRefRepository:
    def __init__(self, conn: Connection, source: str) -> None:
        self.conn = conn
        self.source = source

    def of_kind(self, kind: str) -> dict[str, int]:
        query = select(import_refs.c.ref, import_refs.c.local_id).where(
            import_refs.c.source == self.source, import_refs.c.kind == kind
        )
        return {ref: int(local_id) for ref, local_id in self.conn.execute(query)}

    def add(self, kind: str, pairs: Sequence[tuple[str, int]]) -> None:
        append_rows(
            self.conn,
            import_refs,
            [{"source": self.source, "kind": kind, "ref": ref, "local_id": local_id} for ref, local_id in pairs],
        )
