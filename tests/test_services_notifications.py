from dataclasses import replace
from datetime import timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.notifications import (
    NotificationInput,
    correct_notification,
    lateness_words,
    notification_values,
    record_notification,
    travel_notice_words,
)
from rsoman.core.services.offenders import get_record
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.enums import (
    AuditAction,
    ChangeType,
    NotificationKind,
    Rank,
    RiskLevel,
    Role,
)
from rsoman.core.store.models import AuditEntry, Notification

TODAY = london_today()
NOTICE = CURRENT_POLICY.foreign_travel_notice_days
CHANGE_DAYS = CURRENT_POLICY.change_notification_days


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Pellowdene")
    colleague = f.officer(session, surname="Rackenford", warrant="TESTRCV01")
    f.offender(session, ref="RSO-N", manager=om, risk=RiskLevel.medium, home="3 Dovetail Row")
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return {"om": om, "colleague": colleague, "actors": actors}


def change(**values):
    base = dict(
        kind=NotificationKind.change,
        notified_on=TODAY - timedelta(days=1),
        event_on=TODAY - timedelta(days=2),
        change_type=ChangeType.home_address,
        details="Moved to 9 Larkspur Close (fictional).",
    )
    base.update(values)
    return NotificationInput(**base)


def travel(notice_days: int, **values):
    base = dict(
        kind=NotificationKind.foreign_travel,
        notified_on=TODAY,
        travel_destination="Ruritania (fictional), by air",
        travel_departure_on=TODAY + timedelta(days=notice_days),
        travel_return_on=TODAY + timedelta(days=notice_days + 10),
    )
    base.update(values)
    return NotificationInput(**base)


def problems_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


def test_a_change_notification_is_recorded_and_shows_on_the_record(session, case):
    om = case["actors"]["om"]
    new_id = record_notification(session, om, "RSO-N", change())
    session.commit()
    record = get_record(session, om, "RSO-N")
    (item,) = [n for n in record.notifications if n.id == new_id]
    assert item.kind == NotificationKind.change
    assert item.change_type == ChangeType.home_address
    assert item.event_on == TODAY - timedelta(days=2)
    # Blank "received by" is the officer who records it.
    assert item.received_by is not None and "Pellowdene" in item.received_by
    entry = session.exec(select(AuditEntry).where(AuditEntry.object_type == "notification")).one()
    assert entry.action == AuditAction.collection and "RSO-N" in entry.summary


def test_received_by_another_officer_by_warrant(session, case):
    new_id = record_notification(
        session, case["actors"]["om"], "RSO-N", change(received_by_warrant=" TESTRCV01 ")
    )
    assert session.get(Notification, new_id).received_by_officer_id == case["colleague"].id


def test_every_problem_is_listed_at_once(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session,
            case["actors"]["om"],
            "RSO-N",
            change(
                notified_on=TODAY + timedelta(days=1),
                event_on=None,
                change_type=None,
                received_by_warrant="NOSUCH1",
                household_child_address="12 Elsewhere Road",
            ),
        )
    assert set(problems_of(exc)) == {
        "notified_on",
        "event_on",
        "change_type",
        "received_by_warrant",
        "household_child_address",
    }
    assert "future" in problems_of(exc)["notified_on"]
    assert session.exec(select(Notification)).all() == []


def test_notified_today_is_accepted_tomorrow_is_refused(session, case):
    om = case["actors"]["om"]
    record_notification(session, om, "RSO-N", change(notified_on=TODAY))
    with pytest.raises(ValidationFailed):
        record_notification(session, om, "RSO-N", change(notified_on=TODAY + timedelta(days=1)))


def test_kind_is_required(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session, case["actors"]["om"], "RSO-N", NotificationInput(kind=None, notified_on=None)
        )
    assert set(problems_of(exc)) == {"kind", "notified_on"}


def test_a_late_change_is_still_recorded(session, case):
    # What happened is recorded; the lateness shows from its dates.
    late = change(notified_on=TODAY, event_on=TODAY - timedelta(days=CHANGE_DAYS + 5))
    new_id = record_notification(session, case["actors"]["om"], "RSO-N", late)
    assert session.get(Notification, new_id).event_on == late.event_on


