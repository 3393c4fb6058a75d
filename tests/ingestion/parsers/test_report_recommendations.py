"""Where a full report's recommendations end (pre-2013, SIF and LSCB reports share the body's
reading, ``_report_body``): on real reports whose narrative had been read as recommendations,
and on composed texts for shapes the corpus lacks (a heading lost in extraction after the
list). The form check itself (``_recommendations.form_of``) is tested on sentences."""

import pytest

from ingestion.parsers import pre_sif_report, sif_report
from ingestion.parsers._recommendations import Form, form_of
from ingestion.types import Page
from inspections.codes import FindingKind
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import findings_of, pages_of

REC = FindingKind.RECOMMENDATION
FINDING = FindingKind.FINDING
LSCB_FINDINGS = "Inspection findings \u2013 the Local Safeguarding Children Board"
NO_PRIORITY_ACTION = "The inspection did not find any areas for priority and immediate action."


def _inspection(parser, pages):
    return parser.parse(pages).inspections[0]


def _numbers(findings):
    return [f.number for f in findings]


# Real reports: narrative that had been read as recommendations.


@requires_corpus
def test_redbridge_2016_board_findings_under_a_misplaced_heading_are_findings():
    # Page 37's "Recommendations" heading comes out at the page's foot, after paragraph 129
    # of the board's inspection findings: paragraphs 130-148 went on as recommendations.
    inspection = _inspection(
        sif_report, pages_of("redbridge__children's services inspection - 25 november 2016")
    )
    recommendations = findings_of(inspection, REC, "Recommendations")
    assert _numbers(recommendations) == list(range(1, 10))
    assert {f.page for f in recommendations} == {7}
    # So the board's own three (123-125), printed straight after its executive summary, have
    # no heading above them: numbered requests there are the recommendations the template
    # puts next.
    board_recommendations = findings_of(inspection, REC, "LSCB: Recommendations")
    assert _numbers(board_recommendations) == [123, 124, 125]
    assert {f.page for f in board_recommendations} == {37}
    assert board_recommendations[0].text.startswith("Extend the range of the performance data")
    assert len(findings_of(inspection, REC)) == 12
    board = findings_of(inspection, FINDING, LSCB_FINDINGS)
    assert _numbers(board) == [n for n in range(126, 149) if n != 146]
    assert board[4].text.startswith("The board demonstrates a culture of effective")
    assert board[4].page == 38


@requires_corpus
def test_ealing_2016_summary_for_children_is_no_recommendation():
    # "Summary for children" (without "and young people") was not known as a heading, so its
    # twelve bullets ("Most social workers meet children regularly...") became
    # recommendations 11-22.
    inspection = _inspection(
        sif_report, pages_of("ealing__children's services inspection - 26 august 2016")
    )
    local = findings_of(inspection, REC, "Recommendations")
    assert _numbers(local) == list(range(1, 11))
    assert {f.page for f in local} == {8}
    assert local[-1].text.endswith(
        "allegations against professionals and private fostering arrangements are fully reviewed."
    )
    assert _numbers(findings_of(inspection, REC, "LSCB: Recommendations")) == list(range(123, 128))
    assert len(findings_of(inspection, REC)) == 15
    assert not [f for f in inspection.findings if "Most social workers meet" in f.text]


@requires_corpus
@pytest.mark.parametrize(
    ("fragment", "local", "board", "statements"),
    [
        (
            "bexley__children's services inspection - 23 may 2014",
            list(range(27, 61)),
            list(range(169, 179)),
            [(26, "Priority and immediate action")],
        ),
        (
            "staffordshire__children's services inspection - 21 march 2014",
            list(range(18, 26)),
            [101, 102],
            [(17, "Priority and immediate action"), (100, "LSCB: Priority and immediate action")],
        ),
    ],
)
def test_2014_no_priority_action_is_a_finding_of_its_section(fragment, local, board, statements):
    inspection = _inspection(sif_report, pages_of(fragment))
    recommendations = findings_of(inspection, REC)
    assert [f.number for f in recommendations if not f.section.startswith("LSCB")] == local
    assert [f.number for f in recommendations if f.section.startswith("LSCB")] == board
    found = [(f.number, f.section) for f in inspection.findings if f.text == NO_PRIORITY_ACTION]
    assert found == statements
    assert all(f.kind == FINDING for f in inspection.findings if f.text == NO_PRIORITY_ACTION)


# Composed texts: the shapes of the 2012-14 templates with a heading lost after the list.

