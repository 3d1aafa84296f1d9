"""A new day's scan without re-evaluating everyone: the offenders whose horizon is still ahead
have their stored warnings carried forward (see rules/warnings/carry.py).

An offender evaluated on day E under the scan's policy, with no write since to any row their
facts come from, and whose rules reported a horizon H (`offender_scan_state.stable_until`,
migration 0018), finds on any day D with E < D < H what they found on E, with the days passed
counted in. Two things the rules cannot see are checked here, in the store:

- a fact dated after E that was recorded before it (a release date, a move, an order's start,
  a meeting planned ahead): any offender with an event that changes their facts on a day after
  E up to D, in any of the event columns their facts are read from (FACT_DATES), is evaluated;
- words the carrying cannot move on (`carried_words` refuses): that offender is evaluated.

Everyone else is carried: their live warnings with a due date get the days overdue and words
of day D, exactly as evaluating them would (tests/test_scan_carry.py compares the two on the
demo caseload, day after day, on both databases).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

from ..rules.dates import LONDON
from ..rules.warnings.carry import carried_words
from ..rules.warnings.common import days_overdue
from ..store.models import Warning
from ..store.models.warning import WarningState

# `stable_until` of an offender whose rules reported no horizon: nothing ahead changes them.
NO_HORIZON = date(9999, 12, 31)

_LIVE = (WarningState.open, WarningState.acknowledged)
_CHUNK = 500


@dataclass(frozen=True)
class Carried:
    """The offenders carried forward, and the updates to their warnings."""

    offenders: set[int]
    updates: list[dict[str, Any]]  # warning id and the columns that change


# The dated columns of events that the offender facts are read from (services/facts_loader.py),
# by table. A row dated ahead of when it was written (a release date, a move, an order's start,
# an assessment or notification entered ahead) changes the facts on its day with no write then.
FACT_DATES: dict[str, tuple[str, ...]] = {
    "offender": ("created_at",),  # the schedule's start, without a registration
    "mappa_meeting": ("held_at",),  # through its cases
    "registration": ("conviction_date", "first_notification_date", "release_date"),
    "assignment": ("start_date", "end_date"),
    "risk_assessment": ("assessed_on",),
    "visit_plan_decision": ("effective_from", "ended_on"),
    "visit": ("occurred_at",),
    "notification": ("notified_on",),
    "address": ("valid_from", "valid_to"),
    "breach": ("found_on", "action_on"),
    "intelligence": ("received_on",),
    "court_order": ("made_on", "starts_on"),
}
# The days after its date on which an event column changes the facts, where not just the day
# itself (0): an address is the home through its last day (valid_to), so it stops being the
# home the day after; a meeting counts as held from its day, and as planned until the day after.
CHANGES_ON: dict[tuple[str, str], tuple[int, ...]] = {
    ("address", "valid_to"): (1,),
    ("mappa_meeting", "held_at"): (0, 1),
}
# Due dates written on the record: the rules report them as horizons (tests/test_rules_carry.py).
DUE_DATES: dict[str, tuple[str, ...]] = {
    "risk_assessment": ("next_review_on",),
    "mappa_case": ("next_review_on",),
    "court_order": ("ends_on",),
    "notification": ("travel_departure_on",),
}
# The other dated columns of those tables: when a row was written or changed (the write marks
# its offender changed anyway), and dates no warning rule reads. tests/test_scan_carry.py
# checks that every dated column of every table in OFFENDER_FACT_SOURCES is in one of the three.
NOT_FACT_DATES: dict[str, tuple[str, ...]] = {
    "offender": ("updated_at", "date_of_birth", "retention_review_on"),
    "visit": ("planned_for", "created_at"),
    "intelligence": ("created_at",),
    "notification": ("event_on", "travel_return_on"),
    "breach": ("occurred_on", "outcome_on", "recorded_nationally_on"),
}


def _dated(column: sa.Column[Any]) -> str | None:
    """ "date" or "moment" (a UTC datetime) for a dated column, else None."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.DateTime):
        return "moment"
    if isinstance(kind, sa.Date):
        return "date"
    return None


