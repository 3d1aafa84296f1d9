"""The caseload (a filtered, sorted list of offenders) and access to one offender's record.

The caseload must stay fast at national size (70,000 offenders, years of visits), so it is done in
two steps, like Anki's browser: `caseload_ids` filters and sorts in SQL and returns only ids;
`caseload_rows` then builds display rows for one page of ids at a time. What is "current" (risk,
home, last successful visit, manager, next visit due) is derived from history in `current.py`.
Blanks (and "nothing due" under reactive management) sort last in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from ..rules.dates import LONDON, london_today
from ..rules.policy import Policy
from ..store.enums import AuditAction, OffenderStatus, RiskLevel
from ..store.models import (
    Address,
    Assignment,
    Borough,
    Offender,
    OffenderAlias,
    OffenderCurrent,
    Officer,
    Ward,
    Warning,
)
from . import audit
from .actor import Actor
from .current import (
    HOME_KINDS,
    LIVE_WARNING_STATES,
    address_text,
    address_text_sql,
    fast_home_id_sql,
    fast_home_sort_sql,
    fast_last_successful_visit_sql,
    fast_manager_names_sql,
    fast_next_due_parts,
    fast_open_warnings_sql,
    fast_risk_sql,
    join_current,
    load_current,
    next_due_from_parts,
    officer_list_name,
    open_warning_counts,
    risk_rank_sql,
    visit_due,
    without_jit,
)
from .errors import NotFound, PermissionDenied, Problem, ValidationFailed
from .permissions import Action, allowed, require
from .policy import current_policy
from .restricted import restricted_filter, sees_restricted

if TYPE_CHECKING:
    from .offender_record import OffenderRecord

Scope = Literal["mine", "team", "borough", "london"]
E = TypeVar("E")

# Key -> column header, in display order.
CASELOAD_COLUMNS: dict[str, str] = {
    "name": "Name",
    "ref": "Ref",
    "risk_level": "Risk",
    "mappa": "MAPPA",
    "home_address": "Home address",
    "ward": "Ward",
    "last_successful_home_visit": "Last successful home visit",
    "next_visit_due": "Next visit due",
    "open_warnings": "Warnings",
    "offender_manager": "Offender manager",
}


@dataclass(frozen=True)
class CaseloadQuery:
    """Which offenders to list, and in what order.

    Scopes: "mine" = currently assigned to the actor's officer; "team" = to officers of the same
    borough and team (an officer with no team recorded: just their own); "borough" = the actor's
    borough (for a London-wide actor: all of London, unless `borough_code` picks one); "london"
    = London-wide actors only. A borough actor never sees beyond their borough, whatever the scope.
    """

    scope: Scope = "borough"
    # Case-insensitive; every word must match a name, an alias, or a reference.
    search: str = ""
    # Empty means any.
    risk_levels: frozenset[RiskLevel] = frozenset()
    # Empty means any.
    statuses: frozenset[OffenderStatus] = frozenset({OffenderStatus.active})
    # London-wide users may pick a borough; borough users may only name their own.
    borough_code: str | None = None
    sort: str = "name"
    descending: bool = False
    # Column filters (empty or None means any). MAPPA level 0 selects those with no level.
    mappa_levels: frozenset[int] = frozenset()
    # Words to find in the current home address (every word must match).
    address: str = ""
    # Part of the current home ward's name.
    ward: str = ""
    # Part of the current offender manager's name or warrant number.
    manager: str = ""
    # No successful home visit on or after this date (never visited included): "not seen
    # at home since".
    not_visited_since: date | None = None
    # Has a live warning (open or acknowledged, from the last scan) of one of these kinds;
    # {"*"} means any kind.
    warning_kinds: frozenset[str] = frozenset()

    def filter_count(self) -> int:
        """How many column filters are set (for a "3 filters" badge)."""
        return sum(
            bool(v)
            for v in (
                self.risk_levels,
                self.mappa_levels,
                self.address.strip(),
                self.ward.strip(),
                self.manager.strip(),
                self.not_visited_since,
                self.warning_kinds,
            )
        )


@dataclass(frozen=True)
class CaseloadRow:
    id: int
    ref: str
    surname: str
    forenames: str
    aliases: str
    date_of_birth: date
    risk_level: RiskLevel | None
    mappa_category: int | None
    mappa_level: int | None
    status: OffenderStatus
    borough: str
    home_address: str | None
    ward: str | None
    last_successful_home_visit: date | None
    next_visit_due: date | None
    next_visit_basis: str
    open_warnings: int
    offender_manager: str | None


# --- access ---------------------------------------------------------------------------------


def refuse(
    session: Session,
    actor: Actor,
    message: str,
    *,
    object_type: str = "offender",
    object_key: str | None = None,
    offender_id: int | None = None,
) -> PermissionDenied:
    """Log a refusal (in its own transaction, so that it outlives the caller's rollback) and
    return the error to raise."""
    audit.record_independently(
        session,
        actor,
        AuditAction.refusal,
        object_type,
        f"refused: {message}",
        object_key=object_key,
        offender_id=offender_id,
    )
    return PermissionDenied(message)


def require_offender_access(
    session: Session, actor: Actor, action: Action, offender: Offender
) -> None:
    """The actor's role may do `action`, the offender is in a borough the actor may see, and a
    restricted record is seen only with a grant. A refusal is logged with the offender it
    concerns."""
    require(session, actor, action)
    if not allowed(actor, action, borough_id=offender.borough_id):
        raise refuse(
            session,
            actor,
            f"{action.value.replace('_', ' ')} {offender.ref}: that record is outside your borough",
            object_key=offender.ref,
            offender_id=offender.id,
        )
    if offender.restricted and not sees_restricted(session, actor):
        raise refuse(
            session,
            actor,
            f"{action.value.replace('_', ' ')} {offender.ref}: that record is restricted and "
            "you have not been granted access to restricted records",
            object_key=offender.ref,
            offender_id=offender.id,
        )


def entry_of_offender(
    session: Session, actor: Actor, action: Action, model: type[E], entry_id: int, noun: str
) -> tuple[E, Offender]:
    """One entry of an offender's record (a visit, an address...) by id, with its offender,
    once the actor may do `action` to that offender's record (refusals logged). NotFound names
    the entry as `noun` ("no vehicle with id 7")."""
    require(session, actor, action)
    row = session.get(model, entry_id)
    if row is None:
        raise NotFound(f"no {noun} with id {entry_id}")
    offender = session.get(Offender, row.offender_id)  # type: ignore[attr-defined]
    assert offender is not None
    require_offender_access(session, actor, action, offender)
    return row, offender


def find_offender(session: Session, ref: str) -> Offender:
    offender = session.exec(select(Offender).where(Offender.ref == ref.strip())).first()
    if offender is None:
        raise NotFound(f"no offender with reference {ref!r}")
    return offender


# --- SQL building blocks --------------------------------------------------------------------


# From the derived table of the filtered offenders: the sort keys, and what to select from.
SortKeys = Callable[[Any], tuple[list[Any], Any]]


def _sort_parts(
    session: Session, key: str, today: date, policy: Policy
) -> tuple[dict[str, Any], SortKeys]:
    """The columns a sort needs (computed once per offender in a derived table) and how to make
    the sort keys from that table. Names (of wards, officers) are joined on afterwards, by key:
    inside a correlated subquery PostgreSQL scanned the whole small table once per offender.
    Current values come from their stored forms (`current.fast_*`)."""

    def plain(*exprs: Any) -> tuple[dict[str, Any], SortKeys]:
        parts = {f"k{i}": e for i, e in enumerate(exprs)}
        return parts, lambda t: ([t.c[name] for name in parts], t)

    if key == "name":
        return {}, lambda t: ([t.c.surname, t.c.forenames], t)
    if key == "ref":
        return plain(Offender.ref)
    if key == "risk_level":
        return plain(risk_rank_sql(fast_risk_sql()))
    if key == "mappa":
        return plain(Offender.mappa_category, Offender.mappa_level)
    if key == "home_address":
        return plain(fast_home_sort_sql(today))
    if key == "ward":
        return {"home_id": fast_home_id_sql(today)}, lambda t: (
            [sa.func.lower(Ward.name)],
            t.outerjoin(Address, Address.id == t.c.home_id).outerjoin(
                Ward, Ward.id == Address.ward_id
            ),
        )
    if key == "last_successful_home_visit":
        return plain(fast_last_successful_visit_sql())
    if key == "next_visit_due":
        return fast_next_due_parts(session, today), lambda t: (
            [next_due_from_parts(t.c.last, t.c.start, t.c.plan, t.c.risk, policy)],
            t,
        )
    if key == "open_warnings":
        return plain(fast_open_warnings_sql())
    if key == "offender_manager":
        return plain(*fast_manager_names_sql())
    raise ValidationFailed(
        [Problem("", "sort", f"unknown column {key!r}; one of {', '.join(CASELOAD_COLUMNS)}")]
    )


def _like_pattern(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# More different words than this is not a search for a person (a pasted page): refused with a
# problem, rather than sent as a query deeper than SQLite parses (1,000 terms).
MAX_SEARCH_WORDS = 100


def search_words(text: str, field: str = "search") -> list[str]:
    """The words of a search that decide it, lower case: each once, and none that a longer one
    holds (found inside it, it is found with it). Refused beyond MAX_SEARCH_WORDS."""
    words = list(dict.fromkeys(word.lower() for word in text.split()))
    if len(words) <= 10 * MAX_SEARCH_WORDS:
        words = [w for w in words if not any(w != longer and w in longer for longer in words)]
    if len(words) > MAX_SEARCH_WORDS:
        problem = Problem(
            "", field, f"has {len(words)} different words; at most {MAX_SEARCH_WORDS}"
        )
        raise ValidationFailed([problem], str(problem))
    return words


def search_condition(text: str, *, stored: bool = True) -> ColumnElement[bool] | None:
    """Every word of `text` is in a name, an alias or a reference (case-insensitive). Looked
    for in the stored search text (`OffenderCurrent`, joined by `current.join_current`), or
    with `stored=False` in the fields themselves (an offender without a stored row, tests)."""
    words = search_words(text)
    if not words:
        return None
    if "\x00" in text:
        return sa.false()  # no stored text holds a NUL (SQLite would read the pattern up to it)
    conditions = []
    for word in words:
        pattern = _like_pattern(word)

        def matches(column: Any, pattern: str = pattern) -> ColumnElement[bool]:
            return sa.func.lower(column).like(pattern, escape="\\")

        alias = sa.exists().where(
            OffenderAlias.offender_id == Offender.id,
            sa.or_(matches(OffenderAlias.surname), matches(OffenderAlias.forenames)),
        )
        anywhere = sa.or_(
            matches(Offender.surname),
            matches(Offender.forenames),
            matches(Offender.ref),
            matches(Offender.pnc_ref),
            matches(Offender.visor_ref),
            alias,
        )
        if not stored:
            conditions.append(anywhere)
            continue
        # The stored text holds the same fields, lower case, one per line: a word (which holds
        # no white space) is found in it exactly when it is found in one of them, and one LIKE
        # on one column costs a fraction of six (five of them lowered for every offender).
        in_text = OffenderCurrent.search_text.like(pattern, escape="\\")
        conditions.append(
            sa.case((OffenderCurrent.offender_id.is_not(None), in_text), else_=anywhere)
        )
    return sa.and_(*conditions)


def _scope_filters(session: Session, actor: Actor, query: CaseloadQuery) -> list[Any]:
    """Which offenders the query may see. A borough user never sees beyond their borough, and
    restricted records are left out for users without a grant."""
    filters: list[Any] = []
    if actor.borough_id is not None:
        filters.append(Offender.borough_id == actor.borough_id)
    hide_restricted = restricted_filter(session, actor)
    if hide_restricted is not None:
        filters.append(hide_restricted)
    if query.borough_code:
        borough = session.exec(select(Borough).where(Borough.code == query.borough_code)).first()
        if borough is None:
            raise NotFound(f"no borough with code {query.borough_code!r}")
        if not actor.can_see_borough(borough.id):
            raise refuse(
                session,
                actor,
                f"view caseload of {borough.name}: outside your borough",
                object_type="caseload",
                object_key=borough.code,
            )
        filters.append(Offender.borough_id == borough.id)
    if query.scope == "london" and not actor.london_wide:
        raise refuse(
            session,
            actor,
            "view the London-wide caseload: only London-wide users may",
            object_type="caseload",
            object_key="london",
        )
    if query.scope in ("mine", "team"):
        me = session.get(Officer, actor.officer_id) if actor.officer_id else None
        if me is None:
            return [sa.false()]
        officers: Any = [me.id]
        if query.scope == "team" and me.team is not None:
            officers = select(Officer.id).where(
                Officer.borough_id == me.borough_id, Officer.team == me.team
            )
        filters.append(
            Offender.id.in_(
                select(Assignment.offender_id).where(
                    Assignment.officer_id.in_(officers), Assignment.end_date.is_(None)
                )
            )
        )
    elif query.scope not in ("borough", "london"):
        raise ValidationFailed(
            [Problem("", "scope", f"unknown scope {query.scope!r}; mine, team, borough or london")]
        )
    return filters


def _filtered(session: Session, actor: Actor, query: CaseloadQuery, columns: Any) -> Any:
    statement = join_current(select(*columns).select_from(Offender))
    for condition in _scope_filters(session, actor, query):
        statement = statement.where(condition)
    if query.statuses:
        statement = statement.where(Offender.status.in_(sorted(query.statuses)))
    if query.risk_levels:
        statement = statement.where(fast_risk_sql().in_(sorted(query.risk_levels)))
    search = search_condition(query.search)
    if search is not None:
        statement = statement.where(search)
    for condition in _column_filters(query, london_today()):
        statement = statement.where(condition)
    return statement


def _contains_all(column: Any, text: str, field: str) -> ColumnElement[bool] | None:
    words = search_words(text, field)
    if not words:
        return None
    if "\x00" in text:
        return sa.false()  # as in search_condition
    return sa.and_(
        *(sa.func.lower(column).like(_like_pattern(word), escape="\\") for word in words)
    )


def _column_filters(query: CaseloadQuery, today: date) -> list[Any]:
    """The per-column filters: comparisons on a current value, or "id IN (offenders whose
    rows match)"."""
    filters: list[Any] = []
    if query.mappa_levels:
        levels = sorted(level for level in query.mappa_levels if level)
        condition = Offender.mappa_level.in_(levels)
        if 0 in query.mappa_levels:
            condition = sa.or_(condition, Offender.mappa_level.is_(None))
        filters.append(condition)
    # Written as "id IN (offenders whose current home matches)": uncorrelated, so the database
    # runs it once rather than once per offender (the ward filter went from 0.13 s to 2 ms).
    home = (
        Address.kind.in_(HOME_KINDS),
        Address.valid_from <= today,
        sa.or_(Address.valid_to.is_(None), Address.valid_to >= today),
    )
    address = _contains_all(address_text_sql(), query.address, "address")
    if address is not None:
        filters.append(Offender.id.in_(select(Address.offender_id).where(*home, address)))
    ward = _contains_all(Ward.name, query.ward, "ward")
    if ward is not None:
        filters.append(
            Offender.id.in_(
                select(Address.offender_id)
                .join(Ward, Ward.id == Address.ward_id)
                .where(*home, ward)
            )
        )
    manager = _contains_all(
        Officer.forenames + " " + Officer.surname + " " + Officer.warrant_number,
        query.manager,
        "manager",
    )
    if manager is not None:
        filters.append(
            Offender.id.in_(
                select(Assignment.offender_id)
                .join(Officer, Officer.id == Assignment.officer_id)
                .where(Assignment.end_date.is_(None), manager)
            )
        )
    if query.not_visited_since is not None:
        # A London date: visits are stored in UTC, so compare with the start of that day in
        # London. No successful home visit since then: the latest one (if any) is before it.
        since = datetime.combine(query.not_visited_since, time(0), LONDON)
        last = fast_last_successful_visit_sql()
        filters.append(sa.or_(last.is_(None), last < since))
    if query.warning_kinds == frozenset({"*"}):
        filters.append(fast_open_warnings_sql() > 0)
    elif query.warning_kinds:
        live = [Warning.state.in_(LIVE_WARNING_STATES)]
        if "*" not in query.warning_kinds:
            live.append(Warning.kind.in_(sorted(query.warning_kinds)))
        filters.append(Offender.id.in_(select(Warning.offender_id).where(*live)))
    return filters


