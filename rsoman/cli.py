"""The `rsoman` command: set up a database, build the demo caseload, import, export, figures,
accounts; with no sub-command, the desktop app.

The CLI only gathers input, signs in and calls services; permission checks, validation and the
audit log live in the services. Each command commits through `session_scope`. Every expected
failure ends as one line `rsoman: error: ...` on stderr and exit status 1 (argparse's own usage
errors: 2; Ctrl-C: 130), never a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .config import describe_database, resolve_database_url, sqlite_file
from .core.services.errors import ServiceError, ValidationFailed
from .core.store.enums import Role

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.exc import SQLAlchemyError

    from .core.services.actor import Actor
    from .core.store.engine import DatabaseKey

PROG = "rsoman"
# SQLAlchemy ends its messages with a link to its error catalogue: noise for an officer.
_SQLALCHEMY_LINK = re.compile(r"\(Background on this error at: [^)]*\)")
USER_ENV = "RSOMAN_USER"
PASSWORD_ENV = "RSOMAN_PASSWORD"
NEW_PASSWORD_ENV = "RSOMAN_NEW_PASSWORD"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure explained in one line (bad input, a missing file, no password at hand...)."""


# ---------------------------------------------------------------------------------------------
# Talking to the person at the keyboard (prompts go to stderr so stdout stays clean for data)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _ask(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise CliError("no answer given (end of input)")
    return line.strip()


def _ask_secret(prompt: str) -> str:
    return getpass.getpass(prompt, stream=sys.stderr)


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def _username(args: argparse.Namespace) -> str:
    username = getattr(args, "user", None) or _env(USER_ENV)
    if username:
        return username
    if _stdin_is_terminal():
        username = _ask("User name: ")
        if username:
            return username
    raise CliError(f"no user given: use --user NAME or set {USER_ENV}")


def _password(username: str) -> str:
    password = _env(PASSWORD_ENV)
    if password is not None:
        return password
    if _stdin_is_terminal():
        return _ask_secret(f"Password for {username}: ")
    raise CliError(
        f"no password for {username}: set {PASSWORD_ENV}, or run at a terminal to be asked"
    )


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CliError(f"{option}: {value!r} is not a date like 2026-03-14") from None


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------------------
# Databases and signing in


def _database_url(args: argparse.Namespace) -> str:
    return resolve_database_url(getattr(args, "db", None))


def open_database_saying_so(url: str, *, key: DatabaseKey | None = None) -> Engine:
    """`open_database_reporting`, with its sentence on stderr (stdout stays for data)."""
    from .core.store.engine import open_database_reporting

    engine, notice = open_database_reporting(url, key=key)
    if notice:
        print(notice, file=sys.stderr)
    return engine


@contextmanager
def _database(args: argparse.Namespace, *, create: bool = False) -> Iterator[Engine]:
    """Open (and migrate) the chosen database; dispose of its connections afterwards.

    Without `create`, a SQLite file that does not exist is an error rather than a new empty
    database: a mistyped path should not look like an empty caseload."""
    url = _database_url(args)
    path = sqlite_file(url)
    if not create and path is not None and not path.exists():
        raise CliError(f"no database at {path}; create one with 'rsoman init' or 'rsoman demo'")
    engine = open_database_saying_so(url, key=_database_key(url))
    try:
        yield engine
    finally:
        engine.dispose()


def _sign_in(engine: Engine, args: argparse.Namespace) -> Actor:
    from .core.services.users import authenticate
    from .core.store.engine import session_scope

    username = _username(args)
    password = _password(username)
    # Its own transaction: the sign-in (and its audit entry) stands even if the work then fails.
    with session_scope(engine) as session:
        return authenticate(session, username, password)


def _count_users(engine: Engine) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from .core.store.engine import session_scope
    from .core.store.models import UserAccount

    with session_scope(engine) as session:
        return session.exec(select(func.count()).select_from(UserAccount)).one()


# ---------------------------------------------------------------------------------------------
# Commands


def _cmd_gui(args: argparse.Namespace) -> int:
    url = _database_url(args)
    # Imported here so that no other command ever loads Qt.
    try:
        from .gui.app import run
    except ImportError as exc:
        raise CliError(f"the desktop app cannot start: {exc}") from exc
    if getattr(args, "smoke_test", None) is not None:
        from .gui.app import smoke_test

        return smoke_test(url, args.smoke_test)
    from .config import database_named

    # Not named at start (None): the app uses the database its first run remembered.
    return run(url if database_named(getattr(args, "db", None)) else None)


def _cmd_init(args: argparse.Namespace) -> int:
    from .core.services.users import create_first_administrator
    from .core.store.engine import session_scope

    where = describe_database(_database_url(args))
    with _database(args, create=True) as engine:
        # Checked before asking for a password that could not be used; the service checks
        # again in the same transaction as the insert.
        if _count_users(engine):
            raise CliError(
                f"{where} already has user accounts; an administrator adds more with "
                "'rsoman user add'"
            )
        # Never an option: the command line shows in the process list and shell history.
        password = _new_secret(args.admin_user, args.admin_user, PASSWORD_ENV)
        with session_scope(engine) as session:
            username = create_first_administrator(session, args.admin_user, password)
    print(f"database ready: {where}")
    print(f"administrator account created: {username}")
    return EXIT_OK


