"""The shipped app: an older database is upgraded after a copy (and the person is told), and the
PyInstaller one-folder build starts and works with no Python environment.

The build tests are slow (a build takes a few minutes): they run only with RSOMAN_TEST_BUILD=1
(`./dev test --build`). A build is kept under build/frozen-<hash of the sources>/ and reused
until a source changes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from rsoman import __version__, cli
from rsoman.core.store.engine import (
    _alembic_config,
    current_revision,
    head_revision,
    make_engine,
)
from rsoman.core.store.models import Borough

ROOT = Path(__file__).resolve().parents[1]
PW = "correct-horse-1"
OLD = "0004"

# The build tests: marked `build` (and `slow`), skipped unless asked for.
needs_build = pytest.mark.skipif(
    os.environ.get("RSOMAN_TEST_BUILD") != "1",
    reason="builds the PyInstaller folder: set RSOMAN_TEST_BUILD=1 (./dev test --build)",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RSOMAN_UNENCRYPTED", "1")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)


# --- upgrading an older database ----------------------------------------------------------


def _revision(path: Path) -> str | None:
    engine = make_engine(str(path))
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def _boroughs(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Borough)).one()


@pytest.fixture
def old_database(tmp_path: Path) -> Path:
    """A database as an older release left it: migrated to revision 0004 only."""
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), OLD)
        assert current_revision(engine) == OLD
        assert _boroughs(engine) == 33  # the seeded boroughs and the central team
    finally:
        engine.dispose()
    return path


def test_an_old_database_is_copied_then_upgraded_and_the_cli_says_so(
    old_database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", str(old_database), "init"]) == 0
    out, err = capsys.readouterr()
    head = head_revision()
    backup = old_database.with_name(f"old.db.before-{OLD}.bak")
    assert err == (
        f"Upgraded the database from {OLD} to {head}; a copy of the old file is at {backup}\n"
    )
    assert "administrator account created: admin" in out
    # The copy is the old database, untouched; the database itself is at the newest revision
    # and kept its rows.
    assert _revision(backup) == OLD
    assert _revision(old_database) == head
    engine = make_engine(str(old_database))
    try:
        assert _boroughs(engine) == 33
    finally:
        engine.dispose()


def test_a_database_already_up_to_date_is_neither_copied_nor_announced(
    old_database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", str(old_database), "init"]) == 0
    capsys.readouterr()
    copies = sorted(old_database.parent.glob("*.bak"))
    assert cli.main(["--db", str(old_database), "--user", "admin", "stats"]) == 0
    assert "Upgraded" not in capsys.readouterr().err
    assert sorted(old_database.parent.glob("*.bak")) == copies


def test_a_new_database_is_not_an_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "new.db"
    monkeypatch.setenv("RSOMAN_PASSWORD", PW)
    assert cli.main(["--db", str(db), "init"]) == 0
    assert "Upgraded" not in capsys.readouterr().err
    assert not list(tmp_path.glob("*.bak"))


# --- the PyInstaller build ----------------------------------------------------------------

# What the build is made from: a change to any of these makes a new build.
BUILD_INPUTS = ("rsoman", "resources", "docs", "rsoman.spec", "pyproject.toml")
# Qt modules and bindings that must never reach the folder (rsoman.spec excludes them).
NOT_SHIPPED = (
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6/QtWebEngineCore",
    "PySide6/QtQuick",
    "PySide6/QtQml",
    "PySide6/Qt3DCore",
    "PySide6/QtMultimedia",
    "PySide6/Qt/lib/libQt6Quick",
    "PySide6/Qt/lib/libQt6Qml",
)


def _sources_hash() -> str:
    digest = hashlib.sha256()
    for name in BUILD_INPUTS:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _say(config: pytest.Config, line: str) -> None:
    # Figures for the person running the build test, shown even while output is captured.
    capture = config.pluginmanager.get_plugin("capturemanager")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if capture is None or reporter is None:
        return
    with capture.global_and_fixture_disabled():
        if os.environ.get("PYTEST_XDIST_WORKER"):
            # A parallel worker's terminal output goes nowhere; its standard error is shown.
            print(f"[build] {line}", file=sys.stderr, flush=True)
        else:
            reporter.write_line(f"[build] {line}")


@pytest.fixture(scope="module")
def frozen_app(request: pytest.FixtureRequest) -> Path:
    """The built `rsoman` executable (building it first if the sources changed)."""
    pytest.importorskip("PyInstaller", reason="PyInstaller is in the dev extras")
    cache = ROOT / "build" / f"frozen-{_sources_hash()}"
    exe = cache / "dist" / "rsoman" / "rsoman"
    # Parallel workers (pytest-xdist) may both need the build: the first builds, the other
    # waits on the lock and then reuses it.
    (ROOT / "build").mkdir(exist_ok=True)
    with open(ROOT / "build" / "frozen.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _build_unless_built(request.config, cache, exe)
    size = _folder_size(exe.parent)
    _say(request.config, f"folder {exe.parent}: {size / 1e6:.0f} MB")
    return exe


def _build_unless_built(config: pytest.Config, cache: Path, exe: Path) -> None:
    if not exe.exists():
        for old in (ROOT / "build").glob("frozen-*"):
            shutil.rmtree(old, ignore_errors=True)  # an older build: 300 MB each
        started = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                str(cache / "dist"),
                "--workpath",
                str(cache / "work"),
                str(ROOT / "rsoman.spec"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-4000:]
        _say(config, f"built in {time.monotonic() - started:.0f} s")
        shutil.rmtree(cache / "work", ignore_errors=True)
    else:
        _say(config, f"reusing the build in {cache}")


def _bare_environment(home: Path, **extra: str) -> dict[str, str]:
    """What a fresh machine gives a program: no virtual environment, no PYTHONPATH, no RSOMAN_*
    settings, a display-less Qt."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def _run_frozen(
    exe: Path, args: list[str], home: Path, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        cwd=home,
        env=_bare_environment(home, **env),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "home"
    folder.mkdir()
    yield folder


