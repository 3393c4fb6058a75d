"""The committee paper parser against Kent's real cabinet committee papers (seeds 002, 003)."""

import datetime

import pytest

from ingestion.extract import extract
from ingestion.parsers import committee_paper
from tests.corpus import PDFS, requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

pytestmark = requires_corpus

D = datetime.date


def summary(inspection):
    return (
        inspection.framework,
        inspection.start_date,
        inspection.end_date,
        inspection.date_precision,
        inspection.published_on,
        {j.area: (j.grade, j.page) for j in inspection.judgements},
    )


@pytest.fixture(scope="module")
def paper_2016():
    return committee_paper.parse(seed_pages("002"))


@pytest.fixture(scope="module")
def paper_2022():
    return committee_paper.parse(seed_pages("003"))


def test_2016_paper_header(paper_2016):
    assert paper_2016.kind == "committee_paper"
    assert paper_2016.authority_name == "Kent County Council"
    assert paper_2016.committee == "Children's Social Care and Health Cabinet Committee"
    assert paper_2016.document_date == D(2016, 7, 5)
    assert paper_2016.title == "ACTION PLANS ARISING FROM OFSTED INSPECTIONS"


def test_2016_paper_lists_kents_five_earlier_inspections(paper_2016):
    # "Since 2012, KCC Specialist Children's Services have undergone five Ofsted inspections:"
    # each given by its report's publication date, so known to the month.
    assert [summary(i) for i in paper_2016.inspections] == [
        # "Fostering Services - published report 31 July 2012 (adequate)"
        (
            "pre_sif",
            D(2012, 7, 1),
            D(2012, 7, 31),
            "month",
            D(2012, 7, 31),
            {"fostering_service": ("adequate", 1)},
        ),
        # "Children in need of help and protection (Safeguarding) - published report 15 January
        # 2013 (adequate)"
        (
            "pre_sif",
            D(2013, 1, 1),
            D(2013, 1, 15),
            "month",
            D(2013, 1, 15),
            {"safeguarding_overall": ("adequate", 1)},
        ),
        # "Adoption support services - published report 18 June 2013 (adequate)"
        (
            "pre_sif",
            D(2013, 6, 1),
            D(2013, 6, 18),
            "month",
            D(2013, 6, 18),
            {"adoption_service": ("adequate", 1)},
        ),
        # "Children in Care / Care Leavers - published report 23 August 2013 (adequate)"
        (
            "pre_sif",
            D(2013, 8, 1),
            D(2013, 8, 23),
            "month",
            D(2013, 8, 23),
            {"looked_after_overall": ("adequate", 1)},
        ),
        # The fifth, "Thematic inspection of Child Sexual Exploitation (CSE) - joint national
        # report on the findings of eight thematic inspections, published November 2014", is a
        # national report, not an inspection of Kent: not recorded as one.
    ]
    assert all(i.is_recap for i in paper_2016.inspections)


def test_2016_paper_tells_the_service_inspections_apart(paper_2016):
    # The fostering and adoption service inspections are events of their own, never to be
    # merged with the safeguarding or looked-after inspections of the same months.
    assert [i.theme for i in paper_2016.inspections] == [
        "Fostering services",
        "",
        "Adoption services",
        "",
    ]


def test_2016_paper_reports_no_inspection_to_hang_next_steps_on(paper_2016):
    # 5.1 (an All Member's Briefing) belongs to no inspection: said in a warning, not invented.
    # Its recommendation ("asked to CONSIDER AND COMMENT ON the content of the report") is the
    # committee's procedure, never a step.
    assert not any(i.findings for i in paper_2016.inspections)
    assert paper_2016.warnings == (
        "1 next step not recorded: the paper reports no recent inspection to attach it to",
    )


def test_2022_paper_header(paper_2022):
    assert paper_2022.authority_name == "Kent County Council"
    assert paper_2022.committee == "Children's, Young People and Education Cabinet Committee"
    assert paper_2022.title == "OFSTED INSPECTION OF CHILDREN'S SERVICES"
    # the paper states no meeting date ("On 5th July 2022" is the report's publication)
    assert paper_2022.document_date is None


def test_2022_paper_inspections_and_grades(paper_2022):
    assert [summary(i) for i in paper_2022.inspections] == [
        # "taken our Children's Services from Inadequate in 2010 to Outstanding in 2022"
        (
            "pre_sif",
            D(2010, 1, 1),
            D(2010, 12, 31),
            "year",
            None,
            {"overall_effectiveness": ("inadequate", 1)},
        ),
        # "Kent's last inspection in 2017 found Kent was providing "Good" services to children."
        (
            "sif",
            D(2017, 1, 1),
            D(2017, 12, 31),
            "year",
            None,
            {"overall_effectiveness": ("good", 1)},
        ),
        # "took place over a 3 week period in May 2022"; "On 5th July 2022, Ofsted published
        # their ILACs report rating Kent County Council 'Outstanding' for overall effectiveness";
        # the three judgements listed in 1.2 (official statistics agree on all four grades)
        (
            "ilacs_standard",
            D(2022, 5, 1),
            D(2022, 5, 31),
            "month",
            D(2022, 7, 5),
            {
                "impact_of_leaders": ("outstanding", 1),
                "help_and_protection": ("good", 1),
                "children_in_care_and_care_leavers": ("outstanding", 1),
                "overall_effectiveness": ("outstanding", 1),
            },
        ),
    ]


