"""The committee paper parser on any council's papers and minutes (issue 21): composed texts,
so it runs anywhere, without the corpus."""

import datetime

import pytest

from ingestion.extract import extract
from ingestion.parsers import committee_paper
from ingestion.parsers._paper_points import PROCEDURAL

D = datetime.date


# --- Any council's papers and minutes (issue 21) ---------------------------------------------
#
# Every text below is composed for these tests, following the structures of councils' pages
# (formal reports, minutes of a whole meeting, issue pages, decision records, chairs'
# statements); the councils, people and sentences are made up.


def read(text: str):
    pages = extract(text.encode(), filename="paper.txt").pages
    assert committee_paper.detect(pages)
    return committee_paper.parse(pages)


def events(paper):
    return [
        (
            i.framework,
            i.start_date,
            i.end_date,
            i.date_precision,
            i.visit_number,
            {j.area: j.grade for j in i.judgements},
        )
        for i in paper.inspections
    ]


def points(paper):
    return [
        (f.kind, f.number, f.text[:40])
        for i in paper.inspections
        for f in i.findings
        if f.kind != "next_step"
    ]


def all_findings(paper):
    return [f.text for i in paper.inspections for f in i.findings]


# composed
FORMAL_REPORT = """\
Report to: Cabinet
Date of meeting: 12 September 2024
Report of: Director of Children's Services
Subject: Outcome of the Ofsted inspection of children's services
Wards affected: All

1. Purpose of the report
1.1 To inform Cabinet of the outcome of the July 2024 Ofsted inspection of Westshire County
Council's children's services.
2. Recommendations to Cabinet
2.1 Cabinet is asked to NOTE the outcome of the inspection.
2.2 Cabinet is recommended to endorse the action plan at Appendix A.
3. Background
3.1 The previous ILACS inspection in November 2019 judged services to require improvement to
be good.
4. Ofsted's judgement
4.1 The inspection resulted in an overall judgment of 'Good'.
4.2 Inspectors judged the impact of leaders to be good, help and protection to be good and
children in care to be outstanding, with care leavers judged good.
5. What needs to improve
Ofsted identified the following areas for improvement:
a) The timeliness of initial health assessments for children in care.
b) The consistency of supervision for staff in the assessment teams.
c) The quality of pathway plans for older care leavers.
6. Next steps
6.1 An action plan will be submitted to Ofsted within 70 working days.
"""


def test_a_formal_report_with_its_grades_in_prose():
    paper = read(FORMAL_REPORT)
    assert paper.authority_name == "Westshire County Council"
    assert (paper.committee, paper.document_date) == ("Cabinet", D(2024, 9, 12))
    assert paper.problems == ()
    # "the July 2024 Ofsted inspection" is the publication month: known to the month, and
    # matched to the April-May fieldwork by the services' three months' reach
    assert events(paper) == [
        (
            "ilacs_standard",
            D(2019, 11, 1),
            D(2019, 11, 30),
            "month",
            None,
            {"overall_effectiveness": "requires_improvement"},
        ),
        (
            "ilacs_standard",
            D(2024, 7, 1),
            D(2024, 7, 31),
            "month",
            None,
            {
                "overall_effectiveness": "good",
                "impact_of_leaders": "good",
                "help_and_protection": "good",
                "children_in_care": "outstanding",
                "care_leavers": "good",
            },
        ),
    ]
    assert all(i.is_recap for i in paper.inspections)
    assert points(paper) == [
        ("area_for_improvement", 1, "The timeliness of initial health assessm"),
        ("area_for_improvement", 2, "The consistency of supervision for staff"),
        ("area_for_improvement", 3, "The quality of pathway plans for older c"),
    ]
    assert not any("Cabinet is" in text for text in all_findings(paper))