def _in_span(column: sa.Column[Any], since: date, day: date) -> Any:
    """The column's date changes the facts on a day after `since` up to `day` (see CHANGES_ON).
    A moment (UTC) by its London day: from London's midnight to London's midnight."""
    offsets = CHANGES_ON.get((column.table.name, column.name), (0,))
    first = since + timedelta(days=1 - max(offsets))
    last = day - timedelta(days=min(offsets))
    if _dated(column) == "moment":
        start = datetime.combine(first, time(), LONDON).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(), LONDON).astimezone(UTC)
        return sa.and_(column >= start, column < end)
    return column.between(first, last)


def dated_queries(since: date, day: date) -> Iterator[Any]:
    """One query per table with fact dates, for the ids of the offenders with an event that
    changes their facts on a day after `since` up to `day`. The large tables have one such
    column each, with an index of its own (migration 0018): a range of it. The others are read
    whole, once each."""
    tables = SQLModel.metadata.tables
    for name, columns in FACT_DATES.items():
        table = tables[name]
        condition = sa.or_(*(_in_span(table.c[c], since, day) for c in columns))
        if name == "mappa_meeting":  # a meeting's date is its cases' offenders'
            case = tables["mappa_case"]
            yield (
                sa.select(case.c.offender_id)
                .select_from(case.join(table, table.c.id == case.c.meeting_id))
                .where(condition)
            )
        elif name == "offender":
            yield sa.select(table.c.id).where(condition)
        else:
            yield sa.select(table.c.offender_id).where(condition)


def dated_between(connection: sa.Connection, since: date, day: date) -> set[int]:
    """The offenders with an event (FACT_DATES) that changes their facts on a day after `since`
    up to `day`. (One dated `since` itself was in force when they were last scanned.)"""
    found: set[int] = set()
    for query in dated_queries(since, day):
        found.update(oid for (oid,) in connection.execute(query))
    return found


def carry_forward(
    session: Session,
    candidates: dict[int, date],
    day: date,
    now: datetime,
) -> tuple[Carried, set[int]]:
    """Carry the candidates (id: the day their warnings were last brought up to) forward to
    `day`. Returns what was carried and the candidates that must be
    evaluated instead (a fact dated in the span, or words that cannot be carried)."""
    if not candidates:
        return Carried(set(), []), set()
    connection = session.connection()
    first = min(candidates.values())
    evaluate = dated_between(connection, first, day) & candidates.keys()
    by_offender: dict[int, list[dict[str, Any]]] = {}
    warning = Warning.__table__.c
    columns = (
        warning.id,
        warning.offender_id,
        warning.due_on,
        warning.days_overdue,
        warning.explanation,
    )
    live_due = (warning.state.in_(_LIVE), warning.due_on.is_not(None))
    for rows in _live_warnings_of(connection, columns, live_due, candidates.keys() - evaluate):
        for warning_id, oid, due_on, overdue, words in rows:
            if oid in evaluate:
                continue
            moved = carried_words(words, due_on, candidates[oid], day)
            if moved is None:
                evaluate.add(oid)  # their rows carried so far are dropped below
                continue
            changed: dict[str, Any] = {}
            new_overdue = days_overdue(due_on, day)
            if new_overdue != overdue:
                changed["days_overdue"] = new_overdue
            if moved != words:
                changed["explanation"] = moved
            if changed:
                row = {"id": warning_id, **changed, "last_seen_at": now}
                by_offender.setdefault(oid, []).append(row)
    updates = [u for oid, rows in by_offender.items() if oid not in evaluate for u in rows]
    return Carried(candidates.keys() - evaluate, updates), evaluate


def _live_warnings_of(
    connection: sa.Connection, columns: Any, conditions: Any, offender_ids: Collection[int]
) -> Iterator[list[Any]]:
    """The rows of `columns` of the warnings matching `conditions` about these offenders: by
    chunks of ids when they are few, else one pass over all of them."""
    ids = sorted(offender_ids)
    if not ids:
        return
    everyone = sa.select(*columns).where(*conditions)
    if len(ids) > 20 * _CHUNK:
        wanted = set(ids)
        yield [r for r in connection.execute(everyone).all() if r[1] in wanted]
        return
    offender_id = columns[1]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        yield connection.execute(everyone.where(offender_id.in_(chunk))).all()
