"""The security review of 2026-11-27 (docs/security-review.md), each attack kept as a test.

Four attackers: someone with a copy of the database file, someone with a stolen backup, an
officer with an account, and an insider with the passphrase and an editor on the audit table.
Where a test already covers an attack it is named in the review rather than repeated here.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import factories as f
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from rsoman import cli
from rsoman.core.rules.dates import london_today
from rsoman.core.services import audit, users
from rsoman.core.services.actor import SYSTEM, Actor
from rsoman.core.services.addresses import AddressInput, add_address
from rsoman.core.services.audit import Anchor, list_entries, verify_chain, walk_chain
from rsoman.core.services.audit_report import audit_report
from rsoman.core.services.backups import backup_database, restore_database
from rsoman.core.services.errors import PermissionDenied, ValidationFailed
from rsoman.core.services.offenders import get_record
from rsoman.core.services.restricted import grant_restricted
from rsoman.core.services.retention import records_due
from rsoman.core.store.backup import backup_audit_head, prepare_restore
from rsoman.core.store.engine import (
    DatabaseKey,
    connect_sqlite,
    forget_keys,
    make_engine,
    open_database,
    session_scope,
)
from rsoman.core.store.enums import AddressKind, AuditAction, OffenderStatus, Role, TeamRole
from rsoman.core.store.models import AuditEntry

PW = "kettle orbit tulip"
PASSPHRASE = "copper kestrel 9 meadow"
POSIX = sys.platform != "win32"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))


# --- a copy of the database file ------------------------------------------------------------


@pytest.fixture
def encrypted(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("RSOMAN_UNENCRYPTED", raising=False)
    monkeypatch.delenv("RSOMAN_PASSPHRASE", raising=False)
    forget_keys()
    yield
    forget_keys()


def _camden_with_a_home(session: Session) -> tuple[str, str]:
    row = f.offender(session, surname="Quorrelby", home="17 Wrenfeather Close")
    f.user(session, Role.administrator, username="admin")
    session.commit()
    return row.ref, "Quorrelby"


def test_a_copied_file_and_its_wal_give_nothing_away(encrypted: None, tmp_path: Path) -> None:
    """The attacker copies the folder while the app is open, a write still in the WAL."""
    db = tmp_path / "live.db"
    engine = open_database(str(db), key=DatabaseKey.of(PASSPHRASE))
    try:
        with session_scope(engine) as session:
            ref, surname = _camden_with_a_home(session)
        held = engine.raw_connection()  # keeps the WAL from being folded back in
        held.execute("PRAGMA wal_autocheckpoint = 0")
        held.execute("UPDATE offender SET forenames = 'Testy Walmark' WHERE ref = ?", (ref,))
        held.commit()
        stolen = tmp_path / "stolen"
        stolen.mkdir()
        copied = [shutil.copy(p, stolen) for p in tmp_path.glob("live.db*")]
        held.close()
    finally:
        engine.dispose()
    assert any(str(p).endswith("-wal") for p in copied)
    for path in map(Path, copied):
        data = path.read_bytes()
        for clear in (surname, "Walmark", "Wrenfeather", ref, "admin", "argon2", "offender"):
            assert clear.encode() not in data, f"{clear!r} readable in {path.name}"
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(stolen / "live.db").execute("SELECT * FROM sqlite_master").fetchall()


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX's")
def test_a_backup_is_readable_by_its_owner_only(encrypted: None, tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    engine = open_database(str(db), key=DatabaseKey.of(PASSPHRASE))
    old = os.umask(0o022)  # the usual umask: new files readable by everyone
    try:
        with session_scope(engine) as session:
            _camden_with_a_home(session)
            admin = audit_actor(session, "admin")
        info = backup_database(engine, admin, tmp_path / "nightly.bak", "another long phrase")
    finally:
        os.umask(old)
        engine.dispose()
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*partial*"))


def audit_actor(session: Session, username: str) -> Actor:
    from rsoman.core.services.actor import actor_for_username

    return actor_for_username(session, username)


def test_saved_caseload_filters_never_hold_a_name_search() -> None:
    """Saved filters live in the user's settings file, in clear: they keep the filter fields
    only, never the name or reference typed into the search box."""
    from rsoman.core.services.offenders import CaseloadQuery
    from rsoman.gui.caseload_filters import filters_to_dict

    saved = filters_to_dict(CaseloadQuery(search="Quorrelby"))
    assert "Quorrelby" not in repr(saved)


# --- a stolen backup ------------------------------------------------------------------------


@pytest.fixture
def backed_up(encrypted: None, tmp_path: Path) -> tuple[Path, Path, str]:
    """A live encrypted database with an administrator, and a backup of it; the backup's
    anchor as its command printed it."""
    db = tmp_path / "live.db"
    engine = open_database(str(db), key=DatabaseKey.of(PASSPHRASE))
    try:
        with session_scope(engine) as session:
            users.create_first_administrator(session, "admin", PW)
            offender = f.offender(session, surname="Quorrelby")
            for n in range(3):
                audit.record(
                    session,
                    SYSTEM,
                    AuditAction.consultation,
                    "offender",
                    f"viewed {n}",
                    offender_id=offender.id,
                )
            admin = audit_actor(session, "admin")
        info = backup_database(engine, admin, tmp_path / "copy.bak", "saffron tugboat 2 glacier")
    finally:
        engine.dispose()
    assert info.audit_anchor is not None
    return db, info.path, info.audit_anchor


def test_a_stolen_backup_opens_with_nothing_but_its_passphrase(
    backed_up: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _db, copy, _anchor = backed_up
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(copy).execute("SELECT * FROM sqlite_master").fetchall()
    assert b"Quorrelby" not in copy.read_bytes()
    target = tmp_path / "elsewhere" / "rsoman.db"
    target.parent.mkdir()
    # The database's passphrase is not the backup's: a guess fails before anything is written.
    from rsoman.core.store.engine import DatabaseError

    for guess in (PASSPHRASE, "saffron tugboat 2 glacieR"):
        with pytest.raises(DatabaseError, match="wrong passphrase"):
            prepare_restore(copy, target, guess, DatabaseKey.of(PASSPHRASE))
    assert list(target.parent.iterdir()) == []


def test_a_backup_whose_chain_was_recomputed_passes_its_checks_but_not_its_anchor(
    backed_up: tuple[Path, Path, str],
) -> None:
    """An insider with the backup's passphrase deletes an entry and recomputes every hash
    after it: the chain holds, so the restore's checks pass. The anchor printed when the
    backup was made (kept elsewhere) is what shows it."""
    db, copy, anchor = backed_up
    key = DatabaseKey.of("saffron tugboat 2 glacier")
    _rewrite_history(copy, key)
    prepared = prepare_restore(copy, db, "saffron tugboat 2 glacier", DatabaseKey.of(PASSPHRASE))
    engine = make_engine(str(db), key=DatabaseKey.of(PASSPHRASE))
    with session_scope(engine) as session:
        admin = audit_actor(session, "admin")
    result = restore_database(engine, admin, prepared, DatabaseKey.of(PASSPHRASE))
    assert result.audit_anchor != anchor
    restored = make_engine(str(db), key=DatabaseKey.of(PASSPHRASE))
    try:
        with Session(restored) as session:
            assert verify_chain(session) == []
            breaks = verify_chain(session, [Anchor.parse(anchor)])
    finally:
        restored.dispose()
    assert len(breaks) == 1 and breaks[0].entry_id == Anchor.parse(anchor).entry_id
    assert "differs from the anchor" in breaks[0].reason


def _rewrite_history(path: Path, key: DatabaseKey) -> None:
    """Delete the first 'viewed' entry and re-hash everything after it, as a script could."""
    conn = connect_sqlite(path, key)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("DELETE FROM audit_entry WHERE summary = 'viewed 0'")
    conn.commit()
    conn.close()
    engine = make_engine(str(path), key=key)
    try:
        with Session(engine) as session:
            prev = audit.GENESIS
            for entry in session.exec(select(AuditEntry).order_by(AuditEntry.id)):
                entry.prev_hash = prev
                entry.hash = audit._digest(entry)
                prev = entry.hash
                session.add(entry)
            session.commit()
    finally:
        engine.dispose()


def test_audit_verify_against_a_backup_finds_the_newest_entries_removed(
    backed_up: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    db, copy, anchor = backed_up
    entries, head = backup_audit_head(copy, "saffron tugboat 2 glacier")
    assert head == anchor and entries == Anchor.parse(anchor).entry_id
    # The insider removes the newest entries (the backup's own disclosure among them).
    conn = connect_sqlite(db, DatabaseKey.of(PASSPHRASE))
    conn.execute("DROP TRIGGER audit_entry_no_delete")
    conn.execute("DELETE FROM audit_entry WHERE id >= ?", (entries - 1,))
    conn.commit()
    conn.close()
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    for name, value in (
        ("RSOMAN_PASSPHRASE", PASSPHRASE),
        ("RSOMAN_BACKUP_PASSPHRASE", "saffron tugboat 2 glacier"),
        ("RSOMAN_USER", "admin"),
        ("RSOMAN_PASSWORD", PW),
    ):
        monkeypatch.setenv(name, value)
    assert cli.main(["--db", str(db), "audit", "verify"]) == 0  # the chain alone cannot see it
    capsys.readouterr()
    assert cli.main(["--db", str(db), "audit", "verify", "--against-backup", str(copy)]) == 1
    out, err = capsys.readouterr()
    assert f"entry {entries}: differs from the anchor" in out
    assert "tampered with (1 break)" in err


# --- an officer's account -------------------------------------------------------------------


class Office:
    """Camden and Hackney staff, a record in each borough, and a restricted Camden record."""

    def __init__(self, session: Session) -> None:
        self.camden = self._staff(session, "camden")
        self.hackney = self._staff(session, "hackney")
        self.admin = f.user(session, Role.administrator, username="admin")
        camden_om = f.officer(session, borough_code="camden")
        self.camden_ref = f.offender(session, manager=camden_om, home="1 Testmere Row").ref
        hackney_om = f.officer(session, borough_code="hackney")
        self.hackney_ref = f.offender(
            session, borough_code="hackney", manager=hackney_om, surname="Hackwell"
        ).ref
        secret = f.offender(session, manager=camden_om, surname="Hushworth")
        secret.restricted = True
        secret.status = OffenderStatus.requirements_ended
        secret.retention_review_on = london_today() - timedelta(days=1)
        ended = f.offender(session, manager=camden_om, surname="Endwell")
        ended.status = OffenderStatus.requirements_ended
        ended.retention_review_on = london_today() - timedelta(days=1)
        session.add_all([secret, ended])
        session.commit()
        self.secret_ref, self.ended_ref = secret.ref, ended.ref

    @staticmethod
    def _staff(session: Session, borough: str) -> dict[Role, Actor]:
        roles = {
            Role.offender_manager: TeamRole.offender_manager,
            Role.supervisor: TeamRole.supervisor,
        }
        return {
            role: f.user(
                session,
                role,
                f.officer(session, borough_code=borough, team_role=team_role),
                username=f"{borough}-{role.value}",
            )
            for role, team_role in roles.items()
        }


@pytest.fixture
def office(session: Session) -> Office:
    return Office(session)


def test_a_supervisor_reads_only_their_boroughs_trail(session: Session, office: Office) -> None:
    """The log's summaries name addresses: a Camden supervisor must not read Hackney's."""
    hackney_om = office.hackney[Role.offender_manager]
    add_address(
        session,
        hackney_om,
        office.hackney_ref,
        AddressInput(
            kind=AddressKind.secondary,
            line1="9 Privet Mews",
            postcode="E8 1ZZ",
            borough_code="hackney",
            valid_from=date(2026, 1, 5),
        ),
    )
    get_record(session, office.camden[Role.offender_manager], office.camden_ref)
    session.commit()
    camden_sup = office.camden[Role.supervisor]
    rows = list_entries(session, camden_sup, limit=10_000)
    session.commit()
    assert not any("Privet" in r.summary for r in rows)
    assert not any(r.offender_ref == office.hackney_ref for r in rows)
    assert any(r.offender_ref == office.camden_ref for r in rows)
    with pytest.raises(PermissionDenied, match="outside your borough"):
        list_entries(session, camden_sup, offender_ref=office.hackney_ref)
    session.rollback()
    refusals = session.exec(
        select(AuditEntry).where(
            AuditEntry.action == AuditAction.refusal, AuditEntry.username == camden_sup.username
        )
    ).all()
    assert refusals and refusals[-1].object_key == office.hackney_ref
    # The Hackney supervisor and the administrator do read it.
    for reader in (office.hackney[Role.supervisor], office.admin):
        summaries = [r.summary for r in list_entries(session, reader, limit=10_000)]
        assert any("Privet" in s for s in summaries)
        session.rollback()


def test_the_trail_of_a_restricted_record_needs_a_grant(session: Session, office: Office) -> None:
    audit.record(
        session,
        SYSTEM,
        AuditAction.consultation,
        "offender",
        f"viewed {office.secret_ref}",
        offender_id=_offender_id(session, office.secret_ref),
    )
    session.commit()
    camden_sup = office.camden[Role.supervisor]
    assert not any(r.offender_ref == office.secret_ref for r in list_entries(session, camden_sup))
    with pytest.raises(PermissionDenied, match="restricted"):
        list_entries(session, camden_sup, offender_ref=office.secret_ref)
    session.rollback()
    year = {"start": date(2020, 1, 1), "end": date(2022, 12, 31)}
    with pytest.raises(PermissionDenied, match="restricted"):
        audit_report(session, camden_sup, offender_ref=office.secret_ref, **year)
    session.rollback()
    # The administrator, the log's auditor, reads it.
    assert audit_report(session, office.admin, offender_ref=office.secret_ref, **year)
    session.rollback()
    grant_restricted(session, office.admin, camden_sup.username, reason="vetted for the case")
    session.commit()
    rows = list_entries(session, camden_sup, offender_ref=office.secret_ref)
    # Oldest last: the consultation, then the refusals above and the administrator's report.
    assert rows[-1].summary == f"viewed {office.secret_ref}"
    assert [r.username for r in rows if r.action == "refusal"] == [camden_sup.username] * 2


def _offender_id(session: Session, ref: str) -> int:
    from rsoman.core.store.models import Offender

    return session.exec(select(Offender.id).where(Offender.ref == ref)).one()


def test_retention_lists_keep_restricted_records_and_names_from_those_without_them(
    session: Session, office: Office
) -> None:
    camden_sup = office.camden[Role.supervisor]
    due = {d.ref: d for d in records_due(session, camden_sup)}
    assert office.ended_ref in due and office.secret_ref not in due
    assert due[office.ended_ref].name is not None and "ENDWELL" in due[office.ended_ref].name
    # An administrator sees which records are due, London-wide, but not whose they are.
    listed = records_due(session, office.admin)
    assert {d.ref for d in listed} >= {office.ended_ref}
    assert office.secret_ref not in {d.ref for d in listed}
    assert all(d.name is None for d in listed)
    session.commit()


# --- the same officer at the command line ---------------------------------------------------


@pytest.fixture
def office_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Office]:
    """The office in a database file, every account with the password PW."""
    for name in ("RSOMAN_DB", "RSOMAN_USER", "RSOMAN_PASSWORD", "RSOMAN_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cli, "_stdin_is_terminal", lambda: False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    path = str(tmp_path / "office.db")
    engine = open_database(path)
    try:
        with Session(engine) as session:
            office = Office(session)
            hashed = users.hash_password(PW)
            session.execute(text("UPDATE user_account SET password_hash = :h"), {"h": hashed})
            session.commit()
    finally:
        engine.dispose()
    return path, office


def _as(monkeypatch: pytest.MonkeyPatch, username: str, password: str = PW) -> None:
    monkeypatch.setenv("RSOMAN_USER", username)
    monkeypatch.setenv("RSOMAN_PASSWORD", password)


def _one_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rsoman: error: "), err
    return lines[0].removeprefix("rsoman: error: ")


def test_every_command_refuses_a_camden_officer_what_is_not_theirs(
    office_db: tuple[str, Office], monkeypatch: pytest.MonkeyPatch, capsys, tmp_path: Path
) -> None:
    db, office = office_db
    _as(monkeypatch, "camden-offender_manager")
    pdf = str(tmp_path / "x.pdf")
    issue = ["--out", pdf, "--to", "me", "--reason", "attack"]
    hackney_warrant = _warrant(db, "hackney-offender_manager")
    attempts = {
        "stats": ["stats"],
        "another borough's scan": ["scan", "--borough", "hackney"],
        "another borough's briefing": ["export", "briefing", "--borough", "hackney", *issue],
        "another officer's visit sheet": [
            "export",
            "visits",
            "--officer",
            hackney_warrant,
            "--from",
            "2026-11-27",
            *issue,
        ],
        "performance": ["export", "performance", "--borough", "camden", *issue],
        "export-data": ["export-data", "--reason", "attack", "--offender", office.camden_ref],
        "audit list": ["audit", "list"],
        "audit verify": ["audit", "verify"],
        "audit report": [
            "audit",
            "report",
            "--offender",
            office.camden_ref,
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--out",
            "-",
        ],
        "retention due": ["retention", "due"],
        "retention erase": ["retention", "erase", office.ended_ref, "--reason", "attack"],
        "user list": ["user", "list"],
        "make themselves an administrator": [
            "user",
            "add",
            "--username",
            "mallory",
            "--role",
            "administrator",
        ],
        "grant themselves restricted records": [
            "user",
            "grant-restricted",
            "camden-offender_manager",
            "--reason",
            "attack",
        ],
        "reset a supervisor's password": ["user", "reset", "camden-supervisor"],
        "settings": ["settings", "set", "lock_after_minutes", "999", "--reason", "attack"],
        "backup": ["backup", "--out", str(tmp_path / "x.bak")],
        "restore": ["restore", db],
    }
    for what, argv in attempts.items():
        assert cli.main(["--db", db, *argv]) == 1, what
        message = _one_error(capsys)
        assert "may not" in message or "outside your borough" in message, f"{what}: {message}"
    assert not Path(pdf).exists() and not (tmp_path / "x.bak").exists()
    engine = make_engine(db)
    try:
        with Session(engine) as session:
            refusals = session.exec(
                select(AuditEntry).where(
                    AuditEntry.action == AuditAction.refusal,
                    AuditEntry.username == "camden-offender_manager",
                )
            ).all()
    finally:
        engine.dispose()
    assert len(refusals) >= len(attempts)


def _warrant(db: str, username: str) -> str:
    from rsoman.core.store.models import Officer, UserAccount

    engine = make_engine(db)
    try:
        with Session(engine) as session:
            return session.exec(
                select(Officer.warrant_number)
                .join(UserAccount, UserAccount.officer_id == Officer.id)
                .where(UserAccount.username == username)
            ).one()
    finally:
        engine.dispose()


def test_guessing_a_password_at_the_command_line_locks_the_account(
    office_db: tuple[str, Office], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    db, _office = office_db
    for n in range(users.MAX_FAILED_LOGINS):
        _as(monkeypatch, "camden-supervisor", f"guess number {n} of many")
        assert cli.main(["--db", db, "stats"]) == 1
        assert _one_error(capsys) == "wrong user name or password"
    _as(monkeypatch, "camden-supervisor")  # now the right one
    assert cli.main(["--db", db, "stats"]) == 1
    assert "locked" in _one_error(capsys)


def test_a_new_password_is_never_taken_from_the_command_line(
    office_db: tuple[str, Office], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """`ps` and shell history show a command's arguments to others: `user add`, `passwd` and
    `reset` take a new password from RSOMAN_NEW_PASSWORD, a prompt, or standard input."""
    db, _office = office_db
    _as(monkeypatch, "admin")
    argv = ["--db", db, "user", "add", "--username", "newcomer", "--role", "administrator"]
    assert cli.main([*argv, "--password", "walnut harbour violet"]) == 2
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("walnut harbour violet\n"))
    assert cli.main(argv) == 0
    assert "account created: newcomer" in capsys.readouterr().out
    _as(monkeypatch, "newcomer", "walnut harbour violet")
    assert cli.main(["--db", db, "user", "list", "--json"]) == 0


# --- an editor on the audit table -----------------------------------------------------------


def _chain(engine: Engine, entries: int = 6) -> list[AuditEntry]:
    with Session(engine) as session:
        for n in range(entries):
            audit.record(session, SYSTEM, AuditAction.consultation, "offender", f"viewed {n}")
        session.commit()
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


def _edit(engine: Engine, *statements: str) -> None:
    """Around the append-only triggers, as someone with the raw database could."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_entry_no_update"))
            conn.execute(text("DROP TRIGGER audit_entry_no_delete"))
        else:
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        for sql in statements:
            conn.execute(text(sql))