class _Progress:
    """A one-line progress counter on a terminal, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        percent = 100 * done // total if total else 100
        self.stream.write(f"\rbuilding demo caseload: {done:,}/{total:,} offenders ({percent}%)")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _cmd_demo(args: argparse.Namespace) -> int:
    as_of = _parse_date(args.as_of, "--as-of")
    from .core.demo import generate_demo
    from .core.services.actor import SYSTEM
    from .core.store.engine import session_scope

    with _database(args, create=True) as engine:
        has_users = _count_users(engine) > 0
        if has_users and args.accounts:
            raise CliError(
                "--accounts creates the demo accounts, but this database already has "
                "accounts; leave it out"
            )
        password = _new_secret("the demo accounts", None, PASSWORD_ENV) if args.accounts else None
        # An empty database has nobody to sign in as: the system builds the demo then.
        actor = _sign_in(engine, args) if has_users else SYSTEM
        progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
        try:
            with session_scope(engine) as session:
                summary = generate_demo(
                    session,
                    actor,
                    offenders=args.offenders,
                    seed=args.seed,
                    as_of=as_of,
                    password=password,
                    progress=progress,
                )
        finally:
            if progress is not None:
                progress.finish()
    accounts = _plural(len(summary.users), "account")
    if summary.users:
        accounts += f" ({', '.join(summary.users)})"
    print(
        f"demo caseload: {_plural(summary.offenders, 'offender')}, "
        f"{_plural(summary.officers, 'officer')}, {accounts}, {summary.seconds:.1f} s"
    )
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{args.file}: no such file")
    from .core.services.interchange import import_file
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        try:
            with session_scope(engine) as session:
                summary = import_file(session, actor, path)
        except ValidationFailed as exc:
            problems = exc.problems or [str(exc)]
            for problem in problems:
                print(f"{args.file}: {problem}", file=sys.stderr)
            print(
                f"{PROG}: import refused: {_plural(len(problems), 'problem')}; "
                "nothing was imported",
                file=sys.stderr,
            )
            return EXIT_ERROR
    created = {name: n for name, n in summary.counts.items() if n}
    print(f"imported {args.file}:")
    if not created:
        print("  nothing new (every record was already present)")
    width = max((len(name) for name in created), default=0)
    for name, n in created.items():
        print(f"  {name.replace('_', ' '):<{width}}  {n:>8,}")
    for notice in summary.notices:
        print(f"note: {notice}")
    return EXIT_OK


def _write_text(text: str, out: str | None) -> None:
    """UTF-8 to a file (written whole, then moved into place) or to stdout."""
    if out is None or out == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    target = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_export(args: argparse.Namespace) -> int:
    if args.out not in (None, "-"):
        folder = Path(args.out).parent
        if not folder.is_dir():
            raise CliError(f"--out: no such folder {str(folder)!r}")
    from .core.services.interchange import export_document
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = (args.reason or "").strip()
        if not reason and _stdin_is_terminal():
            reason = _ask("Reason for this export (it is logged as a disclosure): ")
        if not reason:
            raise CliError("a reason is required: give --reason TEXT (exports are logged)")
        # Written inside the transaction: if the file cannot be written, the disclosure is not
        # logged either, because nothing was disclosed.
        with session_scope(engine) as session:
            document = export_document(
                session, actor, justification=reason, offender_refs=args.offender or None
            )
            _write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", args.out)
    if args.out not in (None, "-"):
        count = len(document.get("offenders", []))
        print(f"exported {_plural(count, 'offender')} to {args.out}")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace) -> int:
    from .core.services.stats import caseload_stats
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            data = caseload_stats(session, actor)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_stats(data))
    return EXIT_OK


def _cmd_user_add(args: argparse.Namespace) -> int:
    from .core.services.users import create_user
    from .core.store.engine import session_scope

    with _database(args) as engine:
        # Refused (and logged) before a password that could not be used is asked for. The new
        # password is never an option: the process list and shell history would show it.
        actor = _admin_session(args, engine)
        password = _new_secret(args.username, args.username)
        with session_scope(engine) as session:
            user = create_user(
                session,
                actor,
                username=args.username,
                role=Role(args.role),
                password=password,
                officer_warrant=args.officer,
            )
            username, role = user.username, Role(user.role)
    officer = f", officer {args.officer}" if args.officer else ""
    print(f"account created: {username} ({role.value}{officer})")
    return EXIT_OK


def _read_secret(prompt: str, env_name: str) -> str:
    """A password: from the environment, else asked without echo at a terminal, else one line
    of standard input (for scripts: `printf '%s\\n' "$OLD" "$NEW" | rsoman user passwd`).
    Never from the command line, where other users of the machine could read it."""
    value = _env(env_name)
    if value is not None:
        return value
    if _stdin_is_terminal():
        return _ask_secret(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise CliError(
            f"no password given: {prompt.strip().rstrip(':')}: set {env_name}, run at a "
            "terminal to be asked, or give it as a line of standard input"
        )
    return line.rstrip("\r\n")


def _new_secret(whose: str, username: str | None, env_name: str = NEW_PASSWORD_ENV) -> str:
    """A new password: from `env_name`, else asked twice at a terminal, else one line of
    standard input; checked against the rule before any work."""
    from .core.services.users import password_problems

    if _env(env_name) is None and _stdin_is_terminal():
        password = _ask_secret(f"New password for {whose}: ")
        if _ask_secret("Type it again: ") != password:
            raise CliError("the two passwords differ; nothing was changed")
    else:
        password = _read_secret(f"New password for {whose}: ", env_name)
    problems = password_problems(password, username=username)
    if problems:
        raise CliError("; ".join(str(p) for p in problems))
    return password


def _reason(args: argparse.Namespace, question: str) -> str:
    reason = (args.reason or "").strip()
    if not reason and _stdin_is_terminal():
        reason = _ask(f"{question}: ")
    if not reason:
        raise CliError(f"a reason is required: use --reason ({question.lower()})")
    return reason


def _admin_session(args: argparse.Namespace, engine: Engine) -> Actor:
    """Sign in, and refuse at once (logged) unless the user may manage accounts, so that no one
    is asked for a new password or a reason that could not be used."""
    from .core.services.permissions import Action, require
    from .core.store.engine import session_scope

    actor = _sign_in(engine, args)
    with session_scope(engine) as session:
        require(session, actor, Action.manage_users)
    return actor


def _cmd_user_passwd(args: argparse.Namespace) -> int:
    from .core.services.users import sign_in_with_new_password
    from .core.store.engine import session_scope

    with _database(args) as engine:
        username = _username(args)
        old = _read_secret(f"Current password for {username}: ", PASSWORD_ENV)
        new = _new_secret(username, username)
        with session_scope(engine) as session:
            sign_in_with_new_password(session, username, old, new)
    print(f"password changed: {username}")
    return EXIT_OK


def _cmd_user_reset(args: argparse.Namespace) -> int:
    from .core.services.users import reset_password
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _admin_session(args, engine)
        new = _new_secret(args.username, args.username)
        with session_scope(engine) as session:
            reset_password(session, actor, args.username, new, must_change=not args.keep)
    then = "" if args.keep else "; they must choose a new one at their next sign-in"
    print(f"password reset: {args.username}{then}")
    return EXIT_OK


def _cmd_user_disable(args: argparse.Namespace) -> int:
    from .core.services.users import disable_user
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _admin_session(args, engine)
        reason = _reason(args, "Why disable the account")
        with session_scope(engine) as session:
            disable_user(session, actor, args.username, reason=reason)
    print(f"account disabled: {args.username} (kept; 'rsoman user enable' restores it)")
    return EXIT_OK


def _cmd_user_enable(args: argparse.Namespace) -> int:
    from .core.services.users import enable_user
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _admin_session(args, engine)
        reason = _reason(args, "Why enable the account")
        with session_scope(engine) as session:
            enable_user(session, actor, args.username, reason=reason)
    print(f"account enabled: {args.username}")
    return EXIT_OK


def _cmd_user_list(args: argparse.Namespace) -> int:
    from .core.services.users import list_users
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            rows = list_users(session, actor, include_disabled=not args.active)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "username": r.username,
                        "role": r.role.value,
                        "officer": r.officer,
                        "borough": r.borough,
                        "active": r.active,
                        "locked_until": r.locked_until.isoformat() if r.locked_until else None,
                        "must_change_password": r.must_change_password,
                        "last_login_at": r.last_login_at.isoformat() if r.last_login_at else None,
                        "restricted_grant": r.restricted_grant,
                    }
                    for r in rows
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
    from datetime import datetime

    from .core.rules.dates import LONDON

    def when(moment: datetime | None) -> str | None:
        return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M") if moment else None

    table = [
        (
            r.username,
            r.role.value,
            r.officer,
            r.borough,
            "active" if r.active else "disabled",
            when(r.locked_until),
            r.must_change_password,
            r.restricted_grant,
            when(r.last_login_at),
        )
        for r in rows
    ]
    headers = [
        "User",
        "Role",
        "Officer",
        "Borough",
        "Status",
        "Locked until",
        "Must change",
        "Restricted",
        "Last sign-in",
    ]
    print("\n".join(_table(headers, table)))
    return EXIT_OK


def _change_grant(args: argparse.Namespace, *, granting: bool) -> int:
    from .core.services.restricted import grant_restricted, revoke_restricted
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _admin_session(args, engine)
        reason = _reason(
            args, "Why does this user need restricted records" if granting else "Why revoke"
        )
        with session_scope(engine) as session:
            change = grant_restricted if granting else revoke_restricted
            change(session, actor, args.username, reason=reason)
    if granting:
        print(f"granted: {args.username} now sees the restricted records in their scope")
    else:
        print(f"revoked: {args.username} no longer sees restricted records")
    return EXIT_OK


def _cmd_user_grant(args: argparse.Namespace) -> int:
    return _change_grant(args, granting=True)


def _cmd_user_revoke(args: argparse.Namespace) -> int:
    return _change_grant(args, granting=False)


def _cmd_audit_list(args: argparse.Namespace) -> int:
    from .core.services.audit import list_entries
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            rows = list_entries(
                session,
                actor,
                offender_ref=args.offender,
                username=args.user_filter,
                limit=args.limit,
            )
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
        return EXIT_OK
    for r in rows:
        about = f" [{r.offender_ref}]" if r.offender_ref else ""
        why = f" (why: {r.justification})" if r.justification else ""
        print(f"{r.id:>7} {r.at} {r.username:<14} {r.action:<14} {r.summary}{about}{why}")
    return EXIT_OK


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from .core.services.audit import Anchor, check_chain, describe_head
    from .core.services.permissions import Action, require
    from .core.store.engine import engine_key, session_scope

    # An anchor is a point of the log noted elsewhere (an earlier run of this command, a
    # backup): the chain alone cannot see its newest entries cut off, an anchor can.
    anchors = [Anchor.parse(text) for text in args.anchor or ()]
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        if args.against_backup:
            from .core.store.backup import backup_audit_head

            with session_scope(engine) as session:
                require(session, actor, Action.view_audit)  # before any passphrase is asked
            passphrase = _backup_passphrase(engine_key(engine), new=False)
            entries, anchor = backup_audit_head(args.against_backup, passphrase)
            print(f"the backup {args.against_backup} holds {entries:,} audit entries")
            if anchor is not None:
                anchors.append(Anchor.parse(anchor))
        with session_scope(engine) as session:
            result = check_chain(session, actor, anchors)
    for b in result.breaks:
        print(f"entry {b.entry_id}: {b.reason}")
    if result.anchors and result.intact:
        print(f"{_plural(len(result.anchors), 'anchor')} met: the log still holds them unchanged")
    if result.intact:
        print(f"{describe_head(result.head)} (keep it: --anchor ID:HASH checks it later)")
        print("audit log intact: every entry follows the one before it")
        return EXIT_OK
    print(describe_head(result.head))
    breaks = _plural(len(result.breaks), "break")
    return _report(f"the audit log has been tampered with ({breaks})")


# `rsoman audit report`: who looked at a person, what a user looked at (issue 6).


def _cmd_audit_report(args: argparse.Namespace) -> int:
    from .core.services.audit_report import audit_report
    from .core.store.engine import session_scope

    start = _parse_date(args.date_from, "--from")
    end = _parse_date(args.date_to, "--to")
    form = args.format or ("pdf" if args.out.lower().endswith(".pdf") else "csv")
    if form == "pdf" and args.out == "-":
        raise CliError("--out: a PDF needs a file name (standard output takes CSV only)")
    if args.out != "-" and not Path(args.out).parent.is_dir():
        raise CliError(f"--out: no such folder {str(Path(args.out).parent)!r}")
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        # Written inside the transaction: if the file cannot be written, the reading is not
        # logged as done either.
        with session_scope(engine) as session:
            report = audit_report(
                session,
                actor,
                offender_ref=args.offender,
                username=args.by,
                start=start,
                end=end,
                justification=args.reason,
            )
            if form == "pdf":
                from .core.reports.audit_report import render_audit_pdf

                rendered = render_audit_pdf(
                    report, issued_to=args.issued_to, reason=args.reason or ""
                )
                _write_bytes(rendered.pdf, args.out)
            else:
                from .core.reports.audit_report import render_audit_csv

                _write_text(render_audit_csv(report), args.out)
    if args.out != "-":
        print(
            f"{report.reference}: {len(report.rows):,} "
            f"{'entry' if len(report.rows) == 1 else 'entries'} "
            f"({report.question}, {report.period_text}) written to {args.out}"
        )
    return EXIT_OK


def _add_audit_report_command(audit_commands: Any, common: argparse.ArgumentParser) -> None:
    q = audit_commands.add_parser(
        "report",
        parents=[common],
        help="who looked at an offender, or what a user looked at, over a period (CSV or PDF)",
        description="Every audit entry about one offender (--offender) or by one user (--by), "
        "or both, from --from to --to (London days, both included), oldest first. Spreadsheet "
        "formulas in the CSV are neutralised. The reading is itself logged, with its reference.",
    )
    q.add_argument("--offender", metavar="REF", help="entries about this offender (erased too)")
    # --user signs in (every command has it), so the user the report is about is --by.
    q.add_argument("--by", metavar="USERNAME", help="entries by this user")
    q.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    q.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    q.add_argument(
        "--format", choices=["csv", "pdf"], help="default: pdf if --out ends in .pdf, else csv"
    )
    q.add_argument("--out", required=True, metavar="FILE", help="write here ('-': CSV to stdout)")
    q.add_argument("--reason", metavar="TEXT", help="why the log is read (kept with the entry)")
    q.add_argument("--issued-to", metavar="NAME", help="PDF: who it is for (default: you)")
    q.set_defaults(handler=_cmd_audit_report)


# `rsoman retention ...`: review dates and the rare erasure (issue 6).


def _cmd_retention_due(args: argparse.Namespace) -> int:
    from .core.services.retention import records_due
    from .core.store.engine import session_scope

    as_of = _parse_date(args.as_of, "--as-of")
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            due = records_due(session, actor, as_of=as_of)
    if args.json:
        print(json.dumps([asdict(d) for d in due], indent=2, ensure_ascii=False, default=str))
        return EXIT_OK
    if not due:
        print("no record is due for a retention review")
    for d in due:
        # No name for a reader who does not see records (an administrator).
        name = d.name if d.name is not None else "(name not shown)"
        print(f"{d.review_on.isoformat()}  {d.ref:<12} {d.status:<20} {d.borough:<22} {name}")
    return EXIT_OK


def _cmd_retention_review(args: argparse.Namespace) -> int:
    from .core.services.retention import record_review
    from .core.store.engine import session_scope

    next_on = _parse_date(args.next, "--next")
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = _reason(args, "Why is the record kept")
        with session_scope(engine) as session:
            day = record_review(session, actor, args.ref, next_on, reason)
    print(f"{args.ref}: next retention review on {day.isoformat()}")
    return EXIT_OK


def _cmd_retention_erase(args: argparse.Namespace) -> int:
    from .core.services.retention import erase_offender
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = _reason(args, "Why is the record erased")
        with session_scope(engine) as session:
            erasure = erase_offender(session, actor, args.ref, reason)
    total = sum(erasure.row_counts.values())
    print(
        f"erased {erasure.ref}: {_plural(total, 'row')} from "
        f"{_plural(len(erasure.row_counts), 'table')}; tombstone kept (record SHA-256 "
        f"{erasure.document_sha256})"
    )
    return EXIT_OK


def _add_retention_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "retention",
        parents=[common],
        help="records due for a retention review; review; erase (supervisors)",
        description="Retention of records: each has a review date, at most ten years ahead. "
        "Erasure (a supervisor, with a reason) is for a record past its review date that is "
        "no longer active; it leaves a tombstone and is logged.",
    )
    sub = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = sub.add_parser(
        "due",
        parents=[common],
        help="records whose review date has come",
        description="Records due for a retention review, oldest first.",
    )
    q.add_argument("--as-of", metavar="DATE", help="as on this date (default: today)")
    q.add_argument("--json", action="store_true", help="print a JSON list")
    q.set_defaults(handler=_cmd_retention_due)
    q = sub.add_parser(
        "review",
        parents=[common],
        help="record a review: the next review date and why the record is kept",
        description="Record a retention review (supervisors).",
    )
    q.add_argument("ref", metavar="REF")
    q.add_argument("--next", required=True, metavar="DATE", help="the next review date")
    q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    q.set_defaults(handler=_cmd_retention_review)
    q = sub.add_parser(
        "erase",
        parents=[common],
        help="erase a record past its review date (supervisors); a tombstone is kept",
        description="Erase an offender's record and every row that belongs to it, in one "
        "transaction. Refused while the offender is active or before the review date.",
    )
    q.add_argument("ref", metavar="REF")
    q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    q.set_defaults(handler=_cmd_retention_erase)


# `rsoman settings ...` and `rsoman wards ...`: force settings and the ward list (issue 7).


def _print_problems(exc: ValidationFailed, what: str) -> int:
    problems = exc.problems or [str(exc)]
    for problem in problems:
        print(f"{problem}", file=sys.stderr)
    print(
        f"{PROG}: {what} refused: {_plural(len(problems), 'problem')}; nothing was changed",
        file=sys.stderr,
    )
    return EXIT_ERROR


def _cmd_settings_show(args: argparse.Namespace) -> int:
    from .core.services.settings import SPECS, get_settings
    from .core.store.engine import session_scope

    with _database(args) as engine:
        _sign_in(engine, args)
        with session_scope(engine) as session:
            settings = get_settings(session)
    values = settings.as_dict()
    if args.json:
        print(json.dumps(values, indent=2, ensure_ascii=False))
        return EXIT_OK
    shown = [*SPECS, *(k for k in values if k.startswith("briefing_contact:")), "default_capacity"]
    width = max(len(k) for k in shown)
    for key in shown:
        value = values[key]
        print(f"  {key:<{width}}  {value if value != '' else '(none)'}")
    print(
        f"policy numbers (visit tariff, deadlines): force policy v{settings.policy_version}; "
        "see `rsoman policy show`; `rsoman settings set` changes them too"
    )
    return EXIT_OK


def _cmd_settings_set(args: argparse.Namespace) -> int:
    from .core.services.settings import update_settings
    from .core.store.engine import session_scope

    pairs: list[str] = args.pairs
    if len(pairs) % 2:
        raise CliError("give each setting as KEY VALUE (an odd number of words was given)")
    changes = dict(zip(pairs[::2], pairs[1::2], strict=True))
    if len(changes) != len(pairs) // 2:
        raise CliError("a setting is given twice")
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = _reason(args, "Why are the settings changed")
        try:
            with session_scope(engine) as session:
                after = update_settings(session, actor, changes, reason)
        except ValidationFailed as exc:
            return _print_problems(exc, "settings")
    values = after.as_dict()
    for key in changes:
        shown = values.get(key, changes[key])
        print(f"{key} = {shown if shown != '' else '(none)'}")
    print("saved; the scan schedule and the lock apply from the next start of rsoman")
    return EXIT_OK


def _cmd_wards_list(args: argparse.Namespace) -> int:
    from .core.services.settings import list_wards
    from .core.store.engine import session_scope

    with _database(args) as engine:
        _sign_in(engine, args)
        with session_scope(engine) as session:
            wards = list_wards(session, args.borough)
    if args.json:
        print(json.dumps([asdict(w) for w in wards], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not wards:
        print("no ward is recorded")
    for w in wards:
        retired = "  (retired)" if w.retired else ""
        print(f"{w.borough_code:<24} {w.name}{retired}  [{_plural(w.addresses, 'address')}]")
    return EXIT_OK


def _cmd_wards_add(args: argparse.Namespace) -> int:
    from .core.services.settings import add_ward
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        try:
            with session_scope(engine) as session:
                ward = add_ward(session, actor, args.borough, args.name, reason=args.reason or "")
        except ValidationFailed as exc:
            return _print_problems(exc, "ward")
    print(f"{ward.borough}: ward {ward.name!r} added")
    return EXIT_OK


def _cmd_wards_rename(args: argparse.Namespace) -> int:
    from .core.services.settings import rename_ward
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        try:
            with session_scope(engine) as session:
                ward = rename_ward(
                    session, actor, args.borough, args.name, args.new_name, reason=args.reason or ""
                )
        except ValidationFailed as exc:
            return _print_problems(exc, "rename")
    print(f"{ward.borough}: ward {args.name!r} is now {ward.name!r}")
    return EXIT_OK


def _cmd_wards_retire(args: argparse.Namespace) -> int:
    from .core.services.settings import retire_ward
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = _reason(args, "Why is the ward retired")
        try:
            with session_scope(engine) as session:
                done = retire_ward(session, actor, args.borough, args.name, reason=reason)
        except ValidationFailed as exc:
            return _print_problems(exc, "retirement")
    if done.deleted:
        print(f"{done.borough}: ward {done.name!r} removed (no address named it)")
    else:
        print(
            f"{done.borough}: ward {done.name!r} retired; kept for the "
            f"{_plural(done.addresses, 'address')} that name it"
        )
    return EXIT_OK


def _cmd_wards_rename_borough(args: argparse.Namespace) -> int:
    from .core.services.settings import rename_borough
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        try:
            with session_scope(engine) as session:
                borough = rename_borough(
                    session, actor, args.code, args.new_name, reason=args.reason or ""
                )
        except ValidationFailed as exc:
            return _print_problems(exc, "rename")
    print(f"borough {borough.code!r} is now called {borough.name!r}")
    return EXIT_OK


def _add_settings_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "settings",
        parents=[common],
        help="show or change the force settings (scan times, lock, briefing contact, capacity)",
        description="Force settings, kept in the database and audited (docs/settings.md).",
    )
    sub = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = sub.add_parser(
        "show",
        parents=[common],
        help="the settings in force",
        description="Print every setting in force (defaults for those never changed).",
    )
    q.add_argument("--json", action="store_true", help="print every key and value as JSON")
    q.set_defaults(handler=_cmd_settings_show)
    q = sub.add_parser(
        "set",
        parents=[common],
        help="change settings (administrators), all at once or none",
        description="Change one or more settings: KEY VALUE [KEY VALUE ...]. If anything is "
        "wrong, every problem is listed and nothing is changed. Policy numbers (e.g. "
        "visit_interval_high_days, default_capacity) become the next force policy version. "
        "An empty VALUE ('') removes a briefing contact.",
    )
    q.add_argument("pairs", nargs="+", metavar="KEY VALUE")
    q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    q.set_defaults(handler=_cmd_settings_set)


def _add_ward_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "wards",
        parents=[common],
        help="list, add, rename or retire wards; rename a borough (administrators)",
        description="The borough and ward list. A ward that addresses name is retired, never "
        "deleted. Every change is logged.",
    )
    sub = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = sub.add_parser("list", parents=[common], help="every ward, retired ones marked")
    q.add_argument("--borough", metavar="CODE", help="only this borough (e.g. camden)")
    q.add_argument("--json", action="store_true", help="print a JSON list")
    q.set_defaults(handler=_cmd_wards_list)
    q = sub.add_parser("add", parents=[common], help="add a ward to a borough")
    q.add_argument("borough", metavar="BOROUGH", help="borough code, e.g. camden")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")
    q.set_defaults(handler=_cmd_wards_add)
    q = sub.add_parser("rename", parents=[common], help="rename a ward")
    q.add_argument("borough", metavar="BOROUGH")
    q.add_argument("name", metavar="NAME")
    q.add_argument("new_name", metavar="NEW_NAME")
    q.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")
    q.set_defaults(handler=_cmd_wards_rename)
    q = sub.add_parser(
        "retire",
        parents=[common],
        help="take a ward off the list (kept, marked retired, if addresses name it)",
    )
    q.add_argument("borough", metavar="BOROUGH")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    q.set_defaults(handler=_cmd_wards_retire)
    q = sub.add_parser("rename-borough", parents=[common], help="rename a borough (its code stays)")
    q.add_argument("code", metavar="CODE")
    q.add_argument("new_name", metavar="NEW_NAME")
    q.add_argument("--reason", metavar="TEXT", help="why (kept in the audit log)")
    q.set_defaults(handler=_cmd_wards_rename_borough)


def _cmd_policy_show(args: argparse.Namespace) -> int:
    from .core.rules.policy import policy_settings
    from .core.services.policy import current_policy
    from .core.store.engine import session_scope

    with _database(args) as engine:
        _sign_in(engine, args)
        with session_scope(engine) as session:
            policy = current_policy(session)
    settings = policy_settings(policy)
    if args.json:
        print(json.dumps({"version": policy.version, "settings": settings}, indent=2))
        return EXIT_OK
    print(f"force policy v{policy.version} (in force)")
    width = max(len(k) for k in settings)
    for key, value in settings.items():
        print(f"  {key:<{width}}  {value}")
    return EXIT_OK


def _cmd_policy_list(args: argparse.Namespace) -> int:
    from .core.services.policy import list_policies
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            versions = list_policies(session, actor)
    for v in versions:
        source = f" from {v.source_name}" if v.source_name else ""
        marker = " (in force)" if v.current else ""
        print(
            f"v{v.version}{marker}: loaded {v.loaded_at:%Y-%m-%d %H:%M} UTC by {v.loaded_by}"
            f"{source}"
        )
        if v.reason:
            print(f"  reason: {v.reason}")
        for change in v.changes:
            print(f"  {change}")
    return EXIT_OK


def _cmd_policy_load(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{args.file}: no such file")
    from .core.services.policy import load_policy_file
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        reason = (args.reason or "").strip()
        if not reason and _stdin_is_terminal():
            reason = _ask("Reason for this policy change (it is kept with the version): ")
        if not reason:
            raise CliError("a reason is required: give --reason TEXT")
        try:
            with session_scope(engine) as session:
                policy = load_policy_file(session, actor, path, reason=reason)
        except ValidationFailed as exc:
            problems = exc.problems or [str(exc)]
            for problem in problems:
                print(f"{problem}", file=sys.stderr)
            print(
                f"{PROG}: policy refused: {_plural(len(problems), 'problem')}; nothing was loaded",
                file=sys.stderr,
            )
            return EXIT_ERROR
    print(f"force policy v{policy.version} loaded from {args.file}: in force from the next scan")
    return EXIT_OK


def _cmd_worker(args: argparse.Namespace) -> int:
    import logging

    from .worker import run_worker

    url = _database_url(args)
    # The worker acts as the system, so nobody signs in; the database must already exist (and
    # is upgraded here, once, rather than by every scan).
    with _database(args):
        pass
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s: %(message)s"
    )
    # One line per scan is ours to write; APScheduler's own chatter would drown it.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.executors").setLevel(logging.CRITICAL)
    print(f"{PROG} worker: scanning {describe_database(url)}", file=sys.stderr)
    return run_worker(url)


def _cmd_scan(args: argparse.Namespace) -> int:
    as_of = _parse_date(args.as_of, "--as-of")
    from .core.services.scan import run_scan
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            result = run_scan(
                session,
                actor,
                as_of=as_of,
                borough_code=args.borough,
                officer_warrant=args.officer,
                full=args.full,
            )
    if args.json:
        print(json.dumps([scan_json(w) for w in result.warnings], indent=2, ensure_ascii=False))
    else:
        print(format_scan(result))
    return EXIT_OK


def scan_json(w: Any) -> dict[str, Any]:
    """One warning as the JSON output promises (docs/cli.md): the subject under its own name."""
    return {
        "kind": w.kind,
        "severity": w.severity,
        w.subject_type: w.subject_ref,
        "owner": w.owner_warrant,
        "owner_name": w.owner_name,
        "borough": w.borough_code,
        "due_date": w.due_on.isoformat() if w.due_on else None,
        "days_overdue": w.days_overdue,
        "explanation": w.explanation,
        "policy_version": w.policy_version,
        "state": w.state,
        "acknowledgement_reason": w.acknowledgement_reason,
    }


def format_scan(result: Any) -> str:
    """The live warnings as a table, then one summary line."""
    out: list[str] = []
    if result.warnings:
        headers = ["severity", "kind", "subject", "owner", "due", "days over", "state"]
        headers.append("explanation")
        rows = [
            [
                w.severity,
                w.kind,
                f"{w.subject_type} {w.subject_ref}",
                w.owner_warrant,
                w.due_on.isoformat() if w.due_on else None,
                w.days_overdue,
                w.state,
                w.explanation
                + (
                    f" [acknowledged: {w.acknowledgement_reason}]"
                    if w.acknowledgement_reason
                    else ""
                ),
            ]
            for w in result.warnings
        ]
        out += [*_table(headers, rows), ""]
    out.append(
        f"scan as of {result.as_of.isoformat()} (policy v{result.policy_version}): "
        f"{_plural(result.still_open, 'open warning')}; this scan raised {result.raised}, "
        f"escalated {result.escalated}, reopened {result.reopened}, resolved {result.resolved}"
    )
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# `rsoman export ...`: printed packs (PDF). Each is a disclosure: the recipient and the reason go
# onto every page and into the audit log.


def _pack_recipient(args: argparse.Namespace) -> tuple[str, str]:
    """--to and --reason, asked for at a terminal when missing; refused otherwise."""
    issued_to = (args.to or "").strip()
    reason = (args.reason or "").strip()
    if not issued_to and _stdin_is_terminal():
        issued_to = _ask("Issued to (name, rank, team; printed on every page): ")
    if not reason and _stdin_is_terminal():
        reason = _ask("Reason for issuing it (it is logged as a disclosure): ")
    missing = [flag for flag, v in (("--to NAME", issued_to), ("--reason TEXT", reason)) if not v]
    if missing:
        raise CliError(f"a printed pack needs {' and '.join(missing)} (it is logged as issued)")
    return issued_to, reason


def _looks_like_date(value: str | None) -> bool:
    try:
        date.fromisoformat((value or "").strip())
    except ValueError:
        return False
    return True


def _write_bytes(data: bytes, out: str) -> None:
    """Written whole beside the target, then moved into place."""
    target = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_export_pack(args: argparse.Namespace) -> int:
    folder = Path(args.out).parent
    if not folder.is_dir():
        raise CliError(f"--out: no such folder {str(folder)!r}")
    date_from = _parse_date(getattr(args, "date_from", None), "--from")
    date_to = _parse_date(getattr(args, "date_to", None), "--until") or date_from
    if (
        args.pack == "visits"
        and getattr(args, "date_to", None) is None
        and _looks_like_date(args.to)
    ):
        raise CliError("--to names who the sheet is issued to; give the last day with --until DATE")
    as_of = _parse_date(getattr(args, "as_of", None), "--as-of")
    from .core.reports import issue
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        issued_to, reason = _pack_recipient(args)
        who: dict[str, Any] = {
            "issued_to": issued_to,
            "reason": reason,
            "pdf_password": _pdf_password(args),
        }
        # Written inside the transaction: if the file cannot be written, the disclosure is not
        # logged either, because nothing was disclosed.
        with session_scope(engine) as session:
            if args.pack == "briefing":
                pack = issue.issue_briefing(
                    session, actor, borough_code=args.borough, ward=args.ward, as_of=as_of, **who
                )
            elif args.pack == "mappa":
                pack = issue.issue_mappa_pack(session, actor, meeting=args.meeting, **who)
            elif args.pack == "visits":
                assert date_from is not None and date_to is not None
                pack = issue.issue_visit_sheet(
                    session,
                    actor,
                    officer_warrant=args.officer,
                    date_from=date_from,
                    date_to=date_to,
                    **who,
                )
            else:
                pack = issue.issue_performance_report(
                    session, actor, borough_code=args.borough, as_of=as_of, **who
                )
            _write_bytes(pack.pdf, args.out)
    print(f"{pack.reference}: {_plural(pack.page_count, 'page')} written to {args.out}")
    return EXIT_OK


def _pdf_password(args: argparse.Namespace) -> str | None:
    """The PDF password from the environment variable named by --pdf-password-env."""
    name = getattr(args, "pdf_password_env", None)
    if not name:
        return None
    value = os.environ.get(name, "")
    if len(value) < 8:
        raise CliError(
            f"--pdf-password-env {name}: set {name} to a password of 8 or more characters"
        )
    return value


def _add_export_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The `export` group: one sub-command per printed pack."""
    p = commands.add_parser(
        "export",
        parents=[common],
        help="print a pack as PDF: borough briefing, MAPPA meeting pack, visit sheet, "
        "performance report",
        description="Issue a printed pack (PDF, OFFICIAL-SENSITIVE). Every page names the "
        "recipient; the issue is recorded with its reference and logged as a disclosure with "
        "the reason. See docs/reports.md.",
    )
    packs = p.add_subparsers(title="packs", metavar="PACK", required=True)
    recipient = argparse.ArgumentParser(add_help=False)
    recipient.add_argument(
        "--to", metavar="NAME", help="who it is issued to (asked at a terminal if not given)"
    )
    recipient.add_argument(
        "--reason", metavar="TEXT", help="why (asked at a terminal if not given)"
    )
    recipient.add_argument("--out", metavar="FILE.pdf", required=True, help="write the PDF here")
    recipient.add_argument(
        "--pdf-password-env",
        metavar="VAR",
        help="encrypt the PDF (AES-256) with the password in this environment variable "
        "(never on the command line)",
    )

    q = packs.add_parser(
        "briefing",
        parents=[common, recipient],
        help="borough (or ward) briefing for local officers",
        description="A briefing on the offenders managed in a borough (or living in one ward "
        "of it): one page each, with what changed since the last briefing for the same area.",
    )
    q.add_argument("--borough", required=True, metavar="CODE", help="e.g. camden")
    q.add_argument("--ward", metavar="NAME", help="only this ward of the borough")
    q.add_argument("--as-of", metavar="DATE", help="as on this date (default: today)")
    q.set_defaults(handler=_cmd_export_pack, pack="briefing")

    q = packs.add_parser(
        "mappa",
        parents=[common, recipient],
        help="police pack for a MAPPA meeting",
        description="The police pack for a MAPPA meeting: agenda, attendance against "
        "guidance, each case, and a minutes template (MAPPA co-ordinators and supervisors).",
    )
    q.add_argument("--meeting", required=True, metavar="ID", help="the meeting's id or reference")
    q.set_defaults(handler=_cmd_export_pack, pack="mappa")

    q = packs.add_parser(
        "visits",
        parents=[common, recipient],
        help="an officer's visit sheet for a day or a week",
        description="Visits planned in the period and home visits falling due by its end "
        "(overdue ones included), with what to check and space for notes. At most 31 days.",
    )
    q.add_argument("--officer", required=True, metavar="WARRANT", help="the officer's warrant")
    q.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    # --to names the recipient in every pack, so the period ends with --until.
    q.add_argument("--until", dest="date_to", metavar="DATE", help="last day (default: --from)")
    q.set_defaults(handler=_cmd_export_pack, pack="visits")

    q = packs.add_parser(
        "performance",
        parents=[common, recipient],
        help="a borough's performance report for its commander",
        description="Performance figures for a borough over the last 12 months.",
    )
    q.add_argument("--borough", required=True, metavar="CODE", help="e.g. camden")
    q.add_argument("--as-of", metavar="DATE", help="as on this date (default: today)")
    q.set_defaults(handler=_cmd_export_pack, pack="performance")


