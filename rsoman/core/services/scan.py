"""The scan: the warning rules over the store, kept as warnings with a history.

`run_scan` loads the facts of a scope in bulk, runs the pure rules, and reconciles what they
find with the stored warnings by natural key: new ones are raised, changed ones updated (an
escalation when severity rises), resolved ones found again reopened, and live ones no longer
found resolved. Running it twice changes nothing the second time; two scans never interleave
(a PostgreSQL advisory lock; on SQLite, the database write lock taken at the start).

The scan is incremental. An offender's findings depend only on their facts, the day and the
policy, so an offender evaluated before on the same day under the same policy, with no write
since to any row their facts come from (a counter kept by database triggers, migration 0011),
still has the right warnings and is skipped: only the others are loaded, evaluated and
reconciled. Officers and MAPPA meetings are few and evaluated every time. `full=True` evaluates
everyone in scope.

A new day need not evaluate everyone either. The rules report, with each evaluation, the first
day on which the offender's findings may change other than by the days passing (their horizon,
kept in `offender_scan_state.stable_until`); until then an unchanged offender's stored warnings
are carried forward to the new day (scan_carry.py: days overdue and the count in their words
moved on), unless a fact of theirs is dated since their last scan.

Many offenders to evaluate (a new day, a new policy) are shared, in chunks of ids, with a
helper process when that is safe and pays (`_helper_wanted`, `scan_workers.py`): the findings
come back in chunk order, and everything from them on is done here, as in one process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from operator import attrgetter, itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ..rules.dates import london_today
from ..rules.policy import Policy
from ..rules.warnings import meeting_findings, officer_findings
from ..rules.warnings.facts import MeetingFacts, OffenderFacts, OfficerFacts
from ..rules.warnings.findings import SEVERITY_ORDER, Finding, Severity
from ..store.bulk_copy import copy_rows, each_converted_once, insert_many, update_many
from ..store.engine import engine_key
from ..store.enums import AuditAction, Role
from ..store.locks import SCAN_LOCK, hold_until_commit
from ..store.models import (
    Borough,
    Offender,
    OffenderCurrent,
    OffenderScanState,
    Officer,
    UserAccount,
    Warning,
    WarningEvent,
)
from ..store.models._types import utcnow
from ..store.models.warning import WarningEventKind, WarningState
from . import audit, scan_carry, scan_workers
from .actor import SYSTEM, Actor
from .current import without_jit
from .errors import NotFound, PermissionDenied, Problem, ValidationFailed
from .facts_loader import (
    Scope,
    load_meeting_facts,
    load_offender_facts,
    load_officer_facts,
    scope_conditions,
)
from .offenders import require_offender_access
from .permissions import Action, require
from .policy import current_policy
from .restricted import hide_restricted, sees_restricted
from .scan_workers import ChunkResult, HelperSpec, SharedEvaluation, TargetRow

# Any fixed number, distinct from the audit chain's lock.
SCAN_LOCK_KEY = SCAN_LOCK
LIVE_STATES = (WarningState.open, WarningState.acknowledged)

# A scan that raises this many warnings at once refreshes the table's planner statistics.
ANALYZE_AFTER_INSERTS = 1000
_CHUNK = 500

# Two processes evaluate the offenders when at least this many are to be evaluated. The helper
# is ready to take a chunk about a second after it is started (a new interpreter importing the
# core), by when this process has evaluated about 14,000 offenders on SQLite (70,000 in 5 CPU
# seconds): below this, it would take little or nothing. See `_helper_wanted`.
PARALLEL_MIN = 20_000
# Offenders per chunk shared between the two processes: small enough for a late helper to
# take a fair share, large enough that each chunk's queries cost little beside its rows.
SCAN_CHUNK = 5_000
# The databases on which the scan decides by itself to use the helper: both. On PostgreSQL,
# once each chunk read every table by its own offender_id range and the visits query was
# fenced (a39c5eb), a new day's full scan of 70,000 offenders with the server on the same two
# cores took 6.9 to 7.7 s with the helper against 8.9 to 10.1 s without (six alternating
# pairs, fresh processes). RSOMAN_SCAN_PROCESSES=1 keeps a scan in one process.
PARALLEL_DIALECTS = frozenset({"sqlite", "postgresql"})
# "1" keeps every scan in one process; "2" or more uses the helper whenever it is safe,
# whatever the number of offenders or CPUs. Unset: decided by the scan (see `_helper_wanted`).
PROCESSES_ENV = "RSOMAN_SCAN_PROCESSES"
# Tests only: fields of the helper's `HelperSpec` to replace (a failing chunk, a bad URL).
_HELPER_OVERRIDES: dict[str, Any] = {}


@dataclass(frozen=True)
class WarningRow:
    """A stored warning as the CLI and GUI show it."""

    id: int
    kind: str
    severity: str
    subject_type: str
    subject_ref: str
    owner_warrant: str | None
    owner_name: str | None
    borough_code: str | None
    due_on: date | None
    days_overdue: int
    explanation: str
    policy_version: int
    state: str
    first_raised_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    acknowledgement_reason: str | None


@dataclass(frozen=True)
class ScanResult:
    as_of: date
    policy_version: int
    raised: int
    escalated: int
    updated: int
    reopened: int
    resolved: int
    still_open: int  # live warnings in scope after the scan (open or acknowledged)
    warnings: list[WarningRow]  # empty when asked `with_rows=False`
    # Offenders in scope, those evaluated, and those whose warnings were carried forward to
    # the day (scan_carry.py): the rest had no change since their last scan on this day under
    # this policy.
    offenders_in_scope: int = 0
    offenders_evaluated: int = 0
    offenders_carried: int = 0
    # Of those, evaluated by the helper process, and its CPU seconds (0: one process). How
    # the work was shared, not what was found: the rest of the result is the same either way.
    offenders_by_helper: int = 0
    helper_cpu_seconds: float = 0.0


# ---------------------------------------------------------------------------------------------
# Scope and permission


def _resolve_scope(
    session: Session, actor: Actor, borough_code: str | None, officer_warrant: str | None
) -> tuple[Scope, str]:
    """The scope to scan or list, checked against what the actor may see; and its name."""
    borough_id: int | None = None
    name = "London"
    if borough_code is not None:
        borough = session.exec(select(Borough).where(Borough.code == borough_code)).first()
        if borough is None:
            raise NotFound(f"no borough with code {borough_code!r}")
        if not borough.is_central:  # the central team's code means London-wide
            borough_id, name = borough.id, borough.name
    officer_id: int | None = None
    if officer_warrant is not None:
        officer = session.exec(
            select(Officer).where(Officer.warrant_number == officer_warrant)
        ).first()
        if officer is None:
            raise NotFound(f"no officer with warrant number {officer_warrant!r}")
        if borough_id is not None and officer.borough_id != borough_id:
            raise NotFound(f"officer {officer_warrant} does not work in {name}")
        officer_id = officer.id
        name = f"officer {officer_warrant}"
        _require_view(session, actor, officer.borough_id)
    # A borough user's scan covers their own borough only.
    if borough_id is None and not actor.london_wide:
        borough_id = actor.borough_id
        found = session.get(Borough, borough_id)
        if officer_id is None and found is not None:
            name = found.name
    _require_view(session, actor, borough_id)
    return Scope(borough_id=borough_id, officer_id=officer_id), name


def _require_view(session: Session, actor: Actor, borough_id: int | None) -> None:
    # The scheduler's and worker's scan runs as the system; administrators (who set up, import
    # and export the whole database) may run it by hand too.
    if actor == SYSTEM or actor.role == Role.administrator:
        return
    require(session, actor, Action.view_caseload, borough_id=borough_id)


def _lock(session: Session) -> None:
    """Hold the scan lock until the transaction ends: a second scan waits for this one instead
    of reading the same state and failing on the upsert."""
    hold_until_commit(session, SCAN_LOCK_KEY, "warning")


def _scope_filter(scope: Scope) -> list[Any]:
    """The stored warnings a scan of this scope answers for."""
    conditions: list[Any] = []
    if scope.borough_id is not None:
        conditions.append(Warning.borough_id == scope.borough_id)
    if scope.officer_id is not None:
        conditions.append(
            sa.or_(
                Warning.owner_officer_id == scope.officer_id,
                Warning.officer_id == scope.officer_id,
            )
        )
    return conditions


def _outside_filter(scope: Scope) -> Any | None:
    """The stored warnings outside `_scope_filter` (None: London-wide, nothing is)."""
    conditions: list[Any] = []
    if scope.borough_id is not None:
        conditions.append(Warning.borough_id.is_distinct_from(scope.borough_id))
    if scope.officer_id is not None:
        conditions.append(
            sa.and_(
                Warning.owner_officer_id.is_distinct_from(scope.officer_id),
                Warning.officer_id.is_distinct_from(scope.officer_id),
            )
        )
    return sa.or_(*conditions) if conditions else None


# ---------------------------------------------------------------------------------------------
# The scan


@dataclass(frozen=True)
class _Target:
    """A finding with what the store adds: who must act and where."""

    finding: Finding
    owner_officer_id: int | None
    borough_id: int | None

    def values(self) -> dict[str, Any]:
        f = self.finding
        return {
            "kind": f.kind,
            "severity": Severity(f.severity).value,
            "subject_type": f.subject_type,
            "offender_id": f.subject_id if f.subject_type == "offender" else None,
            "officer_id": f.subject_id if f.subject_type == "officer" else None,
            "meeting_id": f.subject_id if f.subject_type == "meeting" else None,
            "subject_ref": f.subject_ref,
            "owner_officer_id": self.owner_officer_id,
            "borough_id": self.borough_id,
            "due_on": f.due_on,
            "days_overdue": f.days_overdue,
            "explanation": f.explanation,
            "policy_version": f.policy_version,
        }


_COMPARED = (
    "severity",
    "owner_officer_id",
    "borough_id",
    "due_on",
    "days_overdue",
    "explanation",
    "policy_version",
)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small facts are built and their
    findings reconciled: they hold no cycles, and its repeated passes over them would nearly
    double the time of a London scan."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- which offenders to evaluate ----------------------------------------------------------------


@dataclass(frozen=True)
class _Evaluation:
    """Which offenders a scan evaluates, decided before any of their facts is read."""

    in_scope: int
    # The change counter read for each offender to evaluate (0: no state row yet). It is what
    # the scan writes back as evaluated: a write committed by another client meanwhile has
    # moved the counter on, so the offender is still found changed by the next scan.
    counters: dict[int, int]
    # Every offender in scope: the scope's stored warnings are all answered for.
    everyone: bool
    # Those whose stored warnings may be carried forward to the day instead (scan_carry.py):
    # unchanged, under this policy, last brought up to an earlier day, before their horizon.
    # Id: their counter, and that day.
    carry: dict[int, tuple[int, date]]

    def evaluating_too(self, ids: Collection[int]) -> _Evaluation:
        """This evaluation, with these offenders to carry evaluated instead."""
        counters = self.counters | {oid: self.carry[oid][0] for oid in ids}
        carry = {oid: c for oid, c in self.carry.items() if oid not in ids}
        return _Evaluation(self.in_scope, counters, len(counters) >= self.in_scope, carry)


def _may_carry(day: date, policy_key: int | None) -> list[Any]:
    """The terms on `offender_scan_state` under which an offender's stored warnings may be
    carried forward to `day` (scan_carry.py): unchanged since their last scan, under this
    policy, last brought up to an earlier day, their horizon still ahead. (Any of them NULL:
    not.) Read by `_to_evaluate` to choose them and by `_mark_carried` to mark them."""
    c = OffenderScanState.__table__.c
    return [
        c.scanned_changes == c.changes,
        c.scanned_policy == policy_key,
        c.scanned_as_of < day,
        c.stable_until > day,
    ]


def _to_evaluate(
    session: Session, scope: Scope, day: date, policy_key: int | None, full: bool
) -> _Evaluation:
    """The offenders in scope never evaluated, changed since, or last evaluated for another day
    or policy (all of them when `full`, or under a policy known by no stored version); of
    those last brought up to an earlier day, the ones whose horizon is still ahead are to be
    carried forward rather than evaluated."""
    state = OffenderScanState.__table__.c
    conditions = scope_conditions(scope)
    connection = session.connection()
    in_scope = connection.execute(
        sa.select(sa.func.count()).select_from(Offender.__table__).where(*conditions)
    ).scalar_one()
    may_carry = not full and policy_key is not None
    carry_terms = sa.and_(*_may_carry(day, policy_key)) if may_carry else sa.false()
    query = (
        sa.select(Offender.id, state.changes, state.scanned_as_of, carry_terms.label("carry"))
        .select_from(
            Offender.__table__.outerjoin(
                OffenderScanState.__table__, state.offender_id == Offender.id
            )
        )
        .where(*conditions)
    )
    if not full and policy_key is not None:
        query = query.where(
            sa.or_(
                state.offender_id.is_(None),
                state.scanned_changes.is_distinct_from(state.changes),
                state.scanned_as_of.is_distinct_from(day),
                state.scanned_policy.is_distinct_from(policy_key),
            )
        )
    counters: dict[int, int] = {}
    carry: dict[int, tuple[int, date]] = {}
    for oid, changes, since, carried in connection.execute(query).all():
        if carried:  # NULL when a term is: not carried
            carry[oid] = (changes, since)
        else:
            counters[oid] = changes or 0
    return _Evaluation(in_scope, counters, len(counters) >= in_scope, carry)


def _sparse(evaluation: _Evaluation) -> bool:
    """Whether the offenders to evaluate are few enough in their scope to be loaded by id
    lists rather than in one pass over the scope (or over ranges of ids)."""
    return 2 * len(evaluation.counters) < evaluation.in_scope


def _offender_facts(
    session: Session, scope: Scope, day: date, evaluation: _Evaluation
) -> list[OffenderFacts]:
    if evaluation.everyone:
        return load_offender_facts(session, scope, day)
    wanted = evaluation.counters
    if not _sparse(evaluation):
        # Most of the scope: one pass over all of it costs less than a pass per part.
        return [o for o in load_offender_facts(session, scope, day) if o.offender_id in wanted]
    return scan_workers.load_by_ids(session, scope, day, sorted(wanted))


# --- the offenders shared with a helper process (scan_workers.py) ------------------------------


def _nothing_written(session: Session) -> bool:
    """Whether the caller's transaction has written nothing yet. A helper process reads what is
    committed, which is then exactly what this transaction sees (on SQLite once the scan lock
    is held, as no one else can commit); after a write of its own it would not be."""
    if session.new or session.dirty or session.deleted:
        return False  # not yet flushed, but flushed by the scan's first query
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # A transaction has an id only once it has written.
        unwritten = connection.exec_driver_sql("SELECT pg_current_xact_id_if_assigned() IS NULL")
        return bool(unwritten.scalar_one())
    # pysqlite and sqlcipher3 begin a transaction before the first write, not before reads
    # (SQLAlchemy leaves that to them): `in_transaction` is SQLite's own "not autocommit".
    driver = connection.connection.driver_connection
    return not getattr(driver, "in_transaction", True)


def _engine_of(session: Session) -> sa.Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, sa.Connection) else bind


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the CPUs this process may run on
    return os.cpu_count() or 1


def _processes_asked(processes: int | None) -> int | None:
    if processes is not None:
        return processes
    setting = os.environ.get(PROCESSES_ENV, "").strip()
    if not setting:
        return None
    try:
        return int(setting)
    except ValueError:
        return None  # a setting that means nothing decides nothing


def _helper_wanted(
    session: Session, processes: int | None, to_evaluate: int, committed: bool
) -> bool:
    """Whether a helper process evaluates a share of the offenders: when it is safe (the
    caller's transaction has written nothing, and the database is one another process can
    open: a file or a server, not SQLite in memory) and, unless `processes` or
    RSOMAN_SCAN_PROCESSES says, when it pays (at least PARALLEL_MIN offenders to evaluate, two
    CPUs or more, and a database in PARALLEL_DIALECTS)."""
    asked = _processes_asked(processes)
    if asked is not None and asked <= 1:
        return False
    url = _engine_of(session).url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return False
    if not committed:
        return False
    if asked is not None:
        return True
    pays = to_evaluate >= PARALLEL_MIN and _cpus() >= 2
    return pays and url.get_backend_name() in PARALLEL_DIALECTS


@contextmanager
def _shared_offenders(
    session: Session, processes: int | None, committed: bool
) -> Iterator[Callable[[Scope, date, Policy, _Evaluation], SharedEvaluation | None]]:
    """A function that starts sharing the offenders to evaluate with a helper process when
    `_helper_wanted` (None: evaluate them here, as ever); the helper is stopped and joined when
    the block ends."""
    with ExitStack() as stack:

        def start(
            scope: Scope, day: date, policy: Policy, evaluation: _Evaluation
        ) -> SharedEvaluation | None:
            ids = sorted(evaluation.counters)
            chunks = scan_workers.chunks_of(ids, SCAN_CHUNK, everyone=evaluation.everyone)
            if len(chunks) < 2 or not _helper_wanted(session, processes, len(ids), committed):
                return None
            engine = _engine_of(session)
            spec = HelperSpec(
                url=engine.url,  # pickled over the helper's pipe, with any password in it
                key=engine_key(engine) if engine.dialect.name == "sqlite" else None,
                scope=scope,
                day=day,
                policy=policy,
                chunks=tuple(chunks),
                sparse=_sparse(evaluation),
            )
            if _HELPER_OVERRIDES:
                spec = replace(spec, **_HELPER_OVERRIDES)
            return stack.enter_context(scan_workers.shared_evaluation(spec, chunks))

        yield start


_UPSERT_STATE = (
    "INSERT INTO offender_scan_state "
    "(offender_id, changes, scanned_changes, scanned_as_of, scanned_policy, stable_until) "
    "{rows} "
    "ON CONFLICT (offender_id) DO UPDATE SET scanned_changes = excluded.scanned_changes, "
    "scanned_as_of = excluded.scanned_as_of, scanned_policy = excluded.scanned_policy, "
    "stable_until = excluded.stable_until"
)


def _mark_evaluated(
    session: Session,
    marks: dict[int, tuple[int | None, date | None]],
    day: date,
    policy_key: int | None,
) -> None:
    """Note each offender evaluated or carried forward: the counter read before (None:
    evaluate again next time) and their horizon (None: unknown), the day and the policy. The
    counter itself is the triggers' alone."""
    if not marks:
        return
    connection = session.connection()
    postgres = connection.dialect.name == "postgresql"
    # In id order: two transactions locking the same rows take them in the same order.
    ordered = sorted(marks.items())
    if postgres:
        # One statement over arrays: the driver's executemany is a round trip per row. Three
        # integer arrays in binary (%b), the day and policy once, each horizon as days after
        # the day: at 70,000 offenders, dumping six arrays as text (dates among them) took
        # 0.47 s of the client's time, these 0.12 s.
        connection.exec_driver_sql(
            _UPSERT_STATE.format(
                rows="SELECT offender_id, coalesce(counter, 0), counter, %s::date, "
                "%s::integer, %s::date + until FROM unnest(%b::integer[], %b::bigint[], "
                "%b::integer[]) AS marked (offender_id, counter, until)"
            ),
            (
                day,
                policy_key,
                day,
                [oid for oid, _ in ordered],
                [changes for _, (changes, _until) in ordered],
                [None if until is None else (until - day).days for _, (_c, until) in ordered],
            ),
        )
        return
    # The driver's own executemany over plain tuples: a new day writes one row per offender in
    # scope, and SQLAlchemy's handling of each row's parameters would cost more than the
    # upsert itself. SQLite keeps dates as ISO text.
    on = day.isoformat()
    rows = [
        (oid, changes or 0, changes, on, policy_key, until.isoformat() if until else None)
        for oid, (changes, until) in ordered
    ]
    connection.exec_driver_sql(_UPSERT_STATE.format(rows="VALUES (?, ?, ?, ?, ?, ?)"), rows)


