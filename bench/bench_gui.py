"""Time the desktop client: `python bench/bench_gui.py [--sizes 7000 70000] [--db sqlite|URL]
[--db-cache DIR] [--repeat 3] [--give-up 60] [--passphrase P]`.

Each size's demo database is generated once (the demo caseload; two supervisor accounts,
`supervisor` in the biggest borough and `central` London-wide; one warning scan, so warning
counts are real) into a cache and reused: a SQLite file under `--db-cache` (default:
rsoman-bench-gui in the temp dir; plain, or SQLCipher-encrypted with `--passphrase`), or a kept
database `rsoman_gui_<size>_s<seed>` on each PostgreSQL server given. A cached database is
migrated before anything is timed. Then every measurement runs in a fresh Python process
(offscreen Qt), so start-up and memory are honest:

- launch to usable window: from just before the process is started (so interpreter start-up and
  every import count) to the real `MainWindow` of the borough supervisor shown, with its
  caseload's ids in and the first page of rows fetched and painted. The sign-in dialog is
  skipped: Argon2id password checking is deliberately slow and is shown on its own line;
- first rows of a caseload, sorting by each expensive column and filtering (quick search by
  name, ward, "not seen at home since"), each from the request to the model having its first
  page (ids in, page 0 fetched, view painted); for the London-wide supervisor on the biggest
  borough (scope "borough") and on all of London (scope "london");
- peak memory of each process (VmHWM, the high-water resident set);
- floors: a bare QMainWindow with a QTableView shown (same process style), and the bare SQL of
  the id list (`SELECT id FROM offender WHERE borough_id = ? ORDER BY surname, forenames`) and
  one page of offender rows written by hand.

Timings are wall clock on whatever else the machine is running (the load average is printed),
with the CPU time of the measuring process beside them (GUI and database threads; not a
PostgreSQL server's work): on a shared machine CPU is the steadier guide. "first" is the first
request in the process, "median" the median of `--repeat` requests.

The children run with Python's bytecode cache on (kept under `--db-cache`, not in the source
tree), and one unmeasured launch first fills it: an installed copy of the app (pip, or the
PyInstaller build) never compiles its modules at start, whereas a development shell with
PYTHONDONTWRITEBYTECODE set would compile all of rsoman at every launch (about 0.2 s).
The aims: usable window under 2 s; first rows, sort and filter each under 0.3 s; under 400 MB.
"""

# Only light modules at the top: a measuring child must pay for its own imports, and the
# bare-window floor must not pay for rsoman's.
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

AS_OF = date(2026, 11, 27)  # the same as bench_demo
PASSWORD = "correct horse battery"
CENTRAL_USER = "central"
BOROUGH_USER = "supervisor"
# A request still unanswered after this long is reported as such (and its process killed).
GIVE_UP_S = 60.0

AIM_LAUNCH_S = 2.0
AIM_STEP_S = 0.3
AIM_MB = 400.0

SORTS = (
    "next_visit_due",
    "risk_level",
    "last_successful_home_visit",
    "open_warnings",
    "offender_manager",
    "home_address",
)


# --- both sides -------------------------------------------------------------------------------


def peak_mb() -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def label_of(target: str) -> str:
    return "sqlite" if target == "sqlite" else "postgresql"


def sqlite_kind(target: str) -> str:
    if target != "sqlite":
        return ""
    return " (SQLCipher)" if os.environ.get("RSOMAN_PASSPHRASE") else " (plain file)"


# --- the cached demo databases ----------------------------------------------------------------