def caseload_ids(
    session: Session,
    actor: Actor,
    query: CaseloadQuery,
    *,
    policy: Policy | None = None,
    limit: int | None = None,
) -> list[int]:
    """The ids of the offenders the query selects, filtered and sorted in SQL (next-due dates
    by default under the policy in force); only the first `limit` if given."""
    require(session, actor, Action.view_caseload)
    policy = policy if policy is not None else current_policy(session)
    today = london_today()
    parts, make_keys = _sort_parts(session, query.sort, today, policy)
    without_jit(session)
    columns = [
        Offender.id.label("id"),
        sa.func.lower(Offender.surname).label("surname"),
        sa.func.lower(Offender.forenames).label("forenames"),
        *(expr.label(name) for name, expr in parts.items()),
    ]
    # Folded into the query (NOT MATERIALIZED), which then need not write every offender's row
    # to a temporary table before sorting. Every sort's parts are stored columns now, so even
    # the next visit due, whose key reads its parts several times, is cheaper folded (0.07
    # against 0.09 s CPU for London's first page).
    table = (
        _filtered(session, actor, query, columns).cte("caseload").prefix_with("NOT MATERIALIZED")
    )
    keys, source = make_keys(table)
    order: list[Any] = []
    if keys:
        # Blanks last whichever the direction: NULLS LAST rather than a leading "key IS NULL"
        # term, so that the database computes a computed key (the next visit due) once per
        # offender, not twice.
        first, *rest = (key.desc() if query.descending else key.asc() for key in keys)
        order += [first.nulls_last(), *rest]
    order += [table.c.surname, table.c.forenames, table.c.id]
    statement = select(table.c.id).select_from(source).order_by(*order)
    if limit is not None:
        statement = statement.limit(limit)
    # Through the Core connection: the ORM's result processing cost a third again for the
    # 63,000 ids of a London-wide list.
    return list(session.connection().execute(statement).scalars())