# composed
WHOLE_MEETING_MINUTES = """\
MINUTES OF THE MEETING OF THE CHILDREN AND YOUNG PEOPLE SCRUTINY PANEL

Present: Councillor Abbott (Chair), Councillors Begum, Carter and Dunn

1. Apologies for absence
Apologies were received from Councillor Evans.
2. Declarations of interest
Councillor Begum declared a personal interest as a foster carer.
3. Minutes of the previous meeting
RESOLVED that the minutes of the meeting held on 3 October 2022 be approved.
4. Ofsted inspection of children's services
The Director of Children's Services presented the report on the inspection in the summer of
2022. The inspection took place over three weeks. The service was rated as requires improvement
overall, with help and protection judged to be inadequate.
Members asked the following questions:
- How many agency social workers are in post?
- What is the timescale for the improvement plan?
The Panel noted that Ofsted had identified five areas for improvement.
RESOLVED:
(1) That the report be noted.
(2) That an update be brought to the Panel in six months.
"""


def test_minutes_of_a_whole_meeting_that_never_name_the_council():
    paper = read(WHOLE_MEETING_MINUTES)
    assert paper.authority_name == ""
    assert paper.problems == ("authority not found: the paper does not name its council",)
    assert paper.committee == "Children And Young People Scrutiny Panel"
    # "the meeting held on 3 October 2022" is the last meeting's: no date is better than that
    assert paper.document_date is None
    # "the summer of 2022": June to August, to the month
    assert events(paper) == [
        (
            "ilacs_standard",
            D(2022, 6, 1),
            D(2022, 8, 31),
            "month",
            None,
            {"overall_effectiveness": "requires_improvement", "help_and_protection": "inadequate"},
        )
    ]
    # counted, not listed: a fact on the event, with its page, never an invented list
    [count] = [f for i in paper.inspections for f in i.findings]
    assert (count.kind, count.section, count.page) == ("finding", "Counted, not listed", 1)
    assert count.text == "The Panel noted that Ofsted had identified five areas for improvement."


# composed
ISSUE_PAGE = """\
Issue - meetings

Ofsted Inspection of Local Authority Children's Services

Meeting: 15/06/2023 - Cabinet (Item 8)

8 Ofsted Inspection of Local Authority Children's Services

Decision:
The Cabinet Member for Children and Families introduced the report. Children's social care was
last the subject of a full ILACS inspection in February and March of 2023. The resultant Ofsted
judgement from that inspection was one of 'Requires Improvement', which followed the previous
inspection in 2018 that determined the same judgement.
RESOLVED that Cabinet notes the progress made against the 27 Ofsted recommendations.
"""


def test_an_issue_page_and_the_same_judgement_as_before():
    paper = read(ISSUE_PAGE)
    assert (paper.committee, paper.document_date) == ("Cabinet", D(2023, 6, 15))
    assert ("document_date", "meeting line") in paper.found_by
    assert events(paper) == [
        (
            "ilacs_standard",
            D(2018, 1, 1),
            D(2018, 12, 31),
            "year",
            None,
            {"overall_effectiveness": "requires_improvement"},
        ),
        (
            "ilacs_standard",
            D(2023, 2, 1),
            D(2023, 3, 31),
            "month",
            None,
            {"overall_effectiveness": "requires_improvement"},
        ),
    ]
    # the resolution counts Ofsted's recommendations, but it is the committee's procedure
    assert all_findings(paper) == []


# composed
DECISION_RECORD = """\
| Record of decision | |
|---|---|
| Decision taker | Cabinet |
| Date of decision | 4 October 2023 |
| Title | Ofsted ILACS outcome and action plan |
| Summary | Ofsted inspected the council's children's services between 10 and 21 July 2023 \
(rated as requires improvement). Care leavers were judged good. |
| Decision | RESOLVED that the action plan be approved. |
| Reasons | The report made the following recommendations: |
| | 1. Improve the timeliness of child protection conferences. |
| | 2. Ensure that supervision is regular and reflective. |
| | 3. Improve the sufficiency of local placements. |
"""