def _fill(url: Any, size: int, seed: int) -> None:
    """Generate the demo caseload, add the London-wide supervisor, run one scan; commit."""
    from sqlalchemy import func
    from sqlmodel import Session, select

    from rsoman.core.demo import generate_demo
    from rsoman.core.services import scan
    from rsoman.core.services.actor import SYSTEM
    from rsoman.core.services.users import create_user
    from rsoman.core.store.engine import open_database
    from rsoman.core.store.enums import Role, TeamRole
    from rsoman.core.store.models import Borough, Offender, Officer

    engine = open_database(url)
    try:
        with Session(engine) as session:
            # The two accounts the bench signs in as are made here rather than taken from the
            # demo's, so that the bench does not depend on which accounts the demo makes (and
            # its writer briefly could not make them while the account table was changing).
            generate_demo(session, SYSTEM, offenders=size, seed=seed, as_of=AS_OF)
            biggest = session.execute(
                select(Offender.borough_id)
                .group_by(Offender.borough_id)
                .order_by(func.count().desc(), Offender.borough_id)
                .limit(1)
            ).scalar_one()
            for username, central in ((BOROUGH_USER, False), (CENTRAL_USER, True)):
                where = Borough.is_central if central else Borough.id == biggest
                officer = session.exec(
                    select(Officer)
                    .join(Borough, Borough.id == Officer.borough_id)
                    .where(where, Officer.team_role == TeamRole.supervisor)
                    .order_by(Officer.id)
                ).first()
                assert officer is not None, f"the demo has no supervisor for {username}"
                create_user(
                    session,
                    SYSTEM,
                    username=username,
                    role=Role.supervisor,
                    password=PASSWORD,
                    officer_warrant=officer.warrant_number,
                )
            session.flush()
            scan.run_scan(session, SYSTEM, as_of=AS_OF)
            # One commit: a database that has the accounts is complete.
            session.commit()
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _complete(url: Any) -> bool:
    """The database holds a finished bench caseload (the central account is made last)."""
    import sqlalchemy as sa

    from rsoman.core.store.engine import DatabaseError, make_engine

    try:
        engine = make_engine(url)
    except DatabaseError:
        return False
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.text("SELECT count(*) FROM user_account WHERE username = :u"),
                {"u": CENTRAL_USER},
            ).scalar_one()
            return bool(found)
    except (sa.exc.SQLAlchemyError, DatabaseError):
        return False
    finally:
        engine.dispose()


def cached_database(target: str, size: int, seed: int, cache: Path) -> str:
    """The URL of a finished bench database of this size, generating it if need be."""
    if target == "sqlite":
        kind = "encrypted" if os.environ.get("RSOMAN_PASSPHRASE") else "plain"
        path = cache / f"gui-{size}-seed{seed}-{kind}.db"
        if path.exists() and _complete(str(path)):
            return str(path)
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.db")
        for stale in (partial, *(Path(f"{partial}{s}") for s in ("-wal", "-shm"))):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        _fill(str(partial), size, seed)
        for leftover in ("-wal", "-shm"):
            Path(f"{partial}{leftover}").unlink(missing_ok=True)
        partial.replace(path)
        print(f"(generated {path} in {time.perf_counter() - started:.0f} s)", flush=True)
        return str(path)

    import sqlalchemy as sa

    from rsoman.core.store.engine import normalise_url

    server = normalise_url(target)
    url = server.set(database=f"rsoman_gui_{size}_s{seed}")
    if _complete(url):
        return url.render_as_string(hide_password=False)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    started = time.perf_counter()
    _fill(url, size, seed)
    print(f"(generated {url.database} in {time.perf_counter() - started:.0f} s)", flush=True)
    return url.render_as_string(hide_password=False)


def migrated(url: str) -> str:
    """Bring a cached database up to the current schema before anything is timed (a launch
    that migrates also copies the file first), and drop the copies that makes: the cache is
    the bench's own."""
    from rsoman.core.store.engine import normalise_url, open_database

    open_database(url).dispose()
    database = normalise_url(url).database
    if normalise_url(url).get_backend_name() == "sqlite" and database:
        for copy in Path(database).parent.glob(Path(database).name + ".before-*.bak"):
            copy.unlink()
    return url


def cancel_queries(url: str) -> None:
    """Cancel what a PostgreSQL server still runs for a process the bench gave up on: the
    server only notices a departed client when it next writes to it."""
    import sqlalchemy as sa

    from rsoman.core.store.engine import normalise_url

    u = normalise_url(url)
    if u.get_backend_name() != "postgresql":
        return
    engine = sa.create_engine(u)
    try:
        with engine.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_cancel_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        engine.dispose()