SIF_PAGE_ONE = (
    "Exampleshire County Council\n"
    "Inspection of services for children in need of help and\n"
    "protection, children looked after and care leavers\n"
    "Inspection dates: 6 March to 30 March 2017\n"
    "Report published: 13 June 2017\n"
    "Children's services in Exampleshire are good\n"
    "1. Children who need help and protection Good\n"
    "2. Children looked after and achieving permanence Good\n"
    "2.1 Adoption performance Good\n"
    "2.2 Experiences and progress of care leavers Good\n"
    "3. Leadership, management and governance Good"
)
SIF_RECOMMENDATIONS = (
    "Executive summary\n"
    "Children in Exampleshire receive good help and protection from social workers who know\n"
    "them well, and leaders have a clear understanding of the service's strengths.\n"
    "Recommendations\n"
    "1. Ensure that all children at risk of sexual exploitation have an assessment of the\n"
    "risks that they face and a plan to reduce them.\n"
    "2. Improve the timeliness and quality of return home interviews for children who go\n"
    "missing from home or care.\n"
    "3. Review the sufficiency of local foster placements so that children can live close\n"
    "to their families and schools.\n"
)
SIF_EVIDENCE = (
    "The experiences and progress of\n"
    "children who need help and protection are good\n"
    "Summary\n"
    "Most children receive timely help that meets their needs and keeps them safe from harm.\n"
    "Inspection findings\n"
    "4. Children and families benefit from a wide range of early help services that are\n"
    "delivered well in local communities.\n"
    "5. Thresholds are well understood by partner agencies and are consistently applied.\n"
)
CHILDRENS_SUMMARY = (
    "Most social workers meet children regularly and spend a lot of time with them to find\n"
    "out what their lives are like and what worries them.\n"
    "Children who cannot live at home are placed with people who look after them well and\n"
    "help them to do well in their education and hobbies.\n"
)


def _sif(body: str) -> list:
    pages = (Page(1, SIF_PAGE_ONE), Page(2, body), Page(3, SIF_EVIDENCE))
    return _inspection(sif_report, pages)


def _assert_three_recommendations(inspection):
    recommendations = findings_of(inspection, REC)
    assert _numbers(recommendations) == [1, 2, 3]
    assert recommendations[2].text == (
        "Review the sufficiency of local foster placements so that children can live close to "
        "their families and schools."
    )
    help_section = "The experiences and progress of children who need help and protection"
    assert _numbers(findings_of(inspection, FINDING, help_section)) == [4, 5]
    assert not [f for f in recommendations if "social workers meet" in f.text]


def test_composed_children_summary_bullets_after_the_list_with_their_heading_lost():
    bullets = "".join(
        f"\u2022 {line}\n" if i % 2 == 0 else f"{line}\n"
        for i, line in enumerate(CHILDRENS_SUMMARY.splitlines())
    )
    inspection = _sif(SIF_RECOMMENDATIONS + bullets)
    _assert_three_recommendations(inspection)
    # Bullets that cannot be placed under a heading are plain findings.
    unplaced = findings_of(inspection, FINDING, "")
    assert [f.text[:30] for f in unplaced] == [
        "Most social workers meet child",
        "Children who cannot live at ho",
    ]


def test_composed_children_summary_paragraphs_after_the_list_with_their_heading_lost():
    _assert_three_recommendations(_sif(SIF_RECOMMENDATIONS + CHILDRENS_SUMMARY))


def test_composed_children_summary_under_a_heading_the_template_list_lacks():
    inspection = _sif(
        SIF_RECOMMENDATIONS + "What children and young people told us\n" + CHILDRENS_SUMMARY
    )
    _assert_three_recommendations(inspection)


def test_composed_children_summary_numbered_afresh_after_the_list():
    numbered = (
        "1. Most social workers meet children regularly and spend a lot of time with them to\n"
        "find out what their lives are like and what worries them.\n"
        "2. Children who cannot live at home are placed with people who look after them well.\n"
    )
    _assert_three_recommendations(_sif(SIF_RECOMMENDATIONS + numbered))


def test_composed_2014_board_section_after_the_areas_for_improvement_with_its_heading_lost():
    body = (
        "What does the local authority need to improve?\n"
        "Areas for improvement\n"
        "1. Ensure that all children at risk of sexual exploitation have an assessment of the\n"
        "risks that they face and a plan to reduce them.\n"
        "2. The local authority should improve the timeliness of return home interviews for\n"
        "children who go missing from home or care.\n"
        "3. Review the sufficiency of local foster placements so that children can live close\n"
        "to their families and schools.\n"
        "4. The Local Safeguarding Children Board is well established. It holds partners to\n"
        "account effectively and its chair provides strong leadership.\n"
        "5. Partners attend board meetings regularly and at a sufficiently senior level.\n"
    )
    evidence = SIF_EVIDENCE.replace("4. Children", "6. Children").replace("5. Thr", "7. Thr")
    pages = (Page(1, SIF_PAGE_ONE), Page(2, body), Page(3, evidence))
    inspection = _inspection(sif_report, pages)
    recommendations = findings_of(inspection, REC)
    assert _numbers(recommendations) == [1, 2, 3]
    assert {f.section for f in recommendations} == {"Areas for improvement"}
    assert _numbers(findings_of(inspection, FINDING)) == [4, 5, 6, 7]


