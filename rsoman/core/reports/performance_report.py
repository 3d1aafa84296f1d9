"""The borough commander's performance report: the figures the 2016 inspection found missing, for
the borough, per officer and month by month. Each figure is defined once, in
`services/performance.py` (and docs/figures.md); this module only lays them out."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from ..rules.dates import format_date
from ..services.performance import FigureRow, PerformanceFigures
from .base import PackMeta, Rendered, grid, key_values, para, render

TITLE = "Performance report"


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pc(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} days"


def _headline(t: FigureRow) -> list[tuple[str, str]]:
    oldest = f" (oldest {t.oldest_overdue_days} days)" if t.oldest_overdue_days else ""
    return [
        ("Offenders managed", f"{_n(t.offenders)} ({_n(t.unallocated)} with no manager)"),
        (
            "Offender managers",
            f"{_n(t.offender_managers)}; {t.offenders_per_manager or '—'} offenders per manager",
        ),
        (
            "Caseload vs capacity",
            f"{_pc(t.caseload_percent)} of {_n(t.capacity)}; {_n(t.over_capacity)} officers "
            "over capacity",
        ),
        ("Overdue home visits", f"{_n(t.overdue_visits)}{oldest}"),
        (
            "Unsuccessful visits",
            f"{_n(t.unsuccessful_visits)} of {_n(t.home_visits)} ({_pc(t.unsuccessful_rate)})",
        ),
        ("Unannounced visits", f"{_n(t.unannounced_visits)} ({_pc(t.unannounced_share)})"),
        (
            "First visits on time",
            f"{_n(t.first_visits_on_time)} of {_n(t.first_visits_due)} "
            f"({_pc(t.first_visits_on_time_rate)})",
        ),
        (
            "Breaches",
            f"{_n(t.breaches_found)} found, {_n(t.breaches_actioned)} actioned; median "
            f"{_days(t.median_days_to_act)} to act; {_n(t.breaches_action_overdue)} awaiting "
            "action past the deadline",
        ),
        ("Risk reviews overdue", _n(t.risk_reviews_overdue)),
        (
            "MAPPA at expected rank",
            f"{_n(t.mappa_at_expected_rank)} of {_n(t.mappa_meetings)} meetings "
            f"({_pc(t.mappa_at_expected_rank_rate)})",
        ),
    ]


def render_performance_report(figures: PerformanceFigures, meta: PackMeta) -> Rendered:
    t = figures.totals
    period = f"{format_date(figures.period_start)} to {format_date(figures.as_of)}"
    body: list[Flowable] = [
        para(f"{figures.borough}: the figures", "h1"),
        para(
            f"Caseload as at {format_date(figures.as_of)}; work over {period}; force policy "
            f"v{figures.policy_version}. Each figure is defined in docs/figures.md.",
            "muted",
        ),
        Spacer(1, 2 * mm),
        key_values(_headline(t), label_width=45 * mm),
        Spacer(1, 5 * mm),
        para("Month by month", "h1"),
        grid(
            [
                "Month",
                "Overdue visits",
                "Oldest (days)",
                "Home visits",
                "Unsuccessful",
                "Breaches found",
            ],
            [
                [
                    f"{m.month:%b %Y}",
                    _n(m.overdue_visits),
                    _n(m.oldest_overdue_days),
                    _n(m.home_visits),
                    f"{_n(m.unsuccessful_visits)} ({_pc(m.unsuccessful_share)})",
                    _n(m.breaches_found),
                ]
                for m in figures.monthly
            ],
            [26 * mm, None, None, None, None, None],
            small=False,
        ),
        PageBreak(),
        para("Per officer", "h1"),
    ]
    rows = [
        [
            o.label + ("" if o.active else " (left)"),
            _n(o.offenders),
            _pc(o.caseload_percent),
            _n(o.overdue_visits)
            + (f" ({o.oldest_overdue_days}d)" if o.oldest_overdue_days else ""),
            _pc(o.unsuccessful_rate),
            _pc(o.unannounced_share),
            _pc(o.first_visits_on_time_rate),
            f"{_n(o.breaches_found)}/{_n(o.breaches_actioned)}",
            _n(o.risk_reviews_overdue),
        ]
        for o in figures.officers
    ]
    body.append(
        grid(
            [
                "Officer",
                "Cases",
                "Of capacity",
                "Overdue visits",
                "Unsuccessful",
                "Unannounced",
                "First visits on time",
                "Breaches found/ actioned",
                "Reviews overdue",
            ],
            rows,
            [44 * mm, 12 * mm, None, None, None, None, None, None, None],
        )
    )
    extra = [para(f"{figures.borough}, {period}.")]
    return render(meta, body, cover_extra=extra)