# ---------------------------------------------------------------------------------------------
# Encryption at rest: the database passphrase, backups and restores (docs/security.md)

BACKUP_PASSPHRASE_ENV = "RSOMAN_BACKUP_PASSPHRASE"


def _database_key(url: str) -> DatabaseKey | None:
    """The SQLite file's key: from the environment, else asked at a terminal."""
    from .config import PassphraseMismatch, database_key

    try:
        return database_key(url, ask=_ask_secret if _stdin_is_terminal() else None)
    except PassphraseMismatch as exc:
        raise CliError(str(exc)) from None


def _backup_passphrase(key: DatabaseKey | None, *, new: bool) -> str:
    """A backup's passphrase: `RSOMAN_BACKUP_PASSPHRASE`, else the database's own, else asked
    (twice for a new backup). A backup is always encrypted."""
    from .config import new_passphrase_problem

    given = _env(BACKUP_PASSPHRASE_ENV)
    if given is None and key is not None and key.passphrase:
        given = key.passphrase
    if given is not None:
        return given
    if not _stdin_is_terminal():
        raise CliError(f"a backup is always encrypted: set {BACKUP_PASSPHRASE_ENV}")
    passphrase = _ask_secret("Backup passphrase: ")
    if new:
        problem = new_passphrase_problem(passphrase)
        if problem:
            raise CliError(problem)
        if _ask_secret("Type it again: ") != passphrase:
            raise CliError("the two passphrases differ; no backup was written")
    return passphrase


