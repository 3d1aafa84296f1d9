"""The demo caseload generator: deterministic, shaped like a real caseload, obviously fictional,
and safe to build on (accounts sign in, later ordinary inserts work on PostgreSQL)."""

from __future__ import annotations

import random
import re
import shutil
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from rsoman.core.demo import DemoSummary, demo_accounts, generate_demo
from rsoman.core.demo.names import is_impossible_postcode
from rsoman.core.demo.photos import placeholder_photos
from rsoman.core.demo.shape import (
    BOROUGH_WEIGHTS,
    MAX_CASELOAD,
    MIN_CASELOAD,
    apportion,
    offender_manager_count,
    plan_offenders,
    sample_risk,
    split_caseload,
)
from rsoman.core.demo.words import COMMON_SURNAMES
from rsoman.core.demo.writer import TABLES
from rsoman.core.services import visit_address
from rsoman.core.services.actor import SYSTEM, Actor, actor_for_username
from rsoman.core.services.audit import verify_chain
from rsoman.core.services.errors import PermissionDenied, ServiceError, ValidationFailed
from rsoman.core.services.users import authenticate
from rsoman.core.store.engine import make_engine, session_scope
from rsoman.core.store.enums import (
    NO_ACCESS_OUTCOMES,
    OffenderStatus,
    RiskLevel,
    Role,
    VisitOutcome,
)
from rsoman.core.store.models import (
    ARMS_FACTORS,
    Address,
    Assignment,
    AuditEntry,
    Borough,
    Breach,
    Intelligence,
    MappaAction,
    MappaAttendee,
    MappaMeeting,
    Notification,
    Offender,
    OffenderPhoto,
    Officer,
    Order,
    Prohibition,
    Registration,
    RiskAssessment,
    RiskManagementPlan,
    UserAccount,
    Vehicle,
    Visit,
    VisitOfficer,
    VisitPlanDecision,
    Ward,
)

AS_OF = date(2026, 11, 27)
PASSWORD = "demo-password-2026"
TARIFF = {"very_high": 30, "high": 91, "medium": 182, "low": 365}
# A real inward code: a digit and two letters from those Royal Mail uses there.
REAL_INWARD = re.compile(r"^\d[ABD-HJLNP-UW-Z]{2}$")


# ------------------------------------------------------------------ a shared demo database


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, DemoSummary]]:
    """One 300-offender demo (with accounts) per database, shared by the read-only checks."""
    admin = name = None
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(str(path))
    else:
        admin, template = request.getfixturevalue("pg_template")
        name = "demo_" + uuid.uuid4().hex[:10]
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
        engine = make_engine(admin.url.set(database=name))
    with session_scope(engine) as session:
        summary = generate_demo(
            session, SYSTEM, offenders=300, seed=11, as_of=AS_OF, password=PASSWORD
        )
    try:
        yield engine, summary
    finally:
        engine.dispose()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def demo_session(demo: tuple[Engine, DemoSummary]) -> Iterator[Session]:
    with Session(demo[0], expire_on_commit=False) as s:
        yield s


def _all(session: Session, statement: object) -> list:
    return list(session.execute(statement).all())  # type: ignore[call-overload]


def test_summary_counts_what_was_written(demo, demo_session):
    _engine, summary = demo
    assert summary.offenders == 300
    assert summary.offenders == demo_session.scalar(select(func.count()).select_from(Offender))
    assert summary.officers == demo_session.scalar(select(func.count()).select_from(Officer))
    assert summary.users == ["admin", "officer", "supervisor", "mappa", "manager"]


def test_each_active_offender_has_exactly_one_current_assignment(demo_session):
    current = Counter(
        oid
        for (oid,) in _all(
            demo_session, select(Assignment.offender_id).where(Assignment.end_date.is_(None))
        )
    )
    active = [
        oid
        for (oid,) in _all(
            demo_session,
            select(Offender.id).where(Offender.status == OffenderStatus.active),
        )
    ]
    assert active
    assert all(current[oid] == 1 for oid in active)
    # Reallocations keep history, with a reason.
    ended = _all(
        demo_session,
        select(Assignment.reason).where(Assignment.end_date.is_not(None)),
    )
    reasons = {r for (r,) in ended}
    assert reasons & {"officer moved team", "caseload balancing", "officer left the Jigsaw unit"}