# Each edit, and (entry where the first break is reported, words in the reason).
EDITS = {
    "alter": (["UPDATE audit_entry SET summary = 'nothing to see' WHERE id = 3"], 3, "altered"),
    "delete": (["DELETE FROM audit_entry WHERE id = 3"], 4, "(entry 2): an entry between"),
    "insert": (
        [
            "UPDATE audit_entry SET id = id + 100 WHERE id >= 3",
            "INSERT INTO audit_entry (id, at, username, action, object_type, summary, "
            "prev_hash, hash) SELECT 3, at, 'framed', action, object_type, 'viewed', hash, "
            "'forged' FROM audit_entry WHERE id = 2",
            "UPDATE audit_entry SET id = id - 99 WHERE id >= 103",
        ],
        3,
        "altered",
    ),
    "reorder": (
        [
            "UPDATE audit_entry SET id = 1000 WHERE id = 3",
            "UPDATE audit_entry SET id = 3 WHERE id = 4",
            "UPDATE audit_entry SET id = 4 WHERE id = 1000",
        ],
        3,
        "does not follow the entry before it",
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_edit_of_the_audit_table_is_found_and_placed(engine: Engine, edit: str) -> None:
    _chain(engine)
    statements, where, words = EDITS[edit]
    _edit(engine, *statements)
    with Session(engine) as session:
        breaks = verify_chain(session)
    assert breaks, f"{edit} went unseen"
    assert breaks[0].entry_id == where and words in breaks[0].reason


def test_a_cut_off_tail_is_seen_only_against_an_anchor(engine: Engine) -> None:
    """Deleting the newest entries leaves a chain that holds: the anchor taken before shows
    it, whether the ids are then reused (SQLite) or not (PostgreSQL's sequence)."""
    entries = _chain(engine)
    with Session(engine) as session:
        head = walk_chain(session).head
    assert head.entries == 6 and head.last == Anchor(entries[-1].id, entries[-1].hash)
    _edit(engine, f"DELETE FROM audit_entry WHERE id > {entries[2].id}")
    with Session(engine) as session:
        assert verify_chain(session) == []
        breaks = verify_chain(session, [head.last])
    assert [b.entry_id for b in breaks] == [entries[-1].id]
    assert "the newest entries were removed" in breaks[0].reason
    # Work goes on after the cut: new entries, perhaps with the old ids. Still found.
    _chain(engine, 4)
    with Session(engine) as session:
        breaks = verify_chain(session, [head.last])
    assert [b.entry_id for b in breaks] == [entries[-1].id]


def test_an_untouched_log_meets_its_anchors(engine: Engine) -> None:
    entries = _chain(engine)
    early = Anchor(entries[1].id, entries[1].hash)
    _chain(engine, 3)
    with Session(engine) as session:
        check = walk_chain(session, [early, Anchor.parse(str(early).upper())])
    assert check.intact and check.head.entries == 9


@pytest.mark.parametrize("text", ["12", "12:abc", "x:" + "0" * 64, "12:" + "g" * 64])
def test_a_malformed_anchor_is_refused_clearly(text: str) -> None:
    with pytest.raises(ValidationFailed, match="is not an anchor"):
        Anchor.parse(text)


def test_the_database_itself_refuses_to_change_or_remove_an_entry(engine: Engine) -> None:
    """Before any hash: the append-only triggers (and TRUNCATE on PostgreSQL)."""
    from sqlalchemy.exc import DatabaseError as SQLError

    entries = _chain(engine, 2)
    statements = [
        f"UPDATE audit_entry SET summary = 'nothing' WHERE id = {entries[0].id}",
        f"DELETE FROM audit_entry WHERE id = {entries[0].id}",
        "DELETE FROM audit_entry",
    ]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_entry")
    for sql in statements:
        with pytest.raises(SQLError), engine.begin() as conn:
            conn.execute(text(sql))
    with Session(engine) as session:
        assert walk_chain(session).head.entries == 2 and verify_chain(session) == []


# --- accounts: what the security document promises -----------------------------------------


class CountingHasher(PasswordHasher):
    """argon2-cffi's hasher, counting the verifications it is asked for."""

    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        CountingHasher.verified += 1
        return super().verify(hash, password)


def test_an_unknown_name_costs_the_same_hashing_as_a_wrong_password(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No enumeration by timing: every refused sign-in verifies one Argon2 hash."""
    from rsoman.core.services.errors import AuthenticationFailed

    hasher = CountingHasher(time_cost=1, memory_cost=1024)
    monkeypatch.setattr(users, "_hasher", hasher)
    users._dummy_hash.cache_clear()  # made again with this hasher
    users.create_user(session, SYSTEM, username="real", role=Role.administrator, password=PW)
    session.commit()
    for name, password in (("real", "wrong password here"), ("nobody", PW)):
        CountingHasher.verified = 0
        with pytest.raises(AuthenticationFailed, match="wrong user name or password"):
            users.authenticate(session, name, password)
        session.rollback()
        assert CountingHasher.verified == 1, name
    users._dummy_hash.cache_clear()


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_sign_in(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=1024)
    monkeypatch.setattr(users, "_hasher", weak)
    users.create_user(session, SYSTEM, username="older", role=Role.administrator, password=PW)
    session.commit()
    stronger = PasswordHasher(time_cost=2, memory_cost=2048)
    monkeypatch.setattr(users, "_hasher", stronger)
    users.authenticate(session, "older", PW)
    session.commit()
    from rsoman.core.store.models import UserAccount

    stored = session.exec(select(UserAccount).where(UserAccount.username == "older")).one()
    assert stored.password_hash is not None and not stronger.check_needs_rehash(
        stored.password_hash
    )
