"""Alembic environment: migrations run on the connection Pasar hands over (SQLite or PostgreSQL)."""

from __future__ import annotations

from alembic import context

from pasar.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
