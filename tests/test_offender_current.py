"""Each offender's stored current values (`OffenderCurrent`, kept by the triggers of migration
0012) are exactly what `services/current.py` derives from history, whatever changes and however
it is written (the services, the models, plain SQL), on both databases; and the caseload's
sorts and filters built on them give what the derivations give."""

from __future__ import annotations

import contextlib
import random
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import factories as f
import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, select

from rsoman.core.demo import generate_demo
from rsoman.core.rules.dates import LONDON, london_today
from rsoman.core.services import scan
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.allocation import reallocate
from rsoman.core.services.current import (
    current_home_sql,
    current_manager_sql,
    current_risk_sql,
    fast_home_id_sql,
    fast_home_sort_sql,
    fast_last_successful_visit_sql,
    fast_manager_names_sql,
    fast_manager_sql,
    fast_next_due_parts,
    fast_open_warnings_sql,
    fast_plan_code_sql,
    fast_risk_sql,
    fast_schedule_start_day_sql,
    home_sort_sql,
    join_current,
    last_successful_visit_sql,
    manager_name_sql,
    next_due_from_parts,
    next_due_parts,
    open_warnings_sql,
    plan_code_sql,
    schedule_start_day_sql,
    without_jit,
)
from rsoman.core.services.errors import ValidationFailed
from rsoman.core.services.offenders import (
    CASELOAD_COLUMNS,
    CaseloadQuery,
    caseload_count,
    caseload_ids,
    search_condition,
)
from rsoman.core.services.policy import current_policy
from rsoman.core.services.visits import VisitInput, correct_visit, record_visit
from rsoman.core.store.enums import (
    AddressKind,
    OffenderStatus,
    PlanKind,
    RiskLevel,
    Role,
    VisitKind,
    VisitOutcome,
)
from rsoman.core.store.models import (
    Address,
    Assignment,
    Borough,
    Offender,
    OffenderAlias,
    OffenderCurrent,
    Officer,
    Registration,
    RiskAssessment,
    Visit,
    VisitPlanDecision,
    Warning,
)

TODAY = london_today()
# Days to derive "current" on: the stored values must serve (or step aside) on each.
DAYS = (
    TODAY - timedelta(days=500),
    TODAY,
    TODAY + timedelta(days=40),
    TODAY + timedelta(days=1000),
)
# Changes are dated within this many days of today: by DAYS[-1] every stored value is settled.
SPREAD = 300


# --- what is compared -----------------------------------------------------------------------


def _pairs(session: Session, day: date) -> dict[str, tuple[Any, Any]]:
    """(stored form, derived form) of each current value on `day`."""
    policy = current_policy(session)
    fast, derived = fast_next_due_parts(session, day), next_due_parts(session, day)
    manager_names = fast_manager_names_sql()
    return {
        "risk": (fast_risk_sql(), current_risk_sql()),
        "last visit": (fast_last_successful_visit_sql(), last_successful_visit_sql()),
        "last visit day": (fast["last"], derived["last"]),
        "manager": (fast_manager_sql(), current_manager_sql()),
        "warnings": (fast_open_warnings_sql(), open_warnings_sql()),
        "home": (fast_home_id_sql(day), current_home_sql(Address.id, day)),
        "home sort": (fast_home_sort_sql(day), home_sort_sql(day)),
        "manager surname": (manager_names[0], manager_name_sql(Officer.surname)),
        "manager forenames": (manager_names[1], manager_name_sql(Officer.forenames)),
        "plan": (fast_plan_code_sql(day), plan_code_sql(day)),
        "start": (fast_schedule_start_day_sql(session, day), schedule_start_day_sql(session, day)),
        "next due": (
            next_due_from_parts(**fast, policy=policy),
            next_due_from_parts(**derived, policy=policy),
        ),
    }


_STATEMENTS: dict[tuple[str, date], tuple[Any, list[str]]] = {}


def _comparison(session: Session, day: date) -> tuple[Any, list[str]]:
    """The statement selecting both forms of every value for every offender (built once per
    database kind and day: building it costs more than running it on a small database)."""
    key = (session.get_bind().dialect.name, day)
    if key not in _STATEMENTS:
        pairs = _pairs(session, day)
        columns = [Offender.id]
        for name, (stored, derived) in pairs.items():
            columns += [stored.label(f"{name} stored"), derived.label(f"{name} derived")]
        _STATEMENTS[key] = (join_current(select(*columns).select_from(Offender)), list(pairs))
    return _STATEMENTS[key]


