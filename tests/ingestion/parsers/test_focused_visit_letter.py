"""The focused-visit letter parser on real letters of each era: 2018-20 (Overview / What needs to
improve / Findings), the COVID-era visits of 2020-21, and 2021- (Headline findings / Main
findings), plus the two seed texts, which must agree with their PDFs."""

import datetime as dt
import re

import pytest

from ingestion.parsers import focused_visit_letter as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework
from tests.corpus import PDFS, listed, requires_corpus
from tests.ingestion.parsers.conftest import findings_of, pages_of, seed_pages

pytestmark = requires_corpus

AFI = FindingKind.AREA_FOR_IMPROVEMENT
PRIORITY = FindingKind.AREA_FOR_PRIORITY_ACTION
FINDING = FindingKind.FINDING
WNTI = "What needs to improve in this area of social work practice"


FOCUSED_VISITS = listed("children's services focused visit")


def _visit(fragment):
    document = parser.parse(pages_of(fragment))
    assert len(document.inspections) == 1
    return document, document.inspections[0]


_of = findings_of


def _starts(findings, beginnings):
    assert len(findings) == len(beginnings)
    for finding, beginning in zip(findings, beginnings, strict=True):
        assert finding.text.startswith(beginning), (finding.text[:80], beginning)


def test_leeds_2018_first_era_letter():
    document, visit = _visit("leeds__children's services focused visit - 22 february 2018")
    assert document.kind == DocumentKind.FOCUSED_VISIT
    assert document.authority_name == "Leeds City Council"
    assert document.title == "Focused visit to Leeds City Council children's services"
    assert document.document_date == dt.date(2018, 2, 22)
    assert visit.framework == Framework.FOCUSED_VISIT
    assert (visit.start_date, visit.end_date) == (dt.date(2018, 1, 30), dt.date(2018, 1, 31))
    assert visit.lead_inspector == "Nigel Parkes"
    assert visit.theme == (
        "the quality of matching, placement and decision-making for children in care"
    )
    assert visit.judgements == ()
    improve = _of(visit, AFI)
    _starts(
        improve,
        [
            "The way in which information is presented in performance management reports",
            "Personal Education Plans are of variable quality.",
        ],
    )
    assert [(f.number, f.page, f.section) for f in improve] == [(1, 2, WNTI), (2, 2, WNTI)]
    assert improve[1].text.endswith("However, it remains an area for development.")
    overview = _of(visit, FINDING, "Overview")
    assert [f.page for f in overview] == [1, 2]
    assert overview[0].text.startswith("Most children are being cared for in stable family")
    # The first paragraph runs over the page break and the letterhead beside it.
    assert "achieving permanence for children and young people." in overview[0].text
    assert "Piccadilly" not in overview[0].text
    findings = _of(visit, FINDING, "Findings")
    assert len(findings) == 15
    assert findings[0].text.startswith("Children and young people are in regular contact")
    assert [f.number for f in findings] == list(range(1, 16))
    assert (findings[-1].page, findings[-1].text[:30]) == (4, "The review that the new head o")
    assert _of(visit, PRIORITY) == []


@pytest.mark.parametrize(
    ("seed", "fragment"),
    [
        ("000", "kent__children's services focused visit - 08 february 2019"),
        ("004", "kensington and chelsea__children's services focused visit - 31 august 2018"),
    ],
)
def test_seed_text_and_pdf_agree(seed, fragment):
    from_text = parser.parse(seed_pages(seed))
    from_pdf = parser.parse(pages_of(fragment))
    for field in ("kind", "authority_name", "title", "document_date"):
        assert getattr(from_text, field) == getattr(from_pdf, field)
    text_visit, pdf_visit = from_text.inspections[0], from_pdf.inspections[0]
    for field in ("framework", "start_date", "end_date", "lead_inspector", "theme"):
        assert getattr(text_visit, field) == getattr(pdf_visit, field)

    # The seed is one page of text; only the page numbers may differ, and the hyphens of
    # words the seed's extraction lost at line ends ("in their triage decisionmaking").
    def without_pages(visit):
        return [
            (f.kind, f.section, f.number, re.sub(r"(?<=\w)-(?=\w)", "", f.text))
            for f in visit.findings
        ]

    assert without_pages(text_visit) == without_pages(pdf_visit)
    assert {f.page for f in text_visit.findings} == {1}


