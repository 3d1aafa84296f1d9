"""Load what the warning rules read, for a whole scope at once.

One query per table over the offenders in scope (a borough, an officer's caseload, or London),
grouped by offender in Python: never a query per offender. Each query starts from the offender
and reaches its rows through the offender's index, so that the database does the reductions a
rule would otherwise do in Python over years of history. The facts hold the record *as it bears
on `as_of`*: whatever no rule can read on that day is left in the database (see facts.py for
what each tuple keeps):

- visits: from the last successful home visit on or before `as_of` onwards (the schedule runs
  from it; failed attempts and station attendances count only after it);
- risk assessments: the latest made on or before `as_of` (all of them, should several share its
  day);
- notifications: those restarting the yearly clock on the latest such day up to `as_of`, those
  on the first such day on or after the latest registration's release, and foreign travel;
- intelligence: concern reports only.

Only plain columns are selected (no ORM objects), read as the driver's tuples and taken apart
column by column; values the rules compare are converted once per distinct value, not once per
row; and the facts are built from the columns at C speed (no Python code per row). London-wide,
a table is read without joining `offender` (its foreign key names one).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from itertools import islice, repeat, starmap
from operator import itemgetter
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import Alias
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, select

from ..rules.dates import LONDON, london_date, london_today
from ..rules.visit_schedule import HOME_KINDS, arrival_in_borough
from ..rules.warnings.facts import (
    AddressFact,
    AttendeeFact,
    BreachFact,
    IntelligenceFact,
    MappaCaseFact,
    MeetingFacts,
    NotificationFact,
    OffenderFacts,
    OfficerFacts,
    OrderFact,
    PlanFact,
    PlannedVisitFact,
    RegistrationFact,
    RiskAssessmentFact,
    VisitFact,
)
from ..rules.warnings.offender_rules import CLOCK_RESTARTING
from ..store.bulk_copy import ConvertedOnce
from ..store.enums import (
    AddressKind,
    MeetingStatus,
    NotificationKind,
    OffenderStatus,
)
from ..store.models import (
    Address,
    Assignment,
    Breach,
    Intelligence,
    MappaAttendee,
    MappaCase,
    MappaMeeting,
    Notification,
    Offender,
    Officer,
    Order,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
)
from .current import counted_visit_terms, without_jit

CLOCK_KINDS = sorted(CLOCK_RESTARTING)
# A stored moment's text to the hour, which decides its London day (see `_london_day`).
_TO_THE_HOUR = slice(0, 13)
# Earlier than any recorded moment: the bound of an offender never visited successfully.
_BEFORE_ANY = datetime(1900, 1, 1, tzinfo=UTC)

_visit = Visit.__table__.c


_risk = RiskAssessment.__table__.c
_registration = Registration.__table__.c

# What `load_offender_facts` reads, by table: the columns (None: any), so that migration 0011's
# triggers can mark an offender changed whenever a row its facts come from is written. The
# incremental scan (services/scan.py) skips offenders with no such change, so a rule fed from
# a table or column missing here would go stale: reading anything new needs its trigger (a
# new migration) and an entry here. tests/test_scan_incremental_triggers.py checks this list
# against the SQL the loader runs and against the triggers in both databases.
OFFENDER_FACT_SOURCES: dict[str, tuple[str, ...] | None] = {
    "offender": (
        "id",
        "ref",
        "status",
        "borough_id",
        "mappa_category",
        "mappa_level",
        "created_at",
    ),
    # Their boroughs date an offender's arrival in the borough (from the assignments); one no
    # longer active manages no one (migration 0015).
    "officer": ("id", "borough_id", "active"),
    # Through the cases discussed at them.
    "mappa_meeting": ("id", "ref", "level", "held_at", "status"),
    "registration": None,
    "assignment": None,
    "risk_assessment": None,
    "visit_plan_decision": None,
    "visit": None,
    "notification": None,
    "address": None,
    "breach": None,  # the action taken is on the breach's own row
    "intelligence": None,
    "court_order": None,
    "mappa_case": None,
}


@dataclass(frozen=True)
class Scope:
    """Which records a scan covers: a borough (None: London-wide) and, optionally, one
    officer's current caseload."""

    borough_id: int | None = None
    officer_id: int | None = None


@dataclass(frozen=True)
class LoadedFacts:
    offenders: list[OffenderFacts]
    officers: list[OfficerFacts]
    meetings: list[MeetingFacts]