def _cmd_backup(args: argparse.Namespace) -> int:
    from .core.services.backups import backup_database, check_may_back_up
    from .core.store.engine import engine_key

    target = Path(args.out).expanduser()
    if not target.parent.is_dir():
        raise CliError(f"--out: no such folder {str(target.parent)!r}")
    url = _database_url(args)
    if sqlite_file(url) is None:
        raise CliError("backup works on a SQLite database file; use pg_dump for PostgreSQL")
    with _database(args) as engine:
        actor = _sign_in(engine, args)
        check_may_back_up(engine, actor)
        # The key the database was opened with: asking for it again would prompt twice.
        passphrase = _backup_passphrase(engine_key(engine), new=True)
        info = backup_database(engine, actor, target, passphrase)
    print(f"encrypted backup written to {info.path} ({info.bytes:,} bytes, schema {info.revision})")
    if info.audit_anchor:
        # Kept wherever this line goes (a scheduled job's mail), it vouches for the live log.
        print(
            f"audit log in the backup: {info.audit_entries:,} entries; anchor {info.audit_anchor}"
        )
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace) -> int:
    from .core.services.backups import check_may_restore, restore_database
    from .core.store.backup import discard_restore, prepare_restore
    from .core.store.engine import make_engine

    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CliError(f"{args.file}: no such file")
    url = _database_url(args)
    path = sqlite_file(url)
    if path is None:
        raise CliError("restore works on a SQLite database file; use pg_restore for PostgreSQL")
    key = _database_key(url)
    if key is None:
        raise CliError("no passphrase for the database: set RSOMAN_PASSPHRASE")
    engine = None
    if path.exists():
        # Whoever replaces a database must be allowed to, there: checked before anything else.
        engine = open_database_saying_so(url, key=key)
    try:
        actor = _sign_in(engine, args) if engine is not None else None
        if engine is not None and actor is not None:
            check_may_restore(engine, actor)
        prepared = prepare_restore(source, path, _backup_passphrase(key, new=False), key)
        try:
            if actor is None:
                # No database yet: sign in with an administrator account of the backup itself.
                staged = make_engine(prepared.staged, key=key)
                try:
                    actor = _sign_in(staged, args)
                finally:
                    staged.dispose()
        except BaseException:
            discard_restore(prepared)
            raise
        result = restore_database(engine, actor, prepared, key)
    finally:
        if engine is not None:
            engine.dispose()
    kept = f"; the replaced database is kept as {result.kept_as}" if result.kept_as else ""
    print(
        f"restored {result.database} from {source}: checked (pages, integrity, "
        f"{_plural(result.audit_entries, 'audit entry')} in an intact chain){kept}"
    )
    if result.audit_anchor:
        print(f"audit log restored up to the anchor {result.audit_anchor}")
    return EXIT_OK


