"""The monitoring-visit letter parser. The corpus holds no monitoring visit, so the letters here
are COMPOSED for the test, following the published structure of Ofsted's letters of 2016-20 and
of 2021-; they are not real letters and name no real authority or inspector."""

import datetime as dt

import pytest

from ingestion.extract import UnreadableDocument, extract
from ingestion.parsers import monitoring_visit_letter as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework
from tests.corpus import PDFS, SEEDS, requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

# COMPOSED, not a real letter: the 2016-20 layout, as PDF text arrives (wrapped lines, no
# blank lines, the letterhead beside the first page's text, a page break mid-paragraph).
COMPOSED_2019 = """12 April 2019
Ms Jane Example
Director of Children's Services
Exampleshire County Council
County Hall
Exampletown EX1 1XX
Dear Ms Example
Monitoring visit to Exampleshire County Council children's services
This letter summarises the findings of the third monitoring visit to Exampleshire County
Council children's services since the local authority was judged inadequate in May 2018.
The visit was carried out on 5 and 6 March 2019. The inspectors were Alex Sample, Her
Majesty's Inspector, and Sam Specimen, Her Majesty's Inspector.
Areas covered by the visit
Inspectors reviewed the progress made in the following areas of concern identified at the
last inspection:
◼ the quality of assessments and plans for children in need of help and protection
◼ management oversight and supervision of frontline practice.
Overview
The local authority has made steady progress since the last monitoring visit. Leaders
have a clear understanding of the quality of practice and have strengthened the front
Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
\f2
door.
Weaknesses remain in the quality of plans for some children.
Findings and evaluation of progress
◼ Assessments are now timely and most consider children's histories well. Social
workers visit children regularly.
◼ Plans for children in need are not specific enough, so families do not always know
what needs to change.
◼ Supervision is regular, but records do not show how managers challenge drift.
Ofsted will take the findings from this monitoring visit into account when planning
your next inspection or visit.
Yours sincerely
Alex Sample
Her Majesty's Inspector
"""

# COMPOSED, not a real letter: the 2021- layout, as a text file (paragraphs between blank
# lines, one page).
COMPOSED_2022 = "\n\n".join(
    [
        "3 November 2022",
        "Mr Sam Example\nCorporate Director of Children's Services\nBorsetshire Council",
        "Dear Mr Example",
        "Monitoring visit to Borsetshire children's services",
        "This letter summarises the findings of the monitoring visit to Borsetshire children's "
        "services on 4 and 5 October 2022. This was the second monitoring visit since the local "
        "authority was judged inadequate in December 2021. His Majesty's Inspectors for this "
        "visit were Jo Sample and Lee Specimen.",
        "Areas covered by the visit",
        "The focus of the monitoring visit was children in need and those subject to a child "
        "protection plan, namely children at risk of significant harm. In particular, "
        "inspectors reviewed progress in these areas of concern from the last inspection:",
        "- The quality of practice, in particular assessment and the recording of children's "
        "views.\n"
        "- The timeliness of social work intervention for unborn and very young children.",
        "This visit was carried out in line with the inspection of local authority children's "
        "services (ILACS) framework.",
        "Headline findings",
        "Leaders have made progress in improving services for children in need since the "
        "inspection.",
        "Main findings",
        "Most assessments are now completed on time and show what life is like for the child.",
        "Plans for unborn babies are not always made early enough.",
        "Ofsted will take the findings from this monitoring visit into account when planning "
        "your next inspection or visit.",
        "Yours sincerely",
        "Jo Sample\nHis Majesty's Inspector",
    ]
)


def _pages(text):
    return extract(text.encode(), filename="composed-letter.txt").pages


