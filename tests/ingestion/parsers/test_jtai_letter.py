"""The JTAI letter parser on real letters of both eras: 2016-19 (summary, Key strengths, Areas
for improvement under the letter's own subheadings, case studies) and 2023- (Headline findings,
What needs to improve?, Strengths, Main findings, practice studies)."""

import dataclasses
import datetime as dt
import re

import pytest

from ingestion.parsers import jtai_letter as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework
from tests.corpus import PDFS, listed, requires_corpus
from tests.ingestion.parsers.conftest import findings_of, pages_of

pytestmark = requires_corpus

AFI = FindingKind.AREA_FOR_IMPROVEMENT
PRIORITY = FindingKind.AREA_FOR_PRIORITY_ACTION
STRENGTH = FindingKind.STRENGTH
FINDING = FindingKind.FINDING


JTAIS = listed("joint area child protection inspection")


def _jtai(fragment):
    document = parser.parse(pages_of(fragment))
    assert len(document.inspections) == 1
    return document, document.inspections[0]


_of = findings_of


def _starts(findings, beginnings):
    assert len(findings) == len(beginnings)
    for finding, beginning in zip(findings, beginnings, strict=True):
        assert finding.text.startswith(beginning), (finding.text[:80], beginning)


def test_bradford_2017_areas_for_improvement_under_their_subheadings():
    document, jtai = _jtai("bradford__joint area child protection inspection - 21 april 2017")
    assert document.kind == DocumentKind.JTAI
    assert document.authority_name == "Bradford Metropolitan District Council"
    assert document.document_date == dt.date(2017, 4, 21)
    assert jtai.framework == Framework.JTAI
    assert (jtai.start_date, jtai.end_date) == (dt.date(2017, 2, 27), dt.date(2017, 3, 3))
    assert jtai.theme == "children living with domestic abuse"
    assert jtai.judgements == ()
    _starts(
        _of(jtai, AFI, "Identifying and managing risk of harm at the 'front door'"),
        [
            "There has been no dedicated health professional in the MASH",
            "Although there is good information sharing at the DRAMs",
            "In the Domestic Abuse, Stalking and Honour Based Violence (DASH)",
            "Although the MASH and other children's services teams routinely make checks",
            "Adults who attend the BTHFT emergency department",
            "In BDCFT, there is no robust process of quality assurance",
            "School nurse assessment documentation does not prompt practitioners",
        ],
    )
    _starts(
        _of(jtai, AFI, "Response to children living with domestic abuse"),
        [
            "During the early stage of social work intervention",
            "Not all records of management decisions",
            "The impact of cumulative risks to children",
            "There is little evidence of joint investigations",
            "The CRC is not consistently proactive",
            "Chronologies of significant events in children's lives",
        ],
    )
    leadership = _of(jtai, AFI, "Leadership and management")
    _starts(
        leadership,
        [
            "While a wide range of positive work",
            "Although some work is in place to map the range of support",
            "Despite clearly defined police structures",
            "Some practitioners in children's social care and in CRC",
            "There is good use of non-molestation and restraining orders",
            "Although the CRC has a current child protection policy",
            "Not all GP practices in Bradford hold vulnerable families meetings",
            "Different information systems and information governance arrangements",
        ],
    )
    assert len(_of(jtai, AFI)) == 21
    assert [(f.number, f.page) for f in leadership[:2]] == [(1, 14), (2, 14)]
    assert _of(jtai, PRIORITY) == []
    strengths = _of(jtai, STRENGTH, "Key Strengths")
    assert len(strengths) == 34
    assert strengths[0].text.startswith("Leaders and partners have high aspirations")
    assert strengths[0].page == 3
    # The footnote at the foot of page 1 does not break the summary paragraph it interrupts.
    summary = _of(jtai, FINDING, "")
    assert summary[0].text.startswith("The partnership in Bradford is well established")
    assert not any("section 20 of the Children Act" in f.text for f in jtai.findings)
    study = _of(jtai, FINDING, "Case study: highly effective practice")
    assert study and {f.page for f in study} == {11}


def test_cornwall_2018_practice_study_printed_inside_a_bullet():
    document, jtai = _jtai("cornwall__joint area child protection inspection - 23 november 2018")
    assert document.authority_name == "Cornwall Council"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2018, 10, 8), dt.date(2018, 10, 12))
    assert jtai.theme == "sexual abuse in the family environment"
    # "There are no areas for priority action" is not one.
    assert _of(jtai, PRIORITY) == []
    improve = _of(jtai, AFI, "Areas for improvement")
    assert len(improve) == 24
    # pdfium puts the boxed practice study between this bullet's two pages.
    assert improve[0].text.startswith("Within the MARU, strategy discussions are mostly timely")
    assert "but they do not routinely involve all relevant agencies." in improve[0].text
    assert improve[0].page == 10
    assert improve[-1].text.startswith("Within the early help strategic plan")
    study = _of(jtai, FINDING, "Practice study: highly effective practice")
    assert len(study) == 4
    assert study[0].text.startswith("A significant strength is the quality of the support")
    assert len(_of(jtai, STRENGTH, "Key Strengths")) == 30


