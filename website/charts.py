"""An authority's grades over time as geometry for a server-rendered SVG (no JavaScript, no CDN).

One row per judgement area, each with the four-point scale; every framework on one time axis;
a mark per inspection. The template ``authorities/includes/_grade_chart.html`` draws it.
"""

from __future__ import annotations

import datetime
import textwrap
from dataclasses import dataclass

from inspections.codes import GRADE_RANK, Grade, JudgementArea

WIDTH = 1100
SCALE_RIGHT = 330  # right edge of the scale labels; area names sit to their left
PLOT_LEFT = 350
PLOT_RIGHT = WIDTH - 24
TOP = 8
ROW_HEIGHT = 74
LEVEL_GAP = 14
AXIS_HEIGHT = 34
AREA_LABEL_CHARACTERS = 24

#: The four points of the scale, best first; "adequate" (before 2013) shares rank 3.
SCALE = ((1, "Outstanding"), (2, "Good"), (3, "Requires improvement"), (4, "Inadequate"))


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
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]


def grade_chart(judgements) -> Chart | None:
    """The chart for judgements that carry ``event_date`` and ``inspection``: one per
    inspection and area (the preferred source's). None when none is dated."""
    dated = [j for j in judgements if j.event_date]
    if not dated:
        return None
    first_year = min(j.event_date for j in dated).year
    last_year = max(j.event_date for j in dated).year
    start, end = datetime.date(first_year, 1, 1), datetime.date(last_year + 1, 1, 1)

    def x_of(day: datetime.date) -> float:
        share = (day - start).days / (end - start).days
        return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)

    order = {area: index for index, area in enumerate(JudgementArea.values)}
    areas = sorted({j.area for j in dated}, key=order.__getitem__)
    rows = tuple(
        _row(index, area, [j for j in dated if j.area == area], x_of)
        for index, area in enumerate(areas)
    )
    axis_y = TOP + len(rows) * ROW_HEIGHT
    return Chart(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        axis_y=axis_y,
        rows=rows,
        ticks=_ticks(first_year, last_year, x_of),
    )


def _row(index: int, area: str, judgements, x_of) -> Row:
    top = TOP + index * ROW_HEIGHT
    first_level = top + (ROW_HEIGHT - 3 * LEVEL_GAP) / 2

    def y_of(rank: int) -> float:
        return first_level + (rank - 1) * LEVEL_GAP

    label = JudgementArea(area).label
    lines = textwrap.wrap(label, AREA_LABEL_CHARACTERS)
    line_top = top + ROW_HEIGHT / 2 - (len(lines) - 1) * 8 + 4
    marks = tuple(
        sorted(
            (
                Mark(
                    x=x_of(j.event_date),
                    y=y_of(GRADE_RANK[j.grade]),
                    grade=j.grade,
                    title=_mark_title(label, j),
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


def _mark_title(area_label: str, judgement) -> str:
    inspection = judgement.inspection
    return (
        f"{area_label}: {Grade(judgement.grade).label}. "
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
