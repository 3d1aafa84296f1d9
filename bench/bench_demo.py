"""Time the demo generator: `python bench/bench_demo.py [--sizes 7000 70000] [--db sqlite|URL]`.

Each size goes into a fresh, migrated database: a temp SQLite file, and (for each PostgreSQL URL
given) a new database created on that server and dropped afterwards. Prints offenders, rows
written, and seconds (generation, and with the commit; CPU seconds too, since a busy machine
stretches wall time).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text
from sqlmodel import Session

from rsoman.core.demo import generate_demo
from rsoman.core.demo.writer import TABLES
from rsoman.core.services.actor import SYSTEM
from rsoman.core.store.engine import normalise_url, open_database

AS_OF = date(2026, 11, 27)


@contextmanager
def fresh_database(target: str) -> Iterator[Engine]:
    if target == "sqlite":
        with tempfile.TemporaryDirectory(prefix="rsoman-bench-") as folder:
            engine = open_database(str(Path(folder) / "demo.db"))
            try:
                yield engine
            finally:
                engine.dispose()
        return
    url = normalise_url(target)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    name = "rsoman_bench_" + uuid.uuid4().hex[:8]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = open_database(url.set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rows_in(engine: Engine) -> int:
    with Session(engine) as session:
        return sum(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in TABLES
        )


def run(target: str, size: int, seed: int) -> None:
    with fresh_database(target) as engine:
        before = rows_in(engine)
        cpu = time.process_time()
        wall = time.perf_counter()
        with Session(engine) as session:
            summary = generate_demo(session, SYSTEM, offenders=size, seed=seed, as_of=AS_OF)
            session.commit()
        total = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        written = rows_in(engine) - before
        label = "sqlite" if target == "sqlite" else engine.url.get_backend_name()
        print(
            f"{label:10s} offenders {summary.offenders:>7,}  rows {written:>10,}  "
            f"generate {summary.seconds:7.1f} s  with commit {total:7.1f} s  cpu {cpu:7.1f} s",
            flush=True,
        )


def sizes_and_databases(run: Callable[[str, int, int], None], description: str) -> None:
    """The command line every bench script shares: sizes, databases and seed, then `run` for
    each database and size."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", type=int, nargs="+", default=[7000, 70000])
    parser.add_argument(
        "--db",
        action="append",
        help="'sqlite' (the default) or a PostgreSQL URL; give it more than once for both",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for target in args.db or ["sqlite"]:
        for size in args.sizes:
            run(target, size, args.seed)


def main() -> None:
    sizes_and_databases(run, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