def test_composed_2019_letter():
    pages = _pages(COMPOSED_2019)
    assert parser.detect(pages)
    document = parser.parse(pages)
    assert document.kind == DocumentKind.MONITORING_VISIT
    assert document.authority_name == "Exampleshire County Council"
    assert document.title == "Monitoring visit to Exampleshire County Council children's services"
    assert document.document_date == dt.date(2019, 4, 12)
    (visit,) = document.inspections
    assert visit.framework == Framework.MONITORING_VISIT
    assert visit.visit_number == 3
    assert (visit.start_date, visit.end_date) == (dt.date(2019, 3, 5), dt.date(2019, 3, 6))
    assert visit.lead_inspector == "Alex Sample"
    assert visit.theme == (
        "the quality of assessments and plans for children in need of help and protection; "
        "management oversight and supervision of frontline practice"
    )
    assert visit.judgements == ()
    found = [(f.kind, f.section, f.number, f.page, f.text) for f in visit.findings]
    assert found == [
        (
            FindingKind.FINDING,
            "Areas covered by the visit",
            1,
            1,
            "the quality of assessments and plans for children in need of help and protection",
        ),
        (
            FindingKind.FINDING,
            "Areas covered by the visit",
            2,
            1,
            "management oversight and supervision of frontline practice.",
        ),
        (
            FindingKind.FINDING,
            "Overview",
            1,
            1,
            "The local authority has made steady progress since the last monitoring visit. "
            "Leaders have a clear understanding of the quality of practice and have "
            "strengthened the front door.",
        ),
        (
            FindingKind.FINDING,
            "Overview",
            2,
            2,
            "Weaknesses remain in the quality of plans for some children.",
        ),
        (
            FindingKind.FINDING,
            "Findings and evaluation of progress",
            1,
            2,
            "Assessments are now timely and most consider children's histories well. "
            "Social workers visit children regularly.",
        ),
        (
            FindingKind.FINDING,
            "Findings and evaluation of progress",
            2,
            2,
            "Plans for children in need are not specific enough, so families do not always "
            "know what needs to change.",
        ),
        (
            FindingKind.FINDING,
            "Findings and evaluation of progress",
            3,
            2,
            "Supervision is regular, but records do not show how managers challenge drift.",
        ),
    ]


def test_composed_2022_letter():
    pages = _pages(COMPOSED_2022)
    assert parser.detect(pages)
    document = parser.parse(pages)
    assert document.authority_name == "Borsetshire"
    assert document.document_date == dt.date(2022, 11, 3)
    (visit,) = document.inspections
    assert visit.visit_number == 2
    assert (visit.start_date, visit.end_date) == (dt.date(2022, 10, 4), dt.date(2022, 10, 5))
    assert visit.lead_inspector == "Jo Sample"
    assert visit.theme == "children in need and those subject to a child protection plan"
    by_section = {}
    for finding in visit.findings:
        by_section.setdefault(finding.section, []).append(finding.text)
    assert by_section == {
        "Areas covered by the visit": [
            "The quality of practice, in particular assessment and the recording of children's "
            "views.",
            "The timeliness of social work intervention for unborn and very young children.",
        ],
        "Headline findings": [
            "Leaders have made progress in improving services for children in need since the "
            "inspection."
        ],
        "Main findings": [
            "Most assessments are now completed on time and show what life is like for the child.",
            "Plans for unborn babies are not always made early enough.",
        ],
    }


def test_parse_refuses_a_letter_without_its_heading():
    text = COMPOSED_2022.replace("Monitoring visit to Borsetshire", "A visit to Borsetshire")
    with pytest.raises(ParseError):
        parser.parse(_pages(text))


@requires_corpus
@pytest.mark.parametrize(
    "name", sorted(p.name for p in PDFS.glob("*.pdf")) if PDFS.is_dir() else []
)
def test_detect_refuses_every_real_corpus_pdf(name):
    try:
        pages = pages_of(name)
    except UnreadableDocument:
        pytest.skip("not a readable document")
    assert not parser.detect(pages)


@requires_corpus
@pytest.mark.parametrize(
    "prefix", sorted(p.name[:3] for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
)
def test_detect_refuses_every_seed(prefix):
    assert not parser.detect(seed_pages(prefix))


def test_composed_letter_naming_its_authority_only_in_the_addressees():
    # COMPOSED: the 2019 letter with a heading and opening that do not name the council.
    text = COMPOSED_2019.replace(
        "Monitoring visit to Exampleshire County Council children's services",
        "Monitoring visit to local authority children's services",
    ).replace(
        "monitoring visit to Exampleshire County\nCouncil children's services since",
        "monitoring visit since",
    )
    document = parser.parse(_pages(text))
    assert document.authority_name == "Exampleshire County Council"
    assert ("authority", "addressees") in document.found_by
    assert document.problems == ()


def test_composed_letter_without_visit_dates_is_kept_with_the_problem():
    text = COMPOSED_2019.replace("The visit was carried out on 5 and 6 March 2019. ", "")
    document = parser.parse(_pages(text))
    (visit,) = document.inspections
    assert visit.start_date is None and visit.end_date is None
    assert document.problems == ("no visit dates found in the monitoring-visit letter's opening",)
    assert document.authority_name == "Exampleshire County Council"
    assert visit.findings


def test_composed_letter_naming_no_authority_is_kept_with_the_problem():
    text = (
        COMPOSED_2019.replace("Exampleshire County Council\n", "")
        .replace("Exampleshire County Council children's services", "the local authority")
        .replace("visit to Exampleshire County\nCouncil children's services", "visit")
    )
    assert "Exampleshire" not in text
    document = parser.parse(_pages(text))
    assert document.authority_name == ""
    assert document.problems == (
        "authority not found in the letter's title, opening or addressees",
    )
    assert document.inspections[0].start_date == dt.date(2019, 3, 5)