def differences(session: Session) -> list[str]:
    """Every offender whose stored value (where it serves) differs from the derived one."""
    without_jit(session)  # compiling this query took PostgreSQL seconds
    found: list[str] = []
    offenders = session.execute(select(sa.func.count()).select_from(Offender)).scalar_one()
    rows = session.execute(select(sa.func.count()).select_from(OffenderCurrent)).scalar_one()
    if rows != offenders:
        found.append(f"{rows} stored rows for {offenders} offenders")
    for day in DAYS:
        statement, names = _comparison(session, day)
        for row in session.execute(statement):
            values = row._mapping
            for name in names:
                if values[f"{name} stored"] != values[f"{name} derived"]:
                    found.append(
                        f"offender {row.id} on {day}: {name} stored "
                        f"{values[f'{name} stored']!r}, derived {values[f'{name} derived']!r}"
                    )
    # The stored values must be what serves, not the fall-back: by the last day every change
    # made here has happened.
    if unsettled(session, DAYS[-1]):
        found.append(f"{unsettled(session, DAYS[-1])} rows not settled by {DAYS[-1]}")
    return found


def unsettled(session: Session, day: date) -> int:
    """Offenders for whom some stored value is not yet the current one on `day`."""
    settled = sa.and_(
        # An end date is the last day at an address: the stored home holds from the day after.
        sa.or_(OffenderCurrent.home_settled_on.is_(None), OffenderCurrent.home_settled_on < day),
        sa.or_(OffenderCurrent.plan_settled_on.is_(None), OffenderCurrent.plan_settled_on <= day),
        OffenderCurrent.schedule_start_on <= day,
    )
    return session.execute(
        select(sa.func.count()).select_from(OffenderCurrent).where(~settled)
    ).scalar_one()


def search_differences(session: Session, words: list[str]) -> list[str]:
    found = []
    for word in words:
        hits = {}
        for stored in (True, False):
            condition = search_condition(word, stored=stored)
            assert condition is not None
            statement = join_current(select(Offender.id).select_from(Offender)).where(condition)
            hits[stored] = set(session.execute(statement).scalars())
        if hits[True] != hits[False]:
            found.append(
                f"search {word!r}: stored {sorted(hits[True])}, derived {sorted(hits[False])}"
            )
    return found


# --- a demo caseload, and changes to it -----------------------------------------------------


@pytest.fixture
def demo(engine: Engine) -> Engine:
    with Session(engine) as session:
        generate_demo(session, SYSTEM, offenders=30, seed=5, as_of=TODAY)
        session.commit()
    return engine


def _some(session: Session, model: Any, rng: random.Random) -> Any | None:
    ids = list(session.execute(select(model.id).order_by(model.id)).scalars())
    return session.get(model, rng.choice(ids)) if ids else None


