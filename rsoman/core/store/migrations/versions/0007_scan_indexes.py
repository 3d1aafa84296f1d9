"""scan indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

Indexes for the warning scan's reductions, each a single index seek per offender: the latest
risk assessment on or before a day, the latest (or first after release) clock-restarting
notification, the last successful home visit, and the latest registration (which the caseload's
schedule start reads too).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registration_offender_conviction",
            ["offender_id", "conviction_date", "id"],
            unique=False,
        )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_risk_assessment_offender_assessed", ["offender_id", "assessed_on"], unique=False
        )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(
            "ix_notification_offender_kind_on", ["offender_id", "kind", "notified_on"], unique=False
        )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_offender_kind_outcome_occurred",
            ["offender_id", "kind", "outcome", "occurred_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_offender_kind_outcome_occurred")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_offender_kind_on")
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_assessment_offender_assessed")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index("ix_registration_offender_conviction")
