"""issued packs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

The record of each printed pack issued: to whom, by whom, when, why, what it covered.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("scope_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("issued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("issued_by_user_id", sa.Integer(), nullable=True),
        sa.Column("issued_by_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("issued_to", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("offender_ids", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("pdf_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.ForeignKeyConstraint(["issued_by_user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("issued_pack", schema=None) as batch_op:
        batch_op.create_index(
            "ix_issued_pack_kind_scope", ["kind", "scope_key", "issued_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_pack", schema=None) as batch_op:
        batch_op.drop_index("ix_issued_pack_kind_scope")
    op.drop_table("issued_pack")