def test_a_decision_record_in_table_pipes():
    paper = read(DECISION_RECORD)
    assert (paper.committee, paper.document_date) == ("Cabinet", D(2023, 10, 4))
    assert events(paper) == [
        (
            "ilacs_standard",
            D(2023, 7, 10),
            D(2023, 7, 21),
            "day",
            None,
            {"overall_effectiveness": "requires_improvement", "care_leavers": "good"},
        )
    ]
    assert points(paper) == [
        ("recommendation", 1, "Improve the timeliness of child protecti"),
        ("recommendation", 2, "Ensure that supervision is regular and r"),
        ("recommendation", 3, "Improve the sufficiency of local placeme"),
    ]


# composed
CHAIR_STATEMENT = """\
Statement from the Chair

Meeting: 23/01/2020 - Children and Families Scrutiny Panel (Item 25)

The Chair referred to the recent Ofsted inspection of children's services and invited the
Cabinet Member to address the panel.
The panel noted the following:
- That the overall judgement of this Ofsted inspection was that the service required
improvement.
- There were no areas judged to be inadequate.
RESOLVED that a formal report on the inspection be brought to the next meeting of the Panel.
"""


def test_a_chairs_statement_about_an_inspection_it_never_dates():
    paper = read(CHAIR_STATEMENT)
    assert paper.committee == "Children and Families Scrutiny Panel"
    # dated by the meeting: within the nine months before it, to the year
    [event] = paper.inspections
    assert (event.start_date, event.end_date, event.date_precision) == (
        D(2019, 4, 28),
        D(2020, 1, 23),
        "year",
    )
    assert {j.area: j.grade for j in event.judgements} == {
        "overall_effectiveness": "requires_improvement"
    }


def test_an_undated_inspection_without_a_meeting_date_is_said_not_invented():
    paper = read(CHAIR_STATEMENT.replace("Meeting: 23/01/2020 - ", "Meeting of the "))
    assert paper.inspections == ()
    assert any("does not date" in w for w in paper.warnings)


# composed
MONITORING_VISITS = """\
Report of: Strategic Director, People
To: Corporate Parenting Board
Date of meeting: 6 July 2023
Subject: Ofsted monitoring visits

1. Summary
1.1 Northby Metropolitan Borough Council's children's services were judged inadequate following
the standard inspection in October 2022. The first monitoring visit on 29-30 March 2023 looked at
the front door; the second monitoring visit took place on 13 and 14 June 2023 and looked at
children in need.
1.2 Inspectors found that leaders had made progress. Of the improvement plan, 64% is complete,
and 12 of 18 actions are rated green.
2. Recommendation
2.1 The Board is asked to note the report.
"""


def test_monitoring_visits_by_their_number():
    paper = read(MONITORING_VISITS)
    assert paper.authority_name == "Northby Metropolitan Borough Council"
    assert events(paper) == [
        (
            "ilacs_standard",
            D(2022, 10, 1),
            D(2022, 10, 31),
            "month",
            None,
            {"overall_effectiveness": "inadequate"},
        ),
        ("monitoring_visit", D(2023, 3, 29), D(2023, 3, 30), "day", 1, {}),
        ("monitoring_visit", D(2023, 6, 13), D(2023, 6, 14), "day", 2, {}),
    ]
    assert all_findings(paper) == []


# composed
THREE_AREAS = """\
Agenda item
Ofsted Inspection of Children's Services - outcome

Minutes:
Councillor Green, Portfolio Holder for Children, attended the meeting. The inspection took place
over three weeks in July and the report was published on 5 September 2022.
The Council was judged to be 'Requires improvement to be good' in the domains of the impact of
leaders on social work practice with children and families and the experiences and progress of
children in care and care leavers, and 'Inadequate' in the domain of the experiences and progress
of children who need help and protection.
While the outcome of the inspection judgement as 'Inadequate' overall is disappointing, the
Council considers the report balanced.
The Committee noted the report.
Meeting: 03/11/2022 - Children and Young People Scrutiny Committee (Item 20)
"""