def _mark_carried(session: Session, scope: Scope, day: date, policy_key: int | None) -> None:
    """Note the offenders carried forward as brought up to `day` (their counter, policy and
    horizon unchanged), in one UPDATE over the rows that still qualify as they did (unchanged,
    this policy, an earlier day, the horizon ahead): a new day carries tens of thousands, and
    writing them row by row cost more than the rest of the carrying. Those of them evaluated
    instead are marked afterwards by `_mark_evaluated`. On PostgreSQL the rows are locked in id
    order first, as the upsert and the triggers of concurrent writers lock them."""
    state = OffenderScanState.__table__
    c = state.c
    qualify = _may_carry(day, policy_key)
    conditions = scope_conditions(scope)
    if conditions:
        qualify.append(c.offender_id.in_(sa.select(Offender.id).where(*conditions)))
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        locked = sa.select(c.offender_id).where(*qualify).order_by(c.offender_id).with_for_update()
        qualify = [c.offender_id.in_(locked)]
    connection.execute(state.update().where(*qualify).values(scanned_as_of=day))


# --- the rules, and the stored warnings they answer --------------------------------------------


def _other_rules(
    officers: Iterable[OfficerFacts], meetings: Iterable[MeetingFacts], as_of: date, policy: Policy
) -> list[TargetRow]:
    """What the officer and meeting rules find (evaluated by every scan)."""
    rows: list[TargetRow] = []
    for officer in officers:
        for f in officer_findings(officer, as_of, policy):
            rows.append((f, officer.officer_id, officer.borough_id))
    for m in meetings:
        for f in meeting_findings(m, as_of, policy):
            rows.append((f, None, m.borough_id))
    return rows


