"""Take the README's and the user guide's screenshots from the real app on a fictional demo.

    xvfb-run -a .venv/bin/python docs/screenshots.py [--out docs/images] [--offenders 600]

Each picture is the real window (the same classes the app runs) on a freshly generated demo
database, after a warning scan, so the screenshots show what an officer would see. Runs on a
virtual X display (Xvfb) so fonts and the platform style are the real ones; with no display it
falls back to Qt's offscreen platform.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from rsoman.core.demo import generate_demo
from rsoman.core.jobs import scan_job
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, caseload_rows
from rsoman.core.services.users import authenticate
from rsoman.core.store.engine import open_database, session_scope
from rsoman.gui.app import _apply_style
from rsoman.gui.main_window import MainWindow
from rsoman.gui.tasks import TaskRunner

PASSWORD = "screenshots only, fictional data"
SIZE = (1400, 820)


def settle(ms: int = 600) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_ms: int = 20000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        settle(100)
        waited += 100


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def sign_in(engine: object, username: str) -> Actor:
    with session_scope(engine) as session:  # type: ignore[arg-type]
        return authenticate(session, username, PASSWORD)


def borough_of(engine: object, who: Actor) -> str:
    from rsoman.core.store.models import Borough

    with session_scope(engine) as session:  # type: ignore[arg-type]
        borough = session.get(Borough, who.borough_id)
        assert borough is not None
        return borough.code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "images")
    parser.add_argument("--offenders", type=int, default=600)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    # Screenshots are of a throwaway demo file: no passphrase to keep.
    os.environ.setdefault("RSOMAN_UNENCRYPTED", "1")
    os.environ.pop("RSOMAN_PASSPHRASE", None)
    app = QApplication(sys.argv)
    app.setApplicationName("rsoman")
    _apply_style(app)
    folder = Path(tempfile.mkdtemp(prefix="rsoman-shots-"))
    db = str(folder / "demo.db")
    engine = open_database(db)
    with session_scope(engine) as session:
        generate_demo(
            session, SYSTEM, offenders=args.offenders, seed=1, password=PASSWORD, as_of=date.today()
        )
    summary = scan_job(db)
    prefs = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    runner = TaskRunner(engine)

    # An offender manager's morning: Today, then the caseload.
    officer = sign_in(engine, "officer")
    window = MainWindow(engine, runner, officer, settings=prefs)
    window.resize(*SIZE)
    window.show()
    window.show_scan_result(summary)
    wait_for(lambda: window.model is not None and not window.model.loading)
    settle(1500)
    if window.today is not None:
        window.show_page(window.ui.todayPage)
        settle()
        save(window, args.out, "today")
    window.show_page(window.ui.caseloadPage)
    settle()
    save(window, args.out, "caseload")

    # The same caseload filtered: high risk, not seen at home for three months.
    window.ui.filtersButton.setChecked(True)
    panel = window.filter_panel
    assert panel is not None
    panel.not_seen_box.setChecked(True)
    wait_for(lambda: not window.model.loading)  # type: ignore[union-attr]
    settle()
    save(window, args.out, "caseload-filters")
    window.ui.filtersButton.setChecked(False)

    # One record, and the visit form over it.
    with session_scope(engine) as session:
        ids = caseload_ids(session, officer, CaseloadQuery(scope="mine", sort="next_visit_due"))
        ref = caseload_rows(session, officer, ids[:1])[0].ref
    record = window.open_record(ref)
    record.resize(*SIZE)
    wait_for(lambda: getattr(record, "record", None) is not None)
    settle()
    save(record, args.out, "record")
    try:
        from rsoman.gui.forms import FormContext, create_form

        form = create_form("visit", FormContext(engine, runner, officer, ref), record)
        form.show()
        settle(1500)
        save(form, args.out, "visit-form")
        form.confirm_discard = lambda: True  # type: ignore[method-assign]
        form.close()
    except ImportError:
        print("no visit form in this build: skipped")
    record.close()
    window.close()

    # A supervisor's week: the team view.
    supervisor = sign_in(engine, "supervisor")
    team_window = MainWindow(engine, runner, supervisor, settings=prefs)
    team_window.resize(*SIZE)
    team_window.show()
    if team_window.ui.mainTabs.indexOf(team_window.ui.teamPage) >= 0:
        team_window.show_page(team_window.ui.teamPage)
        settle(4000)
        save(team_window, args.out, "team")
    # A borough briefing, issued and previewed (a logged disclosure, like any pack).
    from rsoman.core.reports.issue import issue_briefing
    from rsoman.core.services.packs.history import get_issued_pack
    from rsoman.gui.packs import open_preview

    with session_scope(engine) as session:
        pack = issue_briefing(
            session,
            supervisor,
            borough_code=borough_of(engine, supervisor),
            issued_to="PC Example, fictional response team",
            reason="screenshot for the user guide",
        )
    with session_scope(engine) as session:
        summary_row = get_issued_pack(session, supervisor, pack.reference)
    preview = open_preview(runner, supervisor, summary_row, pack.pdf)
    preview.resize(*SIZE)
    settle(2500)
    save(preview, args.out, "briefing-preview")
    preview.close()
    team_window.close()
    runner.shutdown()
    engine.dispose()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
