"""What is current about each offender, stored so that whole caseloads sort and filter fast.

The caseload sorts and filters 63,000 offenders London-wide; deriving each one's risk, last
successful home visit, manager... from history (`services/current.py`) for every request cost
0.3 to 1.2 s. Database triggers (migrations 0012, 0013) keep one row per offender equal to what
those derivations give, whatever client writes (the services, an import, the command line, plain
SQL).

Values that depend on the day (the home address and visit plan in force, the schedule start) are
stored as they stand from a "settled" day on: the day of the offender's last dated change
(a plan or address that starts or ends, a release date). On and after that day the stored value
is the current one; before it (a change dated in the future) the caseload derives it from
history as before. No row (which the triggers never leave) also means: derive it.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from ..enums import RiskLevel
from ._types import enum_field


class OffenderCurrent(SQLModel, table=True):
    __tablename__ = "offender_current"
    offender_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("offender.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    # The latest risk assessment's level (assessed_on, then id).
    risk_level: RiskLevel | None = enum_field(RiskLevel, nullable=True)
    # When the latest successful home visit took place.
    last_home_visit_at: datetime | None = None
    # The officer of the current assignment (no end date; latest start, then id).
    manager_id: int | None = Field(default=None, index=True)
    # Live (open or acknowledged) warnings from the last scan.
    open_warnings: int = 0
    # The home (or no-fixed-abode) address in force after `home_settled_on`, the later of the
    # last start and the last end (an end date is the last day at an address, so in force on
    # it) (None: none; `home_settled_on` None: the offender has no home address at all).
    home_address_id: int | None = None
    home_settled_on: date | None = None
    # The caseload's sort keys of that home address and manager (migration 0013): the address
    # text and the officer's names, lower case, as `current.address_text_sql` and the officer
    # give them.
    home_sort: str | None = Field(default=None, sa_type=sa.Text)
    manager_surname: str | None = Field(default=None, sa_type=sa.Text)
    manager_forenames: str | None = Field(default=None, sa_type=sa.Text)
    # `last_home_visit_at` and `schedule_start_on` as `current.day_number` gives them (the origin
    # differs by database), so that the next-due sort does no date arithmetic (migration 0013).
    last_home_visit_day: int | None = None
    schedule_start_day: int | None = None
    # The visit plan in force on and after `plan_settled_on`, coded as `current.plan_code_sql`:
    # -1 reactive management, N an individual frequency of N days, None the tariff.
    plan_code: int | None = None
    plan_settled_on: date | None = None
    # The latest candidate start of the visit schedule: the start itself once it has come.
    schedule_start_on: date | None = None
    # Names, aliases and references, lower case, one per line: what the quick search looks in.
    search_text: str = Field(default="", sa_type=sa.Text)