def _targets(*parts: Iterable[TargetRow]) -> list[_Target]:
    """The targets, one per natural key, in the order found (offenders by id, then officers,
    then meetings): the order new warnings are inserted in, so their ids."""
    targets: dict[str, _Target] = {}
    for rows in parts:
        for finding, owner, borough in rows:
            targets[finding.natural_key] = _Target(finding, owner, borough)
    return list(targets.values())


_STORED = (
    Warning.id,
    Warning.natural_key,
    Warning.state,
    *(getattr(Warning, name) for name in _COMPARED),
)


def _add_found_elsewhere(
    connection: sa.Connection, found: dict[str, Any], keys: Sequence[str]
) -> dict[str, Any]:
    """Add the stored warnings found now that are filed outside the scope (an offender
    transferred from another borough keeps the same natural key), whatever their state."""
    missing = [k for k in keys if k not in found]
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start : start + _CHUNK]
        query = sa.select(*_STORED).where(Warning.natural_key.in_(chunk))
        for row in connection.execute(query).all():
            found[row.natural_key] = row
    return found


def _stored(session: Session, scope: Scope, keys: Sequence[str]) -> dict[str, Any]:
    """Every stored warning of the scope (a scan that evaluated everyone in it answers for them
    all), plus those found now that are filed elsewhere."""
    connection = session.connection()
    within = _scope_filter(scope)
    found = {
        row.natural_key: row
        # Fetched at once: row by row, the fetching costs more than the query.
        for row in connection.execute(sa.select(*_STORED).where(*within)).all()
    }
    if not within:
        return found  # London-wide: every stored warning is in the scope, none elsewhere
    return _add_found_elsewhere(connection, found, keys)