def caseload_facts(url: str) -> dict[str, Any]:
    """What the measurements ask for: the biggest borough (by active offenders), a name to
    search for, a ward of that borough."""
    import sqlalchemy as sa

    from rsoman.core.store.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            code, borough_id, active = conn.execute(
                sa.text(
                    "SELECT b.code, b.id, count(*) AS n FROM offender o "
                    "JOIN borough b ON b.id = o.borough_id WHERE o.status = 'active' "
                    "GROUP BY b.code, b.id ORDER BY n DESC, b.code LIMIT 1"
                )
            ).one()
            london = conn.execute(
                sa.text("SELECT count(*) FROM offender WHERE status = 'active'")
            ).scalar_one()
            # The commonest surname, as a user would type its start.
            surname = conn.execute(
                sa.text(
                    "SELECT surname FROM offender GROUP BY surname "
                    "ORDER BY count(*) DESC, surname LIMIT 1"
                )
            ).scalar_one()
            ward = conn.execute(
                sa.text("SELECT name FROM ward WHERE borough_id = :b ORDER BY name LIMIT 1"),
                {"b": borough_id},
            ).scalar_one()
    finally:
        engine.dispose()
    return {
        "borough": code,
        "borough_id": borough_id,
        "borough_active": active,
        "london_active": london,
        "search": surname[:4].lower(),
        "ward": ward,
    }


# --- the measuring children -------------------------------------------------------------------


def _qt_app() -> Any:
    from rsoman.gui import app as gui_app

    application = gui_app._application()
    gui_app._apply_style(application)
    return application


class GaveUp(Exception):
    pass


def _wait(done: Any, *signals: Any) -> None:
    """Run the event loop until `done()` holds, checking each time one of `signals` fires (not
    a busy loop: the DB thread needs the GIL and a core)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()

    def check(*_args: Any) -> None:
        if done():
            loop.quit()

    for signal in signals:
        signal.connect(check)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(int(GIVE_UP_S * 1000))
    loop.exec()
    for signal in signals:
        signal.disconnect(check)
    if not done():
        raise GaveUp(f"no answer after {GIVE_UP_S:g} s")
    timer.stop()


class _Loads:
    """Counts the model's finished loads (and keeps its failures), from before they can
    arrive."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.count = 0
        self.failures: list[str] = []
        model.loaded.connect(self._loaded)
        model.load_failed.connect(self.failures.append)

    def _loaded(self, _count: int) -> None:
        self.count += 1

    def wait_for(self, count: int) -> None:
        def done() -> bool:
            if self.failures:
                raise RuntimeError(f"the caseload failed to load: {self.failures[0]}")
            return self.count >= count

        _wait(done, self.model.loaded, self.model.load_failed)


def _first_page_painted(model: Any, view: Any) -> None:
    """What the view does once ids are in: paint page 0 (which the model now fetches in the
    same background job as the ids; an older model fetched it here, on the GUI thread)."""
    from PySide6.QtWidgets import QApplication

    model.row_data(0)
    view.viewport().repaint()
    QApplication.processEvents()


def child_floor_window(t0: float, spec: dict[str, Any]) -> dict[str, Any]:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    view = QTableView()
    view.setModel(QStandardItemModel(0, 10, window))
    window.setCentralWidget(view)
    window.resize(1200, 800)
    window.show()
    view.viewport().repaint()
    app.processEvents()
    return {"shown": time.time() - t0, "cpu": time.process_time()}


def child_floor_sql(t0: float, spec: dict[str, Any]) -> dict[str, Any]:
    import sqlalchemy as sa

    from rsoman.core.store.engine import make_engine

    # The app's own engine (the same driver, and SQLCipher's decryption when encrypted).
    engine = make_engine(spec["url"])
    repeat = spec["repeat"]
    ids_borough = sa.text(
        "SELECT id FROM offender WHERE borough_id = :b ORDER BY surname, forenames"
    )
    ids_london = sa.text("SELECT id FROM offender ORDER BY surname, forenames")
    page = sa.text(
        "SELECT o.id, o.ref, o.surname, o.forenames, o.date_of_birth, o.mappa_category, "
        "o.mappa_level, o.status, b.name FROM offender o JOIN borough b ON b.id = o.borough_id "
        "WHERE o.id IN :ids"
    ).bindparams(sa.bindparam("ids", expanding=True))
    out: dict[str, list[float]] = {"sql_borough": [], "sql_london": [], "sql_page": []}
    with engine.connect() as conn:
        for _ in range(repeat):
            start = time.perf_counter()
            found = list(conn.execute(ids_borough, {"b": spec["borough_id"]}).scalars())
            out["sql_borough"].append(time.perf_counter() - start)
            start = time.perf_counter()
            list(conn.execute(ids_london).scalars())
            out["sql_london"].append(time.perf_counter() - start)
            start = time.perf_counter()
            conn.execute(page, {"ids": found[:200]}).all()
            out["sql_page"].append(time.perf_counter() - start)
    engine.dispose()
    return out