def test_haringey_2018_neglect_deep_dive():
    document, jtai = _jtai("haringey__joint area child protection inspection - 30 january 2018")
    assert document.authority_name == "Haringey Council"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2017, 12, 4), dt.date(2017, 12, 8))
    assert jtai.theme == "children between seven and 15 years old who have been neglected"
    assert len(_of(jtai, AFI)) == 37
    assert len(_of(jtai, STRENGTH)) == 23
    assert not any("Merlin is a database" in f.text for f in jtai.findings)


def test_northumberland_2019_theme_from_the_title():
    document, jtai = _jtai("northumberland__joint area child protection inspection")
    assert document.authority_name == "Northumberland"
    assert jtai.theme == "child exploitation"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2019, 6, 17), dt.date(2019, 6, 21))
    assert len(_of(jtai, AFI, "Areas for improvement")) == 14


def test_surrey_2023_letter():
    document, jtai = _jtai("surrey__joint area child protection inspection - 02 may 2023")
    assert document.authority_name == "Surrey County Council"
    assert document.title == "Joint targeted area inspection of Surrey"
    assert document.document_date == dt.date(2023, 5, 2)
    assert (jtai.start_date, jtai.end_date) == (dt.date(2023, 3, 6), dt.date(2023, 3, 10))
    assert jtai.theme == "children and families who need help"
    improve = _of(jtai, AFI, "What needs to improve?")
    _starts(
        improve,
        [
            "Oversight of the quality and effectiveness of early help provision",
            "Referral agencies and parents being consistently informed",
            "Information-sharing between partners",
            "When children are stepped down from statutory intervention",
        ],
    )
    assert [f.number for f in improve] == [1, 2, 3, 4]
    assert {f.page for f in improve} == {2}
    _starts(
        _of(jtai, STRENGTH, "Strengths"),
        [
            "Referrals about children made to the integrated front door",
            "Senior leaders are developing a shared vision for early help",
            "The broad range of locality-based early help",
        ],
    )
    headline = _of(jtai, FINDING, "Headline findings")
    assert len(headline) == 2 and headline[0].page == 1
    assert headline[0].text.startswith("Children and families in Surrey have access")
    assert _of(jtai, FINDING, "Main findings")[0].text.startswith(
        "The children's single point of access (CSPA) is the integrated front door"
    )
    assert _of(jtai, FINDING, "Practice study: area for improvement")[0].page == 8
    assert _of(jtai, PRIORITY) == []


def test_somerset_2024_priority_actions():
    document, jtai = _jtai("somerset__joint area child protection inspection - 18 july 2024")
    assert document.authority_name == "Somerset Council"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2024, 5, 20), dt.date(2024, 5, 24))
    assert jtai.theme == "serious youth violence"
    priority = _of(jtai, PRIORITY, "Areas for priority action")
    _starts(
        priority,
        [
            "How well the Safer Somerset Partnership (SSP) understands",
            "The sharing of information and the recognition of",
        ],
    )
    assert {f.page for f in priority} == {3}
    _starts(
        _of(jtai, AFI, "What needs to improve?"),
        [
            "How effectively the Somerset Safeguarding Children Partnership (SSCP)",
            "How effectively partner agencies challenge and support schools",
            "The professional curiosity of practitioners across the partnership",
            "The quality, extent and impact of training",
            "How well shared information and intelligence is used",
            "The strategic needs analysis of threats",
            "The evaluation of the impact of preventative services.",
            "Processes for working with children at high risk",
            "The quality and effectiveness of police investigations",
            "The effective use of exploitation screening tools",
        ],
    )
    assert len(_of(jtai, STRENGTH)) == 4


def test_norfolk_2025_context_is_not_a_finding():
    document, jtai = _jtai("norfolk__joint area child protection inspection - 27 february 2025")
    assert document.authority_name == "Norfolk County Council"
    assert jtai.theme == "children who are victims of domestic abuse"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2024, 12, 9), dt.date(2024, 12, 13))
    assert not any(f.section == "Context" for f in jtai.findings)
    assert len(_of(jtai, AFI)) == 5
    assert len(_of(jtai, STRENGTH)) == 11


def _has_strengths_heading(pages) -> bool:
    return any(
        re.fullmatch(r"(?:[A-Z][\w'-]*(?: [\w'-]+){0,4} )?[Ss]trengths", line.strip())
        for page in pages
        for line in page.text.splitlines()
    )