def _stored_for(
    session: Session, scope: Scope, evaluated: Sequence[int], keys: Sequence[str]
) -> dict[str, Any]:
    """The stored warnings a scan that evaluated only some offenders answers for: the live ones
    of the scope about the offenders evaluated, about officers and meetings (evaluated every
    time), and about offenders no longer in the scope (resolved, as a full scan of the scope
    resolves them); plus those found now, wherever filed and whatever their state."""
    connection = session.connection()
    live = [Warning.state.in_(LIVE_STATES), *_scope_filter(scope)]
    others = Warning.offender_id.is_(None)
    conditions = scope_conditions(scope)
    if conditions:
        in_scope = sa.select(Offender.id).where(*conditions)
        others = sa.or_(others, Warning.offender_id.not_in(in_scope))
    found = {
        row.natural_key: row
        for row in connection.execute(sa.select(*_STORED).where(*live, others)).all()
    }
    for start in range(0, len(evaluated), _CHUNK):
        chunk = evaluated[start : start + _CHUNK]
        query = sa.select(*_STORED).where(*live, Warning.offender_id.in_(chunk))
        for row in connection.execute(query).all():
            found[row.natural_key] = row
    return _add_found_elsewhere(connection, found, keys)


def _unsettled(
    session: Session, scope: Scope, evaluated: Sequence[int], seen: Collection[str]
) -> set[int]:
    """Offenders evaluated that keep a live warning this scan did not find and does not answer
    for (filed under another borough or manager before a move or reallocation). Their stored
    warnings are not yet what their facts say: they are evaluated again by the next scan,
    until one whose scope covers that warning resolves it."""
    outside = _outside_filter(scope)
    if outside is None:
        return set()  # London-wide: the scan answers for every warning
    connection = session.connection()
    unsettled: set[int] = set()
    for start in range(0, len(evaluated), _CHUNK):
        chunk = evaluated[start : start + _CHUNK]
        query = sa.select(Warning.offender_id, Warning.natural_key).where(
            Warning.state.in_(LIVE_STATES), Warning.offender_id.in_(chunk), outside
        )
        unsettled.update(oid for oid, key in connection.execute(query) if key not in seen)
    return unsettled