def _add_backup_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "backup",
        parents=[common],
        help="write an encrypted copy of the database, safe while the app is in use "
        "(administrators)",
        description="Write a consistent, encrypted (SQLCipher) copy of the database. Its "
        f"passphrase comes from ${BACKUP_PASSPHRASE_ENV}, else is the database's own, else is "
        "asked twice. Logged as a disclosure.",
    )
    p.add_argument("--out", required=True, metavar="FILE", help="write the backup here")
    p.set_defaults(handler=_cmd_backup)
    p = commands.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup, after checking it (administrators)",
        description="Check a backup (page authentication codes, integrity, schema version, "
        "audit chain) and only then replace the database with it; the old file is kept "
        f"beside it as <name>.before-restore. The backup's passphrase: ${BACKUP_PASSPHRASE_ENV}, "
        "else the database's own, else asked. Close the app first.",
    )
    p.add_argument("file", metavar="FILE", help="the backup to restore")
    p.set_defaults(handler=_cmd_restore)


# ---------------------------------------------------------------------------------------------
# The readable `stats` table


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Left-aligned text columns, numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    numeric = [
        all(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows)
        and bool(rows)
        for i in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(widths[i]) if numeric[i] else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)]


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
    return str(value)


def _mix_headers(rows: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for r in rows for k in r.get("risk_mix", {})))


