"""Time the borough briefing pack: `python bench/bench_reports.py [--sizes 60 500] [--db ...]`.

For each size, a fresh database gets a demo caseload of that many offenders, all moved into one
borough (not timed), then:
- gathering the briefing's data (the service's queries), rendering it, and the whole issue
  (gather + render + the issued_pack row and the disclosure entries), each timed;
- the floor: ReportLab alone laying out the same text and photographs with its plain template.
  Its material is taken from the pack's own flowables (cover and body, see `plain_items`):
  every paragraph and line as a Paragraph in the same style, every table row as one Paragraph
  of its cells' text, every photograph as a ReportLab Image of the same bytes and size, the
  same page breaks and spaces; laid out by SimpleDocTemplate on the pack's page size and
  margins, with the same DejaVu files loaded by ReportLab's own TTFont. It has no header,
  footer, markings, page totals, watermark or tables: the ratio says what the pack's furniture,
  tables and layout cost over any PDF of the same words and pictures.

Render and floor take turns, best of three; wall and CPU seconds are printed (on a shared
machine the CPU figures are the steadier).
The aim on the 2-core build machine: a 60-offender briefing under 2 s, and rendering within
1.5x of the plain floor.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from bench_demo import AS_OF, fresh_database, sizes_and_databases
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
from sqlmodel import Session, select

from rsoman.core.demo import generate_demo
from rsoman.core.reports.base import (
    FONT,
    FONT_BOLD,
    FONT_FILES,
    FONT_ITALIC,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PackMeta,
    Photo,
    TextLine,
    esc,
    fonts_dir,
    story,
    styles,
)
from rsoman.core.reports.briefing import briefing_body, render_briefing
from rsoman.core.reports.issue import issue_briefing
from rsoman.core.services.actor import SYSTEM, actor_for_user
from rsoman.core.services.packs.briefing import gather_briefing
from rsoman.core.store.enums import OffenderStatus, Role
from rsoman.core.store.models import Borough, Offender, Officer, UserAccount
from rsoman.core.store.models._types import utcnow

BOROUGH = "camden"
T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


# The floor's material, made before the clock starts: ("text", markup, style), ("image", bytes,
# width, height), ("space", height) or ("break",).
Item = tuple[Any, ...]


PLAIN = "Plain-"  # the floor's copies of the pack's fonts, loaded by ReportLab's own TTFont


def plain_fonts() -> None:
    """The pack's DejaVu files registered again as ReportLab's plain TTFont (the pack's own
    registration encodes strings faster: the floor must not borrow that)."""
    if PLAIN + FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(PLAIN + name, str(fonts_dir() / file)))
    pdfmetrics.registerFontFamily(
        PLAIN + FONT,
        normal=PLAIN + FONT,
        bold=PLAIN + FONT_BOLD,
        italic=PLAIN + FONT_ITALIC,
        boldItalic=PLAIN + FONT_BOLD,
    )


@cache
def plain_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name, parent=style, fontName=PLAIN + style.fontName)


def best_of(runs: int, *fns: Callable[[], Any]) -> list[tuple[Any, float, float]]:
    """Each of `fns` run `runs` times, taking turns (so a busy spell on a shared machine slows
    them alike): its last value, and its best wall and best CPU seconds."""
    best: list[list[Any]] = [[None, float("inf"), float("inf")] for _ in fns]
    for _ in range(runs):
        for slot, fn in zip(best, fns, strict=True):
            wall, cpu = time.perf_counter(), time.process_time()
            slot[0] = fn()
            slot[1] = min(slot[1], time.perf_counter() - wall)
            slot[2] = min(slot[2], time.process_time() - cpu)
    return [(value, wall, cpu) for value, wall, cpu in best]


def plain_items(flowables: list[Any]) -> list[Item]:
    """The text and photographs of the pack's own flowables (cover and body), in order, as plain
    items: each paragraph or line as itself, each table row as one paragraph of its cells' text,
    each photograph as the same image bytes at the same size, page breaks and spaces kept."""
    plain_fonts()
    body = plain_style(styles()["body"])
    items: list[Item] = []

    def text_of(value: Any) -> list[str]:
        if isinstance(value, str):
            return [esc(value)] if value.strip() else []
        if isinstance(value, (list, tuple)):
            return [t for v in value for t in text_of(v)]
        if isinstance(value, Paragraph):
            return [value.text]
        if isinstance(value, TextLine):
            return [esc(value.text)]
        return []

    def walk(flowable: Any) -> None:
        if isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for value in row:
                    if isinstance(value, Photo):
                        walk(value)
                words = [t for value in row for t in text_of(value)]
                if words:
                    items.append(("text", " · ".join(words), body))
        elif isinstance(flowable, Paragraph):
            items.append(("text", flowable.text, plain_style(flowable.style)))
        elif isinstance(flowable, TextLine):
            items.append(("text", esc(flowable.text), plain_style(flowable.style)))
        elif isinstance(flowable, Photo):
            if flowable.image is None:
                items.append(("text", "No photograph held", body))
            else:
                items.append(("image", flowable.image, flowable.width, flowable.height))
        elif isinstance(flowable, PageBreak):
            items.append(("break",))
        elif isinstance(flowable, Spacer):
            items.append(("space", flowable.height))
        # NextPageTemplate, CondPageBreak: template matters, not content

    for flowable in flowables:
        walk(flowable)
    return items


def plain_floor(items: list[Item]) -> tuple[int, int]:
    """ReportLab alone laying out `items` with its plain template (SimpleDocTemplate, the same
    fonts, no header, footer, markings, page totals, watermark or tables): what any PDF of this
    text and these photographs costs. Returns (pages, bytes)."""
    story: list[Any] = []
    for kind, *rest in items:
        if kind == "text":
            story.append(Paragraph(rest[0], rest[1]))
        elif kind == "image":
            story.append(Image(io.BytesIO(rest[0]), rest[1], rest[2]))
        elif kind == "space":
            story.append(Spacer(1, rest[0]))
        else:
            story.append(PageBreak())
    buffer = io.BytesIO()
    # The pack's page size and margins, so the text wraps to the same width.
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
    )
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
            body, cover_extra = briefing_body(data)
            items = plain_items(story(meta, body, cover_extra=cover_extra))
            render_briefing(data, meta)  # warm: fonts registered, styles built
            plain_floor(items)  # and the floor's
            (rendered, render_s, render_cpu), (floor, floor_s, floor_cpu) = best_of(
                3, lambda: render_briefing(data, meta), lambda: plain_floor(items)
            )
            floor_pages, floor_bytes = floor
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
        render_text = f"{per_page:.1f} ms a page; cpu {render_cpu:.2f} s"
        print(f"  render pack        {render_s:7.2f} s  ({render_text})")
        floor_text = f"{floor_pages} pages, {floor_bytes / 1e6:.2f} MB; cpu {floor_cpu:.2f} s"
        print(f"  plain ReportLab    {floor_s:7.2f} s  ({floor_text})")
        ratio = f"cpu {render_cpu / floor_cpu:.2f} x; aim: within 1.5x"
        print(f"  render / plain     {render_s / floor_s:7.2f} x  ({ratio})")
        aim = "; aim for 60: < 2 s"
        print(f"  whole issue        {issue_s:7.2f} s  ({pack.page_count} pages{aim})")


def main() -> None:
    if "--sizes" not in sys.argv:
        sys.argv[1:1] = ["--sizes", "60", "500"]
    sizes_and_databases(run, __doc__.splitlines()[0])


if __name__ == "__main__":
    main()