def _overdue_days(session: Session) -> dict[int, int]:
    """Days past due of each active, routinely visited offender's home visit (tariff or their
    individual frequency from the last successful home visit); only those past due."""
    latest: dict[int, str] = {}
    for oid, level in _all(
        session,
        select(RiskAssessment.offender_id, RiskAssessment.level).order_by(
            RiskAssessment.assessed_on
        ),
    ):
        latest[oid] = str(level)
    plans = {
        oid: (str(kind), interval)
        for oid, kind, interval in _all(
            session,
            select(
                VisitPlanDecision.offender_id,
                VisitPlanDecision.kind,
                VisitPlanDecision.interval_days,
            ),
        )
    }
    last_success = dict(
        _all(
            session,
            select(Visit.offender_id, func.max(Visit.occurred_at))
            .where(Visit.outcome == VisitOutcome.successful)
            .group_by(Visit.offender_id),
        )
    )
    overdue = {}
    for (oid,) in _all(
        session, select(Offender.id).where(Offender.status == OffenderStatus.active)
    ):
        if oid not in latest or oid not in last_success:
            continue
        kind, interval = plans.get(oid, ("tariff", None))
        if kind == "reactive_management":
            continue
        days = interval if kind == "individual_frequency" else TARIFF[latest[oid]]
        due = last_success[oid].date() + timedelta(days=days)
        if due < AS_OF:
            overdue[oid] = (AS_OF - due).days
    return overdue


def test_visits_include_overdue_unsuccessful_and_planned(demo_session):
    outcomes = Counter(
        str(o)
        for (o,) in _all(demo_session, select(Visit.outcome).where(Visit.occurred_at.is_not(None)))
    )
    home = sum(n for o, n in outcomes.items() if o != "attended")
    failed = outcomes["no_reply"] + outcomes["refused_entry"] + outcomes["offender_absent"]
    assert 0.12 < failed / home < 0.30  # about one home visit in five fails
    assert outcomes["attended"] > 0  # station attendances
    overdue = _overdue_days(demo_session)
    assert len(overdue) >= 5
    assert any(days > 60 for days in overdue.values())  # a few by months
    planned = _all(
        demo_session,
        select(Visit.planned_for).where(Visit.occurred_at.is_(None)),
    )
    assert planned
    assert all(AS_OF <= p.date() <= AS_OF + timedelta(days=14) for (p,) in planned)
    # Two officers at every recorded visit, mostly unannounced.
    pairs = Counter(
        vid
        for (vid,) in _all(
            demo_session,
            select(VisitOfficer.visit_id)
            .join(Visit, Visit.id == VisitOfficer.visit_id)
            .where(Visit.occurred_at.is_not(None)),
        )
    )
    assert set(pairs.values()) == {2}
    announced = [
        a for (a,) in _all(demo_session, select(Visit.announced).where(Visit.outcome.is_not(None)))
    ]
    assert sum(announced) / len(announced) < 0.3


def test_some_offenders_end_with_two_failed_attempts_to_gain_entry(demo_session):
    by_offender: dict[int, list[str]] = {}
    for oid, outcome in _all(
        demo_session,
        select(Visit.offender_id, Visit.outcome)
        .where(Visit.occurred_at.is_not(None))
        .order_by(Visit.offender_id, Visit.occurred_at),
    ):
        by_offender.setdefault(oid, []).append(str(outcome))
    no_access = {str(o) for o in NO_ACCESS_OUTCOMES}
    assert any(
        len(seq) >= 2 and seq[-1] in no_access and seq[-2] in no_access
        for seq in by_offender.values()
    )


def test_every_visit_is_marked_at_home_as_its_address_says(demo_session):
    """The demo writes `at_home` itself (in bulk): each visit names the home in force on its
    day, so the services' own derivation changes nothing."""
    ids = [oid for (oid,) in _all(demo_session, select(Offender.id))]
    assert ids
    assert visit_address.refresh(demo_session, ids) == 0
    demo_session.rollback()


