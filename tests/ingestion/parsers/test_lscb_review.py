"""The standalone LSCB review parser on the corpus's one review published on its own: Surrey's
safeguarding children board, reviewed in June 2015 (its SIF report came out in June 2015
without the board review)."""

import dataclasses
import datetime as dt

import pytest

from ingestion.parsers import lscb_review as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

pytestmark = requires_corpus

SURREY = "surrey__children's services inspection - 03 august 2015"


def _review():
    document = parser.parse(pages_of(SURREY))
    (inspection,) = document.inspections
    return document, inspection


def test_surrey_review_facts():
    document, review = _review()
    assert document.kind == DocumentKind.INSPECTION_REPORT
    # The page names the board; the authority is the board's area.
    assert document.authority_name == "Surrey"
    assert document.title == "Review of the effectiveness of the Local Safeguarding Children Board"
    assert document.published_on == document.document_date == dt.date(2015, 8, 3)
    assert document.warnings == ()
    assert review.framework == Framework.LSCB_REVIEW
    assert (review.start_date, review.end_date) == (dt.date(2015, 6, 15), dt.date(2015, 6, 17))
    assert review.published_on == dt.date(2015, 8, 3)
    assert review.lead_inspector == "Dominic Stevens"
    assert not review.is_recap


def test_surrey_review_grade_matches_the_official_statistics():
    """The statistics record Surrey's LSCB as "Requires improvement to be good"."""
    _, review = _review()
    assert [(j.area, j.grade, j.page) for j in review.judgements] == [
        (JudgementArea.LSCB, Grade.REQUIRES_IMPROVEMENT, 1)
    ]


def test_surrey_review_recommendations():
    _, review = _review()
    recommendations = [f for f in review.findings if f.kind == FindingKind.RECOMMENDATION]
    beginnings = [
        "Update the 'Early help: multi-agency levels of need' document",
        "Strengthen the leadership and scrutiny role of the LSCB",
        "Improve the existing multi-agency data-set",
        "Strengthen the relationship of the LSCB with the Health and Wellbeing board",
        "Strengthen the governance arrangements between the chief executive",
        "Improve the quality and consistency of multi-agency audits",
        "Continue the process of developing a 2015\u201318 business plan",
        "Put in place a process for assessing the impact of training",
    ]
    assert len(recommendations) == len(beginnings)
    for finding, beginning in zip(recommendations, beginnings, strict=True):
        assert finding.text.startswith(beginning), finding.text[:80]
    # Bullets: numbered in order; "(paragraph 4)" references dropped.
    assert [f.number for f in recommendations] == list(range(1, 9))
    assert {(f.section, f.page) for f in recommendations} == {("LSCB: Recommendations", 6)}
    assert recommendations[0].text.endswith(
        "provides an effective tool to direct and support those who work with children and "
        "young people in Surrey."
    )
    assert recommendations[-1].text == (
        "Put in place a process for assessing the impact of training on improving the quality "
        "of practice."
    )


def test_surrey_review_findings():
    _, review = _review()
    findings = [f for f in review.findings if f.kind == FindingKind.FINDING]
    assert [f.number for f in findings] == list(range(1, 18))
    assert {f.section for f in findings} == {"LSCB: Inspection findings"}
    assert (findings[0].page, findings[3].page, findings[-1].page) == (7, 8, 13)
    assert findings[0].text.startswith(
        "The LSCB benefits from the strong leadership of an experienced independent chair"
    )
    assert findings[0].text.endswith("has brought a particular focus on these areas of deficit.")
    # The executive summary is unnumbered narrative, not a finding.
    assert not any(f.text.startswith("The independent chair of the Local") for f in findings)


def test_detect_accepts_the_review():
    assert parser.detect(pages_of(SURREY))


@pytest.mark.parametrize(
    "fragment",
    [
        # SIF reports that include the board's review belong to the SIF parser.
        "kent__children's services inspection - 13 june 2017",
        "birmingham__children's services inspection - 23 may 2014",
        "surrey__children's services inspection - 03 june 2015",
        "kent__children's services inspection - 05 july 2022",
        "kent__children's services focused visit - 08 february 2019",
        "kent__children's services inspection,  pdf - 23 august 2013",
    ],
)
def test_detect_rejects_other_kinds(fragment):
    assert not parser.detect(pages_of(fragment))


def test_detect_rejects_the_sif_seed():
    assert not parser.detect(seed_pages("001"))


def test_a_review_without_a_grade_is_kept_with_the_problem():
    pages = pages_of(SURREY)
    ungraded = tuple(
        dataclasses.replace(page, text=page.text.replace("requires improvement", "is reviewed"))
        for page in pages
    )
    document = parser.parse(ungraded)
    (inspection,) = document.inspections
    assert inspection.judgements == ()
    assert document.problems == ("no grade for the safeguarding children board found",)
    assert document.authority_name == "Surrey"
    assert inspection.findings == _review()[1].findings


def test_parse_refuses_a_focused_visit_letter():
    with pytest.raises(ParseError):
        parser.parse(pages_of("kent__children's services focused visit - 08 february 2019"))
