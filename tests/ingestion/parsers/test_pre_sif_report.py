"""The pre-2013 report parser on the corpus's three inspections of looked after children
services (July 2013: Kent, Norfolk, Sandwell), on the outstanding/good/adequate/inadequate
scale, plus a small made-up record of main findings with both service blocks of the 2009-12
safeguarding and looked after children reports."""

import dataclasses
import datetime as dt
import re

import pytest

from ingestion.parsers import pre_sif_report as parser
from ingestion.types import Page, ParseError
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

pytestmark = requires_corpus

KENT = "kent__children's services inspection,  pdf - 23 august 2013"
NORFOLK = "norfolk__children's services inspection,  pdf - 16 august 2013"
SANDWELL = "sandwell__children's services inspection,  pdf - 02 august 2013"
PRE_SIF_FILES = [KENT, NORFOLK, SANDWELL]

OVERALL = JudgementArea.LOOKED_AFTER_OVERALL
CAPACITY = JudgementArea.LOOKED_AFTER_CAPACITY
PROVISION = JudgementArea.QUALITY_OF_PROVISION
LEADERSHIP = JudgementArea.LEADERSHIP_AND_MANAGEMENT
GOOD, ADEQUATE, INAD = Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE
REC = FindingKind.RECOMMENDATION
FINDING = FindingKind.FINDING
OUTCOMES = "Outcomes for looked after children and young people"
OVERALL_SECTION = "Overall effectiveness of services for looked after children and young people"


def _parse(pages):
    document = parser.parse(pages)
    assert document.kind == DocumentKind.INSPECTION_REPORT
    (inspection,) = document.inspections
    return document, inspection


def _grades(inspection):
    return [(j.area, j.grade, j.page) for j in inspection.judgements]


def _of(inspection, kind, section=None):
    return [
        f
        for f in inspection.findings
        if f.kind == kind and (section is None or f.section == section)
    ]


def _starts(findings, beginnings):
    assert len(findings) == len(beginnings)
    for finding, beginning in zip(findings, beginnings, strict=True):
        assert finding.text.startswith(beginning), (finding.text[:80], beginning)


def test_kent_2013_looked_after_children_inspection():
    document, inspection = _parse(pages_of(KENT))
    assert document.authority_name == "Kent County Council"
    assert document.title == "Inspection of looked after children services"
    assert document.published_on == document.document_date == dt.date(2013, 8, 23)
    assert inspection.framework == Framework.PRE_SIF
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2013, 7, 15),
        dt.date(2013, 7, 19),
    )
    assert inspection.published_on == dt.date(2013, 8, 23)
    assert inspection.lead_inspector == "Helen Cawston"
    # The record of main findings on the last page; "Adequate" stays adequate.
    assert _grades(inspection) == [
        (OVERALL, ADEQUATE, 21),
        (CAPACITY, GOOD, 21),
        (PROVISION, ADEQUATE, 21),
        (LEADERSHIP, ADEQUATE, 21),
    ]
    # The outcomes grade has no judgement code: reported, not dropped silently.
    assert document.warnings == (f"a graded area with no judgement code: {OUTCOMES!r} (adequate)",)


def test_kent_2013_areas_for_improvement_by_when_they_are_due():
    _, inspection = _parse(pages_of(KENT))
    immediately = _of(inspection, REC, "Immediately")
    _starts(
        immediately,
        [
            "improve the quality of supervision and management oversight in casework",
            "improve the quality of assessments and care planning",
            "ensure that the voice of the child contributes effectively",
        ],
    )
    assert [(f.number, f.page) for f in immediately] == [(1, 8), (2, 8), (3, 8)]
    three_months = _of(inspection, REC, "Within three months")
    assert [f.number for f in three_months] == list(range(1, 7))
    assert {f.page for f in three_months} == {9}
    assert three_months[0].text == (
        "improve looked after children's participation in and ownership of PEPs and Pathway "
        "Planning"
    )
    assert three_months[-1].text == "improve the timeliness of care proceedings."
    six_months = _of(inspection, REC, "Within six months")
    _starts(
        six_months,
        [
            "ensure that there are sufficient placements available",
            "ensure there is sufficient and suitable accommodation available for care leavers.",
            "review the arrangements for the independent reviewing services",
        ],
    )
    assert len(_of(inspection, REC)) == 12
    # The numbered lead-in of "Areas for improvement" is not a recommendation.
    assert not any(f.text.startswith("In order to improve") for f in inspection.findings)