def test_orders_quote_prohibitions_in_exact_words(demo_session):
    orders = _all(demo_session, select(Order.id, Order.kind))
    offenders = demo_session.scalar(select(func.count()).select_from(Offender))
    shpo = [oid for oid, kind in orders if str(kind) == "shpo"]
    assert 0.12 < len(shpo) / offenders < 0.30
    counts = Counter(
        order_id
        for (order_id,) in _all(
            demo_session,
            select(Prohibition.order_id).where(Prohibition.is_requirement.is_(False)),
        )
    )
    assert all(2 <= counts[oid] <= 5 for oid in shpo)
    texts = [t for (t,) in _all(demo_session, select(Prohibition.text))]
    assert any(t.startswith("Not to have any unsupervised contact") for t in texts)
    assert all(t.startswith(("Not to ", "To ")) and t.endswith(".") for t in texts)


def test_no_postcode_could_be_a_real_address(demo_session):
    postcodes = [p for (p,) in _all(demo_session, select(Address.postcode)) if p is not None]
    assert postcodes
    for code in postcodes:
        assert is_impossible_postcode(code), code
        assert not REAL_INWARD.match(code.split(" ")[-1]), code
    for (where,) in _all(
        demo_session,
        select(Notification.household_child_address).where(
            Notification.household_child_address.is_not(None)
        ),
    ):
        assert is_impossible_postcode(" ".join(where.split()[-2:])), where


def test_some_offenders_have_no_fixed_abode_and_notify_weekly(demo_session):
    nfa = {
        oid
        for (oid,) in _all(
            demo_session,
            select(Address.offender_id).where(
                Address.kind == "no_fixed_abode", Address.valid_to.is_(None)
            ),
        )
    }
    assert nfa
    weekly = {
        oid
        for (oid,) in _all(
            demo_session,
            select(Notification.offender_id).where(Notification.kind == "weekly_nfa"),
        )
    }
    assert weekly == nfa  # every one notifies weekly, and only they do


def test_current_homes_lie_in_wards_of_their_borough(demo_session):
    wards = dict(_all(demo_session, select(Ward.id, Ward.borough_id)))
    rows = _all(
        demo_session,
        select(Address.borough_id, Address.ward_id).where(
            Address.valid_to.is_(None), Address.kind == "home"
        ),
    )
    assert rows
    for borough_id, ward_id in rows:
        assert ward_id is not None
        assert wards[ward_id] == borough_id


def test_risk_assessments_rate_every_arms_factor(demo_session):
    assessments = demo_session.execute(select(RiskAssessment)).scalars().all()
    assert assessments
    for a in assessments:
        assert all(getattr(a, f"arms_{factor}") is not None for factor in ARMS_FACTORS)
        assert a.static_tool is not None and a.next_review_on is not None
    first = {}
    for a in sorted(assessments, key=lambda a: a.assessed_on):
        first.setdefault(a.offender_id, a.assessed_on)
    registered = dict(
        _all(
            demo_session,
            select(Registration.offender_id, Registration.first_notification_date),
        )
    )
    on_time = [first[o] - registered[o] <= timedelta(days=28) for o in first]
    assert sum(on_time) / len(on_time) > 0.85


def test_records_are_obviously_fictional(demo_session):
    people = _all(demo_session, select(Offender.surname, Offender.description))
    assert all(d.endswith("(fictional demo record)") for _, d in people)
    assert not {s for s, _ in people} & COMMON_SURNAMES
    warrants = [w for (w,) in _all(demo_session, select(Officer.warrant_number))]
    assert len(warrants) == len(set(warrants))
    assert all(w.startswith("DM") for w in warrants)
    assert not {s for (s,) in _all(demo_session, select(Officer.surname))} & COMMON_SURNAMES
    marks = [m for (m,) in _all(demo_session, select(Vehicle.registration_mark))]
    assert marks and all(m.startswith("DM") for m in marks)
    images = [i for (i,) in _all(demo_session, select(OffenderPhoto.image))]
    assert images and all(i.startswith(b"\x89PNG") and len(i) < 4096 for i in images)


