"""Policy settings as plain values: round trip, every problem listed, missing keys from a base."""

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rsoman.core.rules.policy import (
    POLICY_V1,
    SETTING_NAMES,
    PolicyInvalid,
    policy_from_settings,
    policy_settings,
)
from rsoman.core.store.enums import Rank

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "policy.toml"


def test_settings_round_trip_to_the_same_policy():
    settings = policy_settings(POLICY_V1)
    assert "version" not in settings and set(settings) == set(SETTING_NAMES)
    assert settings["mappa_level2_min_rank"] == "inspector"
    assert policy_from_settings(1, settings) == POLICY_V1


def test_the_docs_example_file_is_exactly_policy_v1():
    with EXAMPLE.open("rb") as f:
        document = tomllib.load(f)
    assert policy_from_settings(1, document) == POLICY_V1


def test_the_migration_freezes_policy_v1():
    from importlib import import_module

    migration = import_module("rsoman.core.store.migrations.versions.0004_policy_versions")
    assert policy_from_settings(1, migration.POLICY_V1_SETTINGS) == POLICY_V1


def test_every_problem_is_listed():
    settings = policy_settings(POLICY_V1) | {
        "visit_interval_high_days": -5,
        "caseload_capacity": "fifty",
        "concerns_window_days": 90.5,
        "risk_review_days": True,
        "mappa_level3_min_rank": "general",
        "home_visit_due_days": 14,
        "version": 7,
    }
    del settings["travel_late_shown_days"]
    with pytest.raises(PolicyInvalid) as caught:
        policy_from_settings(2, settings)
    found = {p.key: p.reason for p in caught.value.problems}
    assert set(found) == {
        "visit_interval_high_days",
        "caseload_capacity",
        "concerns_window_days",
        "risk_review_days",
        "mappa_level3_min_rank",
        "home_visit_due_days",
        "version",
        "travel_late_shown_days",
    }
    assert "not positive" in found["visit_interval_high_days"]
    assert "not a whole number" in found["caseload_capacity"]
    assert "not a whole number" in found["concerns_window_days"]
    assert "not a whole number" in found["risk_review_days"]
    assert "not a rank" in found["mappa_level3_min_rank"]
    assert found["home_visit_due_days"] == "unknown setting"
    assert found["travel_late_shown_days"] == "missing"


@pytest.mark.parametrize(("value", "ok"), [(0, False), (1, True), (3650, True), (3651, False)])
def test_day_settings_run_from_one_day_to_ten_years(value, ok):
    settings = policy_settings(POLICY_V1) | {"risk_review_days": value}
    if ok:
        assert policy_from_settings(2, settings).risk_review_days == value
    else:
        with pytest.raises(PolicyInvalid, match="risk_review_days"):
            policy_from_settings(2, settings)


def test_missing_settings_keep_the_base_values():
    new = policy_from_settings(2, {"visit_interval_high_days": 60}, base=POLICY_V1)
    assert new.version == 2 and new.visit_interval_high_days == 60
    assert policy_settings(new) == policy_settings(POLICY_V1) | {"visit_interval_high_days": 60}
    # Without a base, nothing is assumed.
    with pytest.raises(PolicyInvalid) as caught:
        policy_from_settings(2, {"visit_interval_high_days": 60})
    assert len(caught.value.problems) == len(SETTING_NAMES) - 1


@given(
    st.fixed_dictionaries(
        {
            "visit_interval_high_days": st.integers(1, 3650),
            "caseload_capacity": st.integers(1, 1000),
            "mappa_level2_min_rank": st.sampled_from([r.value for r in Rank]),
        }
    )
)
def test_any_valid_change_round_trips(change):
    new = policy_from_settings(5, change, base=POLICY_V1)
    assert policy_from_settings(5, policy_settings(new)) == new