@pytest.mark.build
@pytest.mark.slow
@needs_build
def test_the_build_prints_its_version_and_leaves_unused_qt_out(
    frozen_app: Path, home: Path
) -> None:
    done = _run_frozen(frozen_app, ["--version"], home)
    assert (done.returncode, done.stdout) == (0, f"rsoman {__version__}\n"), done.stderr
    internal = frozen_app.parent / "_internal"
    shipped = [name for name in NOT_SHIPPED if list(internal.glob(f"{name}*"))]
    assert shipped == []
    # What the app reads from disk at run time travelled with it.
    assert (internal / "rsoman/core/store/migrations/versions").is_dir()
    assert (internal / "resources/style.qss").is_file()


@pytest.mark.build
@pytest.mark.slow
@needs_build
def test_the_build_makes_a_demo_scans_it_and_opens_the_window(frozen_app: Path, home: Path) -> None:
    db = str(home / "demo.db")
    secret = {"RSOMAN_PASSPHRASE": "a long synthetic passphrase for the build test"}
    done = _run_frozen(
        frozen_app,
        ["demo", "--db", db, "--offenders", "50", "--seed", "7", "--accounts"],
        home,
        **secret,
        RSOMAN_PASSWORD=PW,  # the demo accounts' password: never on the command line
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("demo caseload: 50 offenders")
    # Encrypted by default: the frozen SQLCipher did its work.
    assert not Path(db).read_bytes().startswith(b"SQLite format 3")

    officer = {**secret, "RSOMAN_USER": "officer", "RSOMAN_PASSWORD": PW}
    done = _run_frozen(frozen_app, ["scan", "--db", db, "--json"], home, **officer)
    assert done.returncode == 0, done.stderr
    warnings = json.loads(done.stdout)
    assert isinstance(warnings, list) and warnings, "the demo caseload always has warnings"
    assert {"kind", "severity", "offender", "explanation", "policy_version"} <= set(warnings[0])

    # The desktop app: the real sign-in, the main window, the first scheduled scan, then quit.
    done = _run_frozen(frozen_app, ["--db", db, "--smoke-test", "60000"], home, **officer)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smoke test: main window opened as officer; Warnings scanned")
    assert "Traceback" not in done.stderr


def test_the_desktop_app_says_so_too(
    old_database: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from rsoman.gui import app
    from rsoman.gui.first_run_wizard import FirstRunWizard

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    # The old database has no accounts yet: the app goes on to its first-run wizard, which the
    # person closes.
    monkeypatch.setattr(FirstRunWizard, "exec", lambda _self: QDialog.DialogCode.Rejected)
    assert app.run(str(old_database)) == 0
    backup = old_database.with_name(f"old.db.before-{OLD}.bak")
    assert told == [
        f"Upgraded the database from {OLD} to {head_revision()}; "
        f"a copy of the old file is at {backup}."
    ]
