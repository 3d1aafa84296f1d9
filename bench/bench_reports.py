"""Time the borough briefing pack: `python bench/bench_reports.py [--sizes 60 500] [--db ...]`.

For each size, a fresh database gets a demo caseload of that many offenders, all moved into one
borough (not timed), then:
- gathering the briefing's data (the service's queries), rendering it, and the whole issue
  (gather + render + the issued_pack row and the disclosure entries), each timed;
- the floor: ReportLab alone laying out the same text and photographs, page for page, with a
  plain template (SimpleDocTemplate, same font, no markings, no page X of Y, no watermark, no
  tables); the ratio says what the pack's own furniture and layout cost.

The aim on the 2-core build machine: a 60-offender briefing under 2 s, and rendering within
1.5x of the plain floor.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from bench_demo import AS_OF, fresh_database, sizes_and_databases
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate
from sqlmodel import Session, select

from rsoman.core.demo import generate_demo
from rsoman.core.reports.base import PackMeta, esc, styles
from rsoman.core.reports.briefing import render_briefing
from rsoman.core.reports.issue import issue_briefing
from rsoman.core.services.actor import SYSTEM, actor_for_user
from rsoman.core.services.packs.briefing import BriefingData, gather_briefing
from rsoman.core.store.enums import OffenderStatus, Role
from rsoman.core.store.models import Borough, Offender, Officer, UserAccount
from rsoman.core.store.models._types import utcnow

BOROUGH = "camden"
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def plain_floor(data: BriefingData) -> tuple[int, int]:
    """The same words and photographs, one page per offender, with nothing but ReportLab's
    plain template. Returns (pages, bytes)."""
    body = styles()["body"]
    story: list[Any] = []
    for e in data.entries:
        if e.photo is not None:
            story.append(Image(io.BytesIO(e.photo), 36 * 2.83, 45 * 2.83))
        words = [
            e.name,
            e.ref,
            "; ".join(e.aliases),
            str(e.date_of_birth),
            e.description or "",
            e.marks or "",
            e.home_address or "",
            "; ".join(e.other_addresses),
            "; ".join(e.vehicles),
            e.risk_level or "",
            e.offence_summary or "",
            e.victim_profile or "",
            *(p for o in e.orders for p in (*o.prohibitions, *o.requirements)),
            *e.look_out_for,
            e.if_seen,
            e.offender_manager.name if e.offender_manager else "",
        ]
        story += [Paragraph(esc(w), body) for w in words if w]
        story.append(PageBreak())
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build(story)
    return doc.page, len(buffer.getvalue())


def run(target: str, size: int, seed: int) -> None:
    with fresh_database(target) as engine:
        with Session(engine) as session:
            generate_demo(session, SYSTEM, offenders=size, seed=seed, as_of=AS_OF)
            session.commit()
            borough = session.exec(select(Borough).where(Borough.code == BOROUGH)).one()
            # Everyone active in one borough: a briefing of exactly `size` offenders.
            session.execute(
                sa.update(Offender).values(borough_id=borough.id, status=OffenderStatus.active)
            )
            officer = session.exec(select(Officer).where(Officer.borough_id == borough.id)).first()
            assert officer is not None
            account = UserAccount(username="bench", role=Role.supervisor, officer_id=officer.id)
            session.add(account)
            session.commit()
            actor = actor_for_user(session, account)
        with Session(engine) as session:
            data, gather_s = timed(
                lambda: gather_briefing(session, actor, borough_code=BOROUGH, as_of=AS_OF)
            )
            meta = PackMeta("BRF-BENCH-000000", "Borough briefing", data.scope, utcnow(),
                            "Bench (DS)", "Bench recipient", "benchmark")  # fmt: skip
            render_briefing(data, meta)  # warm: fonts registered, styles built
            rendered, render_s = timed(lambda: render_briefing(data, meta))
            (floor_pages, floor_bytes), floor_s = timed(lambda: plain_floor(data))
            pack, issue_s = timed(
                lambda: issue_briefing(
                    session,
                    actor,
                    borough_code=BOROUGH,
                    issued_to="Bench recipient",
                    reason="benchmark",
                    as_of=AS_OF,
                )
            )
            session.rollback()
        where = "sqlite" if target == "sqlite" else "postgresql"
        offenders = len(data.entries)
        print(
            f"{where}: {offenders} offenders in one borough (demo of {size}), "
            f"{rendered.page_count} pages, {len(rendered.pdf) / 1e6:.2f} MB, "
            f"at {datetime.now():%H:%M}"
        )
        per_page = render_s / rendered.page_count * 1000
        print(f"  gather data        {gather_s:7.2f} s")
        print(f"  render pack        {render_s:7.2f} s  ({per_page:.1f} ms a page)")
        floor = f"{floor_pages} pages, {floor_bytes / 1e6:.2f} MB"
        print(f"  plain ReportLab    {floor_s:7.2f} s  ({floor})")
        print(f"  render / plain     {render_s / floor_s:7.2f} x  (aim: within 1.5x)")
        aim = "; aim for 60: < 2 s"
        print(f"  whole issue        {issue_s:7.2f} s  ({pack.page_count} pages{aim})")


def main() -> None:
    if "--sizes" not in sys.argv:
        sys.argv[1:1] = ["--sizes", "60", "500"]
    sizes_and_databases(run, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
