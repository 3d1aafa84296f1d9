from datetime import timedelta

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.dates import london_today
from rsoman.core.services.addresses import AddressInput, add_address
from rsoman.core.services.corrections import revisions
from rsoman.core.services.errors import NotFound, PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.services.policy import load_policy_file
from rsoman.core.services.risk_assessments import (
    RiskAssessmentInput,
    assessment_defaults,
    assessment_values,
    correct_risk_assessment,
    record_risk_assessment,
    static_category,
)
from rsoman.core.services.scan import list_warnings, run_scan
from rsoman.core.store.enums import (
    ArmsRating,
    AuditAction,
    Rank,
    RiskLevel,
    Role,
    StaticTool,
)
from rsoman.core.store.models import (
    ARMS_FACTORS,
    ARMS_PROTECTIVE_FACTORS,
    ARMS_RISK_FACTORS,
    AuditEntry,
    RiskAssessment,
)

TODAY = london_today()
REVIEW_DAYS = 365  # policy v1


@pytest.fixture
def case(session):
    om = f.officer(session, surname="Pellingworth")
    o = f.offender(
        session,
        ref="RSO-R",
        manager=om,
        risk=RiskLevel.medium,
        assessed_on=TODAY - timedelta(days=200),
        home="4 Quenby Walk",
    )
    actors = {
        "om": f.user(session, Role.offender_manager, om),
        "sup": f.user(session, Role.supervisor, f.officer(session, rank=Rank.ds)),
        "ro": f.user(session, Role.read_only_manager, f.officer(session, rank=Rank.di)),
        "westminster": f.user(
            session, Role.offender_manager, f.officer(session, borough_code="westminster")
        ),
    }
    session.commit()
    return {"offender": o, "om": om, "actors": actors}


def ratings(**changes: ArmsRating | None) -> dict[str, ArmsRating | None]:
    values: dict[str, ArmsRating | None] = {f: ArmsRating.some for f in ARMS_RISK_FACTORS}
    values.update({f: ArmsRating.strong for f in ARMS_PROTECTIVE_FACTORS})
    values.update(changes)
    return values


def good(case, **changes) -> RiskAssessmentInput:
    values = dict(
        assessed_on=TODAY - timedelta(days=1),
        level=RiskLevel.high,
        assessor_warrant=case["om"].warrant_number,
        static_tool=StaticTool.rm2000,
        static_result="high",
        arms=ratings(),
        assessment_reason="change of address",
        notes="Fictional notes: new partner with a child.",
    )
    values.update(changes)
    return RiskAssessmentInput(**values)


def fields_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {p.field for p in exc.value.problems}


def test_record_an_assessment_and_see_it_in_the_record(session, case):
    actor = case["actors"]["om"]
    new_id = record_risk_assessment(session, actor, "RSO-R", good(case))
    session.commit()
    record = get_record(session, actor, "RSO-R")
    item = record.risk_assessments[-1]
    assert item.id == new_id
    assert item.level == RiskLevel.high and record.current_risk_level == RiskLevel.high
    assert item.static_tool == StaticTool.rm2000 and item.static_result == "High"
    assert dict(item.arms) == ratings()
    assert [name for name, _ in item.arms] == list(ARMS_FACTORS)
    assert item.reason == "change of address"
    assert item.assessor is not None and "Pellingworth" in item.assessor
    # No next review given: the policy's interval after the assessment.
    assert item.next_review_on == TODAY - timedelta(days=1) + timedelta(days=REVIEW_DAYS)
    entry = session.exec(
        select(AuditEntry).where(
            AuditEntry.action == AuditAction.collection,
            AuditEntry.object_type == "risk_assessment",
        )
    ).one()
    assert entry.object_key == str(new_id) and "risk high" in entry.summary


def test_every_problem_is_listed_at_once_and_nothing_is_written(session, case):
    empty = RiskAssessmentInput(assessed_on=None, level=None, arms={})
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(session, case["actors"]["om"], "RSO-R", empty)
    assert fields_of(exc) == {
        "assessed_on",
        "level",
        "assessor_warrant",
        "assessment_reason",
        *(f"arms_{factor}" for factor in ARMS_FACTORS),
    }
    assert len(session.exec(select(RiskAssessment)).all()) == 1  # the factory's


def test_one_unrated_factor_is_named(session, case):
    value = good(case, arms=ratings(hostile_orientation=None))
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
    assert fields_of(exc) == {"arms_hostile_orientation"}


def test_an_unknown_factor_is_refused(session, case):
    value = good(case, arms={**ratings(), "charm": ArmsRating.some})
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
    assert fields_of(exc) == {"arms"}


