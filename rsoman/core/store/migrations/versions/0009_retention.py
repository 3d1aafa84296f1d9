"""retention

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Erasure tombstones (issue 6): what is left of an erased offender record.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasure_tombstone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offender_ref", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("offender_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("erased_by_user_id", sa.Integer(), nullable=True),
        sa.Column("erased_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("document_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("row_counts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["erased_by_user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("offender_ref"),
    )
    with op.batch_alter_table("erasure_tombstone", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erasure_tombstone_offender_id"), ["offender_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("erasure_tombstone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erasure_tombstone_offender_id"))
    op.drop_table("erasure_tombstone")
