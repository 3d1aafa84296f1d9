"""The caseload's filter panel: filters reach the SQL query, counts update, filters saved by name
come back after a restart, and a bad saved entry never stops the caseload opening."""

from __future__ import annotations

from datetime import date

import pytest
from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import Engine

from rsoman.core.services.offenders import CaseloadQuery, caseload_count
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import RiskLevel
from rsoman.gui.caseload_filters import (
    CaseloadFilterPanel,
    SavedFilters,
    filters_from_dict,
    filters_to_dict,
)
from rsoman.gui.main_window import MainWindow
from rsoman.gui.tasks import TaskRunner


def open_window(qtbot, engine: Engine, runner: TaskRunner, prefs: QSettings, username: str):
    window = MainWindow(engine, runner, actor(engine, username), settings=prefs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.model.loading)
    return window


def expected_count(engine: Engine, username: str, query: CaseloadQuery) -> int:
    with session_scope(engine) as session:
        return caseload_count(session, actor(engine, username), query)


def test_filters_round_trip_through_their_saved_form() -> None:
    query = CaseloadQuery(
        risk_levels=frozenset({RiskLevel.high, RiskLevel.very_high}),
        mappa_levels=frozenset({0, 2}),
        address="elm",
        ward="north",
        manager="DC 1234",
        not_visited_since=date(2026, 1, 31),
        warning_kinds=frozenset({"home_visit_overdue"}),
    )
    assert filters_from_dict(CaseloadQuery(), filters_to_dict(query)) == query


def test_a_damaged_saved_filter_is_ignored_not_fatal(prefs: QSettings) -> None:
    prefs.setValue("caseload/saved_filters/officer", "{not json")
    assert SavedFilters(prefs, "officer").all() == {}
    bad = {"risk_levels": ["purple"], "mappa_levels": [9], "not_visited_since": "yesterday"}
    assert filters_from_dict(CaseloadQuery(), bad) == CaseloadQuery()


def test_risk_filter_reloads_the_caseload_in_sql_and_shows_the_count(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, prefs, "supervisor")
    qtbot.mouseClick(window.ui.filtersButton, Qt.MouseButton.LeftButton)
    assert window.ui.filterPanelHolder.isVisible()
    panel = window.filter_panel
    panel.risk_boxes[RiskLevel.high].setChecked(True)
    qtbot.waitUntil(lambda: not window.model.loading)
    want = window.model.query
    assert want.risk_levels == frozenset({RiskLevel.high})
    assert window.model.rowCount() == expected_count(demo_engine, "supervisor", want)
    assert window.ui.filtersButton.text() == "&Filters (1)"
    for row in range(window.model.rowCount()):
        assert window.model.row_data(row).risk_level == RiskLevel.high


def test_text_filters_wait_for_typing_to_stop(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, prefs, "supervisor")
    before = window.model.rowCount()
    panel = window.filter_panel
    qtbot.keyClicks(panel.address_edit, "zz-no-such-street")
    # Nothing reloads on each key; Enter applies at once.
    assert window.model.query.address == ""
    qtbot.keyClick(panel.address_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.model.loading)
    assert window.model.query.address == "zz-no-such-street"
    assert window.model.rowCount() == 0
    assert window.count_label.text() == "0 offenders found"
    panel.clear()
    qtbot.waitUntil(lambda: not window.model.loading)
    assert window.model.rowCount() == before


def test_saved_filters_come_back_in_a_new_window(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, prefs, "supervisor")
    panel = window.filter_panel
    panel.mappa_boxes[2].setChecked(True)
    panel.not_seen_box.setChecked(True)
    panel.name_edit.setText("Level 2 not seen")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "saved" in panel.message.text()
    saved_query = window.model.query
    window.close()

    again = open_window(qtbot, demo_engine, demo_runner, prefs, "supervisor")
    other = again.filter_panel
    assert other.saved_combo.findText("Level 2 not seen") >= 0
    other.saved_combo.setCurrentIndex(other.saved_combo.findText("Level 2 not seen"))
    other.saved_combo.activated.emit(other.saved_combo.currentIndex())
    qtbot.waitUntil(lambda: not again.model.loading)
    assert again.model.query.mappa_levels == saved_query.mappa_levels
    assert again.model.query.not_visited_since == saved_query.not_visited_since
    # Another user does not see them.
    assert SavedFilters(prefs, "officer").all() == {}