def caseload_count(session: Session, actor: Actor, query: CaseloadQuery) -> int:
    require(session, actor, Action.view_caseload)
    statement = _filtered(session, actor, query, [sa.func.count(Offender.id)])
    return int(session.exec(statement).one())


def caseload_rows(
    session: Session,
    actor: Actor,
    ids: Sequence[int],
    *,
    policy: Policy | None = None,
) -> list[CaseloadRow]:
    """Display rows for these offenders, in the order given (ids no longer present are
    skipped)."""
    require(session, actor, Action.view_caseload)
    ids = list(ids)
    if not ids:
        return []
    policy = policy if policy is not None else current_policy(session)
    today = london_today()
    found = session.exec(
        select(Offender, Borough.name)
        .join(Borough, Borough.id == Offender.borough_id)
        .where(Offender.id.in_(ids))
    ).all()
    by_id = {offender.id: (offender, borough) for offender, borough in found}
    for offender, _ in by_id.values():
        # Ids handed in directly must not reach what the caseload query would hide.
        if not actor.can_see_borough(offender.borough_id) or offender.restricted:
            require_offender_access(session, actor, Action.view_caseload, offender)
    current = load_current(session, ids, today)
    warnings = open_warning_counts(session, ids)
    aliases: dict[int, list[str]] = {}
    for alias in session.exec(
        select(OffenderAlias)
        .where(OffenderAlias.offender_id.in_(ids))
        .order_by(OffenderAlias.offender_id, OffenderAlias.id)
    ):
        aliases.setdefault(alias.offender_id, []).append(
            f"{alias.forenames} {alias.surname}".strip()
        )
    officer_ids = {a.officer_id for a in current.assignment.values()}
    officers = {o.id: o for o in session.exec(select(Officer).where(Officer.id.in_(officer_ids)))}
    ward_ids = {a.ward_id for a in current.home.values() if a.ward_id is not None}
    wards = dict(session.exec(select(Ward.id, Ward.name).where(Ward.id.in_(ward_ids))).all())
    rows = []
    for offender_id in ids:
        if offender_id not in by_id:
            continue
        offender, borough = by_id[offender_id]
        risk, last, due = visit_due(offender, current, policy)
        home = current.home.get(offender_id)
        assignment = current.assignment.get(offender_id)
        rows.append(
            CaseloadRow(
                id=offender_id,
                ref=offender.ref,
                surname=offender.surname,
                forenames=offender.forenames,
                aliases="; ".join(aliases.get(offender_id, [])),
                date_of_birth=offender.date_of_birth,
                risk_level=risk,
                mappa_category=offender.mappa_category,
                mappa_level=offender.mappa_level,
                status=OffenderStatus(offender.status),
                borough=borough,
                home_address=address_text(home) if home else None,
                ward=wards.get(home.ward_id) if home and home.ward_id else None,
                last_successful_home_visit=last,
                next_visit_due=due.due_on if due else None,
                next_visit_basis=due.basis if due else "reactive management: no routine visits",
                open_warnings=warnings.get(offender_id, 0),
                offender_manager=(
                    officer_list_name(officers[assignment.officer_id]) if assignment else None
                ),
            )
        )
    return rows


def get_record(
    session: Session,
    actor: Actor,
    ref: str,
    *,
    justification: str | None = None,
    policy: Policy | None = None,
) -> OffenderRecord:
    """The whole record of one offender. Every read is logged as a consultation (DPA 2018 s.62),
    with the justification given."""
    require(session, actor, Action.view_record)
    offender = find_offender(session, ref)
    require_offender_access(session, actor, Action.view_record, offender)
    policy = policy if policy is not None else current_policy(session)
    # Imported here: the record's many dataclasses are not needed to start the app.
    from .offender_record import build_record

    record = build_record(session, offender, policy)
    audit.record(
        session,
        actor,
        AuditAction.consultation,
        "offender",
        f"viewed the record of {offender.ref}",
        object_key=offender.ref,
        offender_id=offender.id,
        justification=(justification or "").strip() or None,
    )
    return record