def _update_warnings(connection: sa.Connection, updates: list[dict[str, Any]]) -> None:
    """Update warnings by id, grouped by the columns they set (executemany needs one statement
    shape per batch): a new day updates tens of thousands (days overdue move on). On SQLite
    the driver's own executemany (`bulk_copy.update_many`); elsewhere Core statements, as the
    ORM's bulk update by primary key costs several times as much per row. (On PostgreSQL one
    UPDATE over arrays saved only 10 to 15% of the 1.3 to 1.5 s a new day's 26,000 updates take
    at 70,000 offenders: the server's work is in the rows, not the statements.)"""
    table = Warning.__table__
    by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for u in updates:
        by_shape.setdefault(tuple(sorted(k for k in u if k != "id")), []).append(u)
    sqlite = connection.dialect.name == "sqlite"
    for columns, batch in by_shape.items():
        if sqlite:  # the driver's executemany, as for inserts (see `_insert_rows`)
            update_many(connection, table, "id", columns, batch)
            continue
        statement = (
            table.update()
            .where(table.c.id == sa.bindparam("warning_id"))
            .values({name: sa.bindparam(name) for name in columns})
        )
        connection.execute(
            statement, [{"warning_id": u["id"], **{n: u[n] for n in columns}} for u in batch]
        )


def _insert_rows(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows (every dict with the same keys) the fastest way the database has. On
    PostgreSQL, with one COPY: the driver's executemany sends a statement per row, and each
    fired offender_current's statement-level trigger (migration 0012): a first London scan
    (25,000 warnings) spent three minutes in the server; and a multi-row VALUES costs
    SQLAlchemy a compilation of thousands of parameters per statement.
    On SQLite, whose triggers fire per row whatever the statement, the driver's executemany
    over plain tuples: SQLAlchemy's handling of each row's parameters took 0.3 CPU s of the
    1.2 inserting a first London scan's 25,000 warnings, and most of inserting their events."""
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        copy_rows(connection, table.name, list(rows[0]), rows)
    elif dialect.name == "sqlite":
        insert_many(connection, table, list(rows[0]), rows)
    else:
        connection.execute(sa.insert(table), rows)


# SQLite: offender_current's live-warning count (migration 0012) is kept by a row trigger that
# recounts an offender's live warnings for each warning inserted.
LIVE_COUNT_TRIGGER = "offender_current_warning_insert"
# A scan that inserts at least this many warnings (a first scan, a new policy) counts them into
# offender_current once, after inserting them all, instead (see `_live_counts_after`).
BULK_INSERTS = 1000


@contextmanager
def _live_counts_after(connection: sa.Connection, after_id: int, bulk: bool) -> Iterator[None]:
    """On SQLite, when `bulk`: the warnings inserted in the block (ids above `after_id`) are
    counted into offender_current once, after the block, rather than by LIVE_COUNT_TRIGGER
    once per warning (half the time of inserting a first London scan's 25,000). The trigger is
    dropped and created again as it was stored, inside the scan's transaction: SQLite's schema
    changes are transactional, so no other connection ever sees the table without it, and no
    one else writes meanwhile (the scan holds the write lock)."""
    stored = None
    if bulk and connection.dialect.name == "sqlite":
        stored = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (LIVE_COUNT_TRIGGER,),
        ).scalar()
    if stored is None:  # few rows, or PostgreSQL (whose trigger counts once per statement)
        yield
        return
    connection.exec_driver_sql(f"DROP TRIGGER {LIVE_COUNT_TRIGGER}")
    try:
        yield
    finally:
        # Whatever happened: the rows inserted are counted, and the trigger is back.
        current = OffenderCurrent.__table__
        warning = Warning.__table__
        live = (
            sa.select(sa.func.count())
            .where(
                warning.c.offender_id == current.c.offender_id,
                warning.c.state.in_(LIVE_STATES),
            )
            .scalar_subquery()
        )
        inserted = sa.select(warning.c.offender_id).where(warning.c.id > after_id)
        connection.execute(
            current.update().where(current.c.offender_id.in_(inserted)).values(open_warnings=live)
        )
        connection.exec_driver_sql(stored)


