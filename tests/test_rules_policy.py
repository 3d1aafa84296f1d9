import ast
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from rsoman.core.rules.dates import add_months, add_years, format_date
from rsoman.core.rules.policy import CURRENT_POLICY, POLICY_V1
from rsoman.core.store.enums import RiskLevel


def test_policy_v1_carries_the_domain_defaults():
    p = POLICY_V1
    assert p.version == 1
    assert [p.visit_interval_days(level) for level in RiskLevel] == [365, 182, 91, 30]
    assert (p.first_home_visit_days, p.first_risk_assessment_days, p.risk_review_days) == (
        14,
        28,
        365,
    )
    assert (p.periodic_notification_days, p.weekly_nfa_notification_days) == (365, 7)
    assert (p.change_notification_days, p.foreign_travel_notice_days) == (3, 7)
    assert p.breach_action_decision_days == 7
    assert (p.concerns_threshold, p.concerns_window_days) == (3, 90)
    assert p.caseload_capacity == 50
    assert (p.mappa_level2_review_days, p.mappa_level3_review_days) == (16 * 7, 8 * 7)
    assert p.reactive_management_low_years == 3
    assert (p.home_visit_due_soon_days, p.notification_due_soon_days) == (14, 28)
    assert CURRENT_POLICY is POLICY_V1


def test_tariff_and_review_intervals_take_plain_values_and_refuse_unknown_ones():
    assert POLICY_V1.visit_interval_days("very_high") == 30
    with pytest.raises(ValueError, match="not a valid RiskLevel"):
        POLICY_V1.visit_interval_days("severe")
    assert [POLICY_V1.mappa_review_days(level) for level in (1, 2, 3, 4)] == [None, 112, 56, None]


def test_risk_weights_rise_with_risk():
    weights = [POLICY_V1.caseload_weight(level) for level in RiskLevel]
    assert weights == sorted(weights) and len(set(weights)) == 4


def test_policy_is_frozen():
    with pytest.raises(FrozenInstanceError):
        POLICY_V1.caseload_capacity = 60  # type: ignore[misc]


def test_calendar_arithmetic_clamps_to_month_end():
    from datetime import date

    assert add_years(date(2020, 2, 29), 10) == date(2030, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert add_months(date(2021, 8, 31), 42) == date(2025, 2, 28)
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert add_months(date(2021, 12, 15), 1) == date(2022, 1, 15)
    assert format_date(date(2020, 3, 3)) == "3 Mar 2020"


def test_rules_are_pure():
    """No database or Qt import anywhere in the rules package."""
    rules = Path(__file__).parents[1] / "rsoman" / "core" / "rules"
    for path in rules.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [("." * node.level) + (node.module or "")]
            for name in names:
                assert not name.startswith(("PySide6", "sqlalchemy", "sqlmodel")), (path, name)
                assert ".store.models" not in name and ".services" not in name, (path, name)