def test_breaches_and_intelligence_show_work_to_act_on(demo_session):
    breaches = demo_session.execute(select(Breach)).scalars().all()
    assert any(b.action is not None for b in breaches)
    overdue = [b for b in breaches if b.action is None and AS_OF - b.found_on > timedelta(days=7)]
    assert overdue  # an action decision past its 7 days
    assert all(b.national_ref and b.recorded_nationally_on for b in breaches)
    # A breach is never found before it happened (the importer refuses such rows).
    assert all(b.occurred_on is None or b.occurred_on <= b.found_on for b in breaches)
    concerns: dict[int, list[date]] = {}
    for oid, on in _all(
        demo_session,
        select(Intelligence.offender_id, Intelligence.received_on).where(
            Intelligence.is_concern.is_(True)
        ),
    ):
        concerns.setdefault(oid, []).append(on)
    assert any(
        sum(0 <= (other - first).days <= 90 for other in dates) >= 3
        for dates in concerns.values()
        for first in dates
    )


def test_mappa_cases_have_meetings_plans_and_actions(demo_session):
    levels = Counter(m for (m,) in _all(demo_session, select(Offender.mappa_level)))
    assert levels[1] > 250 and levels[2] + levels[3] > 0
    meetings = _all(demo_session, select(MappaMeeting.id, MappaMeeting.level))
    assert meetings
    police = _all(
        demo_session,
        select(MappaAttendee.rank).where(MappaAttendee.agency == "police"),
    )
    assert police and all(rank is not None for (rank,) in police)
    plan = demo_session.execute(select(RiskManagementPlan)).scalars().first()
    assert plan is not None
    assert all(
        getattr(plan, h)
        for h in (
            "supervision",
            "monitoring_and_control",
            "interventions_and_treatment",
            "victim_safety_planning",
            "contingency",
        )
    )
    actions = demo_session.execute(select(MappaAction)).scalars().all()
    assert actions and all(a.owner_agency and a.due_on for a in actions)


def test_one_audit_entry_summarises_the_generation(demo_session):
    entries = (
        demo_session.execute(select(AuditEntry).where(AuditEntry.object_type == "demo"))
        .scalars()
        .all()
    )
    assert len(entries) == 1
    assert "300 offenders" in entries[0].summary and "seed 11" in entries[0].summary
    assert verify_chain(demo_session) == []


def test_demo_accounts_sign_in_in_the_busiest_borough(demo_session):
    counts = Counter(bid for (bid,) in _all(demo_session, select(Offender.borough_id)))
    names = dict(_all(demo_session, select(Borough.id, Borough.name)))
    busiest = min(counts, key=lambda b: (-counts[b], names[b]))
    expected = {
        "admin": Role.administrator,
        "officer": Role.offender_manager,
        "supervisor": Role.supervisor,
        "mappa": Role.mappa_coordinator,
        "manager": Role.read_only_manager,
    }
    for username, role in expected.items():
        # Argon2id is slow by design: sign in with two; the others share the same password.
        if username in ("admin", "officer"):
            actor = authenticate(demo_session, username, PASSWORD)
        else:
            actor = actor_for_username(demo_session, username)
        assert actor.role == role
        assert actor.borough_id == (None if username == "admin" else busiest)
    officer_id = demo_session.scalar(
        select(UserAccount.officer_id).where(UserAccount.username == "officer")
    )
    caseload = demo_session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.officer_id == officer_id, Assignment.end_date.is_(None))
    )
    assert caseload > 0
    demo_session.rollback()


