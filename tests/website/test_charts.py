"""The grades-over-time chart's geometry: rows per area, marks placed by date and grade."""

import datetime
from types import SimpleNamespace

from inspections.codes import Framework, Grade, JudgementArea
from website.charts import LEVEL_GAP, PLOT_LEFT, PLOT_RIGHT, grade_chart


def judgement(area, grade, day):
    inspection = SimpleNamespace(
        get_framework_display=lambda: Framework.SIF.label,
        get_absolute_url=lambda: "/inspections/1/",
    )
    return SimpleNamespace(area=area, grade=grade, event_date=day, inspection=inspection)


def test_no_dated_judgement_draws_no_chart():
    assert grade_chart([]) is None
    assert grade_chart([judgement(JudgementArea.LSCB, Grade.GOOD, None)]) is None


def test_one_row_per_area_in_the_canonical_order():
    chart = grade_chart(
        [
            judgement(JudgementArea.HELP_AND_PROTECTION, Grade.GOOD, datetime.date(2017, 6, 1)),
            judgement(JudgementArea.OVERALL_EFFECTIVENESS, Grade.GOOD, datetime.date(2017, 6, 1)),
        ]
    )
    assert [row.label_lines[0][1] for row in chart.rows] == [
        "Overall effectiveness",
        "Children who need help",
    ]


def test_marks_sit_on_their_grade_line_and_date():
    overall = JudgementArea.OVERALL_EFFECTIVENESS
    chart = grade_chart(
        [
            judgement(overall, Grade.ADEQUATE, datetime.date(2010, 1, 1)),
            judgement(overall, Grade.OUTSTANDING, datetime.date(2022, 12, 31)),
            judgement(overall, Grade.REQUIRES_IMPROVEMENT, datetime.date(2016, 7, 1)),
        ]
    )
    (row,) = chart.rows
    levels = {level.label: level.y for level in row.levels}
    by_grade = {mark.grade: mark for mark in row.marks}
    # Adequate (before 2013) shares the requires-improvement line.
    assert by_grade[Grade.ADEQUATE].y == by_grade[Grade.REQUIRES_IMPROVEMENT].y
    assert by_grade[Grade.ADEQUATE].y == levels["Requires improvement"]
    assert levels["Good"] - levels["Outstanding"] == LEVEL_GAP
    assert by_grade[Grade.ADEQUATE].x == PLOT_LEFT
    assert PLOT_LEFT < by_grade[Grade.OUTSTANDING].x < PLOT_RIGHT
    assert [mark.grade for mark in row.marks] == [
        Grade.ADEQUATE,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.OUTSTANDING,
    ]
    assert "Outstanding" in by_grade[Grade.OUTSTANDING].title
    assert "December 2022" in by_grade[Grade.OUTSTANDING].title


def test_the_axis_has_a_label_for_every_year_of_a_short_history():
    chart = grade_chart(
        [
            judgement(JudgementArea.LSCB, Grade.GOOD, datetime.date(2014, 3, 1)),
            judgement(JudgementArea.LSCB, Grade.GOOD, datetime.date(2018, 3, 1)),
        ]
    )
    assert [tick.label for tick in chart.ticks] == ["2014", "2015", "2016", "2017", "2018"]
