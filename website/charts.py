"""An authority's grades over time as geometry for a server-rendered SVG (no JavaScript, no CDN).

One row per thing judged, joined across the frameworks that judged it under other names (help
and protection: pre-2013 safeguarding, then SIF and ILACS; children in care: looked-after
children, then SIF's permanence, then ILACS; see ``LINES`` and docs/grades-over-time.md), each
with the four-point scale; every framework on one time axis, its changes marked; a mark per
inspection, naming the exact area judged. Judgements no line joins (adoption performance, the
safeguarding board, capacity to improve...) are listed beside the chart, not drawn. The
compare page draws one of those rows for several authorities, a row each, on one time axis
(``comparison_chart``). ``chart_html`` draws both.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass
from html import escape

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from inspections.codes import GRADE_RANK, Grade, JudgementArea

WIDTH = 1100
SCALE_RIGHT = 330  # right edge of the scale labels; area names sit to their left
PLOT_LEFT = 350
PLOT_RIGHT = WIDTH - 24
TOP = 30  # room above the rows for the names of the frameworks' eras
ROW_HEIGHT = 74
LEVEL_GAP = 14
AXIS_HEIGHT = 34
AREA_LABEL_CHARACTERS = 24

#: The four points of the scale, best first; "adequate" (before 2013) shares rank 3.
SCALE = ((1, "Outstanding"), (2, "Good"), (3, "Requires improvement"), (4, "Inadequate"))

A = JudgementArea
#: The chart's rows: each thing judged, and the areas that judged it in each era, oldest
#: first. ILACS's joint judgement of children in care and care leavers (2018-22) belongs to
#: both rows; from 2023 ILACS judges them apart.
LINES = (
    ("Overall effectiveness", (A.OVERALL_EFFECTIVENESS,)),
    ("Help and protection", (A.SAFEGUARDING_OVERALL, A.HELP_AND_PROTECTION)),
    (
        "Children in care",
        (
            A.LOOKED_AFTER_OVERALL,
            A.LOOKED_AFTER_AND_PERMANENCE,
            A.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
            A.CHILDREN_IN_CARE,
        ),
    ),
    ("Care leavers", (A.CARE_LEAVERS, A.CHILDREN_IN_CARE_AND_CARE_LEAVERS)),
    (
        "Leaders",
        (A.LEADERSHIP_AND_MANAGEMENT, A.LEADERSHIP_MANAGEMENT_GOVERNANCE, A.IMPACT_OF_LEADERS),
    ),
)
JOINED = {area for _, areas in LINES for area in areas}

#: When each framework began: the chart marks those its years span (facts: Ofsted's
#: frameworks; the single inspection framework from November 2013, ILACS from January 2018,
#: ILACS with care leavers judged apart from January 2023).
ERAS = (
    (datetime.date(2013, 11, 1), "SIF"),
    (datetime.date(2018, 1, 1), "ILACS"),
    (datetime.date(2023, 1, 1), "ILACS 2023"),
)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    grade: str
    title: str
    url: str


@dataclass(frozen=True)
class Level:
    y: float
    label: str


@dataclass(frozen=True)
class Row:
    label_lines: tuple[tuple[float, str], ...]
    top: float
    bottom: float
    levels: tuple[Level, ...]
    marks: tuple[Mark, ...]
    path: str


@dataclass(frozen=True)
class Tick:
    """A year: its gridline at 1 January, its label in the middle of the year."""

    x: float
    label_x: float
    label: str


@dataclass(frozen=True)
class Era:
    """A framework's start: a line down the plot, its name at the top."""

    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    eras: tuple[Era, ...] = ()
    #: Dated judgements that no row joins, oldest first, listed beside the chart.
    others: tuple = ()


def grade_chart(judgements) -> Chart | None:
    """The chart for judgements that carry ``event_date`` and ``inspection``: one per
    inspection and area (the preferred source's). None when none is dated."""
    dated = [j for j in judgements if j.event_date]
    if not dated:
        return None
    lines = []
    for label, areas in LINES:
        marked = _one_per_inspection(dated, areas)
        if marked:
            lines.append((label, marked))
    others = tuple(sorted((j for j in dated if j.area not in JOINED), key=_when))
    return _chart(lines, dated, others=others)