def scope_conditions(scope: Scope) -> list[Any]:
    """Conditions on `offender` for the offenders in scope (none: every offender)."""
    conditions: list[Any] = []
    if scope.borough_id is not None:
        conditions.append(Offender.borough_id == scope.borough_id)
    if scope.officer_id is not None:
        conditions.append(
            Offender.id.in_(
                select(Assignment.offender_id).where(
                    Assignment.end_date.is_(None), Assignment.officer_id == scope.officer_id
                )
            )
        )
    return conditions


def day_after_in_utc(as_of: date) -> datetime:
    """The moment `as_of` ends in London, in UTC: stored moments before it fall on or before
    `as_of` on the London calendar."""
    return datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=LONDON).astimezone(UTC)


def _cache(convert: Callable[[Any], Any]) -> ConvertedOnce:
    """Each distinct stored value converted once; NULL stays None, unconverted."""
    cache = ConvertedOnce(convert)
    cache[None] = None
    return cache


def _london_day(value: str) -> date:
    # SQLite holds UTC moments as "YYYY-MM-DD HH:MM:SS.ffffff"; the hour decides the day.
    return london_date(datetime.fromisoformat(value[:13] + ":00").replace(tzinfo=UTC))


class _Reader:
    """Plain rows over Core (no ORM result machinery), with enum, date and moment columns read
    as text on SQLite and converted column by column through caches: at 70,000 offenders the
    generic per-value type processing would cost more than the queries."""

    def __init__(
        self,
        session: Session,
        scope: Scope,
        offender_ids: Sequence[int] | None = None,
        id_range: tuple[int, int] | None = None,
    ) -> None:
        self.connection = session.connection()
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.scope = scope_conditions(scope)
        # A range of ids alone (a chunk of a London scan) is read from each table's own
        # offender_id, without joining `offender`: joined, PostgreSQL read whole tables per
        # chunk.
        self.id_range = id_range if not self.scope and offender_ids is None else None
        if offender_ids is not None:
            self.scope.append(Offender.id.in_(list(offender_ids)))
        if id_range is not None:
            self.scope.append(Offender.id.between(*id_range))
        self.dates = _cache(date.fromisoformat)
        # Moments to the hour: London is UTC or one hour ahead, so the hour decides the day.
        self.hours = _cache(self._london_day)
        self.enums: dict[type[Any], ConvertedOnce] = {}

    def _london_day(self, hour: str) -> date:
        """The London day of a stored UTC moment cut to the hour ("YYYY-MM-DD HH"). London is
        UTC or one hour ahead, so before 23:00 UTC it is the UTC date (from the date cache); at
        23:00 it depends on summer time."""
        if hour[11:13] != "23":
            return self.dates[hour[:10]]
        return _london_day(hour)

    def _moment(self, values: Sequence[str | None]) -> Iterable[date | None]:
        if None in values:
            return map(self.hours.__getitem__, (v and v[:13] for v in values))
        # At C speed when there is no NULL (most columns, most results).
        return map(self.hours.__getitem__, map(str.__getitem__, values, repeat(_TO_THE_HOUR)))

    def column(self, column: Any) -> tuple[Any, Callable[[Iterable[Any]], Iterable[Any]] | None]:
        """The expression to select, and how to convert a whole column of its values."""
        kind = column.type
        if isinstance(kind, sa.Enum) and kind.enum_class is not None:
            cache = self.enums.get(kind.enum_class)
            if cache is None:
                cache = self.enums[kind.enum_class] = _cache(kind.enum_class)
            return sa.type_coerce(column, sa.String()), lambda vs: map(cache.__getitem__, vs)
        # Stored moments are a TypeDecorator (UTC-aware) over DateTime.
        if isinstance(kind, sa.DateTime) or isinstance(getattr(kind, "impl", None), sa.DateTime):
            if self.postgres:
                return sa.cast(sa.func.timezone("Europe/London", column), sa.Date), None
            return sa.type_coerce(column, sa.String()), self._moment
        if isinstance(kind, sa.Boolean) and not self.postgres:
            # SQLite stores 0 and 1; SQLAlchemy's conversion would cost a Row object per row.
            return sa.type_coerce(column, sa.Integer()), lambda vs: map(bool, vs)
        if isinstance(kind, sa.Date) and not self.postgres:
            # SQLAlchemy parses SQLite dates with a regular expression each time; dates repeat.
            return sa.type_coerce(column, sa.String()), lambda vs: map(self.dates.__getitem__, vs)
        return column, None

    def _driver_rows(self, query: Any) -> list[Any]:
        """The query's rows as the driver gives them (tuples), when SQLAlchemy would not
        process any of its columns' values: building its Row objects cost more than reading
        the rows from SQLite (about 1 µs a row, 0.5 s for a London scan's 700,000)."""
        dialect = self.connection.dialect
        result = self.connection.execute(query)
        if any(
            c.type.dialect_impl(dialect).result_processor(dialect, None) is not None
            for c in query.selected_columns
        ):
            return result.all()
        try:
            return result.cursor.fetchall()
        finally:
            result.close()

    def columns(self, query: Any, converters: Iterable[Any]) -> list[Sequence[Any]]:
        """The result's columns, each converted (empty columns for no rows). Taken out of the
        rows column by column (`itemgetter` at C speed: three times faster than `zip(*rows)`
        over 100,000 rows)."""
        raw = self._driver_rows(query)
        columns = []
        for i, convert in enumerate(converters):
            values = list(map(itemgetter(i), raw))
            columns.append(values if convert is None else list(convert(values)))
        return columns

    def fetch(self, query: Any, converters: Iterable[Any]) -> list[Any]:
        """The result's rows, each column converted."""
        convert = list(converters)
        if all(f is None for f in convert):
            return self._driver_rows(query)
        return list(zip(*self.columns(query, convert), strict=True))

    def offenders(self, columns: Iterable[Any]) -> list[Sequence[Any]]:
        """Columns of the offenders in scope, by id."""
        exprs, converters = zip(*(self.column(c) for c in columns), strict=True)
        query = sa.select(*exprs).where(*self.scope).order_by(Offender.id)
        return self.columns(query, converters)

    def rows(
        self,
        columns: Iterable[Any],
        *on: Any,
        order_by: Iterable[Any] = (),
        per_offender: Any | None = None,
        join: tuple[Any, Any] | None = None,
    ) -> list[Sequence[Any]]:
        """Columns (moments as London dates) of the rows of the offenders in scope, by offender
        then `order_by`. The first column is the table's offender id; `on` may refer to
        `offender` and to `per_offender` (see `_per_offender`); `join` adds a table joined to
        the rows."""
        cols = list(columns)
        exprs, converters = zip(*(self.column(c) for c in cols), strict=True)
        table = cols[0].table
        direct = not self.scope or self.id_range is not None
        if direct and per_offender is None and not _on_offender(on):
            # Every offender, or a range of ids: no join with `offender` (each row names one,
            # by foreign key).
            source: Any = table
            by_offender = cols[0]
            where = list(on)
            if self.id_range is not None:
                where.append(cols[0].between(*self.id_range))
        else:
            source = Offender.__table__
            if per_offender is not None:
                source = source.join(per_offender, per_offender.c.offender_id == Offender.id)
            source = source.join(table, sa.and_(cols[0] == Offender.id, *on))
            by_offender = Offender.id
            where = self.scope
        if join is not None:
            source = source.join(*join)
        query = sa.select(*exprs).select_from(source).where(*where)
        return self.columns(query.order_by(by_offender, *order_by), converters)


