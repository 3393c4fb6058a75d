"""The joint area review parser on the corpus's one review: Haringey's progress inspection,
published 3 July 2009 after the 2008 special joint area review."""

import datetime as dt

import pytest

from ingestion.parsers import joint_area_review as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import pages_of

pytestmark = requires_corpus

REVIEW = "haringey__joint area review - progress inspection"


def _review():
    document = parser.parse(pages_of(REVIEW))
    (inspection,) = document.inspections
    return document, inspection


def test_document_and_inspection():
    document, review = _review()
    assert document.kind == DocumentKind.OTHER
    assert document.authority_name == "London Borough of Haringey"
    assert document.title == (
        "Inspection of progress made in the provision of safeguarding services in the London "
        "Borough of Haringey"
    )
    assert document.published_on == dt.date(2009, 7, 3)
    assert document.document_date == dt.date(2009, 7, 3)
    assert review.framework == Framework.JOINT_AREA_REVIEW
    assert review.published_on == dt.date(2009, 7, 3)
    # The report does not say when the inspectors visited.
    assert (review.start_date, review.end_date) == (None, None)
    assert review.judgements == ()


def test_priorities_for_further_improvement_are_recommendations():
    _, review = _review()
    priorities = [f for f in review.findings if f.kind == FindingKind.RECOMMENDATION]
    beginnings = [
        "The council and its partners should take immediate action",
        "The council and its partners should take immediate steps",
        "The Haringey Safeguarding Children Board should ensure",
        "The Metropolitan Police Service should ensure",
        "The council's children's services should ensure that formal supervision",
        "The council's children's service should formally launch",
        "The council's children's service should ensure that supervision and performance",
        "The council's children's service should improve its use of the Framework I",
        "The Children's Trust should take immediate steps",
        "The council's children's service should strengthen its use of the common assessment",
        "The NHS provider trusts should improve their collection",
    ]
    assert len(priorities) == len(beginnings)
    for finding, beginning in zip(priorities, beginnings, strict=True):
        assert finding.text.startswith(beginning)
        assert finding.section == "Priorities for further improvement"
    assert [f.number for f in priorities] == list(range(1, 12))
    assert [f.page for f in priorities] == [7] * 8 + [8] * 3


def test_findings_keep_the_report_paragraph_numbers():
    _, review = _review()
    findings = [f for f in review.findings if f.kind == FindingKind.FINDING]
    # About the inspection, Evidence and Context (paragraphs 1-6) describe the inspection.
    assert [f.number for f in findings] == [7, *range(8, 13), *range(14, 52)]
    by_number = {f.number: f for f in findings}
    assert by_number[7].section == "Overall judgement on progress since December 2008"
    assert by_number[7].text.startswith("It is only six months since the last inspection")
    assert by_number[7].page == 6
    assert by_number[8].section == "Summary of key findings"
    assert by_number[11].text.endswith("assist performance management or planning.")  # page 7
    assert by_number[14].section == "Managing the backlog of cases from pre-December 2008"
    assert by_number[20].section == "Recording and tracking cases through the system"
    assert by_number[42].section.startswith("Establishing the 'capacity to improve'")
    assert by_number[51].page == 16
    # A paragraph's bulleted list is folded into it.
    assert "These included: the absence of a coherent management structure" in by_number[17].text
    assert by_number[17].text.endswith("staff who lacked knowledge of other services available.")


def test_detect():
    assert parser.detect(pages_of(REVIEW))
    for fragment in (
        "haringey__joint area child protection inspection - 30 january 2018",
        "haringey__children's services focused visit - 21 january 2020",
        "haringey__children's services inspection - 18 july 2014",  # SIF
        "haringey__children's services inspection - 11 april 2023",  # ILACS
        "kent__children's services inspection,  pdf - 23 august 2013",  # pre-2013 framework
    ):
        assert not parser.detect(pages_of(fragment)), fragment


def test_parse_refuses_a_letter():
    with pytest.raises(ParseError):
        parser.parse(pages_of("haringey__children's services focused visit - 21 january 2020"))
