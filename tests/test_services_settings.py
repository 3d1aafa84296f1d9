"""Force settings: defaults, the ranges an administrator may set (with boundaries), every problem
listed at once, old -> new in the audit log, policy numbers as new policy versions, and the
borough/ward list (a ward that addresses name is retired, never deleted)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import factories as f
import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import select

from rsoman.core.jobs import SCHEDULE, add_scan_jobs, describe_schedule, schedule_for
from rsoman.core.rules.dates import LONDON
from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.packs.briefing import gather_briefing
from rsoman.core.services.policy import current_policy, list_policies
from rsoman.core.services.settings import (
    add_ward,
    briefing_contact_for,
    get_settings,
    list_wards,
    rename_borough,
    rename_ward,
    retire_ward,
    retired_ward_ids,
    update_settings,
)
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import Role
from rsoman.core.store.models import AuditEntry, Borough, ForceSetting, Ward

REASON = "Force review, November"


@pytest.fixture
def admin(session):
    return f.user(session, Role.administrator, username="settingsadmin")


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


def _entries(session, object_type: str) -> list[AuditEntry]:
    return session.exec(
        select(AuditEntry).where(AuditEntry.object_type == object_type).order_by(AuditEntry.id)
    ).all()


def test_a_new_database_has_the_defaults(session):
    s = get_settings(session)
    assert (s.scan_daily_time, s.scan_every_minutes, s.lock_after_minutes) == ("07:00", 60, 10)
    assert s.briefing_contact == "" and s.briefing_contacts == {}
    assert s.default_capacity == POLICY_V1.caseload_capacity == 50
    assert s.policy_version == 1
    assert session.exec(select(ForceSetting)).all() == []


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [("scan_every_minutes", 15, 1440), ("lock_after_minutes", 1, 60)],
)
def test_each_range_takes_its_ends_and_refuses_one_beyond(session, admin, key, low, high):
    for bad in (low - 1, high + 1):
        with pytest.raises(ValidationFailed) as exc:
            update_settings(session, admin, {key: bad}, REASON)
        assert _fields(exc) == {key}
        assert str(bad) in str(exc.value.problems[0])
    # The ends themselves, and a value given as text (the command line sends text).
    assert getattr(update_settings(session, admin, {key: low}, REASON), key) == low
    assert getattr(update_settings(session, admin, {key: str(high)}, REASON), key) == high
    assert getattr(update_settings(session, admin, {key: low + 1}, REASON), key) == low + 1


@pytest.mark.parametrize(
    ("given", "stored"),
    [("00:00", "00:00"), ("7:05", "07:05"), ("23:59", "23:59"), (" 06:30 ", "06:30")],
)
def test_the_daily_scan_time_takes_any_minute_of_the_day(session, admin, given, stored):
    assert update_settings(session, admin, {"scan_daily_time": given}, REASON).scan_daily_time == (
        stored
    )


@pytest.mark.parametrize("bad", ["24:00", "23:60", "7", "seven", "07:00:00", "", 700])
def test_a_time_that_is_not_hh_mm_is_refused(session, admin, bad):
    with pytest.raises(ValidationFailed) as exc:
        update_settings(session, admin, {"scan_daily_time": bad}, REASON)
    assert _fields(exc) == {"scan_daily_time"}


def test_every_problem_is_listed_and_nothing_is_written(session, admin):
    with pytest.raises(ValidationFailed) as exc:
        update_settings(
            session,
            admin,
            {
                "scan_every_minutes": 14,
                "lock_after_minutes": "ten",
                "scan_daily_time": "25:00",
                "briefing_contact:atlantis": "x",
                "visit_interval_high_days": 0,
                "colour": "blue",
            },
            "  ",
        )
    assert _fields(exc) == {
        "reason",
        "scan_every_minutes",
        "lock_after_minutes",
        "scan_daily_time",
        "briefing_contact:atlantis",
        "visit_interval_high_days",
        "colour",
    }
    assert session.exec(select(ForceSetting)).all() == []
    assert current_policy(session).version == 1
    assert _entries(session, "settings") == []


def test_a_change_is_stored_with_who_and_audited_old_to_new(session, admin):
    update_settings(session, admin, {"scan_every_minutes": 30, "lock_after_minutes": 10}, REASON)
    s = get_settings(session)
    assert s.scan_every_minutes == 30 and s.lock_after_minutes == 10
    # Only what changed is stored and logged (lock_after_minutes was already 10).
    (row,) = session.exec(select(ForceSetting)).all()
    assert (row.key, json.loads(row.value), row.changed_by) == (
        "scan_every_minutes",
        30,
        "settingsadmin",
    )
    (entry,) = _entries(session, "settings")
    assert "scan_every_minutes: 60 -> 30" in entry.summary
    assert "lock_after_minutes" not in entry.summary
    assert entry.justification == REASON and entry.username == "settingsadmin"


def test_a_change_to_nothing_new_is_refused(session, admin):
    with pytest.raises(ValidationFailed, match="problem") as exc:
        update_settings(session, admin, {"scan_every_minutes": 60}, REASON)
    assert "no change" in str(exc.value.problems[0])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.administrator])
def test_only_administrators_change_settings(session, role):
    other = f.user(session, role)
    with pytest.raises(PermissionDenied):
        update_settings(session, other, {"scan_every_minutes": 30}, REASON)
    with pytest.raises(PermissionDenied):
        add_ward(session, other, "camden", "Newmere")
    assert get_settings(session).scan_every_minutes == 60


def test_policy_numbers_become_a_new_policy_version(session, admin):
    s = update_settings(
        session,
        admin,
        {"default_capacity": "40", "visit_interval_high_days": 60, "scan_every_minutes": 30},
        "Tariff review",
    )
    assert s.default_capacity == 40 and s.policy_version == 2
    policy = current_policy(session)
    assert policy.version == 2 and policy.caseload_capacity == 40
    assert policy.visit_interval_high_days == 60
    # Everything else is carried over from v1; v1 itself is untouched.
    assert policy.visit_interval_low_days == POLICY_V1.visit_interval_low_days
    v2 = list_policies(session, admin)[-1]
    assert (
        v2.reason == "Tariff review" and v2.source_name is None and v2.loaded_by == admin.username
    )
    assert sorted(v2.changes) == [
        "caseload_capacity: 50 -> 40",
        "visit_interval_high_days: 91 -> 60",
    ]
    (policy_entry,) = _entries(session, "policy")
    assert "from the force settings" in policy_entry.summary
    assert "caseload_capacity: 50 -> 40" in policy_entry.summary


@pytest.mark.parametrize(("capacity", "ok"), [(0, False), (1, True), (1000, True), (1001, False)])
def test_default_capacity_boundaries(session, admin, capacity, ok):
    if ok:
        assert update_settings(session, admin, {"default_capacity": capacity}, REASON)
        assert get_settings(session).default_capacity == capacity
    else:
        with pytest.raises(ValidationFailed) as exc:
            update_settings(session, admin, {"default_capacity": capacity}, REASON)
        assert _fields(exc) == {"default_capacity"}
        assert current_policy(session).version == 1


def test_default_capacity_and_its_policy_name_together_are_refused(session, admin):
    with pytest.raises(ValidationFailed) as exc:
        update_settings(session, admin, {"default_capacity": 40, "caseload_capacity": 45}, REASON)
    assert "given twice" in str(exc.value.problems[0])


def test_briefing_contact_per_borough_falls_back_to_the_force(session, admin):
    force = "Jigsaw central desk, 020 7946 0001 (fictional)"
    croydon = "Jigsaw Croydon, 020 7946 0000 (fictional), jigsaw.croydon@example.invalid"
    update_settings(
        session,
        admin,
        {"briefing_contact": force, "briefing_contact:croydon": croydon},
        REASON,
    )
    assert briefing_contact_for(session, "croydon") == croydon
    assert briefing_contact_for(session, "camden") == force
    s = get_settings(session)
    assert s.briefing_contact_for("croydon") == croydon and s.briefing_contacts == {
        "croydon": croydon
    }
    # Blank removes a borough's own contact: it falls back to the force's again.
    update_settings(session, admin, {"briefing_contact:croydon": ""}, REASON)
    assert briefing_contact_for(session, "croydon") == force
    assert "briefing_contact:croydon" not in {r.key for r in session.exec(select(ForceSetting))}


def test_briefing_contact_length_and_borough_are_checked(session, admin):
    with pytest.raises(ValidationFailed) as exc:
        update_settings(
            session,
            admin,
            {"briefing_contact": "x" * 301, "briefing_contact:central": "Desk"},
            REASON,
        )
    assert _fields(exc) == {"briefing_contact", "briefing_contact:central"}
    assert update_settings(session, admin, {"briefing_contact": "x" * 300}, REASON)


# ---------------------------------------------------------------------------------------------
# Boroughs and wards


def test_add_rename_and_list_a_ward(session, admin):
    added = add_ward(session, admin, "camden", "  Fictional   Heath ", reason="new ward")
    assert added.name == "Fictional Heath" and not added.retired and added.addresses == 0
    with pytest.raises(ValidationFailed) as exc:
        add_ward(session, admin, "camden", "fictional heath")
    assert "already has" in str(exc.value.problems[0])
    renamed = rename_ward(session, admin, "camden", "Fictional Heath", "Fictional Vale")
    assert renamed.id == added.id and renamed.name == "Fictional Vale"
    names = [w.name for w in list_wards(session, "camden")]
    assert "Fictional Vale" in names and "Fictional Heath" not in names
    summaries = [e.summary for e in _entries(session, "ward")]
    assert summaries == [
        "added ward 'Fictional Heath' to Camden",
        "renamed ward 'Fictional Heath' in Camden to 'Fictional Vale'",
    ]


def test_ward_names_and_boroughs_are_checked(session, admin):
    with pytest.raises(ValidationFailed):
        add_ward(session, admin, "camden", "   ")
    with pytest.raises(ValidationFailed):
        add_ward(session, admin, "camden", "x" * 121)
    assert add_ward(session, admin, "camden", "y" * 120).name == "y" * 120
    with pytest.raises(NotFound):
        add_ward(session, admin, "atlantis", "Nowhere")
    with pytest.raises(ValidationFailed):
        add_ward(session, admin, "central", "Nowhere")
    with pytest.raises(NotFound):
        rename_ward(session, admin, "camden", "No Such Ward", "Other")


def test_a_ward_no_address_names_is_removed(session, admin):
    add_ward(session, admin, "camden", "Unusedmere")
    gone = retire_ward(session, admin, "camden", "Unusedmere", reason="Boundary review")
    assert gone.deleted and gone.addresses == 0
    assert session.exec(select(Ward).where(Ward.name == "Unusedmere")).first() is None


def test_a_ward_addresses_name_is_retired_never_deleted(session, admin):
    ward = f.ward(session, "camden", "Usedmere")
    person = f.offender(session, borough_code="camden")
    address = f.address(session, person, "1 Fictional Row", ward_row=ward)
    with pytest.raises(ValidationFailed) as exc:
        retire_ward(session, admin, "camden", "Usedmere", reason="")
    assert _fields(exc) == {"reason"}
    kept = retire_ward(session, admin, "camden", "Usedmere", reason="Boundary review")
    assert not kept.deleted and kept.addresses == 1
    session.refresh(address)
    assert address.ward_id == ward.id
    assert session.get(Ward, ward.id) is not None
    assert ward.id in retired_ward_ids(session)
    (info,) = [w for w in list_wards(session, "camden") if w.id == ward.id]
    assert info.retired and info.addresses == 1
    # No longer offered for a new address.
    from rsoman.core.services.addresses import borough_wards

    (camden,) = [b for b in borough_wards(session) if b.code == "camden"]
    assert ward.id not in {w.id for w in camden.wards}
    with pytest.raises(ValidationFailed, match="problem"):
        retire_ward(session, admin, "camden", "Usedmere", reason="again")
    # Adding it again brings the same ward back (its addresses keep it).
    back = add_ward(session, admin, "camden", "usedmere")
    assert back.id == ward.id and not back.retired
    assert ward.id not in retired_ward_ids(session)
    entries = [e for e in _entries(session, "ward") if "Usedmere" in e.summary]
    assert entries[0].justification == "Boundary review"
    assert "kept: 1 address" in entries[0].summary


def test_rename_a_borough_keeps_its_code(session, admin):
    info = rename_borough(session, admin, "camden", "Camden Town (fictional)", reason="test")
    assert (info.code, info.name) == ("camden", "Camden Town (fictional)")
    assert f.borough(session, "camden").name == "Camden Town (fictional)"
    with pytest.raises(ValidationFailed) as exc:
        rename_borough(session, admin, "camden", "Croydon")
    assert "already called" in str(exc.value.problems[0])
    with pytest.raises(ValidationFailed):
        rename_borough(session, admin, "camden", "")
    (entry,) = _entries(session, "borough")
    assert entry.summary == ("renamed borough 'camden' from 'Camden' to 'Camden Town (fictional)'")
    assert session.exec(select(Borough).where(Borough.name == "Camden")).first() is None


# ---------------------------------------------------------------------------------------------
# The scan schedule reads the settings at start


def _london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_london(2026, 3, 2, 6, 29), _london(2026, 3, 2, 6, 30)),  # the minute before
        (_london(2026, 3, 2, 6, 30), _london(2026, 3, 2, 6, 30)),  # the minute itself
        (_london(2026, 3, 2, 6, 31), _london(2026, 3, 3, 6, 30)),  # the minute after
    ],
)
def test_a_schedule_for_other_settings_scans_at_their_times(now, expected):
    entries = {e.id: e for e in schedule_for("06:30", 30)}
    assert entries["scan-daily"].trigger(now).get_next_fire_time(None, now) == expected
    assert entries["scan-daily"].description == "daily at 06:30 Europe/London"
    every = entries["scan-hourly"]
    first = every.trigger(now).get_next_fire_time(None, now)
    assert first == now + timedelta(minutes=30) and every.misfire_grace_time == 30 * 60
    assert every.description == "every 30 minutes"


def test_the_default_schedule_is_the_settings_defaults():
    assert (
        describe_schedule(schedule_for())
        == describe_schedule(SCHEDULE)
        == ("at start, every hour, daily at 07:00 Europe/London")
    )


def test_scan_jobs_follow_the_database_settings(sqlite_engine, system):
    url = sqlite_engine.url.render_as_string(hide_password=False)
    with session_scope(sqlite_engine) as session:
        admin = f.user(session, Role.administrator, username="scheduleadmin")
    with session_scope(sqlite_engine) as session:
        update_settings(
            session, admin, {"scan_daily_time": "05:45", "scan_every_minutes": 120}, REASON
        )
    scheduler = BackgroundScheduler(timezone=LONDON)
    now = _london(2026, 3, 2, 9, 0)
    jobs = {j.id: j for j in add_scan_jobs(scheduler, url, now=now)}
    assert jobs["scan-hourly"].trigger.interval == timedelta(minutes=120)
    assert jobs["scan-daily"].trigger.get_next_fire_time(None, now) == _london(2026, 3, 3, 5, 45)
    assert "every 120 minutes" in jobs["scan-hourly"].name


def test_scan_jobs_fall_back_to_the_default_when_settings_cannot_be_read(tmp_path):
    scheduler = BackgroundScheduler(timezone=LONDON)
    jobs = add_scan_jobs(scheduler, str(tmp_path / "missing.db"))
    assert [j.name for j in jobs] == [f"warning scan ({e.description})" for e in SCHEDULE]


# ---------------------------------------------------------------------------------------------
# Briefings print the contact


def test_briefings_print_the_boroughs_contact(session, admin):
    supervisor = f.user(session, Role.supervisor, f.officer(session, borough_code="croydon"))
    manager = f.officer(session, borough_code="croydon")
    f.offender(session, borough_code="croydon", manager=manager, home="1 Fictional Row")
    f.offender(session, borough_code="croydon", home="2 Fictional Row")
    before = gather_briefing(session, supervisor, borough_code="croydon")
    assert all("(fictional" not in e.if_seen for e in before.entries)
    contact = "Jigsaw Croydon, 020 7946 0000 (fictional)"
    update_settings(session, admin, {"briefing_contact:croydon": contact}, REASON)
    data = gather_briefing(session, supervisor, borough_code="croydon")
    allocated = next(e for e in data.entries if e.offender_manager is not None)
    assert allocated.offender_manager.team == f"Croydon Jigsaw team: {contact}"
    unallocated = next(e for e in data.entries if e.offender_manager is None)
    assert f"the Croydon Jigsaw team ({contact})" in unallocated.if_seen
