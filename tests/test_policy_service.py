"""Force policy versions in the store: version 1 after migration, an administrator's file becomes
the next version, the next scan's warnings name it, and old explanations are never rewritten."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import factories as f
import pytest
from sqlmodel import select

from rsoman.core.rules.policy import POLICY_V1, policy_settings
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.interchange import import_document
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, caseload_rows
from rsoman.core.services.policy import current_policy, list_policies, load_policy_file
from rsoman.core.services.scan import run_scan
from rsoman.core.services.stats import caseload_stats
from rsoman.core.store.enums import AuditAction, Role
from rsoman.core.store.models import AuditEntry, Offender, PolicyVersion, Warning

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "policy.toml"


def _policy_file(tmp_path: Path, name: str = "force.toml", **changes: Any) -> Path:
    """The docs example with some settings changed (TOML values written as JSON literals, which
    coincide for whole numbers and plain strings)."""
    lines = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        key = line.split("=")[0].strip()
        if key in changes and not line.startswith("#"):
            line = f"{key} = {json.dumps(changes.pop(key))}"
        lines.append(line)
    lines += [f"{key} = {json.dumps(value)}" for key, value in changes.items()]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _offender(ref: str, officer: str, level: str, last_seen: str) -> dict[str, Any]:
    """A fictional offender in order but for the next home visit."""
    return {
        "ref": ref,
        "surname": f"Policyby{ref[-1]}",
        "forenames": "Sam",
        "date_of_birth": "1975-02-03",
        "sex": "male",
        "borough": "camden",
        "created_at": "2024-06-01T09:00",
        "registrations": [
            {
                "conviction_date": "2024-05-20",
                "offences": "Fictional offence",
                "disposal": "community_order",
                "first_notification_date": "2024-06-01",
            }
        ],
        "addresses": [
            {
                "key": "home",
                "line1": "3 Nowhere Lane",
                "postcode": "ZZ1 1ZZ",
                "borough": "camden",
                "valid_from": "2024-06-01",
            }
        ],
        "assignments": [{"officer": officer, "start_date": "2024-06-01"}],
        "risk_assessments": [
            {"assessed_on": "2024-06-10", "level": level, "next_review_on": "2025-06-10"}
        ],
        "notifications": [
            {"kind": "initial", "notified_on": "2024-06-01", "event_on": "2024-05-20"}
        ],
        "visits": [
            {"occurred_at": "2024-06-05T10:00", "address_key": "home", "outcome": "successful"},
            {"occurred_at": f"{last_seen}T10:00", "address_key": "home", "outcome": "successful"},
        ],
    }


# High risk, last seen 10 Jan 2025: due 11 Apr 2025 under v1 (91 days), 11 Mar 2025 at 60 days.
# Very high, last seen 1 Mar 2025: due 31 Mar 2025 (30 days), "due soon" from 17 Mar.
SCENARIO: dict[str, Any] = {
    "format": "rsoman-data/1",
    "description": "Policy scenario: two offenders in order but for their next home visits",
    "officers": [
        {"warrant_number": "POL101", "surname": "Rulesby", "forenames": "Ash", "borough": "camden"}
    ],
    "offenders": [
        _offender("RSO-PV-0001", "POL101", "high", "2025-01-10"),
        _offender("RSO-PV-0002", "POL101", "very_high", "2025-03-01"),
    ],
}


def _live(session) -> dict[tuple[str, str], Warning]:
    rows = session.exec(select(Warning).where(Warning.state != "resolved")).all()
    return {(w.kind, w.subject_ref): w for w in rows}


def test_version_1_exists_after_migration_and_equals_policy_v1(session):
    (row,) = session.exec(select(PolicyVersion)).all()
    assert row.version == 1 and row.loaded_by == "system" and row.sha256 is None
    assert json.loads(row.settings) == policy_settings(POLICY_V1)
    assert current_policy(session) == POLICY_V1


def test_a_loaded_file_becomes_version_2_and_the_next_scan_names_it(session, tmp_path):
    admin = f.user(session, Role.administrator, username="policyadmin")
    import_document(session, SYSTEM, copy.deepcopy(SCENARIO))
    day = date(2025, 3, 20)

    first = run_scan(session, SYSTEM, as_of=day)
    assert first.policy_version == 1
    before = _live(session)
    assert ("home_visit_overdue", "RSO-PV-0001") not in before
    soon = before[("home_visit_due_soon", "RSO-PV-0002")]
    assert soon.policy_version == 1 and "policy v1" in soon.explanation

    path = _policy_file(tmp_path, visit_interval_high_days=60)
    loaded = load_policy_file(session, admin, path, reason="Force review: high risk bimonthly")
    assert loaded.version == 2 and loaded.visit_interval_high_days == 60
    assert current_policy(session) == loaded
    # Loading rewrites nothing: the warnings keep their v1 explanations until the next scan.
    session.expire_all()
    assert all(w.policy_version == 1 for w in _live(session).values())
    assert "policy v1" in _live(session)[("home_visit_due_soon", "RSO-PV-0002")].explanation

    second = run_scan(session, SYSTEM, as_of=day)
    assert second.policy_version == 2
    session.expire_all()
    after = _live(session)
    late = after[("home_visit_overdue", "RSO-PV-0001")]
    assert late.policy_version == 2 and late.days_overdue == 9
    assert late.due_on == date(2025, 3, 11)
    assert "+ 60 days" in late.explanation and "policy v2" in late.explanation
    recomputed = after[("home_visit_due_soon", "RSO-PV-0002")]
    assert recomputed.id == soon.id and recomputed.policy_version == 2
    assert "policy v2" in recomputed.explanation

    (entry,) = session.exec(select(AuditEntry).where(AuditEntry.object_type == "policy")).all()
    assert entry.action == AuditAction.alteration and entry.username == "policyadmin"
    assert entry.justification == "Force review: high risk bimonthly"
    assert "visit_interval_high_days: 91 -> 60" in entry.summary


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [(date(2025, 3, 10), False), (date(2025, 3, 11), False), (date(2025, 3, 12), True)],
)
def test_the_new_interval_boundary(session, tmp_path, as_of, overdue):
    admin = f.user(session, Role.administrator)
    import_document(session, SYSTEM, copy.deepcopy(SCENARIO))
    load_policy_file(
        session, admin, _policy_file(tmp_path, visit_interval_high_days=60), reason="r"
    )
    run_scan(session, SYSTEM, as_of=as_of)
    assert (("home_visit_overdue", "RSO-PV-0001") in _live(session)) is overdue


def test_a_file_may_give_only_what_it_changes(session, tmp_path):
    admin = f.user(session, Role.administrator)
    path = tmp_path / "short.toml"
    path.write_text("caseload_capacity = 40\n", encoding="utf-8")
    new = load_policy_file(session, admin, path, reason="smaller teams")
    assert new.version == 2
    assert policy_settings(new) == policy_settings(POLICY_V1) | {"caseload_capacity": 40}
    # The stats follow the policy in force.
    assert caseload_stats(session, admin)["policy_version"] == 2
    versions = list_policies(session, admin)
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[1].changes == ["caseload_capacity: 50 -> 40"]
    assert versions[1].source_name == "short.toml" and len(versions[1].sha256 or "") == 64


def test_a_bad_file_lists_every_problem_and_writes_nothing(session, tmp_path):
    admin = f.user(session, Role.administrator)
    path = _policy_file(
        tmp_path,
        visit_interval_high_days=-30,
        caseload_capacity="fifty",
        mappa_level3_min_rank="field_marshal",
        visits_per_fortnight=2,
    )
    with pytest.raises(ValidationFailed) as caught:
        load_policy_file(session, admin, path, reason="")
    found = {(p.field, p.reason) for p in caught.value.problems}
    fields = {field for field, _ in found}
    assert fields == {
        "reason",
        "visit_interval_high_days",
        "caseload_capacity",
        "mappa_level3_min_rank",
        "visits_per_fortnight",
    }
    assert all(p.location == "force.toml" for p in caught.value.problems if p.field != "reason")
    assert ("visits_per_fortnight", "unknown setting") in found
    assert [v.version for v in list_policies(session, admin)] == [1]
    assert not session.exec(select(AuditEntry).where(AuditEntry.object_type == "policy")).all()


def test_a_file_that_is_not_toml_is_refused(session, tmp_path):
    admin = f.user(session, Role.administrator)
    path = tmp_path / "broken.toml"
    path.write_text("caseload_capacity = = 3\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_policy_file(session, admin, path, reason="typo")
    assert "not valid TOML" in caught.value.problems[0].reason
    assert current_policy(session) == POLICY_V1


def test_a_file_equal_to_the_current_policy_is_refused_as_no_change(session):
    admin = f.user(session, Role.administrator)
    with pytest.raises(ValidationFailed) as caught:
        load_policy_file(session, admin, EXAMPLE, reason="reload")
    assert "no change" in str(caught.value.problems[0])
    assert [v.version for v in list_policies(session, admin)] == [1]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.administrator])
def test_only_an_administrator_may_load(session, tmp_path, role):
    officer = f.officer(session)
    actor = f.user(session, role, officer)
    session.commit()
    path = _policy_file(tmp_path, visit_interval_high_days=60)
    with pytest.raises(PermissionDenied):
        load_policy_file(session, actor, path, reason="trying")
    session.rollback()
    assert current_policy(session) == POLICY_V1
    refusals = session.exec(
        select(AuditEntry).where(
            AuditEntry.action == AuditAction.refusal, AuditEntry.object_key == "manage_policy"
        )
    ).all()
    assert [r.username for r in refusals] == [actor.username]


def test_the_caseload_and_record_use_the_policy_in_force(session, tmp_path):
    admin = f.user(session, Role.administrator)
    supervisor = f.user(session, Role.supervisor, f.officer(session))
    import_document(session, SYSTEM, copy.deepcopy(SCENARIO))
    offender = session.exec(select(Offender).where(Offender.ref == "RSO-PV-0001")).one()

    (row,) = caseload_rows(session, supervisor, [offender.id])
    assert row.next_visit_due == date(2025, 4, 11) and "policy v1" in row.next_visit_basis
    load_policy_file(
        session, admin, _policy_file(tmp_path, visit_interval_high_days=60), reason="r"
    )
    (row,) = caseload_rows(session, supervisor, [offender.id])
    assert row.next_visit_due == date(2025, 3, 11) and "policy v2" in row.next_visit_basis
    ids = caseload_ids(session, supervisor, CaseloadQuery(search="RSO-PV-0001"))
    assert ids == [offender.id]
