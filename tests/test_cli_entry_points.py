"""The installed entry points: `python -m rsoman` and the `rsoman` console script, run as real
processes (the way officers and scripts call them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rsoman import __version__

CONSOLE_SCRIPT = Path(sys.executable).with_name("rsoman")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RSOMAN_")}
    env["RSOMAN_UNENCRYPTED"] = "1"  # the test databases are plain SQLite (see conftest)
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return env


def _run(cmd: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_python_dash_m_prints_the_version(tmp_path: Path) -> None:
    done = _run([sys.executable, "-m", "rsoman", "--version"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"rsoman {__version__}\n"


def test_console_script_runs_and_fails_in_one_line(tmp_path: Path) -> None:
    if not CONSOLE_SCRIPT.exists():
        pytest.fail(f"console script missing: {CONSOLE_SCRIPT} (is rsoman installed?)")
    done = _run([str(CONSOLE_SCRIPT), "--version"], tmp_path)
    assert (done.returncode, done.stdout) == (0, f"rsoman {__version__}\n")

    missing = tmp_path / "missing.db"
    done = _run([str(CONSOLE_SCRIPT), "--db", str(missing), "stats"], tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    hint = "create one with 'rsoman init' or 'rsoman demo'"
    assert done.stderr == f"rsoman: error: no database at {missing}; {hint}\n"
    assert "Traceback" not in done.stderr


def test_commands_never_load_qt(tmp_path: Path) -> None:
    # The command line must work on a server with no Qt libraries: only the desktop app (no
    # sub-command) imports it.
    code = (
        "import os, sys\n"
        "from rsoman.cli import main\n"
        "os.environ['RSOMAN_PASSWORD'] = 'long-enough-1'\n"
        f"rc = main(['--db', {str(tmp_path / 'q.db')!r}, 'init'])\n"
        "print(rc, sorted(m for m in sys.modules if m.startswith(('PySide6', 'rsoman.gui'))))\n"
    )
    done = _run([sys.executable, "-c", code], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"
