"""deadlines without guard_state: the timer tables say which states a deadline runs in

A deadline's states are its kind's entry in the subject's timer table (domain/orders.py,
domain/cases.py, domain/fulfilment.py), so each row no longer carries a copy. The daily score
deadline kept its market there; the market is now part of its subject type (``score_day:ID``).

Revision ID: 3f1c9a7d5b20
Revises: 746276ca6da3
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "3f1c9a7d5b20"
down_revision = "746276ca6da3"
branch_labels = None
depends_on = None

SCORE_DAY = "score_day"
# What each kind's rows held before: the state (or states) its timer runs in
GUARD_OF_KIND = {
    "payment_reminder": "UNPAID",
    "unpaid_timeout": "UNPAID",
    "hold_end": "ON_HOLD",
    "cancel_request_response": "pending",
    "collection_timeout": "AWAITING_SHIPMENT|AWAITING_COLLECTION",
    "after_sales_window_end": "DELIVERED",
    "case_seller_decision": "REQUESTED",
    "case_offer_response": "PARTIAL_OFFERED",
    "case_return_shipment": "AWAITING_RETURN",
    "case_return_receipt": "RETURN_SHIPPED",
    "case_seller_refund": "RETURN_RECEIVED",
}


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE deadlines SET subject_type = :prefix || guard_state WHERE subject_type = :score_day"
        ).bindparams(prefix=f"{SCORE_DAY}:", score_day=SCORE_DAY)
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_column("guard_state")


def downgrade() -> None:
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guard_state", sa.String(length=64), nullable=False, server_default=""))
    for kind, guard in GUARD_OF_KIND.items():
        op.execute(
            sa.text("UPDATE deadlines SET guard_state = :guard WHERE kind = :kind").bindparams(guard=guard, kind=kind)
        )
    start = len(SCORE_DAY) + 2  # substr counts from 1, past "score_day:"
    op.execute(
        sa.text(
            "UPDATE deadlines SET guard_state = substr(subject_type, :start), subject_type = :score_day "
            "WHERE subject_type LIKE :pattern"
        ).bindparams(start=start, score_day=SCORE_DAY, pattern=f"{SCORE_DAY}:%")
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.alter_column("guard_state", existing_type=sa.String(length=64), server_default=None)
