"""notification claims: a lease while sending, and the sends a dead worker left without an outcome

Revision ID: 8c9bcca023d4
Revises: 990660f7eeac
Create Date: 2026-12-03 12:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import pasar.store.types

revision = "8c9bcca023d4"
down_revision = "990660f7eeac"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until", pasar.store.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("interrupted_sends", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_index("ix_notifications_lease", ["status", "lease_until"], unique=False)


def downgrade() -> None:
    # A row caught mid-send goes back to pending: sent again, as before claims existed.
    op.execute("UPDATE notifications SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_lease")
        batch_op.drop_column("interrupted_sends")
        batch_op.drop_column("lease_until")
