"""`generate_demo`: a whole, obviously fictional caseload for trying the app, training and load
tests, deterministic for a given seed and date.

Speed matters (70,000 offenders, millions of rows): rows are plain dicts with ids allocated here
and inserted in large batches per table, a chunk of offenders at a time, instead of ORM objects.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from ..services import audit
from ..services.actor import Actor
from ..services.errors import Problem, ServiceError, ValidationFailed
from ..services.permissions import Action, require
from ..services.users import hash_password, password_problems
from ..store.enums import AuditAction, Role
from ..store.models import AuditEntry, Borough, Offender, Officer, UserAccount, Ward
from .caseload import CaseloadBuilder
from .clock import london_today, stamp
from .mappa import MappaBuilder
from .photos import placeholder_photos
from .shape import OffenderPlan, plan_offenders
from .staff import BoroughRef, Staff, build_staff
from .writer import BatchWriter, IdAllocator, advance_sequences

MAX_OFFENDERS = 70_000
CHUNK = 500  # offenders per batch: big enough for fast inserts, small enough for memory
DEMO_USERNAMES = ("admin", "officer", "supervisor", "mappa", "manager")


@dataclass(frozen=True)
class DemoSummary:
    offenders: int
    officers: int
    users: list[str]  # usernames created (empty when no password given)
    seconds: float


def generate_demo(
    session: Session,
    actor: Actor,
    *,
    offenders: int,
    seed: int,
    as_of: date | None = None,
    password: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with a demo caseload (and, given a password, demo accounts).

    Flushes but does not commit: the caller commits."""
    started = time.perf_counter()
    require(session, actor, Action.generate_demo)
    problems: list[Problem] = []
    if not 1 <= offenders <= MAX_OFFENDERS:
        problems.append(Problem("", "offenders", f"must be between 1 and {MAX_OFFENDERS:,}"))
    if password is not None:
        problems += password_problems(password)
        taken = session.execute(
            select(UserAccount.username).where(UserAccount.username.in_(DEMO_USERNAMES))
        ).scalars()
        problems += [
            Problem("", "username", f"{name!r} is already taken: demo accounts need it")
            for name in sorted(taken)
        ]
    if problems:
        raise ValidationFailed(problems, "; ".join(str(p) for p in problems))
    existing = session.execute(select(func.count()).select_from(Offender)).scalar_one()
    if existing:
        raise ServiceError(
            f"demo data only goes into an empty database; this one already holds "
            f"{existing:,} offender{'s' if existing != 1 else ''}"
        )
    as_of = as_of or london_today()
    rng = random.Random(seed)

    boroughs = [
        BoroughRef(b.id, b.code, b.name, b.is_central)
        for b in session.execute(select(Borough).order_by(Borough.id)).scalars()
    ]
    local = [b for b in boroughs if not b.is_central]
    if not local:
        raise ServiceError("the database has no boroughs: it was not set up by the migrations")
    wards: dict[int, list[int]] = {}
    for ward_id, borough_id in session.execute(select(Ward.id, Ward.borough_id).order_by(Ward.id)):
        wards.setdefault(borough_id, []).append(ward_id)

    plans = plan_offenders(rng, offenders, [b.code for b in local])
    ids = IdAllocator(session)
    writer = BatchWriter(session)
    taken_warrants = set(session.execute(select(Officer.warrant_number)).scalars())
    staff = build_staff(rng, ids, boroughs, plans, taken_warrants)
    writer.rows["officer"].extend(staff.rows)
    users: list[str] = []
    if password is not None:
        users = _demo_accounts(ids, writer, staff, plans, password, as_of)
    writer.flush()

    mappa = MappaBuilder(rng, as_of, ids, writer, staff)
    builder = CaseloadBuilder(
        rng,
        as_of,
        ids,
        writer,
        wards,
        [b.id for b in local],
        placeholder_photos(),
        mappa,
    )
    total = len(plans)
    if progress is not None:
        progress(0, total)
    for index, plan in enumerate(plans, start=1):
        builder.build(plan, staff.teams[plan.borough_code], staff.officer_of[index - 1])
        if index % CHUNK == 0 or index == total:
            writer.flush()
            if progress is not None:
                progress(index, total)
    advance_sequences(session)
    # Fresh planner statistics after a bulk load: without them SQLite picked the warnings'
    # (state, borough) index for per-offender counts, 300 times slower (bench/bench_gui.py).
    session.connection().exec_driver_sql("ANALYZE")
    seconds = time.perf_counter() - started
    audit.record(
        session,
        actor,
        AuditAction.collection,
        "demo",
        f"generated a fictional demo caseload: {total:,} offenders, {len(staff.rows):,} "
        f"officers, {len(users)} demo accounts, {writer.written:,} rows; seed {seed}, "
        f"as of {as_of.isoformat()}",
        object_key=f"seed-{seed}",
    )
    session.flush()
    return DemoSummary(
        offenders=total, officers=len(staff.rows), users=users, seconds=round(seconds, 3)
    )


def _demo_accounts(
    ids: IdAllocator,
    writer: BatchWriter,
    staff: Staff,
    plans: list[OffenderPlan],
    password: str,
    as_of: date,
) -> list[str]:
    """`admin` and, in the borough with the most offenders (ties: by name), an offender
    manager, a supervisor, a MAPPA co-ordinator and a read-only manager."""
    counts = Counter(plan.borough_code for plan in plans)
    code = min(
        staff.teams,
        key=lambda c: (-counts.get(c, 0), staff.teams[c].borough.name),
    )
    team = staff.teams[code]
    carried = Counter(staff.officer_of[i] for i, p in enumerate(plans) if p.borough_code == code)
    officer = max(team.managers, key=lambda m: (carried.get(m, 0), -m))
    accounts = (
        ("admin", Role.administrator, None),
        ("officer", Role.offender_manager, officer),
        ("supervisor", Role.supervisor, team.supervisor_for(officer)),
        ("mappa", Role.mappa_coordinator, team.mappa_coordinator),
        ("manager", Role.read_only_manager, team.di),
    )
    # The five share one password, so one Argon2id hash (with its random salt) serves them all:
    # each hash takes a good part of a second by design.
    hashed = hash_password(password)
    for username, role, officer_id in accounts:
        writer.rows["user_account"].append(
            {
                "id": ids.new("user_account"),
                "username": username,
                "officer_id": officer_id,
                "role": role.value,
                "password_hash": hashed,
                "active": True,
                "failed_logins": 0,
                "lockouts": 0,
                "locked_until": None,
                "last_login_at": None,
                "must_change_password": False,
                "password_changed_at": stamp(as_of, 8),
                "created_at": stamp(as_of, 8),
            }
        )
    return [a[0] for a in accounts]


def demo_accounts(session: Session) -> list[str]:
    """The demo accounts present, if the demo generator filled this database (it leaves one
    audit entry of object type "demo"); empty otherwise. For the sign-in hint."""
    made_by_demo = session.execute(
        select(AuditEntry.id).where(AuditEntry.object_type == "demo").limit(1)
    ).first()
    if made_by_demo is None:
        return []
    present = set(
        session.execute(
            select(UserAccount.username).where(UserAccount.username.in_(DEMO_USERNAMES))
        ).scalars()
    )
    return [name for name in DEMO_USERNAMES if name in present]