def _on_offender(conditions: Iterable[Any]) -> bool:
    """Whether any of the conditions reads a column of `offender` (in a correlated subquery
    too)."""
    offender = Offender.__table__
    return any(
        offender in sa.sql.util.find_tables(c, check_columns=True, include_aliases=True)
        for c in conditions
    )


def _by_offender(offender_ids: Sequence[int], items: Iterable[Any]) -> dict[int, tuple[Any, ...]]:
    """The items per offender, in order, given each one's offender id from a result ordered by
    offender (so that each offender's items are one run)."""
    it = iter(items)
    runs = Counter(offender_ids)
    return dict(zip(runs.keys(), map(tuple, map(islice, repeat(it), runs.values())), strict=True))


def _facts(columns: Sequence[Sequence[Any]], fact: Any) -> dict[int, tuple[Any, ...]]:
    """Named tuples `fact` per offender, made from the columns after the offender id, which
    are the fact's fields in order: built at C speed (no per-row Python code)."""
    make = partial(tuple.__new__, fact)
    fields = columns[1 : 1 + len(fact._fields)]
    return _by_offender(columns[0], map(make, zip(*fields, strict=True)))


# --- the reductions, as correlated subqueries on `offender` ----------------------------------


def _per_offender(read: _Reader, name: str, **values: Any) -> Any:
    """A derived table of the offenders in scope with one value per offender, computed once
    each: a correlated subquery inside a join would run once per joined row."""
    table = (
        sa.select(Offender.id.label("offender_id"), *(v.label(k) for k, v in values.items()))
        .where(*read.scope)
        .cte(name)
    )
    return table.prefix_with("MATERIALIZED")


def _last_successful_home_visit(as_of: date) -> Any:
    """The moment of the offender's last successful home visit at the home on or before as_of
    (London)."""
    s = Visit.__table__.alias("last_visit")
    return (
        sa.select(sa.func.max(s.c.occurred_at))
        .where(
            s.c.offender_id == Offender.id,
            *counted_visit_terms(s.c),
            s.c.occurred_at < day_after_in_utc(as_of),
        )
        .scalar_subquery()
    )


