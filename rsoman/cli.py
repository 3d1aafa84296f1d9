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


def _new_password(given: str | None, env_name: str, flag: str, whose: str) -> str:
    """A password for a new account: the flag, else the environment, else asked twice."""
    from .core.services.users import password_problems

    password = given if given is not None else _env(env_name)
    if password is None:
        if not _stdin_is_terminal():
            raise CliError(
                f"no password for {whose}: use {flag}, set {env_name}, "
                "or run at a terminal to be asked"
            )
        password = _ask_secret(f"New password for {whose}: ")
        if _ask_secret("Type it again: ") != password:
            raise CliError("the two passwords differ; nothing was changed")
    problems = password_problems(password)
    if problems:
        raise CliError("; ".join(str(p) for p in problems))
    return password


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


@contextmanager
def _database(args: argparse.Namespace, *, create: bool = False) -> Iterator[Engine]:
    """Open (and migrate) the chosen database; dispose of its connections afterwards.

    Without `create`, a SQLite file that does not exist is an error rather than a new empty
    database: a mistyped path should not look like an empty caseload."""
    from .core.store.engine import open_database

    url = _database_url(args)
    path = sqlite_file(url)
    if not create and path is not None and not path.exists():
        raise CliError(f"no database at {path}; create one with 'rsoman init' or 'rsoman demo'")
    engine = open_database(url)
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
    return run(url)


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
        password = _new_password(
            args.admin_password, PASSWORD_ENV, "--admin-password", args.admin_user
        )
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
        if has_users and args.admin_password is not None:
            raise CliError(
                "--admin-password creates the demo accounts, but this database already has "
                "accounts; leave it out"
            )
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
                    password=args.admin_password,
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
    from .core.services.permissions import Action, require
    from .core.services.users import create_user
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        if args.password is None and _env(NEW_PASSWORD_ENV) is None:
            # Ask the service's own check (which logs a refusal) before prompting twice for a
            # password that could not be used.
            with session_scope(engine) as session:
                require(session, actor, Action.manage_users)
        password = _new_password(args.password, NEW_PASSWORD_ENV, "--password", args.username)
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
    from .core.services.audit import check_chain
    from .core.store.engine import session_scope

    with _database(args) as engine:
        actor = _sign_in(engine, args)
        with session_scope(engine) as session:
            breaks = check_chain(session, actor)
    if not breaks:
        print("audit log intact: every entry follows the one before it")
        return EXIT_OK
    for b in breaks:
        print(f"entry {b.entry_id}: {b.reason}")
    return _report(f"the audit log has been tampered with ({_plural(len(breaks), 'break')})")


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
        who = {"issued_to": issued_to, "reason": reason}
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
    parser.set_defaults(handler=_cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = commands.add_parser(
        "init",
        parents=[common],
        help="create or upgrade the database and its first administrator",
        description="Create (or upgrade) the database and its first administrator account. "
        "Refused if the database already has accounts.",
    )
    p.add_argument("--admin-user", default="admin", metavar="NAME", help="default: admin")
    p.add_argument(
        "--admin-password",
        metavar="PASSWORD",
        help=f"default: ${PASSWORD_ENV}, else asked twice at a terminal",
    )
    p.set_defaults(handler=_cmd_init)

    p = commands.add_parser(
        "demo",
        parents=[common],
        help="build a synthetic (fictional) demo caseload into an empty database",
        description="Build a fictional demo caseload into a database with no offenders. With "
        "no accounts in the database it runs as the system; otherwise sign in as an "
        "administrator.",
    )
    p.add_argument("--offenders", type=int, required=True, metavar="N", help="how many")
    p.add_argument("--seed", type=int, required=True, metavar="S", help="same seed, same data")
    p.add_argument("--as-of", metavar="DATE", help="build history up to this date (YYYY-MM-DD)")
    p.add_argument(
        "--admin-password",
        metavar="PASSWORD",
        help="also create the demo accounts (admin, officer, supervisor, ...) with this password",
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
        description="Add an account. Every account but an administrator's belongs to an officer.",
    )
    q.add_argument("--username", required=True, metavar="NAME")
    q.add_argument("--role", required=True, choices=[r.value for r in Role])
    q.add_argument("--officer", metavar="WARRANT", help="the officer's warrant number")
    q.add_argument(
        "--password",
        metavar="PASSWORD",
        help=f"default: ${NEW_PASSWORD_ENV}, else asked twice at a terminal",
    )
    q.set_defaults(handler=_cmd_user_add)

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
        description="Check that no audit entry was altered, removed or inserted.",
    )
    q.set_defaults(handler=_cmd_audit_verify)

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
