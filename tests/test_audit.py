"""The audit log: appended in the caller's transaction, hash-chained, tamper-evident."""

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from rsoman.core.services import audit
from rsoman.core.services.actor import Actor
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.services.permissions import Action, require
from rsoman.core.store.enums import AuditAction, Role
from rsoman.core.store.models import AuditEntry

OFFICER = Actor(user_id=None, username="dc.example", role=Role.offender_manager, borough_id=7)


def _entries(engine):
    with Session(engine) as s:
        return s.exec(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_entries_chain_and_verify(engine, system):
    with Session(engine) as s:
        for n in range(3):
            audit.record(s, system, AuditAction.collection, "thing", f"made thing {n}")
        s.commit()
    entries = _entries(engine)
    assert [e.summary for e in entries] == ["made thing 0", "made thing 1", "made thing 2"]
    assert entries[0].prev_hash == audit.GENESIS
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    with Session(engine) as s:
        assert audit.verify_chain(s) == []


def test_entry_rolls_back_with_the_act(engine, system):
    with Session(engine) as s:
        audit.record(s, system, AuditAction.alteration, "thing", "changed, then undone")
        s.rollback()
    assert _entries(engine) == []


def test_refusal_is_logged_even_when_the_caller_rolls_back(engine):
    with Session(engine) as s:
        with pytest.raises(PermissionDenied, match="offender manager may not reallocate"):
            require(s, OFFICER, Action.reallocate)
        s.rollback()
    entries = _entries(engine)
    assert len(entries) == 1
    assert entries[0].action == AuditAction.refusal
    assert entries[0].username == "dc.example"


def test_outside_borough_is_refused(engine):
    with Session(engine) as s, pytest.raises(PermissionDenied, match="outside your borough"):
        require(s, OFFICER, Action.view_record, borough_id=8)


def _tamper(engine, sql: str) -> None:
    """Go around the append-only triggers, as someone with the raw file could."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_entry_no_update"))
            conn.execute(text("DROP TRIGGER audit_entry_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        conn.execute(text(sql))


@pytest.mark.parametrize(
    ("sql", "bad_id", "reason"),
    [
        ("UPDATE audit_entry SET summary = 'nothing to see' WHERE id = 2", 2, "altered"),
        ("DELETE FROM audit_entry WHERE id = 2", 3, "does not follow"),
    ],
)
def test_verify_finds_tampering(engine, system, sql, bad_id, reason):
    with Session(engine) as s:
        for n in range(4):
            audit.record(s, system, AuditAction.consultation, "offender", f"viewed {n}")
        s.commit()
    _tamper(engine, sql)
    with Session(engine) as s:
        breaks = audit.verify_chain(s)
    assert breaks and breaks[0].entry_id == bad_id
    assert reason in breaks[0].reason


def test_reading_the_log_needs_permission_and_is_logged(engine, system):
    with Session(engine) as s:
        audit.record(s, system, AuditAction.collection, "thing", "made")
        rows = audit.list_entries(s, system)
        s.commit()
        assert [r.summary for r in rows] == ["made"]
        with pytest.raises(PermissionDenied):
            audit.list_entries(s, OFFICER)
    assert _entries(engine)[-2].summary == "read the audit log (all entries)"


def test_refusal_after_a_write_in_the_same_transaction_is_kept(engine, system):
    """A refusal after the caller already wrote must neither deadlock nor be lost."""
    with Session(engine) as s:
        audit.record(s, system, AuditAction.collection, "thing", "written first")
        with pytest.raises(PermissionDenied):
            require(s, OFFICER, Action.reallocate)
        s.rollback()
    assert [e.summary for e in _entries(engine)] == [
        "refused: an offender manager may not reallocate"
    ]
    with Session(engine) as s:
        audit.record(s, system, AuditAction.collection, "thing", "kept")
        with pytest.raises(PermissionDenied):
            require(s, OFFICER, Action.reallocate)
        s.commit()
    assert [e.summary for e in _entries(engine)][-2:] == [
        "kept",
        "refused: an offender manager may not reallocate",
    ]
    with Session(engine) as s:
        assert audit.verify_chain(s) == []


def test_a_second_sqlite_writer_waits_for_the_first_then_chains_after_it(sqlite_engine, system):
    """The last hash is read under the write lock. Without it, the second writer's read would
    start a snapshot before the first commits, and its insert would then fail ("database is
    locked") instead of waiting."""
    import threading
    import time

    outcome: list[object] = []

    def second_writer() -> None:
        try:
            with Session(sqlite_engine) as second:
                audit.record(second, system, AuditAction.consultation, "offender", "second")
                second.commit()
            outcome.append("ok")
        except Exception as exc:
            outcome.append(exc)

    with Session(sqlite_engine) as first:
        audit.record(first, system, AuditAction.consultation, "offender", "first")
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.3)  # the second writer is now waiting (or, without the lock, has read)
        first.commit()
    thread.join(timeout=20)
    assert outcome == ["ok"]
    assert [e.summary for e in _entries(sqlite_engine)] == ["first", "second"]
    with Session(sqlite_engine) as s:
        assert audit.verify_chain(s) == []