def test_kent_2019_letter():
    document, visit = _visit("kent__children's services focused visit - 08 february 2019")
    assert document.authority_name == "Kent county council"
    assert document.document_date == dt.date(2019, 2, 8)
    assert (visit.start_date, visit.end_date) == (dt.date(2019, 1, 14), dt.date(2019, 1, 15))
    assert visit.lead_inspector == "Kate Malleson"
    assert visit.theme == (
        "managing contacts and referrals at the 'front door' and decision-making in relation "
        "to children who need help and protection"
    )
    improve = _of(visit, AFI)
    _starts(
        improve,
        [
            "the existing audit methodology, to increase the focus",
            "initial front door decision-making, to ensure that triage decisions",
            "multi-agency action planning for vulnerable and exploited adolescents",
            "the timeline of the initial response to children who are transferred",
        ],
    )
    assert {f.page for f in improve} == {2}
    assert len(_of(visit, FINDING, "Overview")) == 5
    # A bullet that runs over a page keeps its tail.
    findings = _of(visit, FINDING, "Findings")
    assert findings[1].text.endswith("to strengthen early decision-making at the front door.")
    assert findings[1].page == 2


def test_kensington_and_chelsea_2018_seed():
    document = parser.parse(seed_pages("004"))
    visit = document.inspections[0]
    assert document.authority_name == "Kensington and Chelsea"
    assert document.document_date == dt.date(2018, 8, 31)
    assert (visit.start_date, visit.end_date) == (dt.date(2018, 8, 7), dt.date(2018, 8, 8))
    assert visit.lead_inspector == "Karen Wareing"
    assert visit.theme == "children who need help and protection"
    assert [f.text for f in _of(visit, AFI)] == [
        "The involvement of partner agencies in strategy discussions.",
        "The consistency of recording of section 47 investigations.",
        "The clarity of action plans for children in need and following child protection "
        "conferences, with particular regard to each agency's accountability and timescales.",
    ]
    findings = _of(visit, FINDING, "Findings")
    assert len(findings) == 13
    # The seed marks a page break inside this bullet with blank lines.
    assert findings[1].text.endswith(
        "informed of the outcome of their referral to children's services."
    )


def test_hackney_2019_areas_for_priority_action():
    document, visit = _visit("hackney__children's services focused visit - 04 march 2019")
    assert document.authority_name == "London Borough of Hackney"
    assert (visit.start_date, visit.end_date) == (dt.date(2019, 2, 5), dt.date(2019, 2, 6))
    priority = _of(visit, PRIORITY)
    _starts(
        priority,
        [
            "the timeliness and effectiveness of social work practice and interventions",
            "the quality and effectiveness of managerial oversight and supervision",
        ],
    )
    assert [(f.number, f.page, f.section) for f in priority] == [
        (1, 2, "Areas for priority action"),
        (2, 3, "Areas for priority action"),
    ]
    _starts(
        _of(visit, AFI),
        [
            "children's daily lived experiences to be central to all work",
            "the application of thresholds to protect children on child in need plans",
            "performance data regarding the timeliness and impact of social work practice",
            "plans to be more specific and detailed about what needs to change",
            "the greater consideration of men, including abusive partners",
        ],
    )
    assert len(_of(visit, FINDING, "Findings")) == 12


def test_haringey_2020_takes_the_fuller_name_from_the_first_sentence():
    document, visit = _visit("haringey__children's services focused visit - 21 january 2020")
    assert document.authority_name == "London Borough of Haringey"
    assert (visit.start_date, visit.end_date) == (dt.date(2019, 12, 17), dt.date(2019, 12, 18))
    assert visit.theme == "the 'front door'"
    improve = _of(visit, AFI, WNTI)  # the heading ends with a colon in this letter
    assert len(improve) == 4
    assert (
        improve[0].text == "the recruitment and retention of permanent social workers and managers"
    )