def comparison_chart(authorities, line: str) -> Chart | None:
    """Several authorities' grades in one of ``LINES`` (by its label) on one time axis: a row
    per authority, in the order given, joined across frameworks as on each authority's own
    chart. ``authorities`` is a list of (name, judgements), the judgements as ``grade_chart``
    takes them. None when none of them has a dated judgement in that line."""
    areas = dict(LINES)[line]
    rows = [
        (name, _one_per_inspection([j for j in judgements if j.event_date], areas))
        for name, judgements in authorities
    ]
    dated = [j for _, marked in rows for j in marked]
    if not dated:
        return None
    return _chart(rows, dated, named=True)


def _one_per_inspection(dated, areas) -> list:
    """The judgements in ``areas``, one an inspection: the area that era judged it by (the
    first listed, if two)."""
    by_inspection = {}
    for judgement in sorted(dated, key=lambda j: areas.index(j.area) if j.area in areas else 0):
        if judgement.area in areas:
            by_inspection.setdefault(judgement.inspection_id, judgement)
    return list(by_inspection.values())


def _chart(lines, dated, others=(), named: bool = False) -> Chart:
    """The chart of ``lines`` (label, judgements), on a time axis spanning ``dated``; with
    ``named``, each mark's title starts with its row's label (an authority's name)."""
    first_year = min(j.event_date for j in dated).year
    last_year = max(j.event_date for j in dated).year
    start, end = datetime.date(first_year, 1, 1), datetime.date(last_year + 1, 1, 1)

    def x_of(day: datetime.date) -> float:
        share = (day - start).days / (end - start).days
        return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)

    rows = tuple(
        _row(index, label, judgements, x_of, label if named else "")
        for index, (label, judgements) in enumerate(lines)
    )
    axis_y = TOP + max(len(rows), 1) * ROW_HEIGHT
    return Chart(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        axis_y=axis_y,
        rows=rows,
        ticks=_ticks(first_year, last_year, x_of),
        eras=tuple(Era(x_of(day), label) for day, label in ERAS if start < day < end),
        others=others,
    )


def _when(judgement):
    return (judgement.event_date, JudgementArea.values.index(judgement.area))


def _row(index: int, label: str, judgements, x_of, whose: str = "") -> Row:
    top = TOP + index * ROW_HEIGHT
    first_level = top + (ROW_HEIGHT - 3 * LEVEL_GAP) / 2

    def y_of(rank: int) -> float:
        return first_level + (rank - 1) * LEVEL_GAP

    lines = textwrap.wrap(label, AREA_LABEL_CHARACTERS)
    line_top = top + ROW_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
    marks = tuple(
        sorted(
            (
                Mark(
                    x=x_of(j.event_date),
                    y=y_of(GRADE_RANK[j.grade]),
                    grade=j.grade,
                    title=f"{whose} – {_mark_title(j)}" if whose else _mark_title(j),
                    url=j.inspection.get_absolute_url(),
                )
                for j in judgements
            ),
            key=lambda mark: mark.x,
        )
    )
    return Row(
        label_lines=tuple((line_top + n * 16, line) for n, line in enumerate(lines)),
        top=top,
        bottom=top + ROW_HEIGHT,
        levels=tuple(Level(y_of(rank), text) for rank, text in SCALE),
        marks=marks,
        path=" ".join(f"{m.x},{m.y}" for m in marks),
    )


def _mark_title(judgement) -> str:
    """What the mark stands for, in the words of the framework that judged it."""
    inspection = judgement.inspection
    return (
        f"{JudgementArea(judgement.area).label}: {Grade(judgement.grade).label}. "
        f"{inspection.get_framework_display()}, {judgement.event_date:%B %Y}."
    )


def _ticks(first_year: int, last_year: int, x_of) -> tuple[Tick, ...]:
    # A label every year crowds the axis beyond about sixteen years.
    step = 1 if last_year - first_year < 16 else 2
    return tuple(
        Tick(
            x=x_of(datetime.date(year, 1, 1)),
            label_x=x_of(datetime.date(year, 7, 2)),
            label=str(year) if (year - first_year) % step == 0 else "",
        )
        for year in range(first_year, last_year + 1)
    )


#: The chart's caption unless the page gives its own.
CAPTION = (
    "Grades over time, one row per thing judged, best grade at the top of each row, joined "
    "across the frameworks that judged it under other names (the lines down the chart mark "
    "where a framework began). Each mark is an inspection: its title names the exact area "
    "judged; select it to open the inspection. Before 2013 the scale had “adequate” where it "
    "now has “requires improvement”; both sit on the third line."
)