def _visits_from_last_success(read: _Reader, as_of: date) -> list[Sequence[Any]]:
    """The columns offender id, London day, kind, outcome and at_home of each recorded visit
    from the offender's last successful home visit at the home on or before as_of (all of them
    if there is none), by offender, oldest first."""
    since = sa.func.coalesce(_last_successful_home_visit(as_of), _BEFORE_ANY)
    columns = (_visit.offender_id, _visit.occurred_at, _visit.kind, _visit.outcome, _visit.at_home)
    order_by = (_visit.occurred_at, _visit.id)
    if not read.postgres:
        # SQLite runs the subquery once per offender, as the lower bound of the index range it
        # reads the offender's visits from.
        return read.rows(columns, _visit.occurred_at >= since, order_by=order_by)
    # PostgreSQL would run the subquery once per visit, or (computed once per offender first)
    # hash-join every visit ever recorded against it: as two LATERAL subqueries it makes one
    # index seek for the bound and one index range scan for the visits, per offender.
    s = Visit.__table__.alias("last_visit")
    bound = (
        sa.select(sa.func.coalesce(sa.func.max(s.c.occurred_at), _BEFORE_ANY).label("since"))
        .where(
            s.c.offender_id == Offender.id,
            *counted_visit_terms(s.c),
            s.c.occurred_at < day_after_in_utc(as_of),
        )
        .lateral("visits_since")
    )
    visits = (
        sa.select(*columns, _visit.id)
        .where(_visit.offender_id == Offender.id, _visit.occurred_at >= bound.c.since)
        # A fence (OFFSET 0): flattened, the planner hash-joined every visit ever recorded
        # against the offenders, even for a chunk of 5,000 of them (0.3 s; 0.07 s fenced).
        .offset(0)
        .lateral("visits")
    )
    exprs, converters = zip(*(read.column(visits.c[c.name]) for c in columns), strict=True)
    query = (
        sa.select(*exprs)
        .select_from(Offender.__table__.join(bound, sa.true()).join(visits, sa.true()))
        .where(*read.scope)
        .order_by(Offender.id, visits.c.occurred_at, visits.c.id)
    )
    return read.columns(query, converters)


def load_visit_facts(session: Session, scope: Scope, as_of: date) -> dict[int, tuple[Any, ...]]:
    """Each offender's visits as the rules read them on as_of (see the module docstring)."""
    return _facts(_visits_from_last_success(_Reader(session, scope), as_of), VisitFact)


def _latest_assessment_days(read: _Reader, as_of: date) -> Any:
    """The day of each offender's latest assessment on or before as_of. Grouped over the
    (offender, assessed_on) index in one pass, which SQLite reads faster than a seek per
    offender."""
    r = RiskAssessment.__table__.alias("assessed")
    query = sa.select(
        r.c.offender_id.label("offender_id"), sa.func.max(r.c.assessed_on).label("day")
    ).where(r.c.assessed_on <= as_of)
    if read.scope:
        query = query.where(r.c.offender_id.in_(sa.select(Offender.id).where(*read.scope)))
    return query.group_by(r.c.offender_id).cte("latest_risk_day").prefix_with("MATERIALIZED")


class _IndexedBy(Alias):
    """A table alias that SQLite reads through the named index only (`INDEXED BY`): used for
    partial indexes, so that a query whose WHERE stops matching the index's is an error, not a
    silent scan. Other databases plan it as a plain alias."""

    inherit_cache = True
    _traverse_internals: ClassVar[Any] = [
        *Alias._traverse_internals,
        ("index", InternalTraversal.dp_string),
    ]
    index: str

    @classmethod
    def of(cls, table: Any, name: str, index: str) -> _IndexedBy:
        alias = cls._construct(table, name=name)
        alias.index = index
        return alias


@compiles(_IndexedBy, "sqlite")
def _sqlite_indexed_by(element: _IndexedBy, compiler: Any, **kw: Any) -> str:
    text = compiler.visit_alias(element, **kw)
    return f"{text} INDEXED BY {element.index}" if kw.get("asfrom") else text


# Migration 0014's partial indexes on notification (offender_id, notified_on), and the terms of
# their WHERE as the queries must write them: literal values in the index's order (a bound
# parameter would not match, on SQLite never, on PostgreSQL not in a generic plan).
CLOCK_INDEX = "ix_notification_clock_on"
TRAVEL_INDEX = "ix_notification_travel_on"
# And on visit (offender_id, planned_for) where occurred_at IS NULL.
PLANNED_INDEX = "ix_visit_planned"