def test_bcp_2020_covid_era_visit_with_numbered_findings():
    document, visit = _visit("poole__children's services focused visit - 27 november 2020")
    assert document.authority_name == "Bournemouth, Christchurch and Poole"
    assert document.document_date == dt.date(2020, 11, 27)
    assert (visit.start_date, visit.end_date) == (dt.date(2020, 10, 13), dt.date(2020, 10, 13))
    assert visit.lead_inspector == "Neil Penswick"
    assert visit.theme.startswith("the quality and impact of key decision-making across help")
    priority = _of(visit, PRIORITY)
    _starts(
        priority,
        [
            "the arrangements for management oversight and quality assurance",
            "the quality of practice, including the application of thresholds",
        ],
    )
    assert {f.page for f in priority} == {3}
    improve = _of(visit, AFI)
    assert [f.text for f in improve] == [
        "Social work supervision.",
        "The quality of children's plans.",
        "Attendance by partner agencies at strategy meetings.",
        "Placement sufficiency.",
        "Support given to children in care, and care leavers, during the COVID-19 pandemic.",
        "The quality and timeliness of social work recording.",
        "The profile of the virtual school so that its role is better understood by senior "
        "leaders in schools.",
        "The quality of personal education plans (PEPs).",
        "Plans to prevent exclusions from school for children in care.",
        "The response to electively home-educated children.",
    ]
    assert {f.page for f in improve} == {4}
    findings = _of(visit, FINDING, "Findings")
    assert [f.number for f in findings] == list(range(1, 23))
    # "10.However" has lost its space in the PDF.
    assert findings[9].text.startswith("However, the children in care and care leavers")
    assert findings[9].page == 5
    # The closing paragraph about the DfE is not a finding.
    assert "notified the DfE" not in findings[-1].text


def test_blackpool_2021_covid_era_visit_without_overview():
    document, visit = _visit("blackpool__children's services focused visit - 09 april 2021")
    assert document.authority_name == "Blackpool"
    assert (visit.start_date, visit.end_date) == (dt.date(2021, 2, 23), dt.date(2021, 2, 24))
    assert visit.lead_inspector == "Lorna Schlechte"
    assert visit.theme == ""  # the COVID-era letters name no arrangements
    _starts(
        _of(visit, AFI),
        [
            "The consistency and quality of work for children subject to child protection plans",
            "The development of pre-proceedings work",
            "The quality assurance of casework, including case auditing",
        ],
    )
    findings = _of(visit, FINDING)
    assert {f.section for f in findings} == {"Findings"}
    assert len(findings) == 20
    assert findings[0].text.startswith("The impact of the COVID-19 pandemic has been keenly felt")


def test_kent_2024_headline_and_main_findings():
    document, visit = _visit("kent__children's services focused visit - 27 february 2024")
    assert document.authority_name == "Kent County Council"
    assert document.document_date == dt.date(2024, 2, 27)
    assert (visit.start_date, visit.end_date) == (dt.date(2024, 1, 23), dt.date(2024, 1, 24))
    assert visit.lead_inspector == "Amanda Maxwell"
    assert visit.theme == "the 'front door'"
    improve = _of(visit, AFI)
    assert [f.text for f in improve] == [
        "The quality and impact of management oversight and supervision.",
        "Work with health partners to improve their contribution to decision-making meetings "
        "regarding safeguarding.",
    ]
    assert [(f.page, f.section) for f in improve] == [(2, f"{WNTI}?")] * 2
    headline = _of(visit, FINDING, "Headline findings")
    assert len(headline) == 2
    assert headline[0].text.startswith("Most children referred to the 'front door' service")
    assert headline[0].page == 1
    main = _of(visit, FINDING, "Main findings")
    assert main[0].text.startswith("Most children in Kent receive a timely, appropriate")
    assert {f.page for f in main} == {2, 3, 4}
    assert main[-1].text.endswith("about the impact of their service, support and interventions.")


def test_slough_2026_priority_action_and_visit_in_the_previous_year():
    document, visit = _visit("slough__children's services focused visit - 12 january 2026")
    assert document.authority_name == "Slough Borough Council"
    assert document.document_date == dt.date(2026, 1, 12)
    assert (visit.start_date, visit.end_date) == (dt.date(2025, 11, 19), dt.date(2025, 11, 20))
    assert visit.lead_inspector == "Christine Kennet"
    assert visit.theme == "care leavers aged 18 to 25 years"
    (priority,) = _of(visit, PRIORITY)
    assert priority.text.startswith("Keeping in touch with and supporting care leavers")
    assert priority.text.endswith("(outcome 4, national framework)")
    assert (priority.page, priority.number) == (1, 1)
    _starts(
        _of(visit, AFI),
        [
            "Management oversight, including the supervision of staff.",
            "Performance management and quality assurance arrangements.",
            "The consistency of planning for care leavers.",
            "How manageable workers' caseloads are",
        ],
    )
    assert {f.page for f in _of(visit, AFI)} == {2}