def _label(key: str) -> str:
    return key.replace("_", " ")


def format_stats(data: dict[str, Any]) -> str:
    """The stats service's figures as text tables. Keys this layout does not know are still
    shown, so that a figure added to the service is never silently dropped."""
    data = dict(data)
    out: list[str] = []
    scope, on = data.pop("scope", None), data.pop("generated_on", None)
    version = data.pop("policy_version", None)
    title = "Caseload figures" + (f" for {scope}" if scope else "") + (f" on {on}" if on else "")
    out += [title + (f" (policy v{version})" if version is not None else ""), ""]

    totals = data.pop("totals", None)
    if isinstance(totals, dict):
        totals = dict(totals)
        mix, percent = totals.pop("risk_mix", {}), totals.pop("risk_mix_percent", {})
        rows: list[tuple[str, str]] = [(_label(k), _cell(v)) for k, v in totals.items()]
        for key, count in mix.items():
            share = f" ({percent[key]:.1f}%)" if key in percent else ""
            rows.append((f"risk: {_label(key)}", f"{count:,}{share}"))
        width = max((len(k) for k, _ in rows), default=0)
        out += ["Totals", *(f"  {k:<{width}}  {v}" for k, v in rows), ""]

    boroughs = data.pop("boroughs", None)
    if isinstance(boroughs, list) and boroughs:
        mix_keys = _mix_headers(boroughs)
        headers = ["borough", "active", "managers", "per manager", *map(_label, mix_keys)]
        table = [
            [
                b.get("name"),
                b.get("active_offenders"),
                b.get("offender_managers"),
                b.get("offenders_per_manager"),
                *(b.get("risk_mix", {}).get(k, 0) for k in mix_keys),
            ]
            for b in boroughs
        ]
        out += ["Boroughs (active offenders by current risk)", *_table(headers, table), ""]

    officers = data.pop("officers", None)
    if isinstance(officers, list) and officers:
        mix_keys = _mix_headers(officers)
        headers = ["warrant", "name", "borough", "team", "caseload", "capacity", "over"]
        headers += ["weighted", *map(_label, mix_keys)]
        table = [
            [
                o.get("warrant_number"),
                o.get("name"),
                o.get("borough"),
                o.get("team"),
                o.get("caseload"),
                o.get("capacity"),
                o.get("over_capacity"),
                o.get("risk_weighted_caseload"),
                *(o.get("risk_mix", {}).get(k, 0) for k in mix_keys),
            ]
            for o in officers
        ]
        out += ["Officers (caseload against capacity)", *_table(headers, table), ""]

    weights = data.pop("risk_weights", None)
    if isinstance(weights, dict):
        out += ["Risk weights: " + ", ".join(f"{_label(k)} {v}" for k, v in weights.items()), ""]

    for key, value in data.items():  # anything newer than this layout
        out.append(f"{_label(key).capitalize()}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(out).rstrip()


# ---------------------------------------------------------------------------------------------
# The parser


def _global_options() -> argparse.ArgumentParser:
    # SUPPRESS as default: the options may come before or after the sub-command, and a
    # sub-parser's default never overwrites a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="SQLite file path or postgresql://... URL (default: $RSOMAN_DB, else rsoman.db "
        "in your data folder)",
    )
    common.add_argument(
        "--user",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=f"sign in as this user (default: ${USER_ENV}); the password comes from "
        f"${PASSWORD_ENV} or is asked at a terminal",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog=PROG,
        parents=[common],
        description="Case management for Jigsaw teams. With no command, opens the desktop app.",
        epilog="Environment: RSOMAN_DB, RSOMAN_USER, RSOMAN_PASSWORD, RSOMAN_NEW_PASSWORD. "
        "Exit status: 0 done, 1 error, 2 usage error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--smoke-test",
        type=int,
        metavar="MS",
        help="check an installation: sign in from the environment, open the main window, wait "
        "for the first warning scan (at most MS ms) and quit; exit 0 if both worked",
    )
    parser.set_defaults(handler=_cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = commands.add_parser(
        "init",
        parents=[common],
        help="create or upgrade the database and its first administrator",
        description="Create (or upgrade) the database and its first administrator account. "
        "Refused if the database already has accounts. Its password comes from "
        f"${PASSWORD_ENV}, else is asked twice at a terminal, else read as a line of standard "
        "input: never from the command line.",
    )
    p.add_argument("--admin-user", default="admin", metavar="NAME", help="default: admin")
    p.set_defaults(handler=_cmd_init)

    p = commands.add_parser(
        "demo",
        parents=[common],
        help="build a synthetic (fictional) demo caseload into an empty database",
        description="Build a fictional demo caseload into a database with no offenders. With "
        "no accounts in the database it runs as the system; otherwise sign in as an "
        "administrator. The demo accounts' password (--accounts) comes from "
        f"${PASSWORD_ENV}, else is asked twice at a terminal, else read as a line of standard "
        "input: never from the command line.",
    )
    p.add_argument("--offenders", type=int, required=True, metavar="N", help="how many")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="same seed, same data")
    p.add_argument("--as-of", metavar="DATE", help="build history up to this date (YYYY-MM-DD)")
    p.add_argument(
        "--accounts",
        action="store_true",
        help="also create the demo accounts admin, officer, supervisor, mappa, manager "
        f"(one shared password: ${PASSWORD_ENV}, else asked)",
    )
    p.set_defaults(handler=_cmd_demo)

    p = commands.add_parser(
        "import",
        parents=[common],
        help="import a rsoman-data JSON document or an offenders CSV (administrators)",
        description="Import a file all or nothing: if anything is wrong, every problem is "
        "listed and nothing is imported.",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_import)

    p = commands.add_parser(
        "export-data",
        parents=[common],
        help="export records as a rsoman-data JSON document (administrators)",
        description="Export as JSON (UTF-8). An export is a disclosure: it needs a reason, "
        "which is kept in the audit log.",
    )
    p.add_argument("--out", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    p.add_argument(
        "--offender",
        metavar="REF",
        nargs="+",
        action="extend",
        help="only these offenders (default: everything)",
    )
    p.set_defaults(handler=_cmd_export)

    _add_export_commands(commands, common)
    _add_backup_commands(commands, common)

    p = commands.add_parser(
        "stats",
        parents=[common],
        help="caseload per officer and borough, and the risk mix",
        description="Caseload figures for the areas you may see.",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(handler=_cmd_stats)

    p = commands.add_parser(
        "scan",
        parents=[common],
        help="run the warning rules and print the live warnings",
        description="Run the warning rules over the records you may see, keep the warnings "
        "(new ones raised, ones the data has caught up with resolved), and print the live ones. "
        "Exit status 0 whatever is found.",
    )
    p.add_argument("--as-of", metavar="DATE", help="scan as on this date (default: today)")
    p.add_argument("--borough", metavar="CODE", help="only this borough (e.g. camden)")
    p.add_argument("--officer", metavar="WARRANT", help="only this officer's caseload")
    p.add_argument("--json", action="store_true", help="print the warnings as a JSON list")
    p.add_argument(
        "--full",
        action="store_true",
        help="evaluate every offender in scope, not only those changed since their last scan today",
    )
    p.set_defaults(handler=_cmd_scan)

    p = commands.add_parser(
        "user",
        parents=[common],
        help="manage user accounts (administrators)",
        description="Manage user accounts.",
    )
    user_commands = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = user_commands.add_parser(
        "add",
        parents=[common],
        help="add an account",
        description="Add an account. Every account but an administrator's belongs to an officer. "
        f"The new password comes from ${NEW_PASSWORD_ENV}, else is asked twice at a terminal, "
        "else read as a line of standard input: never from the command line.",
    )
    q.add_argument("--username", required=True, metavar="NAME")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    q.add_argument("--officer", metavar="WARRANT", help="the officer's warrant number")
    q.set_defaults(handler=_cmd_user_add)
    q = user_commands.add_parser(
        "passwd",
        parents=[common],
        help="change your own password",
        description=f"Change your own password (--user, or ${USER_ENV}). The current password "
        f"comes from ${PASSWORD_ENV}, the new one from ${NEW_PASSWORD_ENV}; otherwise both are "
        "asked at a terminal (the new one twice), or read as lines of standard input.",
    )
    q.set_defaults(handler=_cmd_user_passwd)
    q = user_commands.add_parser(
        "reset",
        parents=[common],
        help="set a new password for an account (administrators)",
        description="Set a new password for an account and lift any lock. The user must choose "
        f"their own at their next sign-in. The new password comes from ${NEW_PASSWORD_ENV}, "
        "else is asked twice at a terminal, else read from standard input.",
    )
    q.add_argument("username", metavar="USERNAME")
    q.add_argument(
        "--keep",
        action="store_true",
        help="do not make the user change it at next sign-in",
    )
    q.set_defaults(handler=_cmd_user_reset)
    for name, handler, summary in (
        ("disable", _cmd_user_disable, "stop an account signing in (it is kept, never deleted)"),
        ("enable", _cmd_user_enable, "let a disabled account sign in again"),
        (
            "grant-restricted",
            _cmd_user_grant,
            "let a user see the restricted records in their scope",
        ),
        ("revoke-restricted", _cmd_user_revoke, "withdraw a user's access to restricted records"),
    ):
        q = user_commands.add_parser(
            name,
            parents=[common],
            help=f"{summary} (administrators)",
            description=f"{summary[0].upper()}{summary[1:]}. Logged with the reason.",
        )
        q.add_argument("username", metavar="USERNAME")
        q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if left out)")
        q.set_defaults(handler=handler)
    q = user_commands.add_parser(
        "list",
        parents=[common],
        help="list accounts (administrators)",
        description="List accounts: role, officer, status, lock, restricted-records grant.",
    )
    q.add_argument("--active", action="store_true", help="leave out disabled accounts")
    q.add_argument("--json", action="store_true", help="print a JSON list")
    q.set_defaults(handler=_cmd_user_list)

    p = commands.add_parser(
        "audit",
        parents=[common],
        help="read and verify the audit log (supervisors, administrators)",
        description="Read and verify the audit log. Reading it is itself logged.",
    )
    audit_commands = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = audit_commands.add_parser(
        "list", parents=[common], help="newest entries first", description="List audit entries."
    )
    q.add_argument("--offender", metavar="REF", help="only entries about this offender")
    q.add_argument("--by", dest="user_filter", metavar="USERNAME", help="only this user's acts")
    q.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (default 50)")
    q.add_argument("--json", action="store_true", help="print the entries as JSON")
    q.set_defaults(handler=_cmd_audit_list)
    q = audit_commands.add_parser(
        "verify",
        parents=[common],
        help="check the hash chain; exit 1 if any entry was altered, removed or inserted",
        description="Check that no audit entry was altered, removed or inserted, and print the "
        "log's head as an anchor (ID:HASH) to keep elsewhere. Given earlier anchors (or a "
        "backup, whose last entry is one), also check that the log still holds each of them "
        "unchanged: that shows newest entries cut off, or a chain recomputed, up to the anchor.",
    )
    q.add_argument(
        "--anchor",
        action="append",
        metavar="ID:HASH",
        help="an anchor printed by an earlier verify or backup (repeatable)",
    )
    q.add_argument(
        "--against-backup",
        metavar="FILE",
        help=f"take the last entry of this backup as an anchor (passphrase: "
        f"${BACKUP_PASSPHRASE_ENV}, else the database's own, else asked)",
    )
    q.set_defaults(handler=_cmd_audit_verify)
    _add_audit_report_command(audit_commands, common)
    _add_retention_commands(commands, common)
    _add_settings_commands(commands, common)
    _add_ward_commands(commands, common)

    p = commands.add_parser(
        "policy",
        parents=[common],
        help="show the force policy in force, list its versions, load a new one",
        description="The force policy: the numbers the warning rules use (docs/policy.md).",
    )
    policy_commands = p.add_subparsers(title="commands", metavar="COMMAND", required=True)
    q = policy_commands.add_parser(
        "show",
        parents=[common],
        help="the settings in force",
        description="Print the current policy version and every setting.",
    )
    q.add_argument("--json", action="store_true", help="print the version and settings as JSON")
    q.set_defaults(handler=_cmd_policy_show)
    q = policy_commands.add_parser(
        "list",
        parents=[common],
        help="every version, oldest first, with what it changed",
        description="List every policy version: when, by whom, from which file, why, and "
        "what it changed.",
    )
    q.set_defaults(handler=_cmd_policy_list)
    q = policy_commands.add_parser(
        "load",
        parents=[common],
        help="load a TOML policy file as the next version (administrators)",
        description="Load a policy file (TOML, docs/policy.md) as the next version. Settings "
        "it leaves out keep their current values. If anything is wrong, every problem is "
        "listed and nothing is loaded.",
    )
    q.add_argument("file", metavar="FILE")
    q.add_argument("--reason", metavar="TEXT", help="why (asked at a terminal if not given)")
    q.set_defaults(handler=_cmd_policy_load)

    p = commands.add_parser(
        "worker",
        parents=[common],
        help="run the warning scan on its schedule, headless (for a shared database)",
        description="Run the warning scan at start, every hour and daily at 07:00 "
        "(Europe/London) until stopped with Ctrl-C or SIGTERM, which let a running scan "
        "finish. It acts as the system: nobody signs in. On PostgreSQL only one worker scans "
        "at a time. One line per scan on standard error.",
    )
    p.set_defaults(handler=_cmd_worker)
    return parser


# ---------------------------------------------------------------------------------------------
# The entry point


def _one_line(message: object) -> str:
    text = _SQLALCHEMY_LINK.sub("", str(message))
    return " ".join(text.split()) or "unknown error"


def _database_message(exc: SQLAlchemyError) -> str:
    # The driver's own first line says what went wrong; SQLAlchemy appends SQL and a link.
    orig = getattr(exc, "orig", None)
    first = str(orig if orig is not None else exc).strip().splitlines()
    return f"database error: {first[0] if first else type(exc).__name__}"


def _report(message: str) -> int:
    print(f"{PROG}: error: {_one_line(message)}", file=sys.stderr)
    return EXIT_ERROR


def _silence_stdout() -> None:
    # After a broken pipe (`rsoman export-data | head`), Python would complain again at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE if exc.code else EXIT_OK
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except Exception as exc:  # the promise: one line, never a traceback
        return _report(_explain(exc))


def _explain(exc: Exception) -> str:
    # Imported only on this path so that `rsoman --version` does not load the database layer.
    from sqlalchemy.exc import SQLAlchemyError

    from .core.store.engine import DatabaseError

    if isinstance(exc, ValidationFailed):
        return "; ".join(str(p) for p in exc.problems) or str(exc)
    if isinstance(exc, ServiceError | DatabaseError | CliError):
        return str(exc)
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: no such file or folder"
    if isinstance(exc, PermissionError):
        return f"{exc.filename}: permission denied"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, SQLAlchemyError):
        return _database_message(exc)
    return f"unexpected {type(exc).__name__}: {exc}"