LEGEND = (
    (Grade.OUTSTANDING, "Outstanding"),
    (Grade.GOOD, "Good"),
    (Grade.REQUIRES_IMPROVEMENT, "Requires improvement (or adequate)"),
    (Grade.INADEQUATE, "Inadequate"),
)


def chart_html(chart: Chart, caption: str = "") -> SafeString:
    """The chart as an SVG figure with its caption, key and the judgements not drawn.

    Written in Python rather than a template (a chart has a hundred or so elements, each a
    variable lookup in a template: most of an authority page's rendering); every text from
    the data (area names, marks' titles, URLs) escaped by ``escape``.
    """
    parts = [
        '<figure class="chart">\n  <div class="chart-scroll" role="region" '
        'aria-label="Chart of grades over time" tabindex="0">\n'
        f'  <svg class="grade-chart" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}" aria-labelledby="chart-caption" '
        'role="group">\n'
    ]
    axis_y = chart.axis_y
    for tick in chart.ticks:
        parts.append(
            f'    <line class="chart-grid" x1="{tick.x}" y1="0" x2="{tick.x}" y2="{axis_y}">'
            "</line>\n"
        )
        if tick.label:
            parts.append(
                f'    <text class="chart-year" x="{tick.label_x}" y="{int(axis_y) + 22}" '
                f'text-anchor="middle">{escape(tick.label)}</text>\n'
            )
    parts.append(
        f'    <line class="chart-grid" x1="{chart.plot_right}" y1="0" x2="{chart.plot_right}" '
        f'y2="{axis_y}"></line>\n'
        f'    <line class="chart-axis" x1="{chart.plot_left}" y1="{axis_y}" '
        f'x2="{chart.plot_right}" y2="{axis_y}"></line>\n'
    )
    for era in chart.eras:
        parts.append(
            f'    <line class="chart-era" x1="{era.x}" y1="14" x2="{era.x}" y2="{axis_y}">'
            f'</line>\n    <text class="chart-era-label" x="{int(era.x) + 4}" y="12">'
            f"{escape(era.label)}</text>\n"
        )
    for index, row in enumerate(chart.rows):
        parts.append('    <g class="chart-row">\n')
        if index:
            parts.append(
                f'      <line class="chart-separator" x1="0" y1="{row.top}" '
                f'x2="{chart.plot_right}" y2="{row.top}"></line>\n'
            )
        lines = "".join(
            f'<tspan x="0" y="{y}">{escape(line)}</tspan>' for y, line in row.label_lines
        )
        parts.append(f'      <text class="chart-area">{lines}</text>\n')
        for level in row.levels:
            parts.append(
                f'      <line class="chart-level" x1="{chart.plot_left}" y1="{level.y}" '
                f'x2="{chart.plot_right}" y2="{level.y}"></line>\n'
                f'      <text class="chart-scale" x="{int(chart.plot_left) - 8}" '
                f'y="{level.y}" dy="0.35em" text-anchor="end">{escape(level.label)}</text>\n'
            )
        if len(row.marks) > 1:
            parts.append(f'      <polyline class="chart-trend" points="{row.path}"></polyline>\n')
        for mark in row.marks:
            parts.append(
                f'      <a href="{escape(mark.url)}"><title>{escape(mark.title)}</title>'
                f'<circle class="chart-mark grade-fill--{escape(mark.grade)}" cx="{mark.x}" '
                f'cy="{mark.y}" r="6.5"></circle></a>\n'
            )
        parts.append("    </g>\n")
    legend = "".join(
        f'    <li><span class="grade grade--{grade}">{label}</span></li>\n'
        for grade, label in LEGEND
    )
    parts.append(
        "  </svg>\n  </div>\n"
        f'  <figcaption id="chart-caption">{escape(caption or CAPTION)}</figcaption>\n'
        f'  <ul class="legend" aria-label="Key">\n{legend}  </ul>\n'
    )
    if chart.others:
        others = "".join(
            f'<li><a href="{escape(j.inspection.get_absolute_url())}">'
            f"{escape(str(j.get_area_display()))}</a>: "
            f'{escape(str(j.get_grade_display()).lower())} <span class="meta">('
            f"{escape(str(j.inspection.get_framework_display()))}, "
            f"{escape(date_format(j.event_date, 'F Y'))})</span></li>"
            for j in chart.others
        )
        parts.append(
            '  <details class="chart-others">\n'
            f"    <summary>Other judgements ({len(chart.others)}), not drawn</summary>\n"
            f"    <ul>{others}</ul>\n  </details>\n"
        )
    parts.append("</figure>\n")
    return mark_safe("".join(parts))
