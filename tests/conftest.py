"""Shared fixtures.

Databases: every service test runs against SQLite and against a real PostgreSQL. The PostgreSQL
cluster is a throwaway one started here on a free port (as the postgres user when run as root),
in memory when /dev/shm has room, once per session, and stopped at exit. Each test gets a fresh
database cloned from a migrated template, so tests never see each other's data.

In parallel (`./dev test` runs pytest-xdist workers) every worker is its own pytest session: its
own PostgreSQL cluster on its own port and socket folder, its own temp folder, its own SQLite
template and demo databases. Nothing here is shared between workers but a server named by
RSOMAN_TEST_PG_URL, where the template database carries the worker's name.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite works on unencrypted SQLite files, through the explicit switch (SQLCipher's key
# derivation on every connection would slow it down); tests/test_encryption.py covers the rest.
os.environ["RSOMAN_UNENCRYPTED"] = "1"
os.environ.pop("RSOMAN_PASSPHRASE", None)

from demo_copies import (
    demo_copies,  # noqa: F401 (a fixture, for whole-scan tests)
    engine_on_copy,
    engine_on_pg_copy,
)

from rsoman.core.demo import generate_demo
from rsoman.core.services import users
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.store.engine import make_engine, open_database, session_scope

# Argon2id at its lowest cost for the whole run, as several modules already did for themselves:
# the suite hashes and verifies passwords some 500 times, and the shipped parameters are
# deliberately slow (a tenth of the suite's CPU). Same code, same Argon2id, cheaper parameters;
# a test about the shipped parameters asks for the `real_hashing` fixture.
SHIPPED_HASHER = users._hasher
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session", autouse=True)
def cheap_hashing() -> Iterator[None]:
    users._hasher = CHEAP_HASHER
    users._dummy_hash.cache_clear()  # the unknown-user hash is made again, cheaply
    yield
    users._hasher = SHIPPED_HASHER
    users._dummy_hash.cache_clear()


@pytest.fixture
def real_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Argon2id with the parameters rsoman ships, for this test."""
    monkeypatch.setattr(users, "_hasher", SHIPPED_HASHER)
    users._dummy_hash.cache_clear()
    yield
    users._dummy_hash.cache_clear()


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


def _cluster_parent() -> str | None:
    """Where the throwaway cluster lives: in memory (/dev/shm) when there is room. Each test's
    database is a copy of the template, some thousand small files made and deleted again: on
    tmpfs that takes a tenth of the time it takes on disk, and nothing here needs to last."""
    shm = Path("/dev/shm")
    try:
        room = shutil.disk_usage(shm).free
    except OSError:
        return None
    return str(shm) if room > 2 * 1024**3 and os.access(shm, os.W_OK) else None


def _worker() -> str:
    """This pytest-xdist worker's name ("gw0", "gw1"...), or "" when the run is not split."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


class PostgresCluster:
    """A throwaway cluster in a temp dir, owned by the postgres user when we are root."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="rsoman-pg-", dir=_cluster_parent()))
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
        self._initdb()
        # The free port is only free when asked: another worker (or program) may take it before
        # the server binds it. Then try another.
        for attempt in range(3):
            try:
                self._start_server()
                return
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                self.port = _free_port()

    def _initdb(self) -> None:
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

    def _start_server(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off "
            # Each copy of the template writes its pages to the WAL: recycle it early, in memory.
            "-c max_wal_size=96MB -c min_wal_size=32MB",
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
    if isinstance(pg_cluster, str):
        admin_url = pg_cluster
        # A server shared by the workers: one template each (one worker must not drop the
        # template another is cloning).
        template = "_".join(filter(None, ("rsoman_template", _worker())))
    else:
        admin_url = pg_cluster.url("postgres")
        template = "rsoman_template"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {template}"))
        conn.execute(text(f"CREATE DATABASE {template}"))
    engine = open_database(admin.url.set(database=template))
    engine.dispose()
    return admin, template


def _fresh_pg_engine(pg_template: tuple[Engine, str]) -> Iterator[Engine]:
    admin, template = pg_template
    yield from engine_on_pg_copy(admin, template, "t_" + uuid.uuid4().hex[:12])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = open_database(str(path))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_database(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Path]:
    """`demo_database(offenders=, seed=, password=)`: the path of a demo SQLite database, generated
    once per session (per worker) for each set of arguments. Callers copy it, never open it."""
    built: dict[tuple[int, int, str], Path] = {}

    def demo(*, offenders: int, seed: int, password: str) -> Path:
        key = (offenders, seed, password)
        if key not in built:
            path = tmp_path_factory.mktemp("demo") / "demo.db"
            shutil.copy(sqlite_template, path)
            engine = make_engine(str(path))
            with session_scope(engine) as session:
                generate_demo(session, SYSTEM, offenders=offenders, seed=seed, password=password)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            engine.dispose()
            built[key] = path
        return built[key]

    return demo


def _fresh_sqlite_engine(template: Path, tmp_path: Path) -> Iterator[Engine]:
    yield from engine_on_copy(template, tmp_path / "rsoman.db")


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