def test_three_area_grades_in_one_sentence_and_a_month_without_its_year():
    paper = read(THREE_AREAS)
    assert paper.authority_name == ""  # "The Council" names no council
    # "in July", the year from the meeting; the report's publication from its own sentence
    [event] = paper.inspections
    assert (event.start_date, event.end_date, event.published_on) == (
        D(2022, 7, 1),
        D(2022, 7, 31),
        D(2022, 9, 5),
    )
    assert {j.area: j.grade for j in event.judgements} == {
        "impact_of_leaders": "requires_improvement",
        "children_in_care_and_care_leavers": "requires_improvement",
        "help_and_protection": "inadequate",
        "overall_effectiveness": "inadequate",
    }


# composed
GOOD_IN_ALL_AREAS = """\
Southmere Borough Council
Children's Services Overview and Scrutiny Committee
Meeting held on 9 May 2019

Agenda item 6: Ofsted ILACS outcome
The Director reported that the ILACS inspection in January 2019 had judged the Council 'Good'
in all areas, up from the SIF inspection of 2015 in which services were rated as requires
improvement to be good.
Members welcomed the report.
RESOLVED that the Committee notes the report.
"""


def test_good_in_all_areas_and_the_grade_before():
    paper = read(GOOD_IN_ALL_AREAS)
    assert paper.document_date == D(2019, 5, 9)
    assert events(paper) == [
        (
            "sif",
            D(2015, 1, 1),
            D(2015, 12, 31),
            "year",
            None,
            {"overall_effectiveness": "requires_improvement"},
        ),
        (
            "ilacs_standard",
            D(2019, 1, 1),
            D(2019, 1, 31),
            "month",
            None,
            {
                "overall_effectiveness": "good",
                "impact_of_leaders": "good",
                "help_and_protection": "good",
                "children_in_care_and_care_leavers": "good",
            },
        ),
    ]


# composed
LISTS_THAT_ARE_NOT_OFSTEDS = """\
Briefing note to the Scrutiny Board
Subject: Ofsted re-inspection of children's services

Children's services were re-inspected by Ofsted from 6 to 30 March 2017. The report, published
on 13 June 2017, judged overall children's services in Eastford as 'requires improvement to be
good'.
The inspection report made three recommendations:
1. Ensure that thresholds are understood and applied by all partners.
2. Improve the quality of assessments so that they are consistently analytical.
3. Ensure that care leavers are told of their entitlements.
Progress against the previous inspection's recommendations:
- Recommendation 1: complete (green).
- Recommendation 2: on track (amber).
The Improvement Board's workstreams are:
- Workforce stability and recruitment
- The front door and early help
The Board is recommended to note the progress made.
"""


def test_ofsteds_list_apart_from_progress_workstreams_and_procedure():
    paper = read(LISTS_THAT_ARE_NOT_OFSTEDS)
    [event] = paper.inspections
    assert (event.framework, event.start_date, event.published_on) == (
        "sif",
        D(2017, 3, 6),
        D(2017, 6, 13),
    )
    assert {j.area: j.grade for j in event.judgements} == {
        "overall_effectiveness": "requires_improvement"
    }
    assert points(paper) == [
        ("recommendation", 1, "Ensure that thresholds are understood an"),
        ("recommendation", 2, "Improve the quality of assessments so th"),
        ("recommendation", 3, "Ensure that care leavers are told of the"),
    ]


# composed
OTHER_COUNCILS = """\
Report to: Children's Services Scrutiny Panel
Date of meeting: 20 April 2016
Subject: Learning from Ofsted inspections of other local authorities
Report of: Assistant Director

1. Summary
1.1 Ofsted has now inspected most councils. In March 2016, two local authorities were found to
be 'Outstanding', and Greyport was found to be 'Inadequate' in its inspection in January 2016.
1.2 Our own services were last inspected in 2012, when safeguarding was judged adequate.
2. Recommendations
2.1 The Panel is asked to consider the report.
"""