@pytest.mark.parametrize(
    ("days", "ok"), [(-1, True), (0, True), (1, False)], ids=["yesterday", "today", "tomorrow"]
)
def test_assessment_date_boundary(session, case, days, ok):
    value = good(case, assessed_on=TODAY + timedelta(days=days))
    if ok:
        record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
    else:
        with pytest.raises(ValidationFailed) as exc:
            record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
        assert fields_of(exc) == {"assessed_on"}
        assert "future" in str(exc.value)


@pytest.mark.parametrize(
    ("days", "ok"),
    [(0, False), (1, True), (REVIEW_DAYS - 1, True), (REVIEW_DAYS, True), (REVIEW_DAYS + 1, False)],
    ids=["same day", "next day", "day before limit", "at the interval", "a day later"],
)
def test_next_review_boundary(session, case, days, ok):
    assessed = TODAY - timedelta(days=10)
    value = good(case, assessed_on=assessed, next_review_on=assessed + timedelta(days=days))
    if ok:
        new_id = record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
        assert session.get(RiskAssessment, new_id).next_review_on == assessed + timedelta(days)
    else:
        with pytest.raises(ValidationFailed) as exc:
            record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
        assert fields_of(exc) == {"next_review_on"}


def test_the_review_limit_follows_the_policy_in_force(session, case, tmp_path, system):
    path = tmp_path / "policy.toml"
    path.write_text("risk_review_days = 180\n", encoding="utf-8")
    load_policy_file(session, system, path, reason="six-monthly reviews (test)")
    assessed = TODAY - timedelta(days=3)
    actor = case["actors"]["om"]
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(
            session,
            actor,
            "RSO-R",
            good(case, assessed_on=assessed, next_review_on=assessed + timedelta(days=181)),
        )
    assert "180 days" in str(exc.value) and "policy v2" in str(exc.value)
    new_id = record_risk_assessment(session, actor, "RSO-R", good(case, assessed_on=assessed))
    assert session.get(RiskAssessment, new_id).next_review_on == assessed + timedelta(days=180)
    assert assessment_defaults(session, actor).review_days == 180


@pytest.mark.parametrize(
    ("tool", "text", "stored"),
    [
        (StaticTool.rm2000, "very high", "Very High"),
        (StaticTool.rm2000, "RM2000/S: Low", "Low"),
        (StaticTool.osp_c, "Very_High", "Very High"),
        (StaticTool.osp_i, "HIGH", "High"),
        (StaticTool.other, "not applicable", "not applicable"),
        (None, None, None),
    ],
)
def test_static_results_accepted_per_tool(session, case, tool, text, stored):
    value = good(case, static_tool=tool, static_result=text)
    new_id = record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
    row = session.get(RiskAssessment, new_id)
    assert row.static_tool == tool and row.static_result == stored


@pytest.mark.parametrize(
    ("tool", "text", "field"),
    [
        (StaticTool.osp_i, "very high", "static_result"),  # OSP/I has three categories
        (StaticTool.rm2000, "moderate", "static_result"),
        (StaticTool.rm2000, "", "static_result"),
        (StaticTool.other, "", "static_result"),
        (StaticTool.other, "x" * 41, "static_result"),
        (None, "High", "static_tool"),
    ],
)
def test_static_results_refused_per_tool(session, case, tool, text, field):
    value = good(case, static_tool=tool, static_result=text)
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(session, case["actors"]["om"], "RSO-R", value)
    assert fields_of(exc) == {field}


def test_static_category_reads_the_categories_of_each_tool():
    assert static_category(StaticTool.osp_c, " very   high ") == "Very High"
    assert static_category(StaticTool.osp_i, "Very High") is None
    assert static_category(StaticTool.other, "Low") is None


def test_an_unknown_assessor_is_refused(session, case):
    with pytest.raises(ValidationFailed) as exc:
        record_risk_assessment(
            session, case["actors"]["om"], "RSO-R", good(case, assessor_warrant="NOPE1")
        )
    assert fields_of(exc) == {"assessor_warrant"}
    assert "NOPE1" in str(exc.value)


def test_a_read_only_manager_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="read-only manager may not edit record"):
        record_risk_assessment(session, case["actors"]["ro"], "RSO-R", good(case))


def test_an_officer_of_another_borough_is_refused(session, case):
    with pytest.raises(PermissionDenied, match="outside your borough"):
        record_risk_assessment(session, case["actors"]["westminster"], "RSO-R", good(case))


def test_a_supervisor_may_record(session, case):
    assert record_risk_assessment(session, case["actors"]["sup"], "RSO-R", good(case)) > 0


