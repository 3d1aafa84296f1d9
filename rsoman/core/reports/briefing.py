"""The borough briefing pack: a front summary, what changed since the last briefing, then one
page per offender with what a local officer needs to recognise them and act."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from ..services.packs.briefing import BriefingChanges, BriefingData, BriefingEntry, BriefingOrder
from .base import (
    CONTENT_WIDTH,
    RULE,
    SHADE,
    FlowingTable,
    PackMeta,
    Photo,
    Rendered,
    cell,
    date_text,
    esc,
    font_commands,
    grid,
    markup,
    or_dash,
    para,
    render,
)

TITLE = "Borough briefing"
RISK_COLOURS: dict[str | None, Any] = {
    "VERY HIGH": colors.HexColor("#7a0b0b"),
    "HIGH": colors.HexColor("#c0392b"),
    "MEDIUM": colors.HexColor("#b9770e"),
    "LOW": colors.HexColor("#2e7d32"),
    None: colors.HexColor("#6b7280"),
}
BULLET = "•\u00a0\u00a0"  # plain text (no markup to parse): a bullet held to its first word
SUMMARY_ROWS_PER_TABLE = 40  # a table per page or so: one long table is much slower to lay out


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _order_block(order: BriefingOrder) -> list[Flowable]:
    until = (
        f"until {date_text(order.ends_on)}" if order.ends_on is not None else "until further order"
    )
    out: list[Flowable] = [
        markup(
            f"<b>{esc(order.kind)}</b>, made {esc(date_text(order.made_on))} at "
            f"{esc(order.court)}; in force {esc(until)}."
        )
    ]
    if order.prohibitions:
        out.append(para("Prohibitions (exact words of the order):", "muted"))
        out += [
            para(f"{n}. “{text}”", "quote") for n, text in enumerate(order.prohibitions, start=1)
        ]
    if order.requirements:
        out.append(para("Positive requirements (exact words of the order):", "muted"))
        out += [
            para(f"{n}. “{text}”", "quote") for n, text in enumerate(order.requirements, start=1)
        ]
    if not order.prohibitions and not order.requirements:
        out.append(para("No prohibitions recorded on this order.", "muted"))
    out.append(Spacer(1, 2 * mm))
    return out


def _boxed(title: str, rows: list[list[Any]], *, edge: Any = RULE, spans: bool = True) -> Table:
    """A box with a shaded title row over rows of (label, value) or single cells; one flat
    table (nested tables are laid out again and again, and cost most of a page's time)."""
    width = CONTENT_WIDTH
    columns = [34 * mm, width - 34 * mm] if not spans else [width]
    body = [[title] + [""] * (len(columns) - 1), *rows]
    table = Table(body, colWidths=columns)
    table.setStyle(
        TableStyle(
            [
                *font_commands(((0, 0), (-1, -1)), "body"),
                *font_commands(((0, 0), (-1, 0)), "label"),
                *([] if spans else font_commands(((0, 1), (0, -1)), "label")),
                ("SPAN", (0, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.8, edge),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


PHOTO_W, PHOTO_H = 36 * mm, 45 * mm
LABEL_W = 30 * mm
BADGE_W = 50 * mm


def _heading(entry: BriefingEntry, as_of: date) -> Table:
    """Name and risk on one shaded line, reference and age under the name: one flat table."""
    risk = entry.risk_level
    born = (
        f"Ref {entry.ref} · born {date_text(entry.date_of_birth)} "
        f"(age {_age(entry.date_of_birth, as_of)})"
    )
    table = Table(
        [
            [cell(entry.name, "h1", CONTENT_WIDTH - BADGE_W), f"RISK: {risk or 'NOT ASSESSED'}"],
            [born, ""],
        ],
        colWidths=[CONTENT_WIDTH - BADGE_W, BADGE_W],
    )
    table.setStyle(
        TableStyle(
            [
                *font_commands(((0, 0), (0, 0)), "h1"),
                *font_commands(((0, 1), (0, 1)), "muted"),
                *font_commands(((1, 0), (1, 0)), "badge"),
                ("BACKGROUND", (1, 0), (1, 0), RISK_COLOURS.get(risk, RISK_COLOURS[None])),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
            ]
        )
    )
    return table


def _details(entry: BriefingEntry, photos: dict[bytes, Any]) -> Table:
    """The photograph beside the identifying details: one table, the photo spanning its rows."""
    home = or_dash(entry.home_address)
    if entry.ward:
        home += f" (ward: {entry.ward})"
    mappa = (
        f"Category {entry.mappa_category}, level {entry.mappa_level}"
        if entry.mappa_category
        else "—"
    )
    rows = [
        ("Also known as", "; ".join(entry.aliases) or "—"),
        ("Date of birth", date_text(entry.date_of_birth)),
        ("Description", or_dash(entry.description)),
        ("Marks", or_dash(entry.marks)),
        ("Home address", home),
        ("Other addresses", "; ".join(entry.other_addresses) or "—"),
        ("Vehicles", "; ".join(entry.vehicles) or "None notified"),
        ("MAPPA", mappa),
    ]
    value_w = CONTENT_WIDTH - PHOTO_W - 4 * mm - LABEL_W
    photo = Photo(entry.photo, PHOTO_W, PHOTO_H, photos)
    cells = [
        [photo if n == 0 else "", label, cell(value, "body", value_w)]
        for n, (label, value) in enumerate(rows)
    ]
    table = FlowingTable(cells, colWidths=[PHOTO_W + 4 * mm, LABEL_W, value_w])
    table.setStyle(
        TableStyle(
            [
                *font_commands(((1, 0), (1, -1)), "label"),
                *font_commands(((2, 0), (2, -1)), "body"),
                ("SPAN", (0, 0), (0, -1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LEFTPADDING", (1, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
            ]
        )
    )
    return table


def offender_page(entry: BriefingEntry, as_of: date, photos: dict[bytes, Any]) -> list[Flowable]:
    """One offender's page (it flows on only if their orders are very long)."""
    out: list[Flowable] = [_heading(entry, as_of), _details(entry, photos), Spacer(1, 2 * mm)]
    out += [
        para("Offence", "h2"),
        para(or_dash(entry.offence_summary)),
        para("Victim profile", "h2"),
        para(or_dash(entry.victim_profile)),
        para("Orders in force", "h2"),
    ]
    if entry.orders:
        for order in entry.orders:
            out += _order_block(order)
    else:
        out.append(para("No order in force: notification requirements only.", "muted"))
    out.append(para("What to look out for", "h2"))
    out += [para(f"{BULLET}{item}") for item in entry.look_out_for]
    out.append(Spacer(1, 3 * mm))
    out.append(_boxed("What to do if seen", [[para(entry.if_seen)]], edge=RISK_COLOURS["HIGH"]))
    out.append(Spacer(1, 3 * mm))
    manager = entry.offender_manager
    contact = (
        [
            ("Offender manager", manager.name),
            ("Telephone", or_dash(manager.phone)),
            ("Email", or_dash(manager.email)),
            ("Team", manager.team),
        ]
        if manager
        else [("Offender manager", "None allocated: contact the Jigsaw team")]
    )
    value_w = CONTENT_WIDTH - 34 * mm
    out.append(
        _boxed(
            "Report to",
            [[label, cell(value, "body", value_w)] for label, value in contact],
            spans=False,
        )
    )
    return out


def _summary(data: BriefingData) -> list[Flowable]:
    out: list[Flowable] = [para(f"Summary: {data.scope}", "h1")]
    if not data.entries:
        out.append(para("No active offender is managed in this area today."))
        return out
    rows = [
        [
            str(n),
            r.name,
            r.ref,
            or_dash(r.ward),
            r.risk_level or "not assessed",
            or_dash(r.mappa),
            str(r.orders) if r.orders else "—",
        ]
        for n, r in enumerate(data.summary, start=1)
    ]
    widths = [8 * mm, 50 * mm, 24 * mm, 36 * mm, 22 * mm, 25 * mm, None]
    header = ["#", "Name", "Ref", "Ward", "Risk", "MAPPA", "Orders"]
    for start in range(0, len(rows), SUMMARY_ROWS_PER_TABLE):
        out.append(grid(header, rows[start : start + SUMMARY_ROWS_PER_TABLE], widths))
    out.append(
        para(
            "One page per offender follows, in this order: highest risk first, then by ward "
            "and name.",
            "muted",
        )
    )
    return out


def _changes(changes: BriefingChanges) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 5 * mm), CondPageBreak(40 * mm)]
    out.append(para("What changed since the last briefing", "h1"))
    if changes.previous_reference is None:
        out.append(
            para("This is the first briefing issued for this area: there is nothing to compare.")
        )
        return out
    out.append(
        para(
            f"Compared with briefing {changes.previous_reference}, issued "
            f"{date_text(changes.previous_issued_on)}.",
            "muted",
        )
    )
    if not changes.any:
        out.append(para("No new arrivals, moves, risk changes or new orders since then."))
        return out
    for title, lines in (
        ("New arrivals", changes.arrivals),
        ("Moves", changes.moves),
        ("Risk changes", changes.risk_changes),
        ("New orders", changes.new_orders),
        ("No longer in this area", changes.departures),
    ):
        if lines:
            out.append(para(title, "h2"))
            out += [para(f"{BULLET}{line}") for line in lines]
    return out


def _cover_extra(data: BriefingData) -> list[Flowable]:
    counts = Counter(e.risk_level or "NOT ASSESSED" for e in data.entries)
    mix = ", ".join(
        f"{level.lower()} {counts[level]}"
        for level in ("VERY HIGH", "HIGH", "MEDIUM", "LOW", "NOT ASSESSED")
        if counts[level]
    )
    total = len(data.entries)
    text = (
        f"<b>{total} offender{'s' if total != 1 else ''}</b> managed in {esc(data.scope)} "
        f"as at {esc(date_text(data.as_of))}" + (f" (risk: {esc(mix)})" if mix else "") + "."
    )
    return [
        markup(text),
        Spacer(1, 3 * mm),
        para(
            "This pack tells you who they are, where they live, what their orders forbid in "
            "the court's exact words, what to look out for and whom to tell. It holds nothing "
            "else about them, by design.",
            "muted",
        ),
    ]


def briefing_body(data: BriefingData) -> tuple[list[Flowable], list[Flowable]]:
    """The pack's own flowables: (body, what the cover adds)."""
    photos: dict[bytes, Any] = {}
    body: list[Flowable] = [*_summary(data), *_changes(data.changes)]
    for entry in data.entries:
        body.append(PageBreak())
        body += offender_page(entry, data.as_of, photos)
    return body, _cover_extra(data)


def render_briefing(data: BriefingData, meta: PackMeta) -> Rendered:
    body, cover_extra = briefing_body(data)
    return render(meta, body, cover_extra=cover_extra)