def test_grades_of_other_councils_are_not_the_papers():
    paper = read(OTHER_COUNCILS)
    assert events(paper) == [
        (
            "pre_sif",
            D(2012, 1, 1),
            D(2012, 12, 31),
            "year",
            None,
            {"safeguarding_overall": "adequate"},
        )
    ]


# composed
FOCUSED_VISIT_MINUTES = """\
Minutes of the meeting of the Corporate Parenting Committee held on Tuesday, 8 November 2022

5. Ofsted focused visit
The Assistant Director reported on the focused visit in September 2022, which looked at children
in care. Ofsted's letter identified two areas for improvement: the timeliness of permanence
planning and the quality of life story work. Councillors asked about placement sufficiency.
RESOLVED that the Committee notes the letter.
Northwick City Council
"""


def test_a_focused_visit_in_minutes_with_its_points_named_where_they_are_counted():
    paper = read(FOCUSED_VISIT_MINUTES)
    assert paper.authority_name == "Northwick City Council"
    assert paper.committee == "Corporate Parenting Committee"
    assert paper.document_date == D(2022, 11, 8)
    [visit] = paper.inspections
    assert (visit.framework, visit.start_date, visit.date_precision) == (
        "focused_visit",
        D(2022, 9, 1),
        "month",
    )
    # "two areas for improvement: X and Y": named in the sentence that counts them.
    assert [(f.kind, f.text) for f in visit.findings] == [
        ("area_for_improvement", "the timeliness of permanence planning"),
        ("area_for_improvement", "the quality of life story work"),
    ]


def test_a_paper_with_no_event_is_kept_for_its_text():
    text = FORMAL_REPORT.split("3. Background")[0].replace("the July 2024 Ofsted", "the Ofsted")
    paper = read(text)
    assert paper.inspections == ()
    assert "no Ofsted inspection or visit found in the paper: kept for its text" in paper.warnings


@pytest.mark.parametrize(
    "line",
    [
        "Cabinet Committee is asked to NOTE the content of the report.",
        "RESOLVED that the report be noted.",
        "That the report be noted.",
        "The Board is recommended to note the progress made.",
        "Referring to recommendation 1.2, the Chair asked for an update.",
    ],
)
def test_procedural_lines_are_never_points(line):
    assert PROCEDURAL.search(line)


# composed: a scrutiny report that sets the judgements out as a table, each way a table reaches
# the site (Markdown pipes, label and grade split by a colon, the separators lost to spaces, a
# PDF's table read line by line with the labels wrapped)
TABLE_PAPER = """\
Children and Young People Scrutiny Committee
Date of meeting: 14 March 2023
Report of: Director of Children's Services
Subject: Outcome of the inspection of children's services

1. Purpose of the report
1.1 To inform members of the outcome of the ILACS inspection of Northfold Borough Council
children's services, which took place from 9 to 20 January 2023.

2. The judgements
2.1 The inspectors made the following judgements:

{table}

3. Recommendation
3.1 That the committee notes the report.
"""
GRADES_2023 = {
    "impact_of_leaders": "good",
    "help_and_protection": "requires_improvement",
    "children_in_care": "good",
    "care_leavers": "outstanding",
    "overall_effectiveness": "good",
}
LABELS = (
    ("The impact of leaders on social work practice with children and families", "Good"),
    (
        "The experiences and progress of children who need help and protection",
        "Requires improvement to be good",
    ),
    ("The experiences and progress of children in care", "Good"),
    ("The experiences and progress of care leavers", "Outstanding"),
    ("Overall effectiveness", "Good"),
)


def _wrapped(label: str) -> str:
    words = label.split()
    return " ".join(words[:8]) + ("\n" + " ".join(words[8:]) if words[8:] else "")