def test_a_correction_keeps_the_old_values(session, case):
    actor = case["actors"]["om"]
    new_id = record_risk_assessment(session, actor, "RSO-R", good(case))
    session.commit()
    loaded = assessment_values(session, actor, new_id)
    assert loaded == good(case, static_result="High", next_review_on=loaded.next_review_on)
    changed = good(
        case,
        level=RiskLevel.very_high,
        arms=ratings(sexual_preoccupation=ArmsRating.strong),
        next_review_on=loaded.next_review_on,
    )
    revision = correct_risk_assessment(session, actor, new_id, changed, "level typed wrongly")
    session.commit()
    assert revision is not None
    row = session.get(RiskAssessment, new_id)
    assert row.level == RiskLevel.very_high
    assert row.arms_sexual_preoccupation == ArmsRating.strong
    (rev,) = revisions(session, actor, "RSO-R")
    assert rev.object_type == "risk_assessment" and rev.object_id == new_id
    assert rev.before == {"level": "high", "arms_sexual_preoccupation": "some"}
    assert rev.after == {"level": "very_high", "arms_sexual_preoccupation": "strong"}
    assert rev.reason == "level typed wrongly"
    # The same values again: nothing to keep.
    assert correct_risk_assessment(session, actor, new_id, changed, "no change really") is None


def test_a_correction_passes_the_same_checks(session, case):
    actor = case["actors"]["om"]
    new_id = record_risk_assessment(session, actor, "RSO-R", good(case))
    assessed = TODAY - timedelta(days=1)
    bad = good(case, next_review_on=assessed + timedelta(days=REVIEW_DAYS + 1))
    with pytest.raises(ValidationFailed) as exc:
        correct_risk_assessment(session, actor, new_id, bad, "")
    assert fields_of(exc) == {"next_review_on", "reason"}
    with pytest.raises(ValidationFailed) as exc:
        correct_risk_assessment(session, actor, new_id, good(case), "")
    assert fields_of(exc) == {"reason"}


def test_corrections_are_refused_to_read_only_and_unknown_ids(session, case):
    new_id = record_risk_assessment(session, case["actors"]["om"], "RSO-R", good(case))
    with pytest.raises(PermissionDenied):
        correct_risk_assessment(session, case["actors"]["ro"], new_id, good(case), "a reason")
    with pytest.raises(NotFound):
        correct_risk_assessment(session, case["actors"]["om"], 99999, good(case), "a reason")


def test_defaults_name_the_signed_in_officer(session, case):
    defaults = assessment_defaults(session, case["actors"]["om"])
    assert defaults.assessor_warrant == case["om"].warrant_number
    assert defaults.review_days == REVIEW_DAYS and defaults.policy_version == 1


def _triggered(session, system) -> list[str]:
    run_scan(session, system)
    return [
        w.subject_ref for w in list_warnings(session, system) if w.kind == "risk_review_triggered"
    ]


def test_a_new_home_raises_a_review_and_a_new_assessment_resolves_it(session, case, system):
    actor = case["actors"]["om"]
    assert _triggered(session, system) == []
    add_address(
        session,
        actor,
        "RSO-R",
        AddressInput(
            kind="home",
            line1="9 Yarrowfold Court",
            postcode="ZZ9 9ZZ",
            borough_code="camden",
            valid_from=TODAY - timedelta(days=5),
        ),
    )
    session.commit()
    assert _triggered(session, system) == ["RSO-R"]
    record_risk_assessment(session, actor, "RSO-R", good(case, assessed_on=TODAY))
    session.commit()
    assert _triggered(session, system) == []


def test_an_assessment_on_the_day_of_the_move_takes_it_into_account(session, case, system):
    """The rule counts changes after the assessment day: one on the day is known to it."""
    moved = TODAY - timedelta(days=2)
    add_address(
        session,
        case["actors"]["om"],
        "RSO-R",
        AddressInput(
            kind="home",
            line1="1 Wend Row",
            postcode="ZZ1 1ZZ",
            borough_code="camden",
            valid_from=moved,
        ),
    )
    record_risk_assessment(
        session, case["actors"]["om"], "RSO-R", good(case, assessed_on=moved - timedelta(days=1))
    )
    session.commit()
    assert _triggered(session, system) == ["RSO-R"]
    record_risk_assessment(session, case["actors"]["om"], "RSO-R", good(case, assessed_on=moved))
    session.commit()
    assert _triggered(session, system) == []


def test_assessment_values_need_view_access(session, case):
    new_id = record_risk_assessment(session, case["actors"]["om"], "RSO-R", good(case))
    assert assessment_values(session, case["actors"]["ro"], new_id).level == RiskLevel.high
    with pytest.raises(PermissionDenied):
        assessment_values(session, case["actors"]["westminster"], new_id)