def test_slough_2024_visit_across_two_months():
    _, visit = _visit("slough__children's services focused visit - 12 july 2024")
    assert (visit.start_date, visit.end_date) == (dt.date(2024, 4, 30), dt.date(2024, 5, 1))
    _starts(
        _of(visit, AFI),
        [
            "Case recording, including records of visits",
            "The quality and impact of management oversight.",
            "The effectiveness and progression of child-in-need",
        ],
    )


@pytest.mark.parametrize(
    ("fragment", "start", "end"),
    [
        # "...focused visit to Rotherham children's services between 20 and 22 October 2020."
        (
            "rotherham__children's services focused visit - 04 december 2020",
            (2020, 10, 20),
            (2020, 10, 22),
        ),
        (
            "wakefield__children's services focused visit - 18 december 2020",
            (2020, 11, 3),
            (2020, 11, 5),
        ),
    ],
)
def test_covid_era_visits_dated_between_two_days(fragment, start, end):
    document, visit = _visit(fragment)
    assert (visit.start_date, visit.end_date) == (dt.date(*start), dt.date(*end))
    assert document.document_date > visit.end_date


def test_north_somerset_2025_letter_date_with_a_misprinted_year():
    # The letter is dated "6 November 20205": the day and month stand, the year is the one
    # after the visit of 7 and 8 October 2025.
    document, visit = _visit(
        "north somerset__children's services focused visit - 06 november 2025"
    )
    assert (visit.start_date, visit.end_date) == (dt.date(2025, 10, 7), dt.date(2025, 10, 8))
    assert document.document_date == dt.date(2025, 11, 6)


def test_lincolnshire_2022_letter_with_nothing_to_improve():
    document, visit = _visit("lincolnshire__children's services focused visit - 22 april 2022")
    assert document.authority_name == "Lincolnshire County Council"
    assert visit.theme == "children in need and children subject to a protection plan"
    assert _of(visit, AFI) == [] and _of(visit, PRIORITY) == []
    assert _of(visit, FINDING, "Main findings")[0].text.startswith(
        "Effective professional relationships between early help and children's social care"
    )


def test_detect_accepts_every_focused_visit_and_the_seeds():
    assert FOCUSED_VISITS and all((PDFS / name).is_file() for name in FOCUSED_VISITS)
    for name in FOCUSED_VISITS:
        assert parser.detect(pages_of(name)), name
    assert parser.detect(seed_pages("000")) and parser.detect(seed_pages("004"))


@pytest.mark.parametrize(
    "fragment",
    [
        "kent__children's services inspection - 05 july 2022",  # ILACS
        "kent__children's services inspection - 13 june 2017",  # SIF
        "surrey__joint area child protection inspection - 02 may 2023",  # JTAI
    ],
)
def test_detect_refuses_other_kinds(fragment):
    assert not parser.detect(pages_of(fragment))


def test_parse_refuses_a_report():
    with pytest.raises(ParseError):
        parser.parse(pages_of("kent__children's services inspection - 05 july 2022"))


@pytest.mark.parametrize("name", FOCUSED_VISITS)
def test_parses_every_focused_visit(name):
    pages = pages_of(name)
    document = parser.parse(pages)
    assert document.kind == DocumentKind.FOCUSED_VISIT
    assert document.authority_name
    assert document.title.startswith("Focused visit to")
    (visit,) = document.inspections
    assert visit.framework == Framework.FOCUSED_VISIT
    assert visit.start_date <= visit.end_date < document.document_date
    assert visit.lead_inspector
    assert visit.judgements == ()
    assert _of(visit, FINDING)
    for finding in visit.findings:
        assert finding.text and finding.section and finding.number >= 1
        assert 1 <= finding.page <= len(pages)


def test_the_fuller_name_of_the_opening_sentence_is_recorded_as_its_way():
    """Norfolk 2019's heading says "Norfolk", its opening "Norfolk County Council"."""
    document = parser.parse(
        pages_of("norfolk__children's services focused visit - 31 october 2019")
    )
    assert document.authority_name == "Norfolk County Council"
    assert document.found_by == (("authority", "opening sentence"), ("dates", "opening sentence"))
    kent = parser.parse(pages_of("kent__children's services focused visit - 08 february 2019"))
    assert kent.found_by == (("authority", "title"), ("dates", "opening sentence"))
    assert kent.problems == ()