def test_2022_paper_next_steps_hang_on_the_may_2022_inspection(paper_2022):
    ilacs = paper_2022.inspections[-1]
    steps = [(f.kind, f.section, f.number, f.page, f.text[:30]) for f in ilacs.findings]
    # the front sheet's recommendation (repeated as "9.1"), "Cabinet Committee is asked to NOTE
    # the content of the report ...", is the committee's procedure, never a step
    assert steps == [
        ("next_step", "Next Steps", 1, 1, "There are two specific areas o"),
        ("next_step", "Next Steps", 2, 1, "Whilst delighted with the outc"),
    ]
    assert ilacs.findings[0].text.endswith(
        "with over 60 newly qualified social workers joining the council over the next two months."
    )
    assert not any(i.findings for i in paper_2022.inspections[:-1])


@pytest.mark.parametrize("seed", ["002", "003"])
def test_detects_the_committee_papers(seed):
    assert committee_paper.detect(seed_pages(seed))


@pytest.mark.parametrize("seed", ["000", "001", "004"])
def test_does_not_detect_ofsted_seed_documents(seed):
    assert not committee_paper.detect(seed_pages(seed))


CORPUS_PDFS = sorted(p.name for p in PDFS.glob("*.pdf")) if PDFS.is_dir() else []
#: Saved web pages with a .pdf name: extraction refuses them before any parser is asked.
NOT_PDFS = {"d2i-ilacs__80429_birmingham__children's services inspection - 19 october 2012.pdf"}


@pytest.mark.parametrize("name", [n for n in CORPUS_PDFS if n not in NOT_PDFS])
def test_no_ofsted_pdf_is_taken_for_a_committee_paper(name):
    assert not committee_paper.detect(pages_of(name))


SCRUTINY_PAPER = """\
Report to: Children and Young People's Scrutiny Committee
Date of meeting: 14 March 2023
Report of: Director of Children's Services
Subject: Ofsted inspection of children's services
Wards affected: All
Key decision: No

1. Purpose of report
1.1 To inform members of the outcome of the Ofsted inspection of Anytown Borough Council's
children's services (ILACS), which took place between 9 and 20 January 2023.
2. Outcome
2.1 Ofsted published its report on 3 March 2023, judging the council's children's services to
be good overall.
The impact of leaders on social work practice with children and families: Good
The experiences and progress of children who need help and protection: Requires improvement
The experiences and progress of children in care: Good
The experiences and progress of care leavers: Outstanding
2.2 At the previous inspection in 2019, Anytown's services were judged to require improvement
to be good.
3. Next steps
3.1 An improvement plan for help and protection will come to this committee in June 2023.
3.2 Officers will report progress every quarter.
4. Recommendations
4.1 The committee is asked to note the outcome of the inspection.
"""


def test_another_councils_template_as_plain_text():
    """A paper laid out the way many councils do it, made up here so it runs anywhere."""
    pages = extract(SCRUTINY_PAPER.encode(), filename="paper.txt").pages
    assert committee_paper.detect(pages)
    paper = committee_paper.parse(pages)
    assert paper.authority_name == "Anytown Borough Council"
    assert paper.committee == "Children and Young People's Scrutiny Committee"
    assert paper.document_date == D(2023, 3, 14)
    assert paper.title == "Ofsted inspection of children's services"
    earlier, main = paper.inspections
    assert summary(earlier) == (
        "ilacs_standard",
        D(2019, 1, 1),
        D(2019, 12, 31),
        "year",
        None,
        {"overall_effectiveness": ("requires_improvement", 1)},
    )
    assert summary(main) == (
        "ilacs_standard",
        D(2023, 1, 9),
        D(2023, 1, 20),
        "day",
        D(2023, 3, 3),
        {
            "impact_of_leaders": ("good", 1),
            "help_and_protection": ("requires_improvement", 1),
            "children_in_care": ("good", 1),
            "care_leavers": ("outstanding", 1),
            "overall_effectiveness": ("good", 1),
        },
    )
    assert [(f.section, f.number, f.text[:30]) for f in main.findings] == [
        ("Next steps", 1, "An improvement plan for help a"),
        ("Next steps", 2, "Officers will report progress "),
    ]


def test_a_paper_that_names_no_council_is_kept_with_the_problem():
    """COMPOSED: the paper above with the council's name taken out."""
    text = SCRUTINY_PAPER.replace("Anytown Borough Council's", "the council's").replace(
        "Anytown's", "the council's"
    )
    pages = extract(text.encode(), filename="paper.txt").pages
    assert committee_paper.detect(pages)
    paper = committee_paper.parse(pages)
    assert paper.authority_name == ""
    # The services drop this problem once the caller (or staff) give the council.
    assert paper.problems == ("authority not found: the paper does not name its council",)
    assert len(paper.inspections) == 2
    found_by = committee_paper.parse(
        extract(SCRUTINY_PAPER.encode(), filename="p.txt").pages
    ).found_by
    assert ("authority", "text") in found_by and ("authority", "text") not in paper.found_by