def child_launch(t0: float, spec: dict[str, Any]) -> dict[str, Any]:
    marks: dict[str, float] = {}
    cpu_marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.time() - t0
        cpu_marks[name] = time.process_time()

    from PySide6.QtCore import QSettings

    from rsoman.gui.app import demo_accounts, has_accounts
    from rsoman.gui.main_window import MainWindow
    from rsoman.gui.tasks import TaskRunner

    mark("imported")
    app = _qt_app()
    mark("qt_app")
    from rsoman.core.services.actor import actor_for_username
    from rsoman.core.store.engine import open_database, session_scope

    engine = open_database(spec["url"])
    has_accounts(engine)
    demo_accounts(engine)  # the sign-in dialog's hint
    mark("database_open")
    with session_scope(engine) as session:
        actor = actor_for_username(session, BOROUGH_USER)
    runner = TaskRunner(engine)
    prefs = QSettings(str(Path(spec["tmp"]) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(engine, runner, actor, settings=prefs)
    model = window.model
    assert model is not None
    loads = _Loads(model)  # results are queued to the event loop: none can have come yet
    window.resize(1280, 860)
    window.show()
    app.processEvents()
    mark("window_shown")
    loads.wait_for(1)
    mark("ids_in")
    window.show_page(window.ui.caseloadPage)
    _first_page_painted(model, window.ui.caseloadView)
    mark("usable")
    usable_cpu = time.process_time()
    # The other tabs' own loads (Today's; the Team tab is built when first opened), queued on
    # the same DB thread.
    _wait(lambda: not runner.busy, runner.busy_changed)
    mark("all_loaded")
    rows = model.rowCount()

    from rsoman.core.services.users import authenticate

    start = time.perf_counter()
    with session_scope(engine) as session:
        authenticate(session, BOROUGH_USER, PASSWORD)
    sign_in = time.perf_counter() - start
    runner.shutdown()
    window.close()
    engine.dispose()
    return {
        "marks": marks,
        "cpu_marks": cpu_marks,
        "cpu": usable_cpu,
        "rows": rows,
        "scope": model.query.scope,
        "sign_in": sign_in,
    }


def child_caseload(t0: float, spec: dict[str, Any]) -> dict[str, Any]:
    """One caseload request, timed `repeat` times, each from a model loaded with the base
    query: first rows (a refresh), a sort, or a filter."""
    from dataclasses import replace

    from PySide6.QtWidgets import QMainWindow, QTableView

    from rsoman.core.services.actor import actor_for_username
    from rsoman.core.services.offenders import CaseloadQuery
    from rsoman.core.store.engine import make_engine, session_scope
    from rsoman.gui.caseload_model import CaseloadModel
    from rsoman.gui.tasks import TaskRunner

    app = _qt_app()
    engine = make_engine(spec["url"])
    with session_scope(engine) as session:
        actor = actor_for_username(session, CENTRAL_USER)
    runner = TaskRunner(engine)
    base = CaseloadQuery(scope=spec["scope"], borough_code=spec.get("borough_code"))
    model = CaseloadModel(engine, runner, actor, base)
    loads = _Loads(model)
    window = QMainWindow()
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1280, 860)
    window.show()
    app.processEvents()

    cpu: list[float] = []
    complete: list[float] = []

    def load(query: CaseloadQuery | None) -> float:
        cpu_start = time.process_time()
        start = time.perf_counter()
        expected = loads.count + 1
        if query is None:
            model.refresh()
        else:
            model.set_query(query)
        loads.wait_for(expected)
        _first_page_painted(model, view)
        cpu.append(time.process_time() - cpu_start)
        painted = time.perf_counter() - start
        # A London-wide list's ids may come in two steps: the first page painted, then the rest
        # (the model is loading until they are in). Wait for them, so that the next request
        # starts on an idle database thread, and report when they came.
        _wait(lambda: not model.loading, model.loading_changed)
        complete.append(time.perf_counter() - start)
        return painted

    op, arg = spec["op"], spec.get("arg")
    target: CaseloadQuery | None
    if op == "first":
        target = None
    elif op == "sort":
        target = replace(base, sort=arg)
    elif op == "search":
        target = replace(base, search=arg)
    elif op == "ward":
        target = replace(base, ward=arg)
    elif op == "not_seen":
        target = replace(base, not_visited_since=date.fromisoformat(arg))
    else:
        raise ValueError(op)
    times: list[float] = []
    cpus: list[float] = []
    all_in: list[float] = []
    if op == "first":
        for _ in range(spec["repeat"]):
            times.append(load(None))
            cpus.append(cpu[-1])
            all_in.append(complete[-1])
    else:
        load(None)
        for _ in range(spec["repeat"]):
            times.append(load(target))
            cpus.append(cpu[-1])
            all_in.append(complete[-1])
            load(base)
    rows = model.rowCount() if target is None else None
    if target is not None:
        load(target)
        rows = model.rowCount()
    runner.shutdown()
    window.close()
    engine.dispose()
    return {"times": times, "cpu": cpus, "rows": rows, "all_in": all_in}


CHILDREN = {
    "floor_window": child_floor_window,
    "floor_sql": child_floor_sql,
    "launch": child_launch,
    "caseload": child_caseload,
}


# Where the children keep their bytecode (see the module docstring); set by `main`.
BYTECODE_CACHE: Path | None = None


def run_child(spec: dict[str, Any], give_up: float) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("QT_LOGGING_RULES", "*.debug=false;qt.qpa.*=false")
    if BYTECODE_CACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    with tempfile.TemporaryDirectory(prefix="rsoman-bench-gui-") as tmp:
        spec = {**spec, "tmp": tmp}
        t0 = time.time()
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", json.dumps(spec), "--t0", repr(t0)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
                # The child gives up on a request itself; this is for a child stuck elsewhere.
                timeout=give_up + 120,
            )
        except subprocess.TimeoutExpired:
            return {"gave_up": f"killed after {give_up + 120:g} s", "peak_mb": float("nan")}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(f"child {spec['kind']} failed:\n{done.stdout}\n{done.stderr}")