def _is_clock(notes: Any) -> Any:
    return notes.c.kind.in_([sa.literal_column(f"'{kind.value}'") for kind in CLOCK_KINDS])


def _is_travel(notes: Any) -> Any:
    return notes.c.kind == sa.literal_column(f"'{NotificationKind.foreign_travel.value}'")


def _clock_notes(name: str) -> Any:
    return _IndexedBy.of(Notification.__table__, name, CLOCK_INDEX)


def _latest_clock_day(as_of: date) -> Any:
    n = _clock_notes("latest_clock")
    return (
        sa.select(sa.func.max(n.c.notified_on))
        .where(n.c.offender_id == Offender.id, _is_clock(n), n.c.notified_on <= as_of)
        .scalar_subquery()
    )


def _first_clock_day_after_release() -> Any:
    """The first day on or after the latest registration's release with a notification that
    restarts the clock (at any date: the notification period's review date counts from it)."""
    r = Registration.__table__.alias("latest_registration")
    release = (
        sa.select(r.c.release_date)
        .where(r.c.offender_id == Offender.id)
        .order_by(r.c.conviction_date.desc(), r.c.id.desc())
        .limit(1)
        .correlate(Offender)
        .scalar_subquery()
    )
    n = _clock_notes("after_release")
    return (
        sa.select(sa.func.min(n.c.notified_on))
        .where(n.c.offender_id == Offender.id, _is_clock(n), n.c.notified_on >= release)
        .scalar_subquery()
    )


_NOTIFICATION_COLUMNS = (
    "offender_id",
    "kind",
    "notified_on",
    "event_on",
    "change_type",
    "travel_departure_on",
    "travel_short_notice_reason",
    "id",
)


def _notification_rows(read: _Reader, as_of: date) -> list[Sequence[Any]]:
    """The columns offender id, the NotificationFact's fields and id of the notifications the
    rules read (those restarting the clock on the latest such day up to as_of and on the first
    such day after the latest registration's release, and foreign travel), by offender, day and
    id.

    Each day is one seek per offender down the partial index of clock-restarting notifications,
    and that day's notifications one more; foreign travel is read from its own partial index.
    (Over the `(offender_id, kind, notified_on)` index the days took a seek per kind; and on
    SQLite 3.40 with planner statistics, `min()` over it with `kind IN (...)` returned the first
    kind's minimum instead of the least.)"""
    clock = _per_offender(
        read,
        "clock_days",
        latest=_latest_clock_day(as_of),
        after_release=_first_clock_day_after_release(),
    )
    n = _clock_notes("on_clock_day")
    exprs, converters = zip(*(read.column(n.c[c]) for c in _NOTIFICATION_COLUMNS), strict=True)
    on_clock_days = sa.select(*exprs).select_from(
        clock.join(
            n,
            sa.and_(
                n.c.offender_id == clock.c.offender_id,
                _is_clock(n),
                # Both days in one join: a day that is both is read once.
                n.c.notified_on.in_([clock.c.latest, clock.c.after_release]),
            ),
        )
    )
    t = _IndexedBy.of(Notification.__table__, "travel", TRAVEL_INDEX)
    travel_exprs = (read.column(t.c[c])[0] for c in _NOTIFICATION_COLUMNS)
    travel = (
        sa.select(*travel_exprs)
        .select_from(Offender.__table__.join(t, t.c.offender_id == Offender.id))
        .where(_is_travel(t), *read.scope)
    )
    if read.id_range is not None:
        # The range on the notification's own offender id too: on the offender alone,
        # PostgreSQL read every offender's foreign travel for each chunk of a London scan.
        travel = travel.where(t.c.offender_id.between(*read.id_range))
    rows = read.fetch(sa.union_all(on_clock_days, travel), converters)
    rows.sort(key=itemgetter(0, 2, 7))
    return [list(map(itemgetter(i), rows)) for i in range(len(converters))]