def _new_ids(connection: sa.Connection, after_id: int) -> dict[str, int]:
    """Ids of the warnings inserted since `after_id`, by natural key: under the scan lock only
    this scan inserts warnings, and ids only grow."""
    query = sa.select(Warning.natural_key, Warning.id).where(Warning.id > after_id)
    return {key: warning_id for key, warning_id in connection.execute(query)}


_row_id = attrgetter("id")

# By value: a London list sorts tens of thousands of rows by it.
_RANKS = {s.value: rank for s, rank in SEVERITY_ORDER.items()}


def _severity_rank(value: str) -> int:
    rank = _RANKS.get(value)
    return SEVERITY_ORDER[Severity(value)] if rank is None else rank  # unknown: ValueError


def run_scan(
    session: Session,
    actor: Actor,
    *,
    as_of: date | None = None,
    borough_code: str | None = None,
    officer_warrant: str | None = None,
    policy: Policy | None = None,
    full: bool = False,
    with_rows: bool = True,
    processes: int | None = None,
) -> ScanResult:
    """Scan the scope and reconcile the stored warnings (the caller commits). By default under
    the policy in force (the newest stored version), evaluating only the offenders changed
    since their last evaluation on this day under this policy; `full` evaluates everyone in
    scope. Without `with_rows`, the result counts the live warnings but does not list them.
    `processes`: 1 evaluates the offenders in this process only, 2 (or more) with a helper
    process whenever that is safe, None decides (see `_helper_wanted`)."""
    scope, scope_name = _resolve_scope(session, actor, borough_code, officer_warrant)
    day = as_of or london_today()
    # Before the lock, which itself writes on SQLite: a helper process reads committed data only.
    committed = _nothing_written(session)
    _lock(session)
    # Read under the lock: a policy loaded meanwhile applies from the next scan.
    in_force = current_policy(session)
    policy = policy if policy is not None else in_force
    # Evaluations are noted by policy version, which identifies the numbers only for a stored
    # version: any other policy is evaluated in full and leaves everyone to evaluate again.
    policy_key = policy.version if policy == in_force else None
    now = utcnow()

    # The collector stays paused until the warnings are written: the facts and findings of a
    # London scan are millions of objects, and each of its passes would walk through them all.
    # A helper process, if any, is joined when the block ends: it exits while this one reconciles.
    with _collector_paused(), _shared_offenders(session, processes, committed) as start:
        evaluation = _to_evaluate(session, scope, day, policy_key, full)
        without_jit(session)  # whole-table scans: PostgreSQL's JIT would cost more than it saves
        # Those whose horizon is ahead are carried forward, but for any found to need evaluating.
        carried, back = scan_carry.carry_forward(
            session,
            {oid: since for oid, (_, since) in evaluation.carry.items()},
            day,
            now,
        )
        if back:
            evaluation = evaluation.evaluating_too(back)
        shared = start(scope, day, policy, evaluation)
        # The officers and meetings first, while a helper process starts.
        others = _other_rules(
            load_officer_facts(session, scope, day), load_meeting_facts(session, scope), day, policy
        )
        if shared is None:
            offenders = _offender_facts(session, scope, day, evaluation)
            evaluated = [o.offender_id for o in offenders]
            found, horizons = scan_workers.offender_targets(offenders, day, policy)
            targets = _targets(found, others)
        else:
            sparse = _sparse(evaluation)

            def evaluate(chunk: scan_workers.Chunk) -> ChunkResult:
                return scan_workers.evaluate_chunk(
                    session, scope, day, policy, chunk, sparse=sparse
                )

            chunks = shared.run(evaluate)
            evaluated = [oid for c in chunks for oid in c.evaluated]
            horizons = [h for c in chunks for h in c.horizons]
            targets = _targets(*(c.targets for c in chunks), others)
        keys = [t.finding.natural_key for t in targets]
        if evaluation.everyone:
            stored = _stored(session, scope, keys)
        else:
            stored = _stored_for(session, scope, evaluated, keys)
        unsettled = _unsettled(session, scope, evaluated, set(keys))

        inserts: list[dict[str, Any]] = []
        # The warnings carried forward change as evaluating their offenders would change them.
        updates: list[dict[str, Any]] = list(carried.updates)
        events: list[dict[str, Any]] = []
        escalated = reopened = 0
        updated = len(updates)
        seen: set[str] = set()
        for target in targets:
            key = target.finding.natural_key
            seen.add(key)
            values = target.values()
            row = stored.get(key)
            if row is None:
                inserts.append(
                    {
                        **values,
                        "natural_key": key,
                        "state": WarningState.open,
                        "first_raised_at": now,
                        "last_seen_at": now,
                    }
                )
                continue
            changed = {k: values[k] for k in _COMPARED if getattr(row, k) != values[k]}
            if row.state == WarningState.resolved:
                reopened += 1
                # A new occurrence needs a new answer: the old reason stays in the history.
                changed |= {
                    "state": WarningState.open,
                    "resolved_at": None,
                    "acknowledged_by_user_id": None,
                    "acknowledged_at": None,
                    "acknowledgement_reason": None,
                }
                events.append(_event(row.id, now, WarningEventKind.reopened, values["explanation"]))
            elif "severity" in changed and _severity_rank(values["severity"]) > _severity_rank(
                row.severity
            ):
                escalated += 1
                detail = f"{row.severity} to {values['severity']}: {values['explanation']}"
                events.append(_event(row.id, now, WarningEventKind.escalated, detail))
            if changed:
                # Values come from the rules; offender_id etc. never change under a natural key.
                updates.append({"id": row.id, **changed, "last_seen_at": now})
                updated += 1

        # Every stored row not found now is one the scan answers for (see _stored, _stored_for).
        # In id order, whichever way they were read: the same events, in the same order, as a
        # scan that evaluated everyone (or carried some forward) would write.
        resolutions = sorted(
            (row for key, row in stored.items() if key not in seen and row.state in LIVE_STATES),
            key=_row_id,
        )
        for row in resolutions:
            updates.append(
                {
                    "id": row.id,
                    "state": WarningState.resolved,
                    "resolved_at": now,
                    "last_seen_at": now,
                }
            )
            events.append(
                _event(row.id, now, WarningEventKind.resolved, "no longer found by the scan")
            )

        if inserts:
            # Plain executemany, then the new ids by natural key: SQLAlchemy's sorted RETURNING over
            # many rows grows quadratically on SQLite (minutes at 30,000 warnings).
            connection = session.connection()
            before = connection.execute(sa.select(sa.func.coalesce(sa.func.max(Warning.id), 0)))
            after_id = before.scalar_one()
            with _live_counts_after(connection, after_id, len(inserts) >= BULK_INSERTS):
                _insert_rows(connection, Warning.__table__, inserts)
            new_ids = _new_ids(connection, after_id)
            if len(inserts) >= ANALYZE_AFTER_INSERTS:
                # Fresh statistics after a big first scan, so counts per offender use the
                # offender index (SQLite otherwise chose (state, borough), 300 times slower).
                connection.exec_driver_sql("ANALYZE warning")
            for values in inserts:
                warning_id = new_ids[values["natural_key"]]
                events.append(
                    _event(warning_id, now, WarningEventKind.raised, values["explanation"])
                )
        if updates:
            _update_warnings(session.connection(), updates)
        if events:
            _insert_rows(session.connection(), WarningEvent.__table__, events)
        marks = {
            oid: (None, None)
            if oid in unsettled
            else (evaluation.counters[oid], horizon or scan_carry.NO_HORIZON)
            for oid, horizon in zip(evaluated, horizons, strict=True)
            # One that came into scope after the counters were read is evaluated next time.
            if oid in evaluation.counters
        }
        if carried.offenders:  # first: those of them evaluated instead are marked after
            _mark_carried(session, scope, day, policy_key)
        _mark_evaluated(session, marks, day, policy_key)

    if with_rows:
        # Paused too: a London list is tens of thousands of new rows, beside the scan's own.
        with _collector_paused():
            rows = _list(session, scope, LIVE_STATES, actor=actor)
        still_open = len(rows)
    else:
        rows = []
        still_open = _count(session, scope, LIVE_STATES, actor=actor)
    result = ScanResult(
        as_of=day,
        policy_version=policy.version,
        raised=len(inserts),
        escalated=escalated,
        updated=updated - reopened,
        reopened=reopened,
        resolved=len(resolutions),
        still_open=still_open,
        warnings=rows,
        offenders_in_scope=evaluation.in_scope,
        offenders_evaluated=len(evaluated),
        offenders_carried=len(carried.offenders),
        offenders_by_helper=shared.helper_offenders if shared is not None else 0,
        helper_cpu_seconds=shared.helper_cpu_seconds if shared is not None else 0.0,
    )
    audit.record(
        session,
        actor,
        AuditAction.combination,
        "warning_scan",
        f"warning scan of {scope_name} as of {day.isoformat()} (policy v{policy.version}): "
        f"{result.raised} raised, {result.escalated} escalated, {result.reopened} reopened, "
        f"{result.resolved} resolved, {result.still_open} open; "
        f"{result.offenders_evaluated} of {result.offenders_in_scope} offenders evaluated"
        + (f", {result.offenders_carried} carried forward" if result.offenders_carried else ""),
        object_key=day.isoformat(),
    )
    session.flush()
    return result


