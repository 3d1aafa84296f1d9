"""Shared fixtures.

Databases: every service test runs against SQLite and against a real PostgreSQL. The PostgreSQL
cluster is a throwaway one started here on a free port (as the postgres user when run as root),
once per session, and stopped at exit. Each test gets a fresh database cloned from a migrated
template, so tests never see each other's data.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite works on unencrypted SQLite files, through the explicit switch (SQLCipher's key
# derivation on every connection would slow it down); tests/test_encryption.py covers the rest.
os.environ["RSOMAN_UNENCRYPTED"] = "1"
os.environ.pop("RSOMAN_PASSPHRASE", None)

from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.store.engine import make_engine, open_database

PG_BIN_CANDIDATES = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15")]


def _pg_bin() -> Path | None:
    configured = os.environ.get("RSOMAN_PG_BIN")
    if configured:
        return Path(configured)
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """A throwaway cluster in a temp dir, owned by the postgres user when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="rsoman-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, text=True)

    def start(self) -> None:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-instructions",
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off",
            "start",
        )

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster | str]:
    external = os.environ.get("RSOMAN_TEST_PG_URL")
    if external:
        yield external
        return
    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries not found (the test command installs them)")
        pytest.skip("PostgreSQL server binaries not found")
    cluster = PostgresCluster(bin_dir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PostgresCluster | str) -> tuple[Engine, str]:
    """A migrated template database; each test clones it (much faster than migrating again)."""
    admin_url = pg_cluster if isinstance(pg_cluster, str) else pg_cluster.url("postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS rsoman_template"))
        conn.execute(text("CREATE DATABASE rsoman_template"))
    template_url = admin.url.set(database="rsoman_template")
    engine = open_database(template_url)
    engine.dispose()
    return admin, "rsoman_template"


def _fresh_pg_engine(pg_template: tuple[Engine, str]) -> Iterator[Engine]:
    admin, template = pg_template
    name = "t_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template}'))
    engine = make_engine(admin.url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = open_database(str(path))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def _fresh_sqlite_engine(template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "rsoman.db"
    shutil.copy(template, path)
    engine = make_engine(str(path))
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A fresh, migrated database: SQLite and PostgreSQL in turn."""
    if request.param == "sqlite":
        yield from _fresh_sqlite_engine(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        yield from _fresh_pg_engine(request.getfixturevalue("pg_template"))


@pytest.fixture
def sqlite_engine(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """SQLite only: for the GUI and command-line tests, which exercise the same services."""
    yield from _fresh_sqlite_engine(sqlite_template, tmp_path)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def system() -> Actor:
    return SYSTEM