def test_kent_2013_findings_under_each_graded_section():
    _, inspection = _parse(pages_of(KENT))
    numbers = {}
    for finding in _of(inspection, FINDING):
        numbers.setdefault(finding.section, []).append(finding.number)
    assert numbers == {
        OVERALL_SECTION: [11, 12],
        "Capacity to improve": list(range(13, 22)),
        OUTCOMES: list(range(23, 49)),
        "Quality of provision": list(range(49, 62)),
        "Leadership and management": list(range(62, 73)),
    }
    first = _of(inspection, FINDING, OVERALL_SECTION)[0]
    assert first.page == 6
    assert first.text.startswith(
        "The overall effectiveness of services for looked after children and young people in "
        "Kent is adequate."
    )
    # Paragraph 14 runs over to page 7.
    fourteen = next(f for f in inspection.findings if f.number == 14 and f.kind == FINDING)
    assert fourteen.page == 6
    assert fourteen.text.endswith("to bring about long term sustainability and improvement.")


def test_norfolk_2013():
    document, inspection = _parse(pages_of(NORFOLK))
    assert document.authority_name == "Norfolk County Council"
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2013, 7, 8),
        dt.date(2013, 7, 12),
    )
    assert inspection.published_on == dt.date(2013, 8, 16)
    assert inspection.lead_inspector == "Gary Lamb"
    assert _grades(inspection) == [
        (OVERALL, INAD, 23),
        (CAPACITY, INAD, 23),
        (PROVISION, INAD, 23),
        (LEADERSHIP, INAD, 23),
    ]
    assert [
        len(_of(inspection, REC, group))
        for group in (
            "Immediately",
            "Within three months",
            "Within six months",
        )
    ] == [6, 4, 7]
    assert _of(inspection, REC, "Immediately")[0].text.startswith(
        "ensure all elected members understand their corporate parenting duties"
    )
    assert _of(inspection, REC, "Within six months")[0].text.startswith(
        "agree and implement an effective early help strategy"
    )
    assert [f.number for f in _of(inspection, FINDING, "Leadership and management")] == list(
        range(61, 73)
    )


def test_sandwell_2013():
    document, inspection = _parse(pages_of(SANDWELL))
    assert document.authority_name == "Sandwell Metropolitan Borough Council"
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2013, 6, 24),
        dt.date(2013, 6, 28),
    )
    assert inspection.published_on == dt.date(2013, 8, 2)
    assert inspection.lead_inspector == "Christopher Sands"
    assert _grades(inspection) == [
        (OVERALL, INAD, 24),
        (CAPACITY, ADEQUATE, 24),
        (PROVISION, INAD, 24),
        (LEADERSHIP, INAD, 24),
    ]
    immediately = _of(inspection, REC, "Immediately")
    assert len(immediately) == 8
    assert immediately[0].text.startswith("Ensure that a clear plan is in place to improve")
    assert immediately[0].page == 10
    assert len(_of(inspection, REC, "Within three months")) == 8
    six_months = _of(inspection, REC, "Within six months")
    assert len(six_months) == 2
    assert six_months[-1].text.endswith("casework to be saved in different files")
    # The heading on the next page does not take that last line with it.
    outcomes = _of(inspection, FINDING, OUTCOMES)
    assert [f.number for f in outcomes] == list(range(29, 49))
    # "Leadership and management" sits at the foot of a page, its grade at the next one's top.
    assert [f.number for f in _of(inspection, FINDING, "Leadership and management")] == list(
        range(64, 86)
    )


#: Overall effectiveness in the official statistics (targeted looked after children
#: inspections, 2013), which write the old "adequate" as "Requires improvement to be good".
OFFICIAL_OVERALL = {KENT: ADEQUATE, NORFOLK: INAD, SANDWELL: INAD}


@pytest.mark.parametrize("fragment", PRE_SIF_FILES)
def test_overall_grades_match_the_official_statistics(fragment):
    _, inspection = _parse(pages_of(fragment))
    assert inspection.judgements[0].area == OVERALL
    assert inspection.judgements[0].grade == OFFICIAL_OVERALL[fragment]


def test_section_grades_stand_in_for_a_missing_record():
    """Without its last page, the report's grades come from each section's "Grade 3 (Adequate)"."""
    document, inspection = _parse(pages_of(KENT)[:-1])
    assert _grades(inspection) == [
        (OVERALL, ADEQUATE, 6),
        (CAPACITY, GOOD, 6),
        (PROVISION, ADEQUATE, 15),
        (LEADERSHIP, ADEQUATE, 18),
    ]
    assert len(document.warnings) == 1