PRE_SIF_PAGE_ONE = (
    "Inspection of local authority arrangements for the protection of children\n"
    "Exampleshire County Council\n"
    "Inspection dates: 7 - 18 January 2013\n"
    "Reporting inspector Jane Doe HMI\n"
    "Age group: All\n"
    "Published: 22 February 2013"
)
PRE_SIF_AREAS = (
    "Areas for improvement\n"
    "2. In order to improve the quality of help and protection given to children and young\n"
    "people in Exampleshire, the local authority and its partners should take the following\n"
    "action.\n"
    "Immediately:\n"
    "\u2022 ensure that all strategy discussions involve the police and health professionals\n"
    "and that their decisions are recorded\n"
    "Within three months:\n"
    "\u2022 ensure that child protection plans are specific about what must change\n"
    "\u2022 improve the quality of supervision so that managers challenge drift in children's\n"
    "plans.\n"
)
PRE_SIF_RECORD = (
    "Record of main findings\n"
    "Safeguarding services\n"
    "Overall effectiveness Adequate\n"
    "Capacity for improvement Good\n"
)


def _pre_sif(after_areas: str):
    body = (
        "Overall effectiveness\n"
        "1. The overall effectiveness of the arrangements to protect children is adequate.\n"
        + PRE_SIF_AREAS
        + after_areas
    )
    pages = (Page(1, PRE_SIF_PAGE_ONE), Page(2, body), Page(3, PRE_SIF_RECORD))
    return _inspection(pre_sif_report, pages)


def _assert_three_areas(inspection):
    recommendations = findings_of(inspection, REC)
    assert [(f.section, f.number) for f in recommendations] == [
        ("Immediately", 1),
        ("Within three months", 1),
        ("Within three months", 2),
    ]
    assert recommendations[-1].text == (
        "improve the quality of supervision so that managers challenge drift in children's plans."
    )


def test_composed_2013_child_protection_report_graded_section_with_its_heading_lost():
    inspection = _pre_sif(
        "3. Children and young people in Exampleshire are safe and most receive timely help.\n"
        "4. Referrals are screened promptly and decisions are made by qualified managers.\n"
    )
    _assert_three_areas(inspection)
    assert _numbers(findings_of(inspection, FINDING, "")) == [3, 4]


def test_composed_2013_child_protection_report_graded_section_the_template_list_lacks():
    inspection = _pre_sif(
        "The effectiveness of the help and protection provided to\n"
        "children, young people, families and carers\n"
        "3. Children and young people in Exampleshire are safe and most receive timely help.\n"
        "4. Referrals are screened promptly and decisions are made by qualified managers.\n"
    )
    _assert_three_areas(inspection)
    section = (
        "The effectiveness of the help and protection provided to children, young people, "
        "families and carers"
    )
    assert _numbers(findings_of(inspection, FINDING, section)) == [3, 4]


def test_composed_topic_subheadings_inside_the_list_do_not_end_it():
    body = SIF_RECOMMENDATIONS.replace(
        "2. Improve", "Children who go missing\n2. Improve"
    ).replace("3. Review", "Sufficiency\n3. Review")
    _assert_three_recommendations(_sif(body))


# The form check.


@pytest.mark.parametrize(
    "text",
    [
        "Ensure that all children have a plan.",
        "Further improve the quality of assessments.",
        "When children go missing, ensure that they are offered a return home interview.",
        "With partners, review the pathways for early help.",
        "In partnership with the KSCB, launch the multi-agency neglect strategy.",
        "As a matter of urgency, finalise which body commissions the services.",
        "The local authority and its partners should take the following action.",
        "Senior leaders and managers need to take urgent action.",
        "The BSCB to ensure that single and multi-agency audits are undertaken.",
        "Comply with care-planning regulations when children are looked after.",
        "Progress work with health partners to ensure timely health assessments.",
        "accelerate and robustly implement existing plans for care leavers",
    ],
)
def test_requests(text):
    assert form_of(text) is Form.REQUEST


@pytest.mark.parametrize(
    "text",
    [
        "Most social workers meet children regularly and spend a lot of time with them.",
        "The board demonstrates a culture of effective and respectful challenge.",
        "Engagement and commitment of partners to the work of the board are very strong.",
        "Services for children in Ealing are good.",
        "Countering female genital mutilation is another key priority of the board.",
        NO_PRIORITY_ACTION,
        "Progress is slow. Ensure that plans are reviewed.",
        "When people report that they are worried about children, staff act quickly.",
    ],
)
def test_statements(text):
    assert form_of(text) is Form.NARRATIVE


def test_a_fragment_that_lost_its_opening_cannot_be_told():
    # The Kent 2017 seed's board recommendations lost each first line.
    assert form_of("board to scrutinise local safeguarding performance.") is Form.UNKNOWN


def test_composed_information_about_the_inspection_after_a_full_last_line_with_its_heading_lost():
    # The list's last line is as long as any: only what follows (a statement, and no more
    # numbered paragraphs before the next heading) says the recommendation is over.
    body = SIF_RECOMMENDATIONS.replace(
        "to their families and schools.",
        "to their families and schools, and that carers are well supported by the service.",
    ) + (
        "Inspectors have looked closely at the experiences of children and young people who\n"
        "have needed help and protection, and at children looked after and care leavers.\n"
    )
    recommendations = findings_of(_sif(body), REC)
    assert _numbers(recommendations) == [1, 2, 3]
    assert recommendations[2].text.endswith("carers are well supported by the service.")