def test_sunderland_2023_early_help_strengths_are_strengths():
    # "Early help strengths" follows "What needs to improve?": its bullets are strengths.
    _, jtai = _jtai("sunderland__joint area child protection inspection - 16 march 2023")
    assert {f.section for f in _of(jtai, STRENGTH)} == {"Early help strengths"}
    assert _of(jtai, STRENGTH)[0].text.startswith("The LSP's highly evolved and mature")
    assert {f.section for f in _of(jtai, AFI)} == {"What needs to improve?"}
    assert _of(jtai, AFI)[0].text.startswith("Communication with and involvement of all")


def test_lewisham_2023_theme_after_identification_and_response():
    # "...the multi-agency identification and response to initial need and risk in the
    # London Borough of Lewisham."
    _, jtai = _jtai("lewisham__joint area child protection inspection - 31 january 2023")
    assert jtai.theme == "initial need and risk"
    assert (jtai.start_date, jtai.end_date) == (dt.date(2022, 11, 21), dt.date(2022, 11, 25))


def test_solihull_2022_priority_actions_and_no_strengths():
    _, jtai = _jtai("solihull__joint area child protection inspection - 21 february 2022")
    assert len(_of(jtai, PRIORITY)) == 2
    assert len(_of(jtai, AFI)) == 8
    assert _of(jtai, STRENGTH) == []


def test_detect_accepts_every_jtai():
    assert JTAIS and all((PDFS / name).is_file() for name in JTAIS)
    for name in JTAIS:
        expected = "joint area review" not in name  # the 2009 review has its own parser
        assert parser.detect(pages_of(name)) == expected, name


@pytest.mark.parametrize(
    "fragment",
    [
        "kent__children's services inspection - 05 july 2022",  # ILACS
        "kent__children's services inspection - 13 june 2017",  # SIF
        "kent__children's services focused visit - 27 february 2024",
    ],
)
def test_detect_refuses_other_kinds(fragment):
    assert not parser.detect(pages_of(fragment))


def test_parse_refuses_a_focused_visit():
    with pytest.raises(ParseError):
        parser.parse(pages_of("kent__children's services focused visit - 27 february 2024"))


@pytest.mark.parametrize("name", [name for name in JTAIS if "joint area review" not in name])
def test_parses_every_jtai(name):
    pages = pages_of(name)
    document = parser.parse(pages)
    assert document.kind == DocumentKind.JTAI
    assert document.authority_name and document.title
    (jtai,) = document.inspections
    assert jtai.framework == Framework.JTAI
    assert jtai.start_date < jtai.end_date < document.document_date
    assert jtai.theme
    assert jtai.judgements == ()
    assert _of(jtai, AFI) and _of(jtai, FINDING)
    # Strengths where the letter has a strengths heading ("Strengths", "Early help
    # strengths"); a letter with areas for priority action may have none (Solihull 2022).
    assert bool(_of(jtai, STRENGTH)) == _has_strengths_heading(pages)
    assert not [f for f in _of(jtai, AFI) if "strength" in f.section.lower()]
    for finding in jtai.findings:
        assert finding.text and finding.number >= 1
        assert 1 <= finding.page <= len(pages)


LIVERPOOL = "liverpool__joint area child protection inspection - 03 august 2016"


def _liverpool_altered(*replacements):
    """COMPOSED: Liverpool's real 2016 letter with its first page altered."""
    pages = pages_of(LIVERPOOL)
    text = pages[0].text
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return (dataclasses.replace(pages[0], text=text), *pages[1:])


def test_real_letter_says_how_it_found_the_area_and_dates():
    document, _ = _jtai(LIVERPOOL)
    assert document.found_by == (("authority", "title"), ("dates", "opening"))
    assert document.problems == ()


def test_composed_letter_naming_the_area_only_in_its_addressees():
    pages = _liverpool_altered(("abuse and\nneglect in Liverpool\n", "abuse and\nneglect\n"))
    document = parser.parse(pages)
    assert document.authority_name == "Liverpool City Council"
    assert ("authority", "addressees") in document.found_by
    assert document.problems == ()
    _, jtai = _jtai(LIVERPOOL)
    assert document.inspections[0].start_date == jtai.start_date == dt.date(2016, 6, 20)


def test_composed_letter_addressed_to_the_director_of_a_london_borough():
    pages = _liverpool_altered(
        ("abuse and\nneglect in Liverpool\n", "abuse and\nneglect\n"),
        (
            "Collette O'Brien, Director of Children's Services, Liverpool City Council",
            "Director of Children's Services, London Borough of Croydon",
        ),
    )
    assert parser.parse(pages).authority_name == "London Borough of Croydon"


def test_composed_letter_without_dates_is_kept_with_the_problem():
    pages = _liverpool_altered(("Between 20 and 24 June, Ofsted", "Ofsted"))
    document = parser.parse(pages)
    (jtai,) = document.inspections
    assert jtai.start_date is None
    assert document.problems == ("no inspection dates found in the JTAI letter's opening",)
    assert document.authority_name == "Liverpool City Council"