def test_stored_datetimes_compare_correctly_in_sql(demo_session):
    # SQLite rows are written through the driver: their text must be SQLAlchemy's own format,
    # or comparisons against bound datetimes would silently go wrong.
    times = [t for (t,) in _all(demo_session, select(Visit.occurred_at)) if t is not None]
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
    cut = sorted(times)[len(times) // 2]
    for condition, expected in (
        (Visit.occurred_at < cut, sum(t < cut for t in times)),
        (Visit.occurred_at == cut, sum(t == cut for t in times)),
        (Visit.occurred_at <= cut, sum(t <= cut for t in times)),
    ):
        count = demo_session.scalar(select(func.count()).select_from(Visit).where(condition))
        assert count == expected
    assert demo_session.scalar(
        select(func.count()).select_from(Offender).where(Offender.created_at <= cut)
    ) == sum(c <= cut for (c,) in _all(demo_session, select(Offender.created_at)))
    if demo_session.get_bind().dialect.name == "sqlite":
        raw = demo_session.connection().exec_driver_sql(
            "SELECT occurred_at, created_at FROM visit LIMIT 200"
        )
        for occurred, created in raw:
            for value in (occurred, created):
                assert value is None or re.fullmatch(
                    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", value
                ), value
    born = demo_session.scalar(select(func.min(Offender.date_of_birth)))
    assert isinstance(born, date)
    adults = demo_session.scalar(
        select(func.count())
        .select_from(Offender)
        .where(Offender.date_of_birth <= date(AS_OF.year - 18, AS_OF.month, AS_OF.day))
    )
    assert adults == 300


# ------------------------------------------------------------------ generation itself


def _snapshot(session: Session) -> dict[str, list[tuple]]:
    content = {}
    for model in TABLES:
        table = model.__table__  # type: ignore[attr-defined]
        key = list(table.primary_key.columns)
        content[table.name] = [tuple(r) for r in session.execute(select(table).order_by(*key))]
    return content


def test_same_seed_and_date_give_identical_content(session):
    generate_demo(session, SYSTEM, offenders=120, seed=5, as_of=AS_OF)
    first = _snapshot(session)
    session.rollback()
    generate_demo(session, SYSTEM, offenders=120, seed=5, as_of=AS_OF)
    assert _snapshot(session) == first
    session.rollback()
    generate_demo(session, SYSTEM, offenders=120, seed=6, as_of=AS_OF)
    other = _snapshot(session)
    assert other["offender"] != first["offender"]
    assert other["visit"] != first["visit"]


def test_history_is_built_relative_to_as_of(session):
    generate_demo(session, SYSTEM, offenders=60, seed=5, as_of=date(2020, 6, 1))
    latest = session.scalar(select(func.max(Visit.occurred_at)))
    assert latest is not None and latest.date() <= date(2020, 6, 1)
    assert session.scalar(select(func.max(Registration.first_notification_date))) <= date(
        2020, 6, 1
    )


def test_refuses_a_database_that_already_holds_offenders(session):
    generate_demo(session, SYSTEM, offenders=20, seed=1, as_of=AS_OF)
    session.commit()
    with pytest.raises(ServiceError, match=r"empty database.*20 offenders"):
        generate_demo(session, SYSTEM, offenders=20, seed=2, as_of=AS_OF)


def test_refuses_anyone_but_an_administrator(session):
    officer = Actor(user_id=None, username="dc.someone", role=Role.offender_manager)
    with pytest.raises(PermissionDenied):
        generate_demo(session, officer, offenders=20, seed=1, as_of=AS_OF)
    assert session.scalar(select(func.count()).select_from(Offender)) == 0


def test_bad_input_lists_every_problem(session):
    with pytest.raises(ValidationFailed) as caught:
        generate_demo(session, SYSTEM, offenders=0, seed=1, password="short")
    fields = [p.field for p in caught.value.problems]
    assert "offenders" in fields and "password" in fields
    with pytest.raises(ValidationFailed):
        generate_demo(session, SYSTEM, offenders=70_001, seed=1)


def test_progress_is_reported_up_to_the_total(session):
    calls: list[tuple[int, int]] = []
    generate_demo(
        session,
        SYSTEM,
        offenders=30,
        seed=1,
        as_of=AS_OF,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls[0] == (0, 30) and calls[-1] == (30, 30)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_ordinary_inserts_work_after_generation(engine):
    # On PostgreSQL the explicit ids must not leave the id sequences behind.
    with session_scope(engine) as s:
        generate_demo(s, SYSTEM, offenders=40, seed=3, as_of=AS_OF)
    with session_scope(engine) as s:
        top = s.scalar(select(func.max(Offender.id)))
        borough = s.scalar(select(Borough.id).where(Borough.code == "camden"))
        offender = Offender(
            ref="RSO-NEW-1",
            surname="Quilworth",
            forenames="Test",
            date_of_birth=date(1980, 1, 1),
            sex="male",
            borough_id=borough,
        )
        officer = Officer(
            warrant_number="DMNEW1",
            surname="Braxford",
            forenames="Test",
            rank="dc",
            borough_id=borough,
            team_role="offender_manager",
        )
        s.add_all([offender, officer])
        s.flush()
        visit = Visit(offender_id=offender.id, occurred_at=datetime(2026, 1, 5, 10, tzinfo=UTC))
        meeting = MappaMeeting(
            ref="L2-NEW", borough_id=borough, level=2, held_at=datetime(2026, 1, 5, tzinfo=UTC)
        )
        s.add_all([visit, meeting])
        s.flush()
        assert offender.id is not None and offender.id > top


# ------------------------------------------------------------------ the shape, without a database


def test_risk_mix_is_close_to_the_national_one():
    rng = random.Random(2024)
    counts = Counter(sample_risk(rng) for _ in range(5000))
    share = {level: counts[level] / 5000 for level in RiskLevel}
    assert abs(share[RiskLevel.very_high] - 0.02) < 0.008
    assert abs(share[RiskLevel.high] - 0.18) < 0.02
    assert abs(share[RiskLevel.medium] - 0.30) < 0.025
    assert abs(share[RiskLevel.low] - 0.50) < 0.025
    plans = plan_offenders(random.Random(1), 5000, list(BOROUGH_WEIGHTS))
    planned = Counter(p.risk for p in plans)
    assert abs(planned[RiskLevel.high] / 5000 - 0.18) < 0.02
    status = Counter(p.status for p in plans)
    assert 0.85 < status[OffenderStatus.active] / 5000 < 0.95
    level = Counter(p.mappa_level for p in plans)
    assert 0.03 < level[2] / 5000 < 0.07 and 0.003 < level[3] / 5000 < 0.02


def test_boroughs_are_uneven_and_counts_add_up():
    counts = apportion(70_000, list(BOROUGH_WEIGHTS.values()))
    assert sum(counts) == 70_000
    assert max(counts) > 2 * min(counts)
    plans = plan_offenders(random.Random(3), 1000, list(BOROUGH_WEIGHTS))
    assert len(plans) == 1000 and len({p.borough_code for p in plans}) == 32
    assert any(p.overdue_days > 60 for p in plans)
    assert any(p.no_access_pair for p in plans) and any(p.concern_cluster for p in plans)


@given(active=st.integers(min_value=MIN_CASELOAD, max_value=6000), seed=st.integers(0, 1000))
def test_split_keeps_every_manager_between_40_and_100(active, seed):
    rng = random.Random(seed)
    for target in (55, 92):
        managers = offender_manager_count(active, target)
        loads = split_caseload(rng, active, managers)
        assert sum(loads) == active
        assert all(MIN_CASELOAD <= load <= MAX_CASELOAD for load in loads), (active, loads)


def test_placeholder_photos_are_small_and_varied():
    photos = placeholder_photos()
    assert len(photos) >= 24 and len(set(photos)) == len(photos)
    assert all(p.startswith(b"\x89PNG") and len(p) < 2048 for p in photos)


def test_officers_carry_40_to_100_active_offenders(sqlite_engine):
    with session_scope(sqlite_engine) as s:
        generate_demo(s, SYSTEM, offenders=3000, seed=9, as_of=AS_OF)
    with Session(sqlite_engine) as s:
        loads = [
            n
            for (_, n) in s.execute(
                select(Assignment.officer_id, func.count())
                .join(Offender, Offender.id == Assignment.offender_id)
                .where(Assignment.end_date.is_(None), Offender.status == OffenderStatus.active)
                .group_by(Assignment.officer_id)
            )
        ]
        managers = s.scalar(
            select(func.count())
            .select_from(Officer)
            .where(Officer.team_role == "offender_manager", Officer.active.is_(True))
        )
    assert len(loads) == managers
    assert min(loads) >= 40 and max(loads) <= 100
    loads.sort()
    assert 48 <= loads[len(loads) // 2] <= 62  # mostly 50-60
    assert any(load > 50 for load in loads)  # some above the default capacity


def test_demo_accounts_are_listed_for_the_sign_in_hint(demo_session, session):
    assert demo_accounts(demo_session) == ["admin", "officer", "supervisor", "mappa", "manager"]
    # A database the demo did not fill gives no hint, whatever its account names.
    assert demo_accounts(session) == []
