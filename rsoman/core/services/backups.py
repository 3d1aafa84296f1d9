"""Backing up and restoring the database: administrators only (the `back_up` and `restore`
actions of the matrix), and both logged.

These take an engine rather than a session: a backup reads the whole file, and a restore
replaces it, so neither can live inside one caller's transaction. The permission check and the
audit entries still live here, once, not in the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from ..store import backup as store
from ..store.engine import DatabaseKey, make_engine, session_scope
from ..store.enums import AuditAction
from ..store.models import UserAccount
from .actor import Actor
from .audit import record
from .permissions import Action, require


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    kept_as: Path | None
    revision: str
    audit_entries: int
    audit_anchor: str | None = None


def check_may_back_up(engine: Engine, actor: Actor) -> None:
    """Refuse (and log the refusal) before any passphrase is asked for."""
    with session_scope(engine) as session:
        require(session, actor, Action.back_up)


def check_may_restore(engine: Engine, actor: Actor) -> None:
    with session_scope(engine) as session:
        require(session, actor, Action.restore)


def backup_database(engine: Engine, actor: Actor, dest: Path, passphrase: str) -> store.BackupInfo:
    """An encrypted copy of the whole database (a disclosure of everything, so logged)."""
    check_may_back_up(engine, actor)
    info = store.backup(engine, dest, passphrase)
    try:
        with session_scope(engine) as session:
            record(
                session,
                actor,
                AuditAction.disclosure,
                "database",
                f"encrypted backup of the whole database written to {info.path} (audit log "
                f"in it: {info.audit_entries} entries, anchor {info.audit_anchor or 'none'})",
                object_key=info.path.name[:60],
            )
    except BaseException:
        # Unlogged, it must not exist.
        info.path.unlink(missing_ok=True)
        raise
    return info


def restore_database(
    engine: Engine | None,
    actor: Actor,
    prepared: store.PreparedRestore,
    target_key: DatabaseKey,
) -> RestoreResult:
    """Replace the database with a checked backup (`store.prepare_restore`). `engine` is the
    database being replaced (None when there is none yet: the actor then signed in to the
    backup itself). Logged in the old database, then in the restored one."""
    try:
        if engine is None:
            staged = make_engine(prepared.staged, key=target_key)
            try:
                check_may_restore(staged, actor)
            finally:
                staged.dispose()
        else:
            check_may_restore(engine, actor)
            with session_scope(engine) as session:
                record(
                    session,
                    actor,
                    AuditAction.alteration,
                    "database",
                    f"database replaced by the backup {prepared.source} (kept as "
                    f"{prepared.target.name}{store.BEFORE_RESTORE_SUFFIX})",
                )
            engine.dispose()
        kept = store.finish_restore(prepared)
    except BaseException:
        store.discard_restore(prepared)
        raise
    restored = make_engine(prepared.target, key=target_key)
    try:
        with session_scope(restored) as session:
            # The account ids of the replaced database mean nothing here: name the user only.
            user_id = session.exec(
                select(UserAccount.id).where(UserAccount.username == actor.username)
            ).first()
            who = Actor(user_id, actor.username, actor.role)
            record(
                session,
                who,
                AuditAction.alteration,
                "database",
                f"database restored from the backup {prepared.source} (schema "
                f"{prepared.revision}, {prepared.audit_entries} audit entries, chain intact, "
                f"anchor {prepared.audit_anchor or 'none'})",
            )
    finally:
        restored.dispose()
    return RestoreResult(
        prepared.target, kept, prepared.revision, prepared.audit_entries, prepared.audit_anchor
    )
