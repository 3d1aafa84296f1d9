from dataclasses import replace
from datetime import timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.intelligence import (
    IntelligenceInput,
    concern_words,
    concerns_around,
    correct_intelligence,
    intelligence_values,
    record_intelligence,
)
from rsoman.core.services.offenders import get_record
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.enums import AuditAction, IntelSource, Rank, RiskLevel, Role
from rsoman.core.store.models import AuditEntry, Intelligence

TODAY = london_today()
THRESHOLD = CURRENT_POLICY.concerns_threshold
WINDOW = CURRENT_POLICY.concerns_window_days

VERBATIM = "Caller said:\n  'He was by the school gates at 15:20,\ntalking to pupils.'  "


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Wetherden")
    f.offender(session, ref="RSO-I", manager=om, risk=RiskLevel.high, home="5 Sorrel Mews")
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
    }
    session.commit()
    return {"actors": actors}


def report(**values):
    base = dict(
        received_on=TODAY - timedelta(days=1),
        source=IntelSource.public,
        text=VERBATIM,
        is_concern=True,
        source_detail="Neighbour, by telephone (fictional)",
        grading="B2",
    )
    base.update(values)
    return IntelligenceInput(**base)


def problems_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {p.field: p.reason for p in exc.value.problems}


def test_a_report_is_kept_verbatim_and_shows_on_the_record(session, case):
    om = case["actors"]["om"]
    new_id = record_intelligence(session, om, "RSO-I", report())
    session.commit()
    (item,) = get_record(session, om, "RSO-I").intelligence
    assert item.id == new_id and item.text == VERBATIM
    assert item.is_concern and item.source == IntelSource.public and item.grading == "B2"
    row = session.get(Intelligence, new_id)
    assert row.recorded_by_user_id == om.user_id
    entry = session.exec(select(AuditEntry).where(AuditEntry.object_type == "intelligence")).one()
    assert entry.action == AuditAction.collection and "a concern" in entry.summary
    # The log names the report, never copies its text.
    assert "school" not in entry.summary


def test_every_problem_is_listed_at_once(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_intelligence(
            session,
            case["actors"]["om"],
            "RSO-I",
            IntelligenceInput(
                received_on=TODAY + timedelta(days=1), source=None, text=" \n ", grading="X" * 21
            ),
        )
    assert set(problems_of(exc)) == {"received_on", "source", "text", "grading"}
    assert session.exec(select(Intelligence)).all() == []


def test_received_today_is_accepted(session, case):
    record_intelligence(session, case["actors"]["om"], "RSO-I", report(received_on=TODAY))


def test_read_only_manager_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_intelligence(session, case["actors"]["ro"], "RSO-I", report())


def test_correction_keeps_the_original_wording(session, case):
    om, sup = case["actors"]["om"], case["actors"]["sup"]
    new_id = record_intelligence(session, om, "RSO-I", report(is_concern=False))
    session.commit()
    values = intelligence_values(session, sup, new_id)
    assert values.text == VERBATIM
    revision = correct_intelligence(
        session, sup, new_id, replace(values, is_concern=True), "Reassessed as a concern"
    )
    session.commit()
    assert revision is not None
    (rev,) = revisions(session, sup, "RSO-I")
    assert rev.before == {"is_concern": False} and rev.after == {"is_concern": True}
    with pytest.raises(ValidationFailed) as exc:
        correct_intelligence(session, sup, new_id, replace(values, text=""), "")
    assert set(problems_of(exc)) == {"text", "reason"}


@pytest.mark.parametrize("count", [THRESHOLD - 1, THRESHOLD])
def test_concerns_reach_the_threshold_and_raise_the_warning(session, case, system, count):
    om = case["actors"]["om"]
    for n in range(count):
        record_intelligence(session, om, "RSO-I", report(received_on=TODAY - timedelta(days=n)))
    session.commit()
    run_scan(session, system, as_of=TODAY)
    session.commit()
    kinds = [w.kind for w in list_warnings(session, system)]
    assert ("repeated_concerns" in kinds) == (count >= THRESHOLD)


def test_concern_words_say_how_close_the_threshold_is(session, case):
    om = case["actors"]["om"]
    on = TODAY
    context = concerns_around(session, om, "RSO-I", on, CURRENT_POLICY)
    assert concern_words(context, on) == f"No other concern within {WINDOW} days."
    first = record_intelligence(session, om, "RSO-I", report(received_on=on - timedelta(days=5)))
    # Not a concern, and outside the window: neither counts.
    record_intelligence(
        session, om, "RSO-I", report(received_on=on - timedelta(days=2), is_concern=False)
    )
    record_intelligence(session, om, "RSO-I", report(received_on=on - timedelta(days=WINDOW + 1)))
    context = concerns_around(session, om, "RSO-I", on, CURRENT_POLICY)
    assert len(context.dates) == 1
    assert "prompt a risk review" in concern_words(context, on)
    for n in range(THRESHOLD - 2):
        record_intelligence(session, om, "RSO-I", report(received_on=on - timedelta(days=3 + n)))
    context = concerns_around(session, om, "RSO-I", on, CURRENT_POLICY)
    assert "threshold" in concern_words(context, on) and "is reached" in concern_words(context, on)
    # Correcting a report does not count it against itself.
    fewer = concerns_around(session, om, "RSO-I", on, CURRENT_POLICY, excluding=first)
    assert len(fewer.dates) == len(context.dates) - 1