def _event(
    warning_id: int,
    at: datetime,
    kind: WarningEventKind,
    detail: str | None,
    user_id: int | None = None,
) -> dict[str, Any]:
    return {"warning_id": warning_id, "at": at, "event": kind, "detail": detail, "user_id": user_id}


# ---------------------------------------------------------------------------------------------
# Reading and answering warnings


def _list(
    session: Session,
    scope: Scope,
    states: Iterable[WarningState],
    warning_id: int | None = None,
    offender_id: int | None = None,
    *,
    actor: Actor | None = None,
) -> list[WarningRow]:
    owner = aliased(Officer)
    # Plain columns, not ORM objects: a London-wide list can hold tens of thousands.
    query = (
        sa.select(
            Warning.id,
            Warning.kind,
            Warning.severity,
            Warning.subject_type,
            Warning.subject_ref,
            owner.warrant_number,
            owner.forenames,
            owner.surname,
            Borough.code,
            Warning.due_on,
            Warning.days_overdue,
            Warning.explanation,
            Warning.policy_version,
            Warning.state,
            Warning.first_raised_at,
            UserAccount.username,
            Warning.acknowledged_at,
            Warning.acknowledgement_reason,
        )
        .outerjoin(owner, owner.id == Warning.owner_officer_id)
        .outerjoin(Borough, Borough.id == Warning.borough_id)
        .outerjoin(UserAccount, UserAccount.id == Warning.acknowledged_by_user_id)
        .where(Warning.state.in_(list(states)), *_scope_filter(scope))
    )
    if warning_id is not None:
        query = query.where(Warning.id == warning_id)
    if offender_id is not None:
        query = query.where(Warning.offender_id == offender_id)
    if actor is not None:
        # Warnings about restricted records are listed only to those granted them.
        hidden = hide_restricted(session, actor, Warning.offender_id)
        if hidden is not None:
            query = query.where(hidden)
    rows = [
        WarningRow(
            id=r[0],
            kind=r[1],
            severity=r[2],
            subject_type=r[3],
            subject_ref=r[4],
            owner_warrant=r[5],
            owner_name=f"{r[6]} {r[7]}" if r[5] else None,
            borough_code=r[8],
            due_on=r[9],
            days_overdue=r[10],
            explanation=r[11],
            policy_version=r[12],
            state=WarningState(r[13]).value,
            first_raised_at=r[14],
            acknowledged_by=r[15],
            acknowledged_at=r[16],
            acknowledgement_reason=r[17],
        )
        for r in _fetched(session.connection(), query)
    ]
    # Most urgent first, then the longest overdue.
    rows.sort(
        key=lambda r: (
            -_severity_rank(r.severity),
            -r.days_overdue,
            r.due_on or date.max,
            r.kind,
            r.subject_ref,
        )
    )
    return rows