def test_both_service_blocks_of_a_safeguarding_and_looked_after_report():
    pages = (
        Page(
            1,
            "Inspection of safeguarding and looked after children\nservices\n"
            "Exampleshire County Council\nInspection dates: 1 - 12 March 2010\n"
            "Reporting inspector Jane Doe HMI\nAge group: All\nPublished: 16 April 2010",
        ),
        Page(
            2,
            "Record of main findings\nSafeguarding services\nOverall effectiveness Inadequate\n"
            "Capacity for improvement Adequate\nQuality of provision Inadequate\n"
            "Services for looked after children\nOverall effectiveness Adequate\n"
            "Capacity for improvement Good\nBeing healthy Good\n"
            "Making a positive contribution, including user\nengagement\nOutstanding\n"
            "Quality of provision Adequate",
        ),
    )
    assert parser.detect(pages)
    document, inspection = _parse(pages)
    assert document.authority_name == "Exampleshire County Council"
    assert document.title == "Inspection of safeguarding and looked after children services"
    assert inspection.lead_inspector == "Jane Doe"
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2010, 3, 1),
        dt.date(2010, 3, 12),
    )
    assert inspection.published_on == dt.date(2010, 4, 16)
    assert _grades(inspection) == [
        (JudgementArea.SAFEGUARDING_OVERALL, INAD, 2),
        (JudgementArea.SAFEGUARDING_CAPACITY, Grade.ADEQUATE, 2),
        (PROVISION, INAD, 2),
        (OVERALL, ADEQUATE, 2),
        (CAPACITY, GOOD, 2),
        (JudgementArea.BEING_HEALTHY, GOOD, 2),
        (JudgementArea.POSITIVE_CONTRIBUTION, Grade.OUTSTANDING, 2),
    ]
    # The codes do not tell the two blocks' sub-grades apart: the second is reported.
    assert document.warnings == ("quality_of_provision graded twice; kept the first (inadequate)",)


@pytest.mark.parametrize("fragment", PRE_SIF_FILES)
def test_detect_accepts_every_pre_2013_report(fragment):
    assert parser.detect(pages_of(fragment))


@pytest.mark.parametrize(
    "fragment",
    [
        "kent__children's services inspection - 13 june 2017",
        "kent__children's services inspection - 05 july 2022",
        "kent__children's services focused visit - 08 february 2019",
        "haringey__joint area review - progress inspection,  pdf - 03 july 2009",
        "surrey__children's services inspection - 03 august 2015",
    ],
)
def test_detect_rejects_other_kinds(fragment):
    assert not parser.detect(pages_of(fragment))


def test_detect_rejects_the_sif_seed():
    assert not parser.detect(seed_pages("001"))


def test_parse_refuses_a_sif_report():
    with pytest.raises(ParseError):
        parser.parse(pages_of("kent__children's services inspection - 13 june 2017"))


@pytest.mark.parametrize("fragment", PRE_SIF_FILES)
def test_parse_every_pre_2013_report(fragment):
    document, inspection = _parse(pages_of(fragment))
    assert document.authority_name
    assert inspection.framework == Framework.PRE_SIF
    assert inspection.start_date and inspection.end_date and inspection.published_on
    assert inspection.lead_inspector
    assert [j.area for j in inspection.judgements] == [OVERALL, CAPACITY, PROVISION, LEADERSHIP]
    assert len(_of(inspection, REC)) >= 10
    assert len(_of(inspection, FINDING)) >= 50
    for finding in inspection.findings:
        assert finding.page and finding.section and finding.number and finding.text


def test_real_report_says_how_it_found_each_field():
    document, _ = _parse(pages_of(KENT))
    assert document.found_by == (
        ("authority", "title"),
        ("judgements", "table"),
        ("dates", "dates line"),
    )
    assert document.problems == ()


def test_composed_report_without_grades_is_kept_with_the_problem():
    # COMPOSED: Kent 2013's pages with the record of main findings and every grade line gone.
    pages = tuple(
        dataclasses.replace(
            page,
            text=re.sub(
                r"Grade \d \(\w+\)",
                "",
                page.text.replace("Record of main findings", "Main findings"),
            ),
        )
        for page in pages_of(KENT)
    )
    document = parser.parse(pages)
    (inspection,) = document.inspections
    assert inspection.judgements == ()
    assert document.problems == (
        "0 of 2 judgements read from the record of main findings or the section headings; "
        "not found: looked_after_overall, looked_after_capacity",
    )
    assert document.authority_name == "Kent County Council"
    assert inspection.start_date
