"""The police pack for a MAPPA meeting: agenda, attendance against guidance, one section per case,
and a minutes template laid out to be completed in the meeting."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from ..rules.dates import format_date
from ..services.packs.mappa import MappaPackData, PackCase, agency_words, rank_words
from .base import (
    CONTENT_WIDTH,
    RULE,
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

TITLE = "MAPPA meeting pack (police)"
HANDLING = "MAPPA minutes are not to be copied onwards without the chair's agreement."


def _bullets(lines: tuple[str, ...] | list[str], style: str = "body") -> list[Flowable]:
    return [markup(f"•&nbsp;&nbsp;{esc(line)}", style) for line in lines]


def _agenda(data: MappaPackData) -> list[Flowable]:
    items = [
        "Introductions, attendance and the confidentiality statement",
        "Minutes and actions of the last meeting",
        *(f"Case: {c.name} ({c.ref})" for c in data.cases),
        "Any other business",
        "Date of the next meeting"
        + (
            f" (review due by {format_date(data.next_meeting_due)})"
            if data.next_meeting_due
            else ""
        ),
    ]
    out: list[Flowable] = [para("Agenda", "h1")]
    out += [para(f"{n}. {item}") for n, item in enumerate(items, start=1)]
    return out


def _attendance(data: MappaPackData) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 5 * mm), para("Attendance", "h1")]
    if data.attendees:
        rows = [
            [
                agency_words(a.agency),
                a.name,
                or_dash(a.role),
                rank_words(a.rank) if a.agency == "police" else "",
                "present" if a.attended else "ABSENT",
            ]
            for a in data.attendees
        ]
        widths = [34 * mm, 44 * mm, 48 * mm, 28 * mm, None]
        out.append(grid(["Agency", "Name", "Role", "Police rank", "Attended"], rows, widths))
    else:
        out.append(para("No attendance recorded yet: complete it at the meeting.", "muted"))
    out.append(para("Guidance for this meeting", "h2"))
    out += _bullets(data.expected)
    if data.attendance_findings:
        out.append(para("Attendance below guidance: escalate to the MAPPA co-ordinator", "h2"))
        out += [para(text, "alert") for text in data.attendance_findings]
    elif data.attendees:
        out.append(para("Recorded attendance meets the guidance above.", "muted"))
    return out


def _case(n: int, case: PackCase) -> list[Flowable]:
    out: list[Flowable] = [PageBreak(), para(f"Case {n}: {case.name} ({case.ref})", "h1")]
    children = (
        markup("<font color='#a4161a'><b>YES: children are at risk</b></font>")
        if case.children_at_risk
        else "No"
    )
    out.append(
        key_values(
            [
                ("Date of birth", date_text(case.date_of_birth)),
                ("Also known as", "; ".join(case.aliases) or "—"),
                ("Home address", or_dash(case.home_address)),
                ("MAPPA", case.mappa),
                ("Offender manager", or_dash(case.offender_manager)),
                ("Children at risk", children),
                ("Reason for referral", or_dash(case.case_summary)),
                *case.referral,
            ]
        )
    )
    out.append(para("Orders in force", "h2"))
    if case.orders:
        for title, prohibitions in case.orders:
            out.append(para(title, "label"))
            out += [
                markup(f"{i}. “{esc(text)}”", "quote")
                for i, text in enumerate(prohibitions, start=1)
            ]
    else:
        out.append(para("None.", "muted"))
    out += [para("Current risk", "h2"), para(case.risk_line)]
    if case.arms_risk:
        width = CONTENT_WIDTH / 2 - 2 * mm
        left = grid(["ARMS risk factor", "Rating"], case.arms_risk, [width - 28 * mm, 28 * mm])
        right = grid(
            ["ARMS protective factor", "Rating"], case.arms_protective, [width - 28 * mm, 28 * mm]
        )
        pair = Table([[left, right]], colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2])
        pair.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out.append(pair)
    out.append(para(f"What happened {case.since_words}", "h2"))
    if case.events:
        rows = [[format_date(e.on), e.kind, e.text] for e in case.events]
        out.append(grid(["Date", "What", "Detail"], rows, [22 * mm, 24 * mm, None]))
    else:
        out.append(para("Nothing recorded in this period.", "muted"))
    out.append(para("Risk management plan", "h2"))
    if case.plan:
        out.append(para(f"Agreed {date_text(case.plan_agreed_on)}.", "muted"))
        out.append(key_values(list(case.plan), label_width=44 * mm))
    else:
        out.append(para("No plan agreed yet.", "alert"))
    out.append(para("Open actions", "h2"))
    if case.actions:
        rows = [
            [
                a.heading,
                a.description,
                a.owner,
                format_date(a.due_on) + (" OVERDUE" if a.overdue else ""),
            ]
            for a in case.actions
        ]
        out.append(
            grid(["Heading", "Action", "Owner", "Due"], rows, [34 * mm, None, 40 * mm, 28 * mm])
        )
    else:
        out.append(para("None open.", "muted"))
    return out


def _action_rows(lines: int) -> Table:
    rows = [[para(h, "label") for h in ("Action", "Owner (agency, person)", "Due")]]
    rows += [["", "", ""] for _ in range(lines)]
    table = Table(
        rows,
        colWidths=[None, 55 * mm, 28 * mm],
        rowHeights=[None] + [7 * mm] * lines,
    )
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, RULE)]))
    return table


def _minutes(data: MappaPackData) -> list[Flowable]:
    out: list[Flowable] = [
        PageBreak(),
        para("Minutes: to be completed in the meeting", "h1"),
        para(HANDLING, "alert"),
        Spacer(1, 2 * mm),
        fill_in(
            [
                ("Meeting", f"{data.meeting_ref}, level {data.level}"),
                ("Chair", or_dash(data.chair)),
                ("Minute taker", ""),
                ("Started / ended", ""),
                ("Apologies", ""),
            ]
        ),
        Spacer(1, 3 * mm),
        writing_space("Actions from the last meeting: progress", 3),
    ]
    for n, case in enumerate(data.cases, start=1):
        out += [
            Spacer(1, 4 * mm),
            KeepTogether(
                [
                    para(f"Case {n}: {case.name} ({case.ref})", "h2"),
                    writing_space("Information shared", 4),
                ]
            ),
            fill_in(
                [
                    ("Risk level agreed", "LOW   /   MEDIUM   /   HIGH   /   VERY HIGH"),
                    ("MAPPA level agreed", "1   /   2   /   3"),
                    ("Next review by", ""),
                ],
                label_width=36 * mm,
            ),
            writing_space("Changes to the risk management plan", 3),
            Spacer(1, 2 * mm),
            _action_rows(4),
        ]
    out += [
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                writing_space("Any other business", 2),
                Spacer(1, 2 * mm),
                fill_in([("Next meeting", ""), ("Chair's signature", ""), ("Date", "")]),
            ]
        ),
    ]
    return out


def render_mappa_pack(data: MappaPackData, meta: PackMeta) -> Rendered:
    body: list[Flowable] = [*_agenda(data), *_attendance(data)]
    for n, case in enumerate(data.cases, start=1):
        body += _case(n, case)
    body += _minutes(data)
    when = f"{format_date(data.held_at.date())} {data.held_at:%H:%M}"
    extra: list[Flowable] = [
        key_values(
            [
                ("Meeting", f"{data.meeting_ref}: MAPPA level {data.level}, {data.borough}"),
                ("When", f"{when} ({data.status})"),
                ("Where", or_dash(data.location)),
                ("Chair", or_dash(data.chair)),
                ("Cases", str(len(data.cases))),
            ],
            label_width=32 * mm,
        )
    ]
    if data.attendance_findings:
        extra += [Spacer(1, 3 * mm), para("Attendance below guidance: see Attendance.", "alert")]
    return render(meta, body, cover_extra=extra)
