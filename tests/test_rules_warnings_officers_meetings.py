"""Officer caseload and MAPPA meeting attendance."""

from dataclasses import replace
from datetime import date

import pytest

from rsoman.core.rules.policy import POLICY_V1
from rsoman.core.rules.warnings import Severity, meeting_findings, officer_findings
from rsoman.core.rules.warnings.facts import AttendeeFact, MeetingFacts, OfficerFacts
from rsoman.core.store.enums import Agency, Rank

AS_OF = date(2026, 3, 15)


def officer(caseload, capacity=None):
    return OfficerFacts(
        officer_id=3,
        warrant_number="W-0003",
        name="Ada Quillowby (DC)",
        borough_id=1,
        capacity=capacity,
        active_caseload=caseload,
    )


@pytest.mark.parametrize(("caseload", "raised"), [(49, False), (50, False), (51, True)])
def test_policy_capacity_boundaries(caseload, raised):
    assert bool(officer_findings(officer(caseload), AS_OF, POLICY_V1)) == raised


@pytest.mark.parametrize(("caseload", "raised"), [(99, False), (100, False), (101, True)])
def test_the_officers_own_capacity_wins(caseload, raised):
    assert bool(officer_findings(officer(caseload, capacity=100), AS_OF, POLICY_V1)) == raised


def test_over_capacity_finding():
    [f] = officer_findings(officer(53), AS_OF, POLICY_V1)
    assert (f.kind, f.subject_type, f.subject_ref, f.anchor) == (
        "caseload_over_capacity",
        "officer",
        "W-0003",
        "capacity",
    )
    assert (f.severity, f.due_on, f.days_overdue, f.policy_version) == (
        Severity.warning,
        None,
        0,
        1,
    )
    assert f.explanation == (
        "Ada Quillowby (DC) manages 53 active offenders, 3 over a capacity of 50 (the policy "
        "default, policy v1): consider reallocating."
    )


def test_a_changed_policy_capacity_is_named():
    policy = replace(POLICY_V1, version=2, caseload_capacity=60)
    assert officer_findings(officer(55), AS_OF, policy) == []
    [f] = officer_findings(officer(61), AS_OF, policy)
    assert f.policy_version == 2 and "policy v2" in f.explanation


# --- meetings -------------------------------------------------------------------------------

HELD = date(2026, 3, 10)


def police(rank, attended=True):
    return AttendeeFact(Agency.police, attended, rank)


def meeting(level, *attendees, held=True, children=False, held_on=HELD):
    return MeetingFacts(
        meeting_id=8,
        ref="MAPPA-2026-008",
        borough_id=1,
        level=level,
        held_on=held_on,
        held=held,
        attendees=tuple(attendees),
        children_at_risk=children,
    )


def meeting_kinds(m, as_of=AS_OF):
    return [f.kind for f in meeting_findings(m, as_of, POLICY_V1)]


@pytest.mark.parametrize(
    ("level", "rank", "raised"),
    [
        (2, Rank.ds, True),
        (2, Rank.inspector, False),
        (2, Rank.di, False),
        (2, Rank.dci, False),
        (3, Rank.chief_inspector, True),
        (3, Rank.dci, True),
        (3, Rank.superintendent, False),
        (3, Rank.dsu, False),
        (3, Rank.commander, False),
    ],
)
def test_rank_guidance_per_level(level, rank, raised):
    m = meeting(level, police(Rank.dc), police(rank))
    assert ("mappa_rank_below_guidance" in meeting_kinds(m)) == raised


def test_rank_explanation():
    [f] = meeting_findings(meeting(3, police(Rank.dci)), AS_OF, POLICY_V1)
    assert (f.subject_type, f.subject_ref, f.anchor) == (
        "meeting",
        "MAPPA-2026-008",
        "police-rank",
    )
    assert f.explanation == (
        "MAPPA level 3 meeting MAPPA-2026-008 on 10 Mar 2026: the most senior police attendee "
        "was DCI; guidance expects police at superintendent rank or above (policy v1)."
    )


@pytest.mark.parametrize(
    ("attendees", "words"),
    [
        ((), "no police officer attended"),
        ((police(Rank.superintendent, attended=False),), "no police officer attended"),
        ((AttendeeFact(Agency.probation, True),), "no police officer attended"),
        ((police(None),), "no police attendee's rank was recorded"),
    ],
)
def test_no_police_present_is_below_guidance(attendees, words):
    [f] = meeting_findings(meeting(2, *attendees), AS_OF, POLICY_V1)
    assert f.kind == "mappa_rank_below_guidance" and words in f.explanation


def test_level_one_and_unheld_or_future_meetings_are_not_judged():
    assert meeting_kinds(meeting(1)) == []
    assert meeting_kinds(meeting(2, held=False, children=True)) == []
    assert meeting_kinds(meeting(2, children=True), as_of=date(2026, 3, 9)) == []
    assert len(meeting_kinds(meeting(2, children=True), as_of=HELD)) == 2


@pytest.mark.parametrize(
    ("attendees", "raised", "how"),
    [
        ((), True, "was not present"),
        ((AttendeeFact(Agency.childrens_social_care, False),), True, "was invited but absent"),
        ((AttendeeFact(Agency.childrens_social_care, True),), False, ""),
        ((AttendeeFact(Agency.adult_social_care, True),), True, "was not present"),
    ],
)
def test_childrens_social_care_absent_where_children_are_at_risk(attendees, raised, how):
    m = meeting(2, police(Rank.inspector), *attendees, children=True)
    found = [f for f in meeting_findings(m, AS_OF, POLICY_V1) if f.kind == "mappa_agency_absent"]
    assert bool(found) == raised
    if found:
        assert found[0].anchor == "childrens_social_care"
        assert how in found[0].explanation and "MAPPA co-ordinator" in found[0].explanation


def test_no_children_at_risk_no_agency_warning():
    assert meeting_kinds(meeting(2, police(Rank.inspector), children=False)) == []