@pytest.mark.parametrize(
    "table",
    [
        "| Judgement | Grade |\n|---|---|\n"
        + "\n".join(f"| {label} | {grade} |" for label, grade in LABELS),
        "\n".join(f"{label}: {grade}" for label, grade in LABELS),
        "Judgement    Grade\n" + "\n".join(f"{label}    {grade}" for label, grade in LABELS),
        "Judgement Grade\n" + "\n".join(f"{_wrapped(label)} {grade}" for label, grade in LABELS),
        "Judgement\nGrade\n" + "\n".join(f"{_wrapped(label)}\n{grade}" for label, grade in LABELS),
    ],
    ids=["pipes", "colon", "spaces", "wrapped", "grade-on-its-own-line"],
)
def test_a_grade_table_gives_every_judgement_whatever_became_of_its_separators(table):
    paper = read(TABLE_PAPER.format(table=table))
    assert events(paper) == [
        ("ilacs_standard", D(2023, 1, 9), D(2023, 1, 20), "day", None, GRADES_2023)
    ]


@pytest.mark.parametrize(
    "table",
    [
        # a grade for each year: which is which is not for a row reader to guess
        "| Judgement | 2019 | 2023 |\n|---|---|---|\n"
        "| Overall effectiveness | Requires improvement | Good |",
        # prose that happens to end a line with a grade word
        "Members heard that the experiences and progress of children in care were not\ngood\n"
        "enough in 2019.",
    ],
    ids=["years", "prose"],
)
def test_rows_that_are_not_one_area_and_one_grade_give_none(table):
    paper = read(TABLE_PAPER.format(table=table))
    assert events(paper)[0][-1] == {}


# composed: the points named in the sentence that counts them
INLINE_PAPER = """\
Report to: Cabinet
Date of meeting: 12 September 2024
Subject: Outcome of the Ofsted inspection of children's services

1. Summary
1.1 Ofsted inspected Northfold Borough Council's children's services from 8 to 19 July 2024.
Overall effectiveness was judged to be good.
1.2 {sentence}

2. Recommendation
2.1 Cabinet is asked to note the report.
"""


@pytest.mark.parametrize(
    ("sentence", "kind", "named"),
    [
        (
            "The inspectors identified three areas for improvement: the timeliness of "
            "assessments; the quality of supervision; and return home interviews.",
            "area_for_improvement",
            [
                "the timeliness of assessments",
                "the quality of supervision",
                "return home interviews",
            ],
        ),
        (
            "Ofsted identified three areas for improvement: the quality of help and protection, "
            "supervision and return home interviews.",
            "area_for_improvement",
            ["the quality of help and protection", "supervision", "return home interviews"],
        ),
        (
            "Ofsted made two recommendations, namely the quality of plans and the sufficiency of "
            "placements.",
            "recommendation",
            ["the quality of plans", "the sufficiency of placements"],
        ),
    ],
)
def test_points_named_in_the_sentence_that_counts_them_are_points(sentence, kind, named):
    paper = read(INLINE_PAPER.format(sentence=sentence))
    found = [f for i in paper.inspections for f in i.findings if f.kind != "next_step"]
    assert [(f.kind, f.text) for f in found] == [(kind, text) for text in named]
    assert [f.number for f in found] == list(range(1, len(named) + 1))
    assert found[0].section.startswith(("The inspectors identified", "Ofsted made", "Ofsted id"))


@pytest.mark.parametrize(
    "sentence",
    [
        # as many items as the count, or it is not the list
        "Ofsted identified four areas for improvement: assessments, supervision and placements.",
        # what they are about, not what they are
        "Ofsted identified three areas for improvement, relating to assessments, supervision and "
        "placements.",
        # one point whose words hold an "and"
        "Ofsted made two recommendations: improve help and protection.",
    ],
)
def test_a_count_whose_sentence_does_not_list_them_stays_counted(sentence):
    paper = read(INLINE_PAPER.format(sentence=sentence))
    [counted] = [f for i in paper.inspections for f in i.findings if f.kind != "next_step"]
    assert (counted.kind, counted.section) == ("finding", "Counted, not listed")
