"""The team & performance view on the demo caseload (offscreen, tasks serial)."""

from __future__ import annotations

from datetime import date

from gui_support import *  # noqa: F403
from gui_support import actor
from PySide6.QtCore import Qt
from sqlalchemy import Engine
from sqlmodel import select

from rsoman.core.services.performance import MonthRow
from rsoman.core.store.engine import session_scope
from rsoman.core.store.enums import AuditAction
from rsoman.core.store.models import AuditEntry
from rsoman.gui.tasks import TaskRunner
from rsoman.gui.team_view import (
    COLUMNS,
    REFUSED_MESSAGE,
    MonthFiguresModel,
    OfficerFiguresModel,
    TeamView,
    month_label,
)


def open_view(qtbot, engine: Engine, runner: TaskRunner, username: str) -> TeamView:
    view = TeamView(engine, runner, actor(engine, username))
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def column(name: str) -> int:
    return [c.header for c in COLUMNS].index(name)


def test_a_supervisor_sees_their_borough(qtbot, demo_engine: Engine, demo_runner: TaskRunner):
    view = open_view(qtbot, demo_engine, demo_runner, "supervisor")
    figures = view.figures
    assert figures is not None and figures.borough_code is not None
    # A borough user sees their own borough only: the picker shows it and cannot change it.
    assert view.borough_combo.count() == 1 and not view.borough_combo.isEnabled()
    assert view.borough_combo.currentText() == figures.borough
    assert view.message_label.isHidden()
    assert f"{figures.borough}, as of" in view.status_label.text()

    table = view.officer_model
    assert table.rowCount() == len(figures.officers) > 0
    shown = {table.index(r, 0).data() for r in range(table.rowCount())}
    assert shown == {r.label for r in figures.officers}
    t = figures.totals
    assert view.summary_values["Overdue home visits"].text().startswith(f"{t.overdue_visits:,}")
    assert view.summary_values["Offenders managed"].text().startswith(f"{t.offenders:,}")
    assert view.month_model.rowCount() == 12
    # Both charts are drawn, the caseload with one bar per active officer and a capacity line.
    active = len([r for r in figures.officers if r.active])
    bars = view.caseload_view.chart().series()
    assert len(bars) == 2 and bars[0].barSets()[0].count() == active > 0
    assert bars[1].count() == active
    assert view.overdue_view.chart().series()[0].count() == 12
    # The service logged the consultation.
    with session_scope(demo_engine) as session:
        entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        assert (entry.action, entry.object_type, entry.username) == (
            AuditAction.consultation,
            "statistics",
            "supervisor",
        )


def test_over_capacity_is_written_not_only_coloured(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
):
    view = open_view(qtbot, demo_engine, demo_runner, "supervisor")
    model = view.officer_model
    caseload = column("Caseload / capacity")
    for r in range(model.rowCount()):
        row = model.row(r)
        text = model.index(r, caseload).data()
        if row.active:
            assert text.startswith(f"{row.offenders} / {row.capacity}")
        else:
            assert text == f"{row.offenders} (no longer active)"
        assert ("over capacity" in text) == bool(row.over_capacity)
        background = model.index(r, caseload).data(Qt.ItemDataRole.BackgroundRole)
        assert (background is not None) == bool(row.over_capacity)


def test_sorting_the_officers(qtbot, demo_engine: Engine, demo_runner: TaskRunner):
    view = open_view(qtbot, demo_engine, demo_runner, "admin")
    model = view.officer_model
    overdue = column("Overdue visits")
    view.officer_table.sortByColumn(overdue, Qt.SortOrder.DescendingOrder)
    values = [model.row(r).overdue_visits for r in range(model.rowCount())]
    assert values == sorted(values, reverse=True) and len(values) > 3
    # A reload keeps the chosen order.
    view.refresh()
    assert [model.row(r).overdue_visits for r in range(model.rowCount())] == values


def test_a_london_wide_user_picks_a_borough(qtbot, demo_engine: Engine, demo_runner: TaskRunner):
    view = open_view(qtbot, demo_engine, demo_runner, "admin")
    assert view.borough_combo.isEnabled() and view.borough_combo.count() == 33
    assert view.figures is not None and view.figures.borough == "London"
    london_offenders = view.figures.totals.offenders
    camden = view.borough_combo.findData("camden")
    view.borough_combo.setCurrentIndex(camden)
    assert view.figures.borough == "Camden" and view.figures.borough_code == "camden"
    assert view.figures.totals.offenders < london_offenders


def test_an_officer_is_told_the_figures_are_not_for_them(
    qtbot, demo_engine: Engine, demo_runner: TaskRunner
):
    view = open_view(qtbot, demo_engine, demo_runner, "officer")
    assert view.figures is None
    assert view.message_label.isVisible() and view.message_label.text() == REFUSED_MESSAGE
    assert view.body.isHidden()


def test_models_pass_the_qt_model_tester(
    qtbot, qtmodeltester, demo_engine: Engine, demo_runner: TaskRunner
):
    view = open_view(qtbot, demo_engine, demo_runner, "admin")
    assert view.figures is not None
    officers = OfficerFiguresModel()
    officers.set_rows(view.figures.officers)
    qtmodeltester.check(officers)
    officers.sort(column("Unsuccessful visits"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(officers)
    months = MonthFiguresModel()
    months.set_rows(view.figures.monthly)
    qtmodeltester.check(months)


def test_month_labels():
    def row(first: date, last: date) -> MonthRow:
        return MonthRow(first, last, 0, None, 0, 0, None, 0)

    assert month_label(row(date(2026, 10, 1), date(2026, 10, 31))) == "Oct 2026"
    assert month_label(row(date(2026, 11, 1), date(2026, 11, 27))) == "Nov 2026 (to 27 Nov 2026)"
    assert month_label(row(date(2024, 2, 1), date(2024, 2, 29))) == "Feb 2024"
