"""The connection test behind the first-run wizard: every failure gets a plain sentence.

The throwaway PostgreSQL cluster trusts every local connection, so a wrong password cannot be
produced against it: that case (and the TLS rejection) is checked on the server's own message
text, the rest against the real server."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from rsoman.core.store.engine import DatabaseKey, open_database
from rsoman.core.store.probe import ProbeKind, classify_server_error, probe_database


@pytest.fixture
def server_url(pg_template: tuple[Engine, str]) -> str:
    admin, _template = pg_template
    return admin.url.render_as_string(hide_password=False)


@pytest.fixture
def empty_database(pg_template: tuple[Engine, str]) -> Iterator[str]:
    admin, _template = pg_template
    name = "probe_" + uuid.uuid4().hex[:10]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _with(url: str, **parts: object) -> str:
    return make_url(url).set(**parts).render_as_string(hide_password=False)


@pytest.mark.postgres
def test_an_empty_server_database_will_be_set_up(empty_database: str) -> None:
    result = probe_database(empty_database)
    assert result.ok and result.kind is ProbeKind.EMPTY
    assert "set it up" in result.message


@pytest.mark.postgres
def test_an_rsoman_server_database_is_ready(
    server_url: str, pg_template: tuple[Engine, str]
) -> None:
    result = probe_database(_with(server_url, database=pg_template[1]))
    assert result.ok and result.kind is ProbeKind.READY


@pytest.mark.postgres
def test_a_database_holding_something_else_is_refused(empty_database: str) -> None:
    engine = create_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id integer)"))
    engine.dispose()
    result = probe_database(empty_database)
    assert not result.ok and result.kind is ProbeKind.NOT_RSOMAN
    assert "not an rsoman database" in result.message


@pytest.mark.postgres
def test_a_missing_server_database_is_named(server_url: str) -> None:
    result = probe_database(_with(server_url, database="no_such_db"))
    assert not result.ok and result.kind is ProbeKind.DATABASE_MISSING
    assert "no database of that name" in result.message
    assert "no_such_db" in result.detail


@pytest.mark.postgres
def test_an_unknown_user_is_named(server_url: str) -> None:
    result = probe_database(_with(server_url, username="nobody_here"))
    assert not result.ok and result.kind is ProbeKind.UNKNOWN_USER


@pytest.mark.postgres
def test_a_port_where_nothing_listens_is_refused(server_url: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = probe_database(_with(server_url, port=port))
    assert not result.ok and result.kind is ProbeKind.REFUSED
    assert "Nothing answered" in result.message


@pytest.mark.postgres
def test_a_host_that_does_not_exist_is_named(server_url: str) -> None:
    # .invalid never resolves (RFC 2606).
    result = probe_database(_with(server_url, host="rsoman-db.invalid"))
    assert not result.ok and result.kind is ProbeKind.HOST_NOT_FOUND
    assert "name was not found" in result.message


@pytest.mark.postgres
def test_tls_required_by_us_but_not_offered_by_the_server(server_url: str) -> None:
    result = probe_database(_with(server_url, query={"sslmode": "require"}))
    assert not result.ok and result.kind is ProbeKind.TLS_UNAVAILABLE


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
            'password authentication failed for user "rsoman"',
            ProbeKind.WRONG_PASSWORD,
        ),
        (
            'connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry '
            'for host "10.0.0.9", user "rsoman", database "rsoman", no encryption',
            ProbeKind.TLS_REQUIRED,
        ),
        (
            'connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password '
            "supplied",
            ProbeKind.NO_PASSWORD,
        ),
        ('FATAL:  permission denied for database "rsoman"', ProbeKind.NO_ACCESS),
        ("connection timeout expired", ProbeKind.TIMEOUT),
        ("something nobody has seen before", ProbeKind.OTHER),
    ],
)
def test_server_messages_that_the_test_cluster_cannot_produce(
    message: str, kind: ProbeKind
) -> None:
    result = classify_server_error(message)
    assert result.kind is kind and not result.ok
    assert result.message.endswith(".")


# --- local files ------------------------------------------------------------------------------


def test_a_new_file_in_a_missing_folder_will_be_created(tmp_path: Path) -> None:
    target = tmp_path / "not" / "yet" / "rsoman.db"
    result = probe_database(str(target))
    assert result.ok and result.kind is ProbeKind.NEW_FILE
    assert str(target.parent) in result.message
    assert not (tmp_path / "not").exists(), "probing creates nothing"


def test_a_folder_that_cannot_be_created_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    result = probe_database(str(blocker / "rsoman.db"))
    assert not result.ok and result.kind is ProbeKind.FOLDER_PROBLEM
    assert "is a file, not a folder" in result.message


def test_a_folder_given_as_the_file_is_explained(tmp_path: Path) -> None:
    result = probe_database(str(tmp_path))
    assert not result.ok and result.kind is ProbeKind.FOLDER_PROBLEM


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_write_permission_is_explained(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = probe_database(str(locked / "rsoman.db"))
    finally:
        locked.chmod(0o700)
    assert not result.ok and result.kind is ProbeKind.NOT_WRITABLE


def test_a_file_that_is_not_a_database_is_explained(tmp_path: Path) -> None:
    junk = tmp_path / "rsoman.db"
    junk.write_bytes(b"this is a shopping list, not a database" * 200)
    plain = probe_database(str(junk), key=DatabaseKey.unencrypted())
    assert not plain.ok and plain.kind is ProbeKind.NOT_A_DATABASE
    encrypted = probe_database(str(junk), key=DatabaseKey.of("kettle orbit tulip"))
    assert not encrypted.ok and encrypted.kind is ProbeKind.WRONG_PASSPHRASE


def test_an_encrypted_database_with_its_passphrase_and_with_another(tmp_path: Path) -> None:
    path = tmp_path / "rsoman.db"
    open_database(str(path), key=DatabaseKey.of("kettle orbit tulip")).dispose()
    right = probe_database(str(path), key=DatabaseKey.of("kettle orbit tulip"))
    assert right.ok and right.kind is ProbeKind.READY
    wrong = probe_database(str(path), key=DatabaseKey.of("kettle orbit tulips"))
    assert not wrong.ok and wrong.kind is ProbeKind.WRONG_PASSPHRASE
    unchecked = probe_database(str(path))
    assert unchecked.ok and unchecked.kind is ProbeKind.EXISTING_FILE


def test_other_kinds_of_database_are_refused() -> None:
    result = probe_database("mysql://someone@db.example/rsoman")
    assert not result.ok and "SQLite or PostgreSQL" in result.message
