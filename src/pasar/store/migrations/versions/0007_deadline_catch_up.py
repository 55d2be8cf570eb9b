"""deadline catch-up: late payments given back, withdrawn cancellation requests, return tracking

Revision ID: 746276ca6da3
Revises: 8c9bcca023d4
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "746276ca6da3"
down_revision = "8c9bcca023d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("void_reason", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("refund_reference", sa.String(length=100), nullable=True))
    with op.batch_alter_table("cancellation_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdraw_reason", sa.String(length=200), nullable=True))
    with op.batch_alter_table("after_sales_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_after_sales_cases_return_tracking", ["return_carrier", "return_tracking_number"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("after_sales_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_after_sales_cases_return_tracking")
    with op.batch_alter_table("cancellation_requests", schema=None) as batch_op:
        batch_op.drop_column("withdraw_reason")
    with op.batch_alter_table("payment_attempts", schema=None) as batch_op:
        batch_op.drop_column("refund_reference")
        batch_op.drop_column("void_reason")
