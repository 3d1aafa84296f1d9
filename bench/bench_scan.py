"""Time the warning scan: `python bench/bench_scan.py [--sizes 7000 70000] [--db sqlite|URL]
[--cache DIR]`.

For each size, a fresh database gets the demo caseload (not timed; with `--cache`, generated
once and copied for each run: a SQLite file kept in DIR, a template database kept on the
PostgreSQL server), then:
- a full scan (load the facts, run the rules, reconcile the stored warnings), split into its
  parts, and a second scan of the same data (which changes nothing); with the CPU seconds of
  this process, which on a machine shared with other work say more than wall seconds (on
  SQLite they are all the work; on PostgreSQL the server's share is not counted);
- "last successful home visit per offender" two ways: through the scan's own loading path
  (`load_visit_facts`: the visits from each offender's last successful home visit on the day,
  found by the database, dated in London, as facts), and written by hand as one SQL GROUP BY;
  the ratio says how far the loader is from that floor.

The aim on the 2-core build machine: a national-size scan (70,000 offenders) under 5 s, and the
loader within 2x of the hand-written query.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from bench_demo import AS_OF, fresh_database
from sqlmodel import Session

from rsoman.core.demo import generate_demo
from rsoman.core.rules.policy import CURRENT_POLICY
from rsoman.core.rules.visit_schedule import is_successful_home_visit
from rsoman.core.rules.warnings import meeting_findings, offender_findings, officer_findings
from rsoman.core.services import scan
from rsoman.core.services.actor import SYSTEM
from rsoman.core.services.facts_loader import Scope, load_facts, load_visit_facts
from rsoman.core.store.engine import normalise_url, open_database

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def last_visit_by_loader(session: Session) -> dict[int, date]:
    """The loader's way: the visit facts of the whole scope as the scan loads them (London
    dates), and the last successful home visit on the day picked from them."""
    last: dict[int, date] = {}
    for oid, visits in load_visit_facts(session, Scope(), AS_OF).items():
        seen = [
            v.on for v in visits if v.on <= AS_OF and is_successful_home_visit(v.kind, v.outcome)
        ]
        if seen:
            last[oid] = max(seen)
    return last


def last_visit_by_hand(session: Session) -> dict[int, Any]:
    """The floor: one GROUP BY, the database does all the work (UTC moments, no London date)."""
    rows = session.execute(
        sa.text(
            "SELECT offender_id, max(occurred_at) FROM visit "
            "WHERE kind = 'home_visit' AND outcome = 'successful' GROUP BY offender_id"
        )
    ).all()
    return dict(rows)  # type: ignore[arg-type]


def rules_only(facts: Any) -> int:
    found = 0
    for o in facts.offenders:
        found += len(offender_findings(o, AS_OF, CURRENT_POLICY))
    for officer in facts.officers:
        found += len(officer_findings(officer, AS_OF, CURRENT_POLICY))
    for m in facts.meetings:
        found += len(meeting_findings(m, AS_OF, CURRENT_POLICY))
    return found


def _generate(engine: sa.Engine, size: int, seed: int) -> None:
    with Session(engine) as session:
        generate_demo(session, SYSTEM, offenders=size, seed=seed, as_of=AS_OF)
        session.commit()


@contextmanager
def demo_database(target: str, size: int, seed: int, cache: Path | None) -> Iterator[sa.Engine]:
    """A database holding the demo caseload, for this run only (the cached original is never
    scanned: a scan writes warnings)."""
    if cache is None:
        with fresh_database(target) as engine:
            _generate(engine, size, seed)
            yield engine
        return
    if target == "sqlite":
        original = cache / f"demo-{size}-seed{seed}.db"
        if not original.exists():
            cache.mkdir(parents=True, exist_ok=True)
            partial = original.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            engine = open_database(str(partial))
            _generate(engine, size, seed)
            engine.dispose()  # the last connection folds the WAL into the file
            partial.rename(original)
        with tempfile.TemporaryDirectory(prefix="rsoman-bench-") as folder:
            copy = Path(folder) / "demo.db"
            shutil.copyfile(original, copy)
            engine = open_database(str(copy))  # migrated, should the original be older
            try:
                yield engine
            finally:
                engine.dispose()
        return
    url = normalise_url(target)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    template = f"rsoman_bench_demo_{size}_{seed}"
    name = "rsoman_bench_" + uuid.uuid4().hex[:8]
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": template}
        ).first()
        if exists is None:
            # Generated under another name, renamed once complete: an interrupted run leaves
            # no half-filled template behind.
            partial = template + "_partial"
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{partial}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{partial}"'))
            engine = open_database(url.set(database=partial))
            _generate(engine, size, seed)
            engine.dispose()
            conn.execute(sa.text(f'ALTER DATABASE "{partial}" RENAME TO "{template}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine = open_database(url.set(database=name))
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("ANALYZE"))
            conn.commit()
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(target: str, size: int, seed: int, cache: Path | None = None) -> None:
    with demo_database(target, size, seed, cache) as engine:
        label = "sqlite" if target == "sqlite" else engine.url.get_backend_name()

        # The parts as the scan runs them (the garbage collector paused).
        with Session(engine) as session, scan._collector_paused():
            facts, load_s = timed(lambda: load_facts(session, Scope(), AS_OF))
            found, rules_s = timed(lambda: rules_only(facts))
            facts = None  # let the scan below build its own
        with Session(engine) as session:
            cpu = time.process_time()
            first, first_s = timed(lambda: scan.run_scan(session, SYSTEM, as_of=AS_OF))
            _, commit_s = timed(session.commit)
            cpu = time.process_time() - cpu
        with Session(engine) as session:
            second, second_s = timed(lambda: scan.run_scan(session, SYSTEM, as_of=AS_OF))
            session.commit()
        with Session(engine) as session, scan._collector_paused():
            ours, ours_s = timed(lambda: last_visit_by_loader(session))
            hand, hand_s = timed(lambda: last_visit_by_hand(session))
        assert len(ours) == len(hand), (len(ours), len(hand))
        assert second.raised == 0 and second.resolved == 0

        print(
            f"{label:10s} offenders {size:>7,}  warnings {found:>7,}  "
            f"scan {first_s + commit_s:6.2f} s (load {load_s:5.2f}, rules {rules_s:5.2f}, "
            f"commit {commit_s:5.2f}; our process's cpu {cpu:5.2f} s)  rescan {second_s:6.2f} s  "
            f"[{first.raised:,} raised, {first.still_open:,} open]",
            flush=True,
        )
        print(
            f"{'':10s} last successful home visit per offender: loader {ours_s:6.3f} s, "
            f"hand-written SQL {hand_s:6.3f} s, ratio {ours_s / max(hand_s, 1e-9):4.1f}x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7000, 70000])
    parser.add_argument(
        "--db",
        action="append",
        help="'sqlite' (the default) or a PostgreSQL URL; give it more than once for both",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cache",
        type=Path,
        help="generate each demo database once: SQLite files kept in this folder, PostgreSQL "
        "template databases kept on the server",
    )
    args = parser.parse_args()
    for target in args.db or ["sqlite"]:
        for size in args.sizes:
            run(target, size, args.seed, args.cache)


if __name__ == "__main__":
    main()
