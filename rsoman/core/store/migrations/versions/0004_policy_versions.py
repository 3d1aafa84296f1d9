"""policy versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

The force policy's versions, and version 1: the defaults of DOMAIN.md. The numbers are frozen
here as literals, not read from rules/policy.py, so that this migration gives the same version 1
whatever later code chooses as its defaults.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY_V1_SETTINGS: dict[str, int | str] = {
    "visit_interval_very_high_days": 30,
    "visit_interval_high_days": 91,
    "visit_interval_medium_days": 182,
    "visit_interval_low_days": 365,
    "first_home_visit_days": 14,
    "first_risk_assessment_days": 28,
    "risk_review_days": 365,
    "initial_notification_days": 3,
    "periodic_notification_days": 365,
    "weekly_nfa_notification_days": 7,
    "change_notification_days": 3,
    "foreign_travel_notice_days": 7,
    "breach_action_decision_days": 7,
    "concerns_threshold": 3,
    "concerns_window_days": 90,
    "caseload_capacity": 50,
    "caseload_weight_low": 1,
    "caseload_weight_medium": 2,
    "caseload_weight_high": 3,
    "caseload_weight_very_high": 4,
    "mappa_level2_review_days": 112,
    "mappa_level3_review_days": 56,
    "reactive_management_low_years": 3,
    "home_visit_due_soon_days": 14,
    "notification_due_soon_days": 28,
    "order_expiry_warning_days": 90,
    "notification_period_warning_days": 90,
    "travel_late_shown_days": 28,
    "mappa_level2_min_rank": "inspector",
    "mappa_level3_min_rank": "superintendent",
}


def upgrade() -> None:
    table = op.create_table(
        "policy_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("loaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("loaded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("loaded_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("source_name", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["loaded_by_user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version"),
    )
    op.bulk_insert(
        table,
        [
            {
                "version": 1,
                "settings": json.dumps(POLICY_V1_SETTINGS, sort_keys=True),
                "loaded_at": datetime.now(UTC),
                "loaded_by_user_id": None,
                "loaded_by": "system",
                "source_name": None,
                "sha256": None,
                "reason": "the defaults of DOMAIN.md",
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("policy_version")
