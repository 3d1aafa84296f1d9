"""An officer's visit sheet: the run of visits for a day or a week at the front, then per visit
where to go, what to check there, and space to write what happened."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from ..rules.dates import format_date
from ..services.packs.visit_sheet import SheetVisit, VisitSheetData
from .base import (
    CONTENT_WIDTH,
    RULE,
    SHADE,
    PackMeta,
    Rendered,
    date_text,
    esc,
    fill_in,
    grid,
    key_values,
    markup,
    or_dash,
    para,
    render,
    writing_space,
)

TITLE = "Visit sheet"
OUTCOMES = "☐ successful   ☐ no reply   ☐ refused entry   ☐ absent   ☐ seen elsewhere"


def _when(v: SheetVisit) -> str:
    if v.planned_for is not None:
        return f"Planned {format_date(v.planned_for.date())} {v.planned_for:%H:%M}"
    return "Not yet planned"


def _why(v: SheetVisit) -> str:
    if v.due_on is None:
        return "Planned (reactive management: no routine visit due)"
    if v.overdue_days:
        return f"OVERDUE since {format_date(v.due_on)} ({v.overdue_days} days)"
    return f"Due by {format_date(v.due_on)}"


def _visit_block(n: int, v: SheetVisit) -> list[Flowable]:
    head = Table(
        [
            [
                markup(f"<b>{n}. {esc(v.name)}</b> · {esc(v.ref)}"),
                markup(f"<b>Risk: {esc(v.risk_level or 'not assessed')}</b>"),
            ]
        ],
        colWidths=[CONTENT_WIDTH - 45 * mm, 45 * mm],
    )
    head.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LINEABOVE", (0, 0), (-1, 0), 1, RULE),
            ]
        )
    )
    due = _why(v)
    rows: list[tuple[str, str | Flowable]] = [
        ("Address", or_dash(v.home_address)),
        ("When", _when(v)),
        (
            "Why",
            markup(f"<font color='#a4161a'><b>{esc(due)}</b></font>") if v.overdue_days else due,
        ),
        ("Basis", or_dash(v.due_basis)),
        ("Last successful", date_text(v.last_successful_home_visit)),
        ("Recent attempts", "; ".join(v.recent_attempts) or "—"),
    ]
    out: list[Flowable] = [head, key_values(rows, label_width=30 * mm)]
    if v.warrant_prompt:
        out.append(
            para(
                "Two consecutive failed attempts to gain entry: consider applying for a warrant "
                "to enter and search for risk assessment (Sexual Offences Act 2003 s.96B).",
                "alert",
            )
        )
    checks: list[Flowable] = []
    for order in v.orders:
        checks.append(para(f"{order.title}: check compliance with", "label"))
        checks += [
            markup(f"{i}. “{esc(text)}”", "quote")
            for i, text in enumerate(order.prohibitions, start=1)
        ]
    if v.intelligence:
        checks.append(para("Recent intelligence to follow up", "label"))
        checks += [markup(f"•&nbsp;&nbsp;{esc(line)}", "small") for line in v.intelligence]
    if not checks:
        checks.append(para("No order in force and no recent intelligence.", "muted"))
    out += [para("What to check", "h2"), *checks, Spacer(1, 2 * mm)]
    out.append(
        fill_in([("Outcome", OUTCOMES), ("Date and time", ""), ("Officers", ""), ("Present", "")])
    )
    out += [writing_space("Observations (devices, children, changes) and actions", 4)]
    return [KeepTogether(out[:3]), *out[3:], Spacer(1, 6 * mm)]


def render_visit_sheet(data: VisitSheetData, meta: PackMeta) -> Rendered:
    body: list[Flowable] = [para(f"Visits: {data.scope}", "h1")]
    if not data.visits:
        body.append(para("No visit is planned or falls due in this period."))
    else:
        rows = [
            [str(n), v.name, v.ref, v.risk_level or "—", _when(v), _why(v), or_dash(v.home_address)]
            for n, v in enumerate(data.visits, start=1)
        ]
        widths = [7 * mm, 34 * mm, 22 * mm, 17 * mm, 28 * mm, 32 * mm, None]
        body.append(grid(["#", "Name", "Ref", "Risk", "When", "Why", "Address"], rows, widths))
        body.append(
            para(
                f"Intelligence shown: the last {data.intelligence_days} days. Only a "
                "successful home visit (seen, at the notified home address, access given) "
                "satisfies the schedule. Vary the day and time; visit unannounced where "
                "possible.",
                "muted",
            )
        )
        body.append(Spacer(1, 6 * mm))
        for n, v in enumerate(data.visits, start=1):
            body += _visit_block(n, v)
    count = len(data.visits)
    extra = [
        markup(
            f"<b>{count} visit{'s' if count != 1 else ''}</b> for {esc(data.officer)}, "
            f"{esc(date_text(data.date_from))} to {esc(date_text(data.date_to))}; "
            f"{sum(1 for v in data.visits if v.overdue_days)} overdue."
        ),
    ]
    return render(meta, body, cover_extra=extra)
