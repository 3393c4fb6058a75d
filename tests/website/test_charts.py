"""The grades-over-time chart's geometry: a row per thing judged, joined across frameworks,
marks placed by date and grade."""

import datetime
from types import SimpleNamespace

from inspections.codes import Framework, Grade, JudgementArea
from website.charts import LEVEL_GAP, PLOT_LEFT, PLOT_RIGHT, comparison_chart, grade_chart


def judgement(area, grade, day, framework=Framework.SIF):
    """A judgement as the chart reads it; one inspection per date."""
    inspection = _inspection(day, framework)
    return SimpleNamespace(
        area=area, grade=grade, event_date=day, inspection=inspection, inspection_id=id(inspection)
    )


_inspections = {}


def _inspection(day, framework):
    if (day, framework) not in _inspections:
        _inspections[day, framework] = SimpleNamespace(
            get_framework_display=lambda: Framework(framework).label,
            get_absolute_url=lambda: f"/inspections/{len(_inspections)}/",
        )
    return _inspections[day, framework]


def test_no_dated_judgement_draws_no_chart():
    assert grade_chart([]) is None
    assert grade_chart([judgement(JudgementArea.LSCB, Grade.GOOD, None)]) is None


def test_one_line_per_thing_judged_across_the_frameworks_that_named_it_otherwise():
    """Children in care: looked after (2010), SIF's permanence (2016), ILACS's joint judgement
    with care leavers (2019), ILACS's own from 2023: one row, four marks, each naming its
    area; the joint judgement is on the care leavers' row too."""
    A = JudgementArea
    chart = grade_chart(
        [
            judgement(
                A.LOOKED_AFTER_OVERALL, Grade.ADEQUATE, datetime.date(2010, 3, 1), "pre_sif"
            ),
            judgement(A.SAFEGUARDING_OVERALL, Grade.GOOD, datetime.date(2010, 3, 1), "pre_sif"),
            judgement(A.LOOKED_AFTER_AND_PERMANENCE, Grade.GOOD, datetime.date(2016, 3, 1)),
            judgement(A.CARE_LEAVERS, Grade.INADEQUATE, datetime.date(2016, 3, 1)),
            judgement(A.ADOPTION_PERFORMANCE, Grade.GOOD, datetime.date(2016, 3, 1)),
            judgement(
                A.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
                Grade.GOOD,
                datetime.date(2019, 5, 1),
                "ilacs_standard",
            ),
            judgement(
                A.CHILDREN_IN_CARE, Grade.OUTSTANDING, datetime.date(2024, 5, 1), "ilacs_standard"
            ),
            judgement(A.CARE_LEAVERS, Grade.GOOD, datetime.date(2024, 5, 1), "ilacs_standard"),
        ]
    )
    rows = {" ".join(line for _, line in row.label_lines): row for row in chart.rows}
    assert list(rows) == ["Help and protection", "Children in care", "Care leavers"]
    in_care = rows["Children in care"]
    assert [m.title.split(":")[0] for m in in_care.marks] == [
        "Looked after children",
        "Children looked after and achieving permanence",
        "Experiences and progress of children in care and care leavers",
        "Experiences and progress of children in care",
    ]
    assert len(rows["Care leavers"].marks) == 3  # SIF, the joint ILACS one, ILACS 2023
    # What no row joins is listed, not drawn; the frameworks' starts are marked.
    assert [j.area for j in chart.others] == [A.ADOPTION_PERFORMANCE]
    assert [era.label for era in chart.eras] == ["SIF", "ILACS", "ILACS 2023"]
    assert all(PLOT_LEFT < era.x < PLOT_RIGHT for era in chart.eras)


def test_one_row_per_area_in_the_canonical_order():
    chart = grade_chart(
        [
            judgement(JudgementArea.HELP_AND_PROTECTION, Grade.GOOD, datetime.date(2017, 6, 1)),
            judgement(JudgementArea.OVERALL_EFFECTIVENESS, Grade.GOOD, datetime.date(2017, 6, 1)),
        ]
    )
    assert [row.label_lines[0][1] for row in chart.rows] == [
        "Overall effectiveness",
        "Help and protection",
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
            judgement(JudgementArea.OVERALL_EFFECTIVENESS, Grade.GOOD, datetime.date(2014, 3, 1)),
            judgement(JudgementArea.OVERALL_EFFECTIVENESS, Grade.GOOD, datetime.date(2018, 3, 1)),
        ]
    )
    assert [tick.label for tick in chart.ticks] == ["2014", "2015", "2016", "2017", "2018"]


def test_a_comparison_has_a_row_per_authority_on_one_time_axis():
    """One thing judged (children in care), joined across frameworks for each authority; an
    authority never graded in it keeps its row, empty; each mark's title names its authority."""
    A = JudgementArea
    chart = comparison_chart(
        [
            (
                "Northtown",
                [
                    judgement(
                        A.LOOKED_AFTER_AND_PERMANENCE, Grade.GOOD, datetime.date(2015, 2, 1)
                    ),
                    judgement(A.HELP_AND_PROTECTION, Grade.GOOD, datetime.date(2015, 2, 1)),
                    judgement(
                        A.CHILDREN_IN_CARE,
                        Grade.INADEQUATE,
                        datetime.date(2023, 6, 1),
                        "ilacs_standard",
                    ),
                ],
            ),
            ("Southtown", []),
            ("Easttown", [judgement(A.CHILDREN_IN_CARE, Grade.GOOD, datetime.date(2020, 1, 1))]),
        ],
        "Children in care",
    )
    assert [row.label_lines[0][1] for row in chart.rows] == ["Northtown", "Southtown", "Easttown"]
    assert [len(row.marks) for row in chart.rows] == [2, 0, 1]
    assert (
        chart.rows[0]
        .marks[0]
        .title.startswith("Northtown – Children looked after and achieving permanence: Good.")
    )
    # One axis for all: 2015 to 2023, Easttown's 2020 mark between Northtown's two.
    assert chart.ticks[0].label == "2015" and chart.ticks[-1].label == "2023"
    assert chart.rows[0].marks[0].x < chart.rows[2].marks[0].x < chart.rows[0].marks[1].x
    assert chart.others == ()


def test_a_comparison_with_no_grade_in_the_line_draws_no_chart():
    only_overall = [
        judgement(JudgementArea.OVERALL_EFFECTIVENESS, Grade.GOOD, datetime.date(2019, 1, 1))
    ]
    assert comparison_chart([("Northtown", only_overall), ("Southtown", [])], "Leaders") is None