def load_offender_facts(
    session: Session,
    scope: Scope,
    as_of: date | None = None,
    offender_ids: Sequence[int] | None = None,
    id_range: tuple[int, int] | None = None,
) -> list[OffenderFacts]:
    """The offenders in scope (with `offender_ids`, only those of them; with `id_range`, only
    those with an id from its first to its last, both included), with what the rules read of
    them on as_of (by default today in London)."""
    day = as_of if as_of is not None else london_today()
    read = _Reader(session, scope, offender_ids, id_range)
    offenders = read.offenders(
        (
            Offender.id,
            Offender.ref,
            Offender.status,
            Offender.borough_id,
            Offender.mappa_category,
            Offender.mappa_level,
            Offender.created_at,
        )
    )
    ids = offenders[0]
    officer_borough: dict[int, int | None] = {}
    left: set[int] = set()  # officers no longer active: they manage no one
    for officer_id, borough_id, active in read.connection.execute(
        sa.select(Officer.id, Officer.borough_id, Officer.active)
    ):
        officer_borough[officer_id] = borough_id
        if not active:
            left.add(officer_id)
    own_borough = dict(zip(ids, offenders[3], strict=True))

    # Assignments: the current manager, and when the offender came into this borough's hands.
    oids, starts, officers, ends = read.rows(
        (Assignment.offender_id, Assignment.start_date, Assignment.officer_id, Assignment.end_date),
        order_by=(Assignment.start_date, Assignment.id),
    )
    # As they stood on `day`: an allocation is in force from its start date until its end date
    # (the next allocation's start), on which it no longer is. The last in force in (start
    # date, id) order is the manager: later ones overwrite earlier. An allocation to an officer
    # who has left (no longer active) leaves the offender unallocated.
    manager = {
        oid: officer
        for oid, start, officer, end in zip(oids, starts, officers, ends, strict=True)
        if start <= day and (end is None or end > day) and officer not in left
    }
    arrived: dict[int, date] = {}
    first = 0
    for oid, count in Counter(oids).items():
        # One assignment is no transfer in: only offenders with several can have arrived. Only
        # allocations started by `day` tell where the offender was managed then.
        if count > 1:
            came = arrival_in_borough(
                [
                    (starts[i], officer_borough.get(officers[i]))
                    for i in range(first, first + count)
                    if starts[i] <= day
                ],
                own_borough.get(oid),
            )
            if came is not None:
                arrived[oid] = came
        first += count

    # The latest registration: the last in (conviction date, id) order overwrites the others.
    registrations = read.rows(
        (
            Registration.offender_id,
            Registration.conviction_date,
            Registration.disposal,
            Registration.sentence_months,
            Registration.age_at_conviction,
            Registration.first_notification_date,
            Registration.release_date,
        ),
        order_by=(Registration.conviction_date, Registration.id),
    )
    registration = dict(
        zip(
            registrations[0],
            starmap(RegistrationFact, zip(*registrations[1:], strict=True)),
            strict=True,
        )
    )
    latest_risk = _latest_assessment_days(read, day)
    risks = _facts(
        read.rows(
            (_risk.offender_id, _risk.assessed_on, _risk.level, _risk.next_review_on),
            _risk.assessed_on == latest_risk.c.day,
            order_by=(_risk.assessed_on, _risk.id),
            per_offender=latest_risk,
        ),
        RiskAssessmentFact,
    )
    plans = _facts(
        read.rows(
            (
                VisitPlanDecision.offender_id,
                VisitPlanDecision.kind,
                VisitPlanDecision.effective_from,
                VisitPlanDecision.interval_days,
                VisitPlanDecision.ended_on,
            ),
            order_by=(VisitPlanDecision.effective_from, VisitPlanDecision.id),
        ),
        PlanFact,
    )
    visits = _facts(_visits_from_last_success(read, day), VisitFact)
    # Through the partial index of visits not recorded (migration 0014), with its term.
    pv = _IndexedBy.of(Visit.__table__, "planned", PLANNED_INDEX)
    planned = _facts(
        read.rows(
            (pv.c.offender_id, pv.c.planned_for),
            pv.c.occurred_at.is_(None),
            pv.c.planned_for.is_not(None),
            order_by=(pv.c.planned_for, pv.c.id),
        ),
        PlannedVisitFact,
    )
    notifications = _facts(_notification_rows(read, day), NotificationFact)
    home_ids, valid_from, valid_to, home_kinds, home_boroughs = read.rows(
        (
            Address.offender_id,
            Address.valid_from,
            Address.valid_to,
            Address.kind,
            Address.borough_id,
        ),
        Address.kind.in_(HOME_KINDS),
        order_by=(Address.valid_from, Address.id),
    )
    no_fixed_abode = map(AddressKind.no_fixed_abode.__eq__, home_kinds)
    homes = _facts(
        (home_ids, valid_from, valid_to, list(no_fixed_abode), home_boroughs), AddressFact
    )
    breaches = _facts(
        read.rows(
            (
                Breach.offender_id,
                Breach.id,
                Breach.found_on,
                Breach.occurred_on,
                Breach.action,
                Breach.action_on,
            ),
            order_by=(Breach.found_on, Breach.id),
        ),
        BreachFact,
    )
    intel_ids, received_on = read.rows(
        (Intelligence.offender_id, Intelligence.received_on),
        Intelligence.is_concern.is_(True),
        order_by=(Intelligence.received_on, Intelligence.id),
    )
    intelligence = _facts((intel_ids, received_on, [True] * len(intel_ids)), IntelligenceFact)
    orders = _facts(
        read.rows(
            (
                Order.offender_id,
                Order.id,
                Order.kind,
                Order.made_on,
                Order.starts_on,
                Order.ends_on,
                Order.status,
            ),
            order_by=(Order.made_on, Order.id),
        ),
        OrderFact,
    )
    case_ids, meeting_refs, levels, held_on, statuses, next_reviews = read.rows(
        (
            MappaCase.offender_id,
            MappaMeeting.ref,
            MappaMeeting.level,
            MappaMeeting.held_at,
            MappaMeeting.status,
            MappaCase.next_review_on,
        ),
        order_by=(MappaMeeting.held_at, MappaMeeting.id),
        join=(MappaMeeting, MappaMeeting.id == MappaCase.meeting_id),
    )
    held = list(map(MeetingStatus.held.__eq__, statuses))
    cases = _facts((case_ids, meeting_refs, levels, held_on, held, next_reviews), MappaCaseFact)

    # Each field as a column over the offenders, looked up at C speed, then the facts made
    # from them (by field name: a field added to OffenderFacts without a column here fails).
    def per_offender(values: dict[int, Any], missing: Any = ()) -> list[Any]:
        return list(map(values.get, ids, repeat(missing)))

    _, refs, statuses, boroughs, categories, mappa_levels, recorded_on = offenders
    fields = {
        "offender_id": ids,
        "ref": refs,
        "status": statuses,
        "borough_id": boroughs,
        "manager_officer_id": per_offender(manager, None),
        "mappa_category": categories,
        "mappa_level": mappa_levels,
        "registration": per_offender(registration, None),
        "arrived_in_borough_on": per_offender(arrived, None),
        "recorded_on": recorded_on,
        "risk_assessments": per_offender(risks),
        "plans": per_offender(plans),
        "visits": per_offender(visits),
        "planned_visits": per_offender(planned),
        "notifications": per_offender(notifications),
        "homes": per_offender(homes),
        "breaches": per_offender(breaches),
        "intelligence": per_offender(intelligence),
        "orders": per_offender(orders),
        "mappa_cases": per_offender(cases),
    }
    columns = [fields.pop(f.name) for f in dataclass_fields(OffenderFacts)]
    if fields:
        raise TypeError(f"not fields of OffenderFacts: {sorted(fields)}")
    return list(starmap(OffenderFacts, zip(*columns, strict=True)))


