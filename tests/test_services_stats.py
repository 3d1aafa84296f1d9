import json

import factories as f
import pytest

from rsoman.core.services.errors import PermissionDenied
from rsoman.core.services.stats import caseload_stats
from rsoman.core.store.enums import OffenderStatus, Rank, RiskLevel, Role, TeamRole


@pytest.fixture
def caseload(session):
    """Camden: Ames (capacity 2) has 3 (very high, high, unassessed), Birch has 2 (low, medium),
    one unallocated low, one in custody (not active). Westminster: Cole has 1 (high)."""
    ames = f.officer(session, surname="Ames", capacity=2)
    birch = f.officer(session, surname="Birch")
    cole = f.officer(session, borough_code="westminster", surname="Cole")
    f.offender(session, manager=ames, risk=RiskLevel.very_high)
    f.offender(session, manager=ames, risk=RiskLevel.high)
    f.offender(session, manager=ames)
    f.offender(session, manager=birch, risk=RiskLevel.low)
    f.offender(session, manager=birch, risk=RiskLevel.medium)
    f.offender(session, risk=RiskLevel.low)
    f.offender(session, manager=birch, risk=RiskLevel.high, status=OffenderStatus.in_custody)
    f.offender(session, borough_code="westminster", manager=cole, risk=RiskLevel.high)
    sergeant = f.officer(session, rank=Rank.ds, team_role=TeamRole.supervisor)
    actors = {
        "sup": f.user(session, Role.supervisor, sergeant),
        "admin": f.user(session, Role.administrator),
        "om": f.user(session, Role.offender_manager, ames),
    }
    session.commit()
    return actors


def by(rows, key, value):
    [row] = [r for r in rows if r[key] == value]
    return row


def test_london_figures(session, caseload):
    stats = caseload_stats(session, caseload["admin"])
    json.dumps(stats)
    assert stats["scope"] == "London" and stats["policy_version"] == 1
    assert len(stats["boroughs"]) == 32
    camden = by(stats["boroughs"], "code", "camden")
    assert camden["active_offenders"] == 6
    assert camden["offender_managers"] == 2
    assert camden["offenders_per_manager"] == 3.0
    assert camden["risk_mix"] == {
        "very_high": 1,
        "high": 1,
        "medium": 1,
        "low": 2,
        "unassessed": 1,
    }
    assert by(stats["boroughs"], "code", "barnet")["offenders_per_manager"] is None

    ames = by(stats["officers"], "name", "Ada Ames")
    assert (ames["caseload"], ames["capacity"], ames["over_capacity"]) == (3, 2, True)
    assert ames["risk_weighted_caseload"] == 4 + 3 + 4  # unassessed weighs as very high
    birch = by(stats["officers"], "name", "Ada Birch")
    assert (birch["caseload"], birch["capacity"], birch["over_capacity"]) == (2, 50, False)
    assert birch["risk_weighted_caseload"] == 1 + 2
    assert birch["borough"] == "Camden" and birch["rank"] == "dc"

    totals = stats["totals"]
    assert totals["active_offenders"] == 7
    assert totals["offender_managers"] == 3
    assert totals["offenders_per_manager"] == 2.3
    assert totals["unallocated"] == 1
    assert totals["officers_over_capacity"] == 1
    assert totals["risk_mix"]["high"] == 2
    assert totals["risk_mix_percent"] == {
        "very_high": 14.3,
        "high": 28.6,
        "medium": 14.3,
        "low": 28.6,
        "unassessed": 14.3,
    }


def test_borough_supervisor_sees_only_their_borough(session, caseload):
    stats = caseload_stats(session, caseload["sup"])
    assert stats["scope"] == "Camden"
    assert [b["code"] for b in stats["boroughs"]] == ["camden"]
    assert {o["name"] for o in stats["officers"]} == {"Ada Ames", "Ada Birch"}
    assert stats["totals"]["active_offenders"] == 6


def test_offender_manager_may_not_view_stats(session, caseload):
    with pytest.raises(PermissionDenied):
        caseload_stats(session, caseload["om"])


def test_empty_database(session, system):
    stats = caseload_stats(session, system)
    assert stats["totals"]["active_offenders"] == 0
    assert stats["totals"]["offenders_per_manager"] is None
    assert set(stats["totals"]["risk_mix_percent"].values()) == {0.0}
    assert stats["officers"] == []
