"""Migrations: upgrade from empty, models match the newest migration, backup before upgrading."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import rsoman.core.store.models  # noqa: F401
from rsoman.core.store.engine import (
    current_revision,
    head_revision,
    make_engine,
    open_database,
    upgrade,
)


def test_upgrade_from_empty_reaches_head(engine):
    # The fixture's database was migrated from empty by open_database.
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_models_match_latest_migration(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_audit_log_refuses_update_and_delete(engine):
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_entry (at, username, action, object_type, summary, prev_hash,"
                " hash) VALUES ('2026-01-01 00:00:00', 'u', 'collection', 'x', 's', '0', 'h')"
            )
        )
    for statement in ("UPDATE audit_entry SET summary = 'changed'", "DELETE FROM audit_entry"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT summary FROM audit_entry")).scalar_one() == "s"


def test_sqlite_settings_on_every_connection(sqlite_engine):
    with sqlite_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_file_is_copied_before_a_migration(tmp_path: Path):
    db = tmp_path / "old.db"
    engine = make_engine(str(db))
    # Bring it to the first revision only, as an older release would have left it.
    from alembic import command

    from rsoman.core.store.engine import _alembic_config

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
    assert current_revision(engine) == "0001"
    backup = upgrade(engine)
    assert backup is not None and backup.exists()
    assert backup.name == "old.db.before-0001.bak"
    old = make_engine(str(backup))
    assert current_revision(old) == "0001"
    assert current_revision(engine) == head_revision()
    # Already at head: nothing to do, no copy.
    assert upgrade(engine) is None


def test_new_database_is_not_backed_up(tmp_path: Path):
    db = tmp_path / "new.db"
    open_database(str(db))
    assert not list(tmp_path.glob("*.bak"))