def load_officer_facts(
    session: Session, scope: Scope, as_of: date | None = None
) -> list[OfficerFacts]:
    """Active officers in scope, with their active caseload on as_of (by default today in
    London): the allocations in force that day of offenders whose status is active."""
    day = as_of if as_of is not None else london_today()
    query = sa.select(
        Officer.id,
        Officer.warrant_number,
        Officer.forenames,
        Officer.surname,
        Officer.borough_id,
        Officer.capacity,
    ).where(Officer.active.is_(True))
    if scope.borough_id is not None:
        query = query.where(Officer.borough_id == scope.borough_id)
    if scope.officer_id is not None:
        query = query.where(Officer.id == scope.officer_id)
    officers = session.execute(query.order_by(Officer.id)).all()
    counts_query = (
        sa.select(Assignment.officer_id, sa.func.count(sa.distinct(Assignment.offender_id)))
        .join(Offender, Offender.id == Assignment.offender_id)
        .where(
            Assignment.start_date <= day,
            sa.or_(Assignment.end_date.is_(None), Assignment.end_date > day),
            Offender.status == OffenderStatus.active,
        )
        .group_by(Assignment.officer_id)
    )
    if scope.officer_id is not None:
        counts_query = counts_query.where(Assignment.officer_id == scope.officer_id)
    counts = dict(session.execute(counts_query).all())
    return [
        OfficerFacts(
            officer_id=o.id,
            warrant_number=o.warrant_number,
            name=f"{o.forenames} {o.surname}",
            borough_id=o.borough_id,
            capacity=o.capacity,
            active_caseload=counts.get(o.id, 0),
        )
        for o in officers
    ]


def _superseded_on(
    held_on: date, offender_ids: list[int], reviews: dict[int, list[date]]
) -> date | None:
    """The day by which every case discussed at a meeting held on `held_on` had been discussed
    again at a held meeting on a later day (None: not every case has been)."""
    if not offender_ids:
        return None
    latest: date | None = None
    for oid in offender_ids:
        days = reviews.get(oid, [])
        i = bisect_right(days, held_on)
        if i == len(days):
            return None
        latest = days[i] if latest is None else max(latest, days[i])
    return latest


