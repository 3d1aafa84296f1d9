"""Which offenders the warning scan must look at again: a change counter per offender.

The warning rules are pure: an offender's findings depend only on their facts, the scan's day
and the policy. Database triggers (migration 0011) add one to `changes` whenever a row the
rules read about the offender is written, by whatever client: the services, an import, the
command line or plain SQL. The scan notes the counter it read, the day and the policy version
when it evaluates the offender; while all three still match, the stored warnings are already
right and the offender is skipped. No row means never scanned.
"""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class OffenderScanState(SQLModel, table=True):
    __tablename__ = "offender_scan_state"
    offender_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("offender.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    # Bumped by the triggers on every write that can change the offender's facts.
    changes: int = Field(default=0, sa_type=sa.BigInteger, nullable=False)
    # The counter, day and policy version of the last evaluation (None: never evaluated).
    scanned_changes: int | None = Field(default=None, sa_type=sa.BigInteger)
    scanned_as_of: date | None = None
    scanned_policy: int | None = None