def _day(rng: random.Random) -> date:
    return TODAY + timedelta(days=rng.randint(-SPREAD, SPREAD // 3))


def _past(rng: random.Random) -> date:
    return TODAY - timedelta(days=rng.randint(1, SPREAD))


class Changes:
    """Random changes of every kind a current value is derived from."""

    def __init__(self, session: Session, rng: random.Random, supervisor: Actor) -> None:
        self.session, self.rng, self.supervisor = session, rng, supervisor

    def offender(self) -> Offender:
        row = _some(self.session, Offender, self.rng)
        assert row is not None
        return row

    def sql(self, text: str, **params: Any) -> None:
        self.session.execute(sa.text(text), params)

    # Visits: recorded and corrected through the service, moved and deleted in SQL.
    def record_visit(self) -> None:
        for _ in range(10):
            row = self.offender()
            home = self.session.execute(
                select(Address.id)
                .where(Address.offender_id == row.id, Address.kind == AddressKind.home)
                .order_by(Address.id.desc())
            ).first()
            manager = self.session.execute(
                select(Officer.warrant_number)
                .join(Assignment, Assignment.officer_id == Officer.id)
                .where(Assignment.offender_id == row.id)
            ).first()
            if home and manager and row.borough_id == self.supervisor.borough_id:
                break
        else:
            f.visit(self.session, self.offender(), _past(self.rng))
            return
        outcome = self.rng.choice([VisitOutcome.successful, VisitOutcome.no_reply])
        when = datetime.combine(_past(self.rng), time(self.rng.choice([0, 10, 23]), 30))
        record_visit(
            self.session,
            self.supervisor,
            row.ref,
            VisitInput(when, outcome, (manager[0],), address_id=home[0]),
        )

    def correct_visit(self) -> None:
        visit = (
            self.session.execute(
                select(Visit)
                .join(Offender, Offender.id == Visit.offender_id)
                .where(
                    Offender.borough_id == self.supervisor.borough_id,
                    Visit.kind == VisitKind.home_visit,
                    Visit.occurred_at.is_not(None),
                    Visit.address_id.is_not(None),
                )
                .order_by(Visit.id.desc())
            )
            .scalars()
            .first()
        )
        if visit is None:
            return
        officers = (
            self.session.execute(
                sa.text(
                    "SELECT o.warrant_number FROM visit_officer vo JOIN officer o "
                    "ON o.id = vo.officer_id WHERE vo.visit_id = :v"
                ),
                {"v": visit.id},
            )
            .scalars()
            .all()
        )
        outcome = (
            VisitOutcome.no_reply
            if visit.outcome == VisitOutcome.successful
            else VisitOutcome.successful
        )
        when = datetime.combine(_past(self.rng), time(14)).replace(tzinfo=LONDON)
        correct_visit(
            self.session,
            self.supervisor,
            visit.id,
            VisitInput(when, outcome, tuple(officers) or ("none",), address_id=visit.address_id),
            "entered against the wrong day (test)",
        )

    def change_visit_in_sql(self) -> None:
        visit = _some(self.session, Visit, self.rng)
        if visit is None:
            return
        other = self.offender()
        self.rng.choice(
            [
                lambda: (
                    self.sql("DELETE FROM visit_officer WHERE visit_id = :v", v=visit.id)
                    or self.sql("DELETE FROM visit WHERE id = :v", v=visit.id)
                ),
                lambda: self.sql(
                    "UPDATE visit SET offender_id = :o, address_id = NULL WHERE id = :v",
                    o=other.id,
                    v=visit.id,
                ),
                lambda: self.sql(
                    "UPDATE visit SET kind = 'station_attendance' WHERE id = :v", v=visit.id
                ),
            ]
        )()

    # Risk: assessed (models), corrected and deleted (SQL).
    def risk(self) -> None:
        choice = self.rng.random()
        assessment = _some(self.session, RiskAssessment, self.rng)
        if choice < 0.5 or assessment is None:
            f.assess(
                self.session, self.offender(), self.rng.choice(list(RiskLevel)), on=_past(self.rng)
            )
        elif choice < 0.8:
            self.sql(
                "UPDATE risk_assessment SET level = :l, assessed_on = :d WHERE id = :i",
                l=self.rng.choice(list(RiskLevel)).value,
                d=_past(self.rng),
                i=assessment.id,
            )
        else:
            self.sql("DELETE FROM risk_assessment WHERE id = :i", i=assessment.id)

    # Managers: reallocated through the service; an assignment ended, an officer moved.
    def reallocate(self) -> None:
        mine = (
            self.session.execute(
                select(Offender.ref)
                .where(Offender.borough_id == self.supervisor.borough_id)
                .order_by(Offender.id)
            )
            .scalars()
            .all()
        )
        officers = (
            self.session.execute(
                select(Officer.warrant_number)
                .where(Officer.borough_id == self.supervisor.borough_id)
                .order_by(Officer.id)
            )
            .scalars()
            .all()
        )
        if mine and officers:
            reallocate(
                self.session,
                self.supervisor,
                [self.rng.choice(mine)],
                self.rng.choice(officers),
                reason="workload (test)",
            )

    def end_assignment(self) -> None:
        assignment = _some(self.session, Assignment, self.rng)
        if assignment is not None:
            self.sql(
                "UPDATE assignment SET end_date = :d WHERE id = :i",
                d=_past(self.rng),
                i=assignment.id,
            )

    def move_officer(self) -> None:
        officer = _some(self.session, Officer, self.rng)
        borough = _some(self.session, Borough, self.rng)
        if officer is not None and borough is not None:
            self.sql("UPDATE officer SET borough_id = :b WHERE id = :i", b=borough.id, i=officer.id)

    # The manager's names the caseload sorts by.
    def rename_officer(self) -> None:
        officer = _some(self.session, Officer, self.rng)
        if officer is not None:
            self.sql(
                "UPDATE officer SET surname = :s, forenames = :f WHERE id = :i",
                s=self.rng.choice(["Abney", "Zeller", "McTest"]),
                f=self.rng.choice(["Ola", "Bram"]),
                i=officer.id,
            )

    # A move of borough: the offender's borough changes and an officer there takes them on.
    def move_borough(self) -> None:
        row = self.offender()
        officer = _some(self.session, Officer, self.rng)
        if officer is None:
            return
        self.sql(
            "UPDATE offender SET borough_id = :b WHERE id = :i", b=officer.borough_id, i=row.id
        )
        self.sql(
            "UPDATE assignment SET end_date = :d WHERE offender_id = :i AND end_date IS NULL",
            d=TODAY - timedelta(days=5),
            i=row.id,
        )
        f.assign(self.session, row, officer, on=_day(self.rng), reason="transferred (test)")

    # Homes and plans, some dated in the future.
    def address(self) -> None:
        row = self.offender()
        existing = _some(self.session, Address, self.rng)
        choice = self.rng.random()
        if choice < 0.5 or existing is None:
            kind = self.rng.choice([AddressKind.home, AddressKind.no_fixed_abode, AddressKind.home])
            f.address(
                self.session, row, "1 Test Row (fictional)", kind=kind, valid_from=_day(self.rng)
            )
        elif choice < 0.65:
            self.sql(
                "UPDATE address SET valid_to = :d WHERE id = :i", d=_day(self.rng), i=existing.id
            )
        elif choice < 0.8:
            # The text the caseload sorts by.
            self.sql(
                "UPDATE address SET line1 = :l, town = NULL WHERE id = :i",
                l=f"{self.rng.randint(1, 99)} Renamed Row",
                i=existing.id,
            )
        else:
            self.sql("UPDATE visit SET address_id = NULL WHERE address_id = :i", i=existing.id)
            self.sql("DELETE FROM address WHERE id = :i", i=existing.id)

    def plan(self) -> None:
        row = self.offender()
        officer = _some(self.session, Officer, self.rng)
        existing = _some(self.session, VisitPlanDecision, self.rng)
        choice = self.rng.random()
        if choice < 0.6 or existing is None:
            kind = self.rng.choice(list(PlanKind))
            f.plan(
                self.session,
                row,
                kind,
                officer,
                interval_days=self.rng.choice([28, 60])
                if kind == PlanKind.individual_frequency
                else None,
                effective_from=_day(self.rng),
            )
        elif choice < 0.85:
            self.sql(
                "UPDATE visit_plan_decision SET ended_on = :d WHERE id = :i",
                d=_day(self.rng),
                i=existing.id,
            )
        else:
            self.sql("DELETE FROM visit_plan_decision WHERE id = :i", i=existing.id)

    # The schedule start: a release date moved (into the future, too), a new registration.
    def registration(self) -> None:
        row = self.offender()
        existing = _some(self.session, Registration, self.rng)
        if self.rng.random() < 0.6 and existing is not None:
            self.sql(
                "UPDATE registration SET release_date = :d, first_notification_date = :n "
                "WHERE id = :i",
                d=_day(self.rng),
                n=self.rng.choice([None, _past(self.rng)]),
                i=existing.id,
            )
        else:
            f.offender(self.session, registered_on=_past(self.rng))  # a new offender too
            self.session.add(
                Registration(
                    offender_id=row.id,
                    conviction_date=_past(self.rng),
                    offences="Test offence (fictional)",
                    disposal="community_order",
                    age_at_conviction=30,
                    release_date=_day(self.rng),
                )
            )
            self.session.flush()

    # Names: the quick search's text.
    def names(self) -> None:
        row = self.offender()
        alias = _some(self.session, OffenderAlias, self.rng)
        choice = self.rng.random()
        if choice < 0.3 or alias is None:
            self.session.add(OffenderAlias(offender_id=row.id, surname="Quenby", forenames="Ulric"))
            self.session.flush()
        elif choice < 0.5:
            self.sql("UPDATE offender_alias SET surname = 'Brackley' WHERE id = :i", i=alias.id)
        elif choice < 0.7:
            self.sql("DELETE FROM offender_alias WHERE id = :i", i=alias.id)
        else:
            self.sql(
                "UPDATE offender SET surname = 'Wexcombe', pnc_ref = NULL, visor_ref = 'V-77' "
                "WHERE id = :i",
                i=row.id,
            )

    # Warnings: scanned, acknowledged, resolved and deleted.
    def warnings(self) -> None:
        choice = self.rng.random()
        if choice < 0.4:
            scan.run_scan(
                self.session, SYSTEM, as_of=TODAY + timedelta(days=self.rng.randint(0, 60))
            )
            return
        warning = (
            self.session.execute(
                select(Warning).where(Warning.offender_id.is_not(None)).order_by(Warning.id)
            )
            .scalars()
            .all()
        )
        if not warning:
            return
        chosen = self.rng.choice(warning)
        if choice < 0.7:
            self.sql(
                "UPDATE warning SET state = :s WHERE id = :i",
                s=self.rng.choice(["open", "acknowledged", "resolved"]),
                i=chosen.id,
            )
        else:
            self.sql("DELETE FROM warning_event WHERE warning_id = :i", i=chosen.id)
            self.sql("DELETE FROM warning WHERE id = :i", i=chosen.id)

    def status(self) -> None:
        self.sql(
            "UPDATE offender SET status = :s WHERE id = :i",
            s=self.rng.choice(list(OffenderStatus)).value,
            i=self.offender().id,
        )

    def all(self) -> list[Callable[[], None]]:
        return [
            self.record_visit,
            self.correct_visit,
            self.change_visit_in_sql,
            self.risk,
            self.reallocate,
            self.end_assignment,
            self.move_officer,
            self.rename_officer,
            self.move_borough,
            self.address,
            self.plan,
            self.registration,
            self.names,
            self.warnings,
            self.status,
        ]


def _supervisor(session: Session) -> Actor:
    officer = (
        session.execute(
            select(Officer).where(Officer.team_role == "supervisor").order_by(Officer.id)
        )
        .scalars()
        .first()
    )
    assert officer is not None
    return f.user(session, Role.supervisor, officer)


# --- the tests ------------------------------------------------------------------------------


def test_the_stored_values_are_the_derived_ones_after_random_changes(demo: Engine) -> None:
    rng = random.Random(20261127)
    done: Counter[str] = Counter()
    with Session(demo) as session:
        assert differences(session) == []
        supervisor = _supervisor(session)
        changes = Changes(session, rng, supervisor)
        kinds = changes.all()
        for round_ in range(4):
            for change in kinds + [rng.choice(kinds) for _ in range(6)]:
                # A random pick the services refuse (the offender already has that manager...)
                # writes nothing: pick again next time.
                with contextlib.suppress(ValidationFailed):
                    change()
                    done[change.__name__] += 1
            session.commit()
            assert differences(session) == [], f"after round {round_}"
        words = ["quenby", "ulr", "wexc", "v-77", "brack", "rso-", "a", "e n", "zz%"]
        assert search_differences(session, words) == []
        # Both ways were compared: stored values that serve today, and some dated later.
        assert 0 < unsettled(session, TODAY) < len(session.execute(select(Offender.id)).all())
    # The services' own writes were among them.
    assert done["record_visit"] and done["correct_visit"] and done["reallocate"], done


def test_every_trigger_keeps_its_value(engine: Engine) -> None:
    """One change of each kind, checked at once: each insert, update and delete the triggers
    cover, written with the models or plain SQL."""
    with Session(engine) as session:
        boss = f.officer(session)
        other = f.officer(session, borough_code="westminster")
        row = f.offender(
            session, risk=RiskLevel.low, manager=boss, home="2 Test Row", aliases=(("Ana", "Test"),)
        )
        assert differences(session) == []
        # The comparison finds a stored value that is wrong.
        session.execute(sa.text("UPDATE offender_current SET risk_level = 'high'"))
        assert differences(session) == [
            f"offender {row.id} on {day}: risk stored {RiskLevel.high!r}, derived {RiskLevel.low!r}"
            for day in DAYS
        ]
        session.execute(sa.text("UPDATE offender_current SET risk_level = 'low'"))
        steps: list[Callable[[], Any]] = [
            lambda: f.assess(session, row, RiskLevel.very_high, on=TODAY - timedelta(days=3)),
            lambda: session.execute(
                sa.text(
                    "UPDATE risk_assessment SET assessed_on = :d "
                    "WHERE offender_id = :o AND level = 'very_high'"
                ),
                {"d": TODAY - timedelta(days=2000), "o": row.id},
            ),
            lambda: session.execute(
                sa.text("DELETE FROM risk_assessment WHERE offender_id = :o AND level = 'low'"),
                {"o": row.id},
            ),
            lambda: f.visit(session, row, TODAY - timedelta(days=9)),
            lambda: session.execute(
                sa.text("UPDATE visit SET outcome = 'no_reply' WHERE offender_id = :o"),
                {"o": row.id},
            ),
            lambda: f.visit(session, row, TODAY - timedelta(days=20)),
            lambda: session.execute(
                sa.text("DELETE FROM visit WHERE offender_id = :o AND outcome = 'successful'"),
                {"o": row.id},
            ),
            lambda: f.assign(session, row, other, on=TODAY - timedelta(days=30)),
            lambda: session.execute(
                sa.text("UPDATE officer SET borough_id = :b WHERE id = :i"),
                {"b": boss.borough_id, "i": other.id},
            ),
            lambda: session.execute(
                sa.text("UPDATE offender SET borough_id = :b WHERE id = :i"),
                {"b": f.borough(session, "westminster").id, "i": row.id},
            ),
            lambda: session.execute(
                sa.text("DELETE FROM assignment WHERE officer_id = :i"), {"i": other.id}
            ),
            lambda: f.address(session, row, "3 Later Row", valid_from=TODAY + timedelta(days=10)),
            lambda: session.execute(
                sa.text("UPDATE address SET valid_to = :d WHERE line1 = '2 Test Row'"),
                {"d": TODAY + timedelta(days=10)},
            ),
            lambda: session.execute(sa.text("DELETE FROM address WHERE line1 = '3 Later Row'")),
            lambda: session.execute(
                sa.text("UPDATE address SET line1 = 'Flat 9', line2 = '2 Test Row'")
            ),
            lambda: session.execute(
                sa.text("UPDATE officer SET surname = 'Abbott', forenames = 'Zed' WHERE id = :i"),
                {"i": boss.id},
            ),
            lambda: f.plan(
                session,
                row,
                PlanKind.reactive_management,
                boss,
                effective_from=TODAY + timedelta(days=5),
            ),
            lambda: session.execute(
                sa.text("UPDATE visit_plan_decision SET effective_from = :d"),
                {"d": TODAY - timedelta(days=5)},
            ),
            lambda: session.execute(sa.text("DELETE FROM visit_plan_decision")),
            lambda: session.execute(
                sa.text("UPDATE registration SET release_date = :d WHERE offender_id = :o"),
                {"d": TODAY + timedelta(days=60), "o": row.id},
            ),
            lambda: session.execute(
                sa.text("DELETE FROM registration WHERE offender_id = :o"), {"o": row.id}
            ),
            lambda: session.execute(sa.text("UPDATE offender_alias SET surname = 'Zorrin'")),
            lambda: session.execute(sa.text("DELETE FROM offender_alias")),
            lambda: session.execute(
                sa.text("UPDATE offender SET forenames = 'Renamed', ref = 'RSO-ZZ9' WHERE id = :i"),
                {"i": row.id},
            ),
            lambda: scan.run_scan(session, SYSTEM, as_of=TODAY),
            lambda: session.execute(sa.text("UPDATE warning SET state = 'resolved'")),
        ]
        for number, step in enumerate(steps):
            step()
            session.flush()
            assert differences(session) == [], f"after step {number}"
        assert search_differences(session, ["zorrin", "renamed", "rso-zz9", "ana"]) == []
        # Rows written whole (a restore): the sort keys are derived from the values written.
        values = (
            "offender_id, risk_level, last_home_visit_at, manager_id, open_warnings, "
            "home_address_id, home_settled_on, plan_code, plan_settled_on, schedule_start_on, "
            "search_text"
        )
        session.execute(
            sa.text(f"CREATE TEMP TABLE saved AS SELECT {values} FROM offender_current")
        )
        session.execute(sa.text("DELETE FROM offender_current"))
        session.execute(
            sa.text(f"INSERT INTO offender_current ({values}) SELECT {values} FROM saved")
        )
        session.execute(sa.text("DROP TABLE saved"))
        assert differences(session) == []
        # The row goes with its offender.
        for table in (
            "offender_alias",
            "address",
            "registration",
            "risk_assessment",
            "visit_officer",
            "visit",
            "assignment",
            "warning_event",
            "warning",
        ):
            session.execute(sa.text(f"DELETE FROM {table}"))
        session.execute(sa.text("DELETE FROM offender WHERE id = :i"), {"i": row.id})
        session.flush()
        assert session.get(OffenderCurrent, row.id) is None
        assert differences(session) == []


def test_the_live_warning_count_follows_every_kind_of_write(engine: Engine) -> None:
    """Kept by arithmetic on PostgreSQL (migration 0017), by recounting on SQLite: a bulk
    insert of live and closed rows, a warning moved between offenders, state changes in and out
    of the count and back, a bulk state change, and a delete."""
    with Session(engine) as session:
        boss = f.officer(session)
        a, b = (f.offender(session, manager=boss) for _ in range(2))
        columns = (
            "natural_key, kind, severity, subject_type, offender_id, subject_ref, days_overdue, "
            "explanation, policy_version, state, first_raised_at, last_seen_at"
        )

        def stored(row: Offender) -> int:
            value = session.execute(
                select(OffenderCurrent.open_warnings).where(OffenderCurrent.offender_id == row.id)
            ).scalar_one()
            session.expire_all()
            return value

        session.execute(
            sa.text(
                f"INSERT INTO warning ({columns}) SELECT 'k' || s.n, 'home_visit_overdue', "
                "'urgent', 'offender', :a, 'R', 1, 'x', 1, s.state, :t, :t FROM "
                "(SELECT 1 AS n, 'open' AS state UNION ALL SELECT 2, 'acknowledged' "
                "UNION ALL SELECT 3, 'resolved' UNION ALL SELECT 4, 'open') AS s"
            ),
            {"a": a.id, "t": datetime(2026, 1, 1, 12)},
        )
        assert (stored(a), stored(b)) == (3, 0)
        steps: list[tuple[str, tuple[int, int]]] = [
            ("UPDATE warning SET offender_id = :b WHERE natural_key = 'k1'", (2, 1)),
            ("UPDATE warning SET state = 'resolved' WHERE natural_key = 'k2'", (1, 1)),
            ("UPDATE warning SET state = 'open' WHERE natural_key = 'k3'", (2, 1)),
            ("UPDATE warning SET state = 'acknowledged' WHERE natural_key = 'k3'", (2, 1)),
            (
                "UPDATE warning SET offender_id = :a, state = 'resolved' WHERE natural_key = 'k1'",
                (2, 0),
            ),
            ("UPDATE warning SET state = 'open'", (4, 0)),
            ("DELETE FROM warning WHERE natural_key IN ('k1', 'k4')", (2, 0)),
            ("DELETE FROM warning", (0, 0)),
        ]
        for statement, expected in steps:
            session.execute(sa.text(statement), {"a": a.id, "b": b.id})
            assert (stored(a), stored(b)) == expected, statement
        assert differences(session) == []


def _live_count_trigger(session: Session) -> str | None:
    """SQLite: the stored SQL of the trigger that counts inserted warnings (None elsewhere)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    return session.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
        {"n": scan.LIVE_COUNT_TRIGGER},
    ).scalar_one()


def test_a_scan_raising_many_warnings_at_once_counts_them(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A first scan of a large caseload counts its new warnings once, after inserting them all
    # (on SQLite the row trigger is set aside meanwhile): the same counts, and the trigger is
    # back as it was, for every later insert.
    monkeypatch.setattr(scan, "BULK_INSERTS", 1)
    with Session(demo) as session:
        trigger = _live_count_trigger(session)
        result = scan.run_scan(session, SYSTEM, as_of=TODAY)
        assert result.raised > 0
        assert _live_count_trigger(session) == trigger
        assert differences(session) == []
        session.commit()
        row = session.execute(select(Warning).where(Warning.offender_id.is_not(None))).scalars()
        first = row.first()
        assert first is not None
        session.execute(
            sa.text(
                "INSERT INTO warning (natural_key, kind, severity, subject_type, offender_id, "
                "subject_ref, days_overdue, explanation, policy_version, state, "
                "first_raised_at, last_seen_at) SELECT natural_key || '-copy', kind, severity, "
                "subject_type, offender_id, subject_ref, days_overdue, explanation, "
                "policy_version, state, first_raised_at, last_seen_at FROM warning WHERE id = :i"
            ),
            {"i": first.id},
        )
        assert differences(session) == []


def test_a_scan_failing_while_inserting_warnings_leaves_the_counts_right(
    demo: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever happens while the trigger is set aside, the rows inserted are counted and the
    # trigger is back before the caller decides to roll back (or, wrongly, commit).
    monkeypatch.setattr(scan, "BULK_INSERTS", 1)
    real = scan._insert_rows

    def failing(connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        real(connection, table, rows)
        raise RuntimeError("failing after the insert, as the test asked")

    monkeypatch.setattr(scan, "_insert_rows", failing)
    with Session(demo) as session:
        trigger = _live_count_trigger(session)
        with pytest.raises(RuntimeError, match="as the test asked"):
            scan.run_scan(session, SYSTEM, as_of=TODAY)
        assert session.execute(select(sa.func.count()).select_from(Warning)).scalar_one() > 0
        assert _live_count_trigger(session) == trigger
        assert differences(session) == []


def test_an_offender_without_a_stored_row_is_still_listed_and_sorted(engine: Engine) -> None:
    # The triggers never leave an offender without a row; if one did, the caseload would fall
    # back on the derivations rather than lose the offender.
    with Session(engine) as session:
        boss = f.officer(session)
        central = f.user(session, Role.supervisor, f.officer(session, borough_code="central"))
        rows = [
            f.offender(session, risk=level, manager=boss, home="4 Test Row") for level in RiskLevel
        ]
        f.visit(session, rows[0], TODAY - timedelta(days=3))
        session.execute(
            sa.text("DELETE FROM offender_current WHERE offender_id = :i"), {"i": rows[1].id}
        )
        session.flush()
        assert differences(session) == ["3 stored rows for 4 offenders"]
        for key in CASELOAD_COLUMNS:
            query = CaseloadQuery(scope="london", sort=key)
            assert (
                len(caseload_ids(session, central, query))
                == caseload_count(session, central, query)
                == 4
            )
        assert caseload_ids(
            session, central, CaseloadQuery(scope="london", search=rows[1].surname)
        ) == [rows[1].id]


def test_a_change_dated_in_the_future_is_derived_until_its_day(engine: Engine) -> None:
    with Session(engine) as session:
        boss = f.officer(session)
        row = f.offender(session, risk=RiskLevel.high, manager=boss, home="5 Now Row")
        f.address(session, row, "6 Next Row", valid_from=TODAY + timedelta(days=7))
        f.plan(
            session,
            row,
            PlanKind.individual_frequency,
            boss,
            interval_days=21,
            effective_from=TODAY + timedelta(days=3),
        )
        stored = session.get(OffenderCurrent, row.id)
        assert stored is not None
        session.refresh(stored)
        assert stored.home_settled_on == TODAY + timedelta(days=7)
        assert stored.plan_code == 21 and stored.plan_settled_on == TODAY + timedelta(days=3)

        def home_line(day: date) -> str:
            return session.execute(
                join_current(select(Address.line1).select_from(Offender))
                .join(Address, Address.id == fast_home_id_sql(day))
                .where(Offender.id == row.id)
            ).scalar_one()

        assert home_line(TODAY) == "5 Now Row"
        assert home_line(TODAY + timedelta(days=6)) == "5 Now Row"
        assert home_line(TODAY + timedelta(days=7)) == "6 Next Row"
        assert differences(session) == []


def test_an_address_is_the_home_on_its_last_day_and_not_after(engine: Engine) -> None:
    """An address's end date (`valid_to`) is the last day the offender lived there, as the
    address service records a move (the old home ends the day before the new one starts)
    and the import format says: the caseload shows it as the home that day, the stored value
    and its derivation agree, and from the next day the new home (or none) is shown."""
    last = TODAY + timedelta(days=5)
    with Session(engine) as session:
        moving = f.offender(session, risk=RiskLevel.high, home="7 Old Row")
        old = session.exec(select(Address).where(Address.offender_id == moving.id)).one()
        old.valid_to = last
        f.address(session, moving, "8 New Row", valid_from=last + timedelta(days=1))
        leaving = f.offender(session, risk=RiskLevel.high, home="9 Last Row")
        gone = session.exec(select(Address).where(Address.offender_id == leaving.id)).one()
        gone.valid_to = last
        session.flush()

        def home_line(row: Offender, day: date) -> str | None:
            return session.execute(
                join_current(select(Address.line1).select_from(Offender))
                .outerjoin(Address, Address.id == fast_home_id_sql(day))
                .where(Offender.id == row.id)
            ).scalar_one()

        assert home_line(moving, last) == "7 Old Row"
        assert home_line(moving, last + timedelta(days=1)) == "8 New Row"
        assert home_line(leaving, last) == "9 Last Row"
        assert home_line(leaving, last + timedelta(days=1)) is None
        assert differences(session) == []


def test_the_migration_goes_down_and_up_again(engine: Engine) -> None:
    from alembic import command

    from rsoman.core.store.engine import _alembic_config, current_revision, head_revision

    with Session(engine) as session:
        f.offender(session, risk=RiskLevel.medium)
        session.commit()
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0011")
    assert not sa.inspect(engine).has_table("offender_current")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    assert current_revision(engine) == head_revision()
    with Session(engine) as session:
        # Filled for the offenders already there, and kept from then on.
        assert differences(session) == []
        f.offender(session, risk=RiskLevel.high)
        assert differences(session) == []