def load_meeting_facts(session: Session, scope: Scope) -> list[MeetingFacts]:
    """MAPPA meetings in the borough (an officer's scan covers no meetings: they belong to the
    borough's MAPPA arrangements, not to one officer). Read as plain rows with their moments
    dated in London column by column, like the offenders' facts: every scan loads them all."""
    if scope.officer_id is not None:
        return []
    read = _Reader(session, Scope())

    def rows(columns: Iterable[Any], *where: Any, join: Any = None, order_by: Any = None) -> Any:
        exprs, converters = zip(*(read.column(c) for c in columns), strict=True)
        query = sa.select(*exprs)
        if join is not None:
            query = query.select_from(join)
        query = query.where(*where)
        if order_by is not None:
            query = query.order_by(order_by)
        return read.fetch(query, converters)

    in_borough: list[Any] = []
    meeting_ids: Any | None = None
    if scope.borough_id is not None:
        in_borough.append(MappaMeeting.borough_id == scope.borough_id)
        meeting_ids = select(MappaMeeting.id).where(MappaMeeting.borough_id == scope.borough_id)
    meetings = rows(
        (
            MappaMeeting.id,
            MappaMeeting.ref,
            MappaMeeting.borough_id,
            MappaMeeting.level,
            MappaMeeting.held_at,
            MappaMeeting.status,
        ),
        *in_borough,
        order_by=MappaMeeting.id,
    )

    attendees: dict[int, list[AttendeeFact]] = defaultdict(list)
    of_meetings = [] if meeting_ids is None else [MappaAttendee.meeting_id.in_(meeting_ids)]
    for mid, agency, attended, rank in rows(
        (
            MappaAttendee.meeting_id,
            MappaAttendee.agency,
            MappaAttendee.attended,
            MappaAttendee.rank,
        ),
        *of_meetings,
        order_by=MappaAttendee.id,
    ):
        attendees[mid].append(AttendeeFact(agency, bool(attended), rank))

    children: set[int] = set()
    refs: dict[int, list[str]] = defaultdict(list)
    discussed: dict[int, list[int]] = defaultdict(list)
    of_meetings = [] if meeting_ids is None else [MappaCase.meeting_id.in_(meeting_ids)]
    for mid, at_risk, ref, oid in rows(
        (MappaCase.meeting_id, MappaCase.children_at_risk, Offender.ref, Offender.id),
        *of_meetings,
        join=sa.join(MappaCase, Offender, Offender.id == MappaCase.offender_id),
        order_by=MappaCase.id,
    ):
        refs[mid].append(ref)
        discussed[mid].append(oid)
        if at_risk:
            children.add(mid)

    # Every held meeting (in any borough: an offender may have moved) of the offenders
    # discussed, by London day: a later one supersedes an earlier meeting's attendance.
    of_offenders = (
        []
        if meeting_ids is None
        else [
            MappaCase.offender_id.in_(
                select(MappaCase.offender_id).where(MappaCase.meeting_id.in_(meeting_ids))
            )
        ]
    )
    reviews: dict[int, list[date]] = defaultdict(list)
    for oid, held_on in rows(
        (MappaCase.offender_id, MappaMeeting.held_at),
        MappaMeeting.status == MeetingStatus.held,
        *of_offenders,
        join=sa.join(MappaCase, MappaMeeting, MappaMeeting.id == MappaCase.meeting_id),
    ):
        reviews[oid].append(held_on)
    for days in reviews.values():
        days.sort()

    return [
        MeetingFacts(
            meeting_id=mid,
            ref=ref,
            borough_id=borough_id,
            level=level,
            held_on=held_on,
            held=status == MeetingStatus.held,
            attendees=tuple(attendees.get(mid, ())),
            children_at_risk=mid in children,
            offender_refs=tuple(refs.get(mid, ())),
            superseded_on=_superseded_on(held_on, discussed.get(mid, []), reviews),
        )
        for mid, ref, borough_id, level, held_on, status in meetings
    ]


def load_facts(session: Session, scope: Scope, as_of: date | None = None) -> LoadedFacts:
    """Everything the rules read on as_of (by default today in London), for the scope."""
    without_jit(session)  # whole-table scans: PostgreSQL's JIT would cost more than it saves
    return LoadedFacts(
        offenders=load_offender_facts(session, scope, as_of),
        officers=load_officer_facts(session, scope, as_of),
        meetings=load_meeting_facts(session, scope),
    )