def _fetched(connection: sa.Connection, query: Any) -> list[tuple[Any, ...]]:
    """The query's rows (tuples) with the values SQLAlchemy gives, each distinct value of a
    column converted once by its type's result processor: a London list repeats the same few
    moments, dates and states in tens of thousands of rows, and converting every value of
    every row was a third of listing them."""
    dialect = connection.dialect
    result = connection.execute(query)
    try:
        description = result.cursor.description
        raw = result.cursor.fetchall()
    finally:
        result.close()
    columns: list[list[Any]] = []
    for i, column in enumerate(query.selected_columns):
        values = list(map(itemgetter(i), raw))
        convert = column.type.dialect_impl(dialect).result_processor(dialect, description[i][1])
        columns.append(values if convert is None else each_converted_once(convert, values))
    return list(zip(*columns, strict=True))


def _count(session: Session, scope: Scope, states: Iterable[WarningState], *, actor: Actor) -> int:
    """How many warnings `_list` would list (counted in SQL: the scheduled scan needs only the
    number, and a London-wide list is tens of thousands of rows)."""
    query = (
        sa.select(sa.func.count())
        .select_from(Warning)
        .where(Warning.state.in_(list(states)), *_scope_filter(scope))
    )
    hidden = hide_restricted(session, actor, Warning.offender_id)
    if hidden is not None:
        query = query.where(hidden)
    return session.connection().execute(query).scalar_one()


def list_warnings(
    session: Session,
    actor: Actor,
    *,
    borough_code: str | None = None,
    officer_warrant: str | None = None,
    states: Iterable[WarningState] = LIVE_STATES,
    offender_ref: str | None = None,
) -> list[WarningRow]:
    """Stored warnings the actor may see (by default the live ones), most urgent first; with
    `offender_ref`, only that offender's (NotFound for an unknown reference)."""
    if offender_ref is None:
        scope, _name = _resolve_scope(session, actor, borough_code, officer_warrant)
        return _list(session, scope, states, actor=actor)
    offender = session.exec(select(Offender).where(Offender.ref == offender_ref.strip())).first()
    if offender is None:
        raise NotFound(f"no offender with reference {offender_ref!r}")
    _require_view(session, actor, offender.borough_id)
    if offender.restricted and not sees_restricted(session, actor):
        require_offender_access(session, actor, Action.view_record, offender)
    scope, _name = _resolve_scope(session, actor, borough_code, officer_warrant)
    if borough_code is None:
        # The offender's borough is checked above: their warnings are listed wherever they were
        # filed (a warning raised before a transfer keeps its borough until the next scan).
        scope = Scope(officer_id=scope.officer_id)
    return _list(session, scope, states, offender_id=offender.id, actor=actor)


def acknowledge(session: Session, actor: Actor, warning_id: int, reason: str) -> WarningRow:
    """An officer answers a warning with a reason ("visit booked for 3 Mar", "in custody",
    "data wrong"); it stays acknowledged while the scan still finds it."""
    warning = session.get(Warning, warning_id)
    if warning is None:
        raise NotFound(f"no warning {warning_id}")
    require(session, actor, Action.edit_record, borough_id=warning.borough_id)
    text = (reason or "").strip()
    problems: list[Problem] = []
    if not text:
        problems.append(Problem("", "reason", "a reason is required"))
    if warning.state == WarningState.resolved:
        problems.append(Problem("", "state", "this warning is already resolved"))
    if problems:
        raise ValidationFailed(problems)
    if actor.user_id is None:
        raise PermissionDenied("only a signed-in officer may acknowledge a warning")
    now = utcnow()
    warning.state = WarningState.acknowledged
    warning.acknowledged_by_user_id = actor.user_id
    warning.acknowledged_at = now
    warning.acknowledgement_reason = text
    session.add(warning)
    session.add(
        WarningEvent(
            warning_id=warning_id,
            at=now,
            event=WarningEventKind.acknowledged,
            detail=text,
            user_id=actor.user_id,
        )
    )
    audit.record(
        session,
        actor,
        AuditAction.alteration,
        "warning",
        f"acknowledged warning {warning.kind} on {warning.subject_ref}: {text}",
        object_key=str(warning_id),
        offender_id=warning.offender_id,
    )
    session.flush()
    return _list(session, Scope(), (WarningState.acknowledged,), warning_id)[0]


def warning_history(session: Session, actor: Actor, warning_id: int) -> list[dict[str, Any]]:
    """A warning's events, oldest first (who acknowledged it and why, when it was resolved)."""
    warning = session.get(Warning, warning_id)
    if warning is None:
        raise NotFound(f"no warning {warning_id}")
    _require_view(session, actor, warning.borough_id)
    rows = session.execute(
        sa.select(WarningEvent, UserAccount.username)
        .outerjoin(UserAccount, UserAccount.id == WarningEvent.user_id)
        .where(WarningEvent.warning_id == warning_id)
        .order_by(WarningEvent.id)
    ).all()
    return [
        {"at": e.at, "event": WarningEventKind(e.event).value, "detail": e.detail, "by": username}
        for e, username in rows
    ]
