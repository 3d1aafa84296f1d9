"""Whether each recorded visit was at the offender's home: `visit.at_home` (migration 0016).

Only a successful home visit at the offender's home on its day satisfies the schedule
(DOMAIN.md). The visits service refuses to record one anywhere else, but an import can hold
one, and a later correction of an address's kind or dates can move a visit out of (or back
into) the home's period. So every service that writes visits or addresses calls `refresh` for
the offenders it touched, in its own transaction, and every reader (the scan, the caseload,
the record, the figures) reads the stored flag. A visit naming no address is taken to be at
the home in force; a planned visit has no day yet: both are kept true.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlmodel import Session

from ..rules.dates import london_date
from ..rules.visit_schedule import was_home_on
from ..store.enums import VisitKind, VisitOutcome
from ..store.models import Address, Visit

_CHUNK = 500  # offender ids per query: well under SQLite's bound-parameter limit


def refresh(session: Session, offender_ids: Iterable[int]) -> int:
    """Set `at_home` of every visit of these offenders from their addresses as they now stand.
    Returns how many visits changed."""
    ids = sorted(set(offender_ids))
    session.flush()
    changed = 0
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            sa.select(
                Visit.id,
                Visit.offender_id,
                Visit.occurred_at,
                Visit.at_home,
                Address.offender_id,
                Address.kind,
                Address.valid_from,
                Address.valid_to,
            )
            .select_from(Visit)
            .outerjoin(Address, Address.id == Visit.address_id)  # type: ignore[arg-type]
            .where(Visit.offender_id.in_(ids[start : start + _CHUNK]))  # type: ignore[attr-defined]
        ).all()
        flips: dict[bool, list[int]] = {True: [], False: []}
        for visit_id, offender_id, occurred_at, stored, owner, kind, valid_from, valid_to in rows:
            at_home = (
                owner is None  # no address named (or only planned): the home in force
                or occurred_at is None
                or (
                    owner == offender_id
                    and was_home_on(kind, valid_from, valid_to, london_date(occurred_at))
                )
            )
            if bool(stored) != at_home:
                flips[at_home].append(visit_id)
        for value, visit_ids in flips.items():
            if visit_ids:
                session.execute(
                    sa.update(Visit)
                    .where(Visit.id.in_(visit_ids))  # type: ignore[union-attr]
                    .values(at_home=value)
                )
                changed += len(visit_ids)
    return changed


def successful_away(session: Session, offender_ids: Iterable[int]) -> int:
    """How many successful home visits of these offenders name an address that was not their
    home on the day (as last refreshed): recorded, but not counted for the schedule."""
    ids = sorted(set(offender_ids))
    found = 0
    for start in range(0, len(ids), _CHUNK):
        found += session.execute(
            sa.select(sa.func.count())
            .select_from(Visit)
            .where(
                Visit.offender_id.in_(ids[start : start + _CHUNK]),  # type: ignore[attr-defined]
                Visit.kind == VisitKind.home_visit,
                Visit.outcome == VisitOutcome.successful,
                Visit.at_home == sa.false(),
            )
        ).scalar_one()
    return found