def test_initial_event_cannot_follow_the_notification(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session,
            case["actors"]["om"],
            "RSO-N",
            NotificationInput(
                kind=NotificationKind.initial,
                notified_on=TODAY - timedelta(days=3),
                event_on=TODAY - timedelta(days=1),
            ),
        )
    assert set(problems_of(exc)) == {"event_on"}


@pytest.mark.parametrize("days_before", [NOTICE - 1, NOTICE, NOTICE + 1])
def test_travel_notice_boundary_without_a_reason(session, case, days_before):
    om = case["actors"]["om"]
    if days_before < NOTICE:
        with pytest.raises(ValidationFailed) as exc:
            record_notification(session, om, "RSO-N", travel(days_before))
        reason = problems_of(exc)["travel_short_notice_reason"]
        assert f"{days_before} days, less than the {NOTICE} days required" in reason
    else:
        new_id = record_notification(session, om, "RSO-N", travel(days_before))
        assert session.get(Notification, new_id).travel_short_notice_reason is None


def test_short_notice_travel_with_a_reason_is_recorded(session, case):
    reason = "Funeral of a relative abroad at two days' notice (fictional)."
    new_id = record_notification(
        session,
        case["actors"]["om"],
        "RSO-N",
        travel(NOTICE - 1, travel_short_notice_reason=reason),
    )
    row = session.get(Notification, new_id)
    assert row.travel_short_notice_reason == reason
    assert row.travel_destination == "Ruritania (fictional), by air"


def test_travel_needs_destination_departure_and_a_return_date_or_unknown(session, case):
    om = case["actors"]["om"]
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session,
            om,
            "RSO-N",
            NotificationInput(kind=NotificationKind.foreign_travel, notified_on=TODAY),
        )
    assert set(problems_of(exc)) == {
        "travel_destination",
        "travel_departure_on",
        "travel_return_on",
    }
    new_id = record_notification(
        session, om, "RSO-N", travel(NOTICE, travel_return_on=None, travel_return_unknown=True)
    )
    assert session.get(Notification, new_id).travel_return_on is None


def test_travel_return_before_departure_is_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session,
            case["actors"]["om"],
            "RSO-N",
            travel(NOTICE, travel_return_on=TODAY + timedelta(days=NOTICE - 1)),
        )
    assert "before the departure" in problems_of(exc)["travel_return_on"]


def test_travel_details_on_another_kind_are_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_notification(
            session, case["actors"]["om"], "RSO-N", change(travel_destination="Ruritania")
        )
    assert "only for foreign travel" in problems_of(exc)["travel_destination"]


def test_household_with_a_child_needs_the_address(session, case):
    om = case["actors"]["om"]
    stay = NotificationInput(
        kind=NotificationKind.household_child,
        notified_on=TODAY,
        event_on=TODAY - timedelta(days=1),
    )
    with pytest.raises(ValidationFailed) as exc:
        record_notification(session, om, "RSO-N", stay)
    assert set(problems_of(exc)) == {"household_child_address"}
    new_id = record_notification(
        session, om, "RSO-N", replace(stay, household_child_address="4 Thistle Yard, ZZ9 9ZZ")
    )
    assert session.get(Notification, new_id).household_child_address == "4 Thistle Yard, ZZ9 9ZZ"


def test_read_only_manager_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_notification(session, case["actors"]["ro"], "RSO-N", change())


def test_another_borough_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="outside your borough"):
        record_notification(session, case["actors"]["westminster"], "RSO-N", change())


def test_unknown_offender(session, case):
    with pytest.raises(NotFound):
        record_notification(session, case["actors"]["om"], "RSO-NOPE", change())


