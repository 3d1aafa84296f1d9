"""Which offenders the warning scan must look at again: a change counter per offender.

The warning rules are pure: an offender's findings depend only on their facts, the scan's day
and the policy. Database triggers (migration 0011) add one to `changes` whenever a row the
rules read about the offender is written, by whatever client: the services, an import, the
command line or plain SQL. The scan notes the counter it read, the day and the policy version
when it evaluates the offender; while all three still match, the stored warnings are already
right and the offender is skipped. On a later day before the horizon the rules reported
(`stable_until`), the stored warnings are carried forward instead of evaluating
(services/scan_carry.py). No row means never scanned.
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
    # The counter and policy version of the last evaluation (None: never evaluated), and the
    # day its warnings were last brought up to (evaluated, or carried forward: migration 0018).
    scanned_changes: int | None = Field(default=None, sa_type=sa.BigInteger)
    scanned_as_of: date | None = None
    scanned_policy: int | None = None
    # The horizon the rules reported at that evaluation: the first day the findings may change
    # other than by the days passing (services/scan_carry.py; 9999-12-31: none ahead). Until
    # then a new day carries the stored warnings forward instead of evaluating (migration 0018).
    stable_until: date | None = None