def test_saving_without_a_name_says_what_to_do(qtbot, prefs: QSettings) -> None:
    panel = CaseloadFilterPanel(prefs, "officer")
    qtbot.addWidget(panel)
    panel.save_current()
    assert "Type a name" in panel.message.text()
    assert SavedFilters(prefs, "officer").all() == {}


@pytest.mark.parametrize("username", ["officer", "supervisor"])
def test_tabs_for_caseload_users(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings, username: str
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, prefs, username)
    titles = [window.ui.mainTabs.tabText(i) for i in range(window.ui.mainTabs.count())]
    assert "&Caseload" in titles
    # The team view is for supervisors and managers only, built when its tab is first opened
    # (its charts and figures are not needed for the first window).
    assert ("T&eam" in titles) == (username == "supervisor")
    assert window.team is None
    if username == "supervisor":
        window.ui.actionShowTeam.trigger()
        assert window.team is not None
        assert window.ui.teamPage.layout().indexOf(window.team) >= 0
        team = window.team
        window.show_page(window.ui.caseloadPage)
        window.show_page(window.ui.teamPage)
        assert window.team is team


def test_enter_on_a_caseload_row_opens_that_record_once(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    window = open_window(qtbot, demo_engine, demo_runner, prefs, "officer")
    window.show_page(window.ui.caseloadPage)
    view = window.ui.caseloadView
    view.setCurrentIndex(window.model.index(0, 0))
    ref = window.model.row_data(0).ref
    view.activated.emit(view.currentIndex())
    record = window.records[ref]
    qtbot.waitUntil(lambda: record.record is not None)
    assert record.record.ref == ref
    # Asking again brings the same window forward rather than opening a second.
    window.open_selected_record()
    assert window.records[ref] is record
    record.close()


def test_the_packs_menu_follows_the_role(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    officer = open_window(qtbot, demo_engine, demo_runner, prefs, "officer")
    assert officer.ui.actionBriefingPack.isEnabled()
    assert not officer.ui.actionMappaPack.isEnabled()
    assert not officer.ui.actionPerformanceReport.isEnabled()
    dialog = officer.issue_pack("briefing")
    assert dialog.isVisible()
    dialog.confirm_discard = lambda: True
    dialog.close()
    supervisor = open_window(qtbot, demo_engine, demo_runner, prefs, "supervisor")
    assert supervisor.ui.actionPerformanceReport.isEnabled()
    history = supervisor.show_issued_packs()
    assert history.isVisible()
    history.close()


def test_a_user_changes_their_password_from_the_file_menu(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    from gui_support import PASSWORD

    from rsoman.core.services.users import authenticate

    window = open_window(qtbot, demo_engine, demo_runner, prefs, "officer")
    dialog = window.change_password()
    assert dialog.isVisible()
    dialog.current_edit.setText(PASSWORD)
    dialog.new_edit.setText("a fresh and longer passphrase")
    dialog.confirm_edit.setText("a fresh and longer passphrase")
    dialog.submit()
    assert not dialog.isVisible()
    with session_scope(demo_engine) as session:
        assert authenticate(session, "officer", "a fresh and longer passphrase")


def test_the_settings_dialog_is_offered_to_administrators_only(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner, prefs: QSettings
) -> None:
    officer = open_window(qtbot, demo_engine, demo_runner, prefs, "officer")
    assert not hasattr(officer, "settings_action")
    admin = MainWindow(demo_engine, demo_runner, actor(demo_engine, "admin"), settings=prefs)
    qtbot.addWidget(admin)
    dialog = admin.show_settings()
    assert dialog.isVisible()
    dialog.confirm_discard = lambda: True
    dialog.close()