def child_main(spec_json: str, t0: float) -> None:
    global GIVE_UP_S
    spec = json.loads(spec_json)
    GIVE_UP_S = spec.get("give_up", GIVE_UP_S)
    try:
        result = CHILDREN[spec["kind"]](t0, spec)
    except GaveUp as exc:
        result = {"gave_up": str(exc)}
    result["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(result), flush=True)
    # Not a normal exit: a query the bench gave up on would be waited for.
    os._exit(0)


# --- the table --------------------------------------------------------------------------------


def _row(
    name: str,
    first: float | None,
    median: float | None,
    cpu: float | None,
    aim: float | None,
    mb: float | None,
) -> str:
    def cell(value: float | None) -> str:
        return f"{value:7.3f}" if value is not None else " " * 7

    verdict = ""
    if aim is not None and median is not None:
        verdict = "ok" if median < aim else "MISSED"
    aim_text = f"< {aim:g} s" if aim is not None else ""
    memory = f"{mb:6.0f} MB" if mb is not None else ""
    return (
        f"  {name:54s} {cell(first)} {cell(median)} {cell(cpu)}  {aim_text:8s} {verdict:6s}"
        f" {memory}"
    )


def run(target: str, size: int, seed: int, cache: Path, repeat: int, give_up: float) -> None:
    url = migrated(cached_database(target, size, seed, cache))
    facts = caseload_facts(url)
    print(
        f"\n{label_of(target)}{sqlite_kind(target)}  offenders {size:,} "
        f"({facts['london_active']:,} active; biggest borough {facts['borough']}: "
        f"{facts['borough_active']:,} active)  "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    print(
        f"  {'seconds (wall; cpu = this process, median)':54s} {'first':>7s} {'median':>7s} "
        f"{'cpu':>7s}  {'aim':8s} {'':6s} {'peak RSS':>9s}"
    )
    peaks: list[float] = []

    # Unmeasured: fills the bytecode cache (and the file cache) as an installed copy has them.
    run_child({"kind": "launch", "url": url, "give_up": give_up}, give_up)
    launch = run_child({"kind": "launch", "url": url, "give_up": give_up}, give_up)
    peaks.append(launch["peak_mb"])
    if "gave_up" in launch:
        print(f"  launch to usable window: {launch['gave_up']}")
    else:
        m = launch["marks"]
        name = f"launch to usable window ({BOROUGH_USER}, {launch['scope']}, {launch['rows']:,})"
        print(_row(name, m["usable"], m["usable"], launch["cpu"], AIM_LAUNCH_S, launch["peak_mb"]))
        for label, times in (("wall", m), ("cpu", launch["cpu_marks"])):
            print(
                f"    {label}: imports {times['imported']:.2f}, QApplication "
                f"{times['qt_app'] - times['imported']:.2f}, database open "
                f"{times['database_open'] - times['qt_app']:.2f}, window built and shown "
                f"{times['window_shown'] - times['database_open']:.2f}, ids "
                f"{times['ids_in'] - times['window_shown']:.2f}, first page "
                f"{times['usable'] - times['ids_in']:.2f}"
            )
        print(f"    other tabs' loads done at {m['all_loaded']:.2f} (wall)")
        print(f"    sign-in, not included (Argon2id, slow on purpose): {launch['sign_in']:.2f} s")

    not_seen = (AS_OF - timedelta(days=90)).isoformat()
    ops: list[tuple[str, str, str | None]] = [("first rows", "first", None)]
    ops += [(f"sort by {key}", "sort", key) for key in SORTS]
    ops += [
        (f"search {facts['search']!r}", "search", facts["search"]),
        (f"ward {facts['ward']!r}", "ward", facts["ward"]),
        (f"not seen at home since {not_seen}", "not_seen", not_seen),
    ]
    for scope, code in (("borough", facts["borough"]), ("london", None)):
        where = code or "London"
        for name, op, arg in ops:
            spec = {
                "kind": "caseload",
                "url": url,
                "scope": scope,
                "borough_code": code,
                "op": op,
                "arg": arg,
                "repeat": repeat,
                "give_up": give_up,
            }
            result = run_child(spec, give_up * (2 * repeat + 2))
            peaks.append(result["peak_mb"])
            if "gave_up" in result:
                cancel_queries(url)
                print(_row(f"{where}: {name}: {result['gave_up']}", None, None, None, None, None))
                continue
            times = result["times"]
            print(
                _row(
                    f"{where}: {name} ({result['rows']:,})",
                    times[0],
                    statistics.median(times),
                    statistics.median(result["cpu"]),
                    AIM_STEP_S,
                    result["peak_mb"],
                ),
                flush=True,
            )
            all_in = statistics.median(result["all_in"])
            if all_in > statistics.median(times) + 0.01:
                print(f"    (painted from the first page of ids; all ids in at {all_in:.3f})")

    window = run_child({"kind": "floor_window"}, give_up)
    print(
        _row(
            "floor: bare QMainWindow + QTableView shown",
            window["shown"],
            window["shown"],
            window["cpu"],
            None,
            window["peak_mb"],
        )
    )
    sql = run_child(
        {"kind": "floor_sql", "url": url, "borough_id": facts["borough_id"], "repeat": repeat},
        give_up,
    )
    for key, name in (
        ("sql_borough", f"floor: SQL ids of {facts['borough']} by name"),
        ("sql_london", "floor: SQL ids of London by name"),
        ("sql_page", "floor: one page (200) of offender rows by hand"),
    ):
        times = sql[key]
        print(_row(name, times[0], statistics.median(times), None, None, sql["peak_mb"]))
    worst = max(peaks)
    print(
        f"  {'peak memory of the client (worst process)':54s} {worst:7.0f} MB {'':14s}"
        f"< {AIM_MB:g} MB {'ok' if worst < AIM_MB else 'MISSED'}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7000, 70000])
    parser.add_argument(
        "--db",
        action="append",
        help="'sqlite' (the default) or a PostgreSQL URL; give it more than once for both",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--db-cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "rsoman-bench-gui",
        help="where the generated SQLite demo databases are kept and reused",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--give-up",
        type=float,
        default=GIVE_UP_S,
        help="seconds after which a request is reported unanswered and its process killed",
    )
    parser.add_argument(
        "--passphrase",
        help="encrypt the SQLite databases with SQLCipher, as the app does by default (else "
        "they are plain files, opened with RSOMAN_UNENCRYPTED=1)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.passphrase:  # the children inherit the environment
        os.environ["RSOMAN_PASSPHRASE"] = args.passphrase
        os.environ.pop("RSOMAN_UNENCRYPTED", None)
    elif not os.environ.get("RSOMAN_PASSPHRASE"):
        os.environ["RSOMAN_UNENCRYPTED"] = "1"
    if args.child:
        child_main(args.child, args.t0)
        return
    global BYTECODE_CACHE
    BYTECODE_CACHE = args.db_cache / "bytecode"
    for target in args.db or ["sqlite"]:
        for size in args.sizes:
            run(target, size, args.seed, args.db_cache, args.repeat, args.give_up)


if __name__ == "__main__":
    main()
