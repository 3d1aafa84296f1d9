"""The schema check at every start: read without Alembic, the same answers as Alembic's."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from rsoman.core.store.engine import (
    MIGRATIONS_DIR,
    DatabaseError,
    _heads_in_files,
    current_revision,
    head_revision,
    make_engine,
    open_database,
    open_database_reporting,
)


def alembic_head() -> str | None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg).get_current_head()


def test_the_head_read_from_the_files_is_alembics():
    # Fails when a migration file is written in a form the quick reading does not know.
    assert _heads_in_files(MIGRATIONS_DIR / "versions") == {alembic_head()}
    assert head_revision() == alembic_head()


def test_the_head_is_the_revision_no_file_follows(tmp_path: Path):
    for name, revision, down in (("a", "0001", None), ("b", "0002", "0001"), ("c", "0003", "0002")):
        (tmp_path / f"{name}.py").write_text(
            f'"""{name}"""\n\nrevision: str = "{revision}"\n'
            f"down_revision: str | None = {down and repr(down)}\n"
        )
    (tmp_path / "__init__.py").write_text("")
    assert _heads_in_files(tmp_path) == {"0003"}
    # A branch: two heads, and Alembic is left to say what it makes of them.
    (tmp_path / "d.py").write_text('revision = "0004"\ndown_revision = "0002"\n')
    assert _heads_in_files(tmp_path) == {"0003", "0004"}
    # A file the quick reading cannot read: no answer rather than a wrong one.
    (tmp_path / "e.py").write_text("revision = make_id()\n")
    assert _heads_in_files(tmp_path) == set()


def test_the_revision_read_with_plain_sql_is_alembics(engine):
    with engine.connect() as conn:
        assert current_revision(engine) == MigrationContext.configure(conn).get_current_revision()
    assert current_revision(engine) == head_revision()


def test_a_database_never_migrated_has_no_revision(tmp_path: Path):
    fresh = make_engine(str(tmp_path / "empty.db"))
    try:
        assert current_revision(fresh) is None
        with fresh.begin() as conn:  # the table, but no row (a failed first migration)
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        assert current_revision(fresh) is None
        with fresh.begin() as conn:
            conn.execute(text("INSERT INTO alembic_version VALUES ('0001'), ('0002')"))
        with pytest.raises(DatabaseError, match="several schema versions"):
            current_revision(fresh)
    finally:
        fresh.dispose()


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path):
    db = tmp_path / "ready.db"
    open_database(str(db)).dispose()
    script = textwrap.dedent(
        f"""
        import sys
        from rsoman.core.store.engine import open_database_reporting
        engine, notice = open_database_reporting({str(db)!r})
        engine.dispose()
        print(notice, sorted(m for m in sys.modules if m.split(".")[0] == "alembic"))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=dict(os.environ, RSOMAN_UNENCRYPTED="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "None []"


def test_an_upgrade_is_reported_with_the_copy_of_the_old_file(tmp_path: Path):
    from alembic import command

    from rsoman.core.store.engine import _alembic_config

    db = tmp_path / "old.db"
    old = make_engine(str(db))
    with old.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
    old.dispose()
    engine, notice = open_database_reporting(str(db))
    try:
        copy = tmp_path / "old.db.before-0001.bak"
        assert (
            notice == f"Upgraded the database from 0001 to {head_revision()}; a copy of the "
            f"old file is at {copy}"
        )
        assert copy.exists()
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    # Opened again: nothing to say.
    again, notice = open_database_reporting(str(db))
    again.dispose()
    assert notice is None