def test_correction_keeps_the_old_value(session, case):
    om, sup = case["actors"]["om"], case["actors"]["sup"]
    new_id = record_notification(session, om, "RSO-N", change())
    session.commit()
    values = notification_values(session, sup, new_id)
    assert values.change_type == ChangeType.home_address
    corrected = replace(values, event_on=TODAY - timedelta(days=3))
    revision = correct_notification(session, sup, new_id, corrected, "Move date misread")
    session.commit()
    assert revision is not None
    assert session.get(Notification, new_id).event_on == TODAY - timedelta(days=3)
    (rev,) = revisions(session, sup, "RSO-N")
    assert rev.object_type == "notification" and rev.object_id == new_id
    assert rev.before == {"event_on": (TODAY - timedelta(days=2)).isoformat()}
    assert rev.reason == "Move date misread"
    # The officer who received it is kept (blank would not put the corrector in).
    assert session.get(Notification, new_id).received_by_officer_id == case["om"].id


def test_correction_is_checked_like_a_new_entry_and_needs_a_reason(session, case):
    om = case["actors"]["om"]
    new_id = record_notification(session, om, "RSO-N", travel(NOTICE + 1))
    session.commit()
    values = notification_values(session, om, new_id)
    shorter = replace(values, notified_on=TODAY - timedelta(days=0), travel_departure_on=TODAY)
    with pytest.raises(ValidationFailed) as exc:
        correct_notification(session, om, new_id, shorter, "")
    assert set(problems_of(exc)) == {"travel_short_notice_reason", "reason"}
    assert revisions(session, om, "RSO-N") == []


def test_correction_without_change_keeps_no_revision(session, case):
    om = case["actors"]["om"]
    new_id = record_notification(session, om, "RSO-N", change())
    values = notification_values(session, om, new_id)
    assert correct_notification(session, om, new_id, values, "Checked, nothing wrong") is None


def test_read_only_manager_cannot_correct(session, case):
    new_id = record_notification(session, case["actors"]["om"], "RSO-N", change())
    session.commit()
    with pytest.raises(PermissionDenied):
        correct_notification(session, case["actors"]["ro"], new_id, change(), "Should not work")


def test_short_notice_travel_raises_the_late_travel_warning(session, case, system):
    record_notification(
        session,
        case["actors"]["om"],
        "RSO-N",
        travel(NOTICE - 2, travel_short_notice_reason="Sudden family illness (fictional)"),
    )
    record_notification(session, case["actors"]["om"], "RSO-N", travel(NOTICE + 20))
    session.commit()
    run_scan(session, system, as_of=TODAY)
    session.commit()
    late = [w for w in list_warnings(session, system) if w.kind == "travel_notified_late"]
    assert len(late) == 1
    assert "Sudden family illness" in late[0].explanation


# --- explanations the form shows ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "words"),
    [
        (NOTICE - 1, f"{NOTICE - 1} days before departure: less than the {NOTICE} days"),
        (NOTICE, f"{NOTICE} days before departure: at least the {NOTICE} days required"),
        (NOTICE + 1, f"{NOTICE + 1} days before departure: at least the {NOTICE} days"),
        (0, "on the day of departure: less than"),
        (-2, "2 days after departure: less than"),
    ],
)
def test_travel_notice_words(before, words):
    day = TODAY
    assert words in travel_notice_words(day, day + timedelta(days=before), CURRENT_POLICY)


@pytest.mark.parametrize(
    ("delay", "words"),
    [
        (0, "on the day of the change: within"),
        (CHANGE_DAYS, f"{CHANGE_DAYS} days after the change: within the {CHANGE_DAYS} days"),
        (CHANGE_DAYS + 1, f"{CHANGE_DAYS + 1} days after the change: 1 day late"),
        (-2, "2 days before the change (in advance): on time"),
    ],
)
def test_change_lateness_words(delay, words):
    event = TODAY - timedelta(days=30)
    said = lateness_words(
        NotificationKind.change, event, event + timedelta(days=delay), CURRENT_POLICY
    )
    assert words in said


def test_no_lateness_words_for_periodic_notifications():
    assert lateness_words(NotificationKind.periodic, TODAY, TODAY, CURRENT_POLICY) == ""
