"""The SIF report parser on real reports of each SIF layout: 2014 ("Summary of key findings",
LSCB graded on page 1), 2014-15 ("The local authority's strengths", grade tables), 2015-17
(executive summary, "Recommendations", "(Recommendation)" tags), the 2016-18 re-inspections,
and the Kent 2017 seed text, a poor copy that must agree with its PDF."""

import dataclasses
import datetime as dt

import pytest

from ingestion.parsers import sif_report as parser
from ingestion.types import ParseError
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from tests.corpus import is_official_sif, manifest_rows, official_sif_record, requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

pytestmark = requires_corpus

OE = JudgementArea.OVERALL_EFFECTIVENESS
HELP = JudgementArea.HELP_AND_PROTECTION
LAC = JudgementArea.LOOKED_AFTER_AND_PERMANENCE
ADOPT = JudgementArea.ADOPTION_PERFORMANCE
LEAVERS = JudgementArea.CARE_LEAVERS
LMG = JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE
LSCB = JudgementArea.LSCB
OUT, GOOD, RI, INAD = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE
REC = FindingKind.RECOMMENDATION
FINDING = FindingKind.FINDING
STRENGTH = FindingKind.STRENGTH
HELP_SECTION = "The experiences and progress of children who need help and protection"
LSCB_FINDINGS = "Inspection findings \u2013 the Local Safeguarding Children Board"

KENT_2017 = "kent__children's services inspection - 13 june 2017"


def _sif_files() -> list[str]:
    """Corpus SIF reports and re-inspections: the listed children's services inspections that
    Ofsted's statistics file as SIF. The Surrey board review of August 2015, the one
    standalone LSCB review among the listings, is not one of them."""
    return sorted(
        row["file"]
        for row in manifest_rows()
        if row["listing_label"] == "children's services inspection"
        and row["file"].startswith("d2i-")
        and is_official_sif(row)
    )


SIF_FILES = _sif_files()


def _parse(fragment):
    document = parser.parse(pages_of(fragment))
    assert document.kind == DocumentKind.INSPECTION_REPORT
    assert len(document.inspections) == 1
    return document, document.inspections[0]


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


def test_kent_2017_report():
    document, inspection = _parse(KENT_2017)
    assert document.authority_name == "Kent County Council"
    assert document.title == (
        "Inspection of services for children in need of help and protection, children looked "
        "after and care leavers and Review of the effectiveness of the Local Safeguarding "
        "Children Board"
    )
    assert document.published_on == document.document_date == dt.date(2017, 6, 13)
    assert document.warnings == ()
    assert inspection.framework == Framework.SIF
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2017, 3, 6),
        dt.date(2017, 3, 30),
    )
    assert inspection.published_on == dt.date(2017, 6, 13)
    assert inspection.lead_inspector == "Linda Steele"
    assert _grades(inspection) == [
        (OE, GOOD, 1),
        (HELP, RI, 1),
        (LAC, GOOD, 1),
        (ADOPT, GOOD, 1),
        (LEAVERS, GOOD, 1),
        (LMG, GOOD, 1),
        (LSCB, RI, 29),
    ]


def test_kent_2017_recommendations_and_findings():
    _, inspection = _parse(KENT_2017)
    local = _of(inspection, REC, "Recommendations")
    _starts(
        local,
        [
            "Ensure that prompt consideration is given to convening strategy discussions",
            "Ensure that private fostering assessments are robust",
            "Ensure that homeless young people aged 16 and 17 years",
            "Improve the response to all children at risk of sexual exploitation",
            "Improve the timeliness and quality of return home interviews",
            "Ensure that all care leavers in prison or secure training centres",
            "Review the data routinely provided to the Kent Safeguarding Children Board",
            "Evaluate the quality of case and staff supervision",
            "Ensure that data relating to care leavers is accurate",
            "In partnership with the KSCB, launch the multi-agency neglect strategy",
        ],
    )
    assert [f.number for f in local] == list(range(1, 11))
    assert {f.page for f in local} == {8}
    assert local[9].text.endswith("identify, assess and address neglect within families.")
    board = _of(inspection, REC, "LSCB: Recommendations")
    assert [f.number for f in board] == list(range(88, 94))
    assert {f.page for f in board} == {30}
    assert board[0].text == (
        "Ensure that a comprehensive multi-agency dataset is in place to enable the board to "
        "scrutinise local safeguarding performance."
    )
    assert len(_of(inspection, REC)) == 16
    # Evidence paragraphs 11-87 under their graded sections, 94-106 under the board's.
    help_findings = _of(inspection, FINDING, HELP_SECTION)
    assert [f.number for f in help_findings] == list(range(11, 31))
    assert help_findings[0].page == 11
    assert help_findings[0].text.startswith("Children and families benefit from a wide range")
    # Paragraph 16 runs over a page break and ends with its "(Recommendation)" tag.
    sixteen = next(f for f in help_findings if f.number == 16)
    assert sixteen.page == 11
    assert "curiosity. For these children, strategy discussions" in sixteen.text
    assert sixteen.text.endswith("were necessary. (Recommendation)")
    assert [f.number for f in _of(inspection, FINDING, "Adoption performance")] == list(
        range(51, 60)
    )
    assert [f.number for f in _of(inspection, FINDING, LSCB_FINDINGS)] == list(range(94, 107))
    assert not _of(inspection, STRENGTH)


def test_kent_2017_seed_agrees_with_its_pdf():
    seed = parser.parse(seed_pages("001"))
    pdf = parser.parse(pages_of(KENT_2017))
    seed_visit, pdf_visit = seed.inspections[0], pdf.inspections[0]
    assert {(j.area, j.grade) for j in seed_visit.judgements} == {
        (j.area, j.grade) for j in pdf_visit.judgements
    }
    assert len(seed_visit.judgements) == 7
    assert seed.authority_name == pdf.authority_name == "Kent County Council"
    assert seed.title == pdf.title
    assert seed_visit.framework == pdf_visit.framework == Framework.SIF
    assert (seed_visit.start_date, seed_visit.end_date) == (
        pdf_visit.start_date,
        pdf_visit.end_date,
    )
    assert seed_visit.published_on == pdf_visit.published_on == dt.date(2017, 6, 13)
    assert seed_visit.lead_inspector == pdf_visit.lead_inspector
    seed_recs, pdf_recs = _of(seed_visit, REC), _of(pdf_visit, REC)
    assert len(seed_recs) == len(pdf_recs) == 16
    assert [f.section for f in seed_recs] == [f.section for f in pdf_recs]
    # The copy lost each numbered line's opening: the tenth lost its whole first line.
    for seed_rec, pdf_rec in zip(seed_recs[:9], pdf_recs[:9], strict=True):
        assert seed_rec.text.split()[:5] == pdf_rec.text.split()[:5]
    # It still reads as a request, and the possessive its copy lost is put back.
    assert seed_recs[9].text.startswith(
        "ensure that early help and specialist children's services"
    )
    # The board's six lost their openings: each is shown starting with an ellipsis, and the
    # rest of its words are the original's.
    for seed_rec, pdf_rec in zip(seed_recs[10:], pdf_recs[10:], strict=True):
        assert seed_rec.text.startswith("\u2026") and not pdf_rec.text.startswith("\u2026")
        tail = seed_rec.text[1:].split()
        assert pdf_rec.text.split()[-len(tail) :] == tail


def test_kent_2017_seed_judgements_come_from_the_narrative_when_labels_are_lost():
    seed = parser.parse(seed_pages("001"))
    assert seed.warnings == ()
    assert [(j.area, j.grade) for j in seed.inspections[0].judgements] == [
        (OE, GOOD),
        (HELP, RI),
        (LAC, GOOD),
        (ADOPT, GOOD),
        (LEAVERS, GOOD),
        (LMG, GOOD),
        (LSCB, RI),
    ]
    findings = _of(seed.inspections[0], FINDING, HELP_SECTION)
    assert findings and all(f.number for f in findings)


def test_birmingham_2014_first_layout():
    document, inspection = _parse("birmingham__children's services inspection - 23 may 2014")
    assert document.authority_name == "Birmingham City Council"
    assert inspection.framework == Framework.SIF
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2014, 3, 18),
        dt.date(2014, 4, 9),
    )
    assert inspection.published_on == dt.date(2014, 5, 23)
    assert inspection.lead_inspector == "Marie McGuinness"
    # The 2014 layout grades the board on page 1 too.
    assert _grades(inspection) == [
        (OE, INAD, 1),
        (HELP, INAD, 1),
        (LAC, INAD, 1),
        (ADOPT, INAD, 1),
        (LEAVERS, INAD, 1),
        (LMG, INAD, 1),
        (LSCB, INAD, 1),
    ]
    summary = _of(inspection, FINDING, "Summary of key findings")
    assert [f.number for f in summary] == list(range(1, 18))
    assert summary[0].text.startswith("The most vulnerable children in Birmingham")
    strengths = _of(inspection, STRENGTH, "The local authority has the following strengths")
    assert [f.number for f in strengths] == list(range(18, 24))
    priority = _of(inspection, REC, "Priority and immediate action")
    assert [f.number for f in priority] == list(range(24, 34))
    assert {f.page for f in priority} == {7}
    assert priority[0].text.startswith("Strengthen operational and senior management")
    areas = _of(inspection, REC, "Areas for improvement")
    assert [f.number for f in areas] == list(range(34, 40))
    assert areas[0].page == 8
    assert areas[-1].text.startswith("Ensure that care leavers have good, targeted")
    board_priority = _of(inspection, REC, "LSCB: Priority actions")
    assert [f.number for f in board_priority] == list(range(120, 126))
    assert board_priority[0].text.startswith("The BSCB to ensure that each partner agency")
    board_areas = _of(inspection, REC, "LSCB: Areas for improvement")
    assert [f.number for f in board_areas] == list(range(126, 132))
    assert board_areas[3].page == 33
    assert len(_of(inspection, REC)) == 28
    weaknesses = _of(inspection, FINDING, "Key strengths and weaknesses of the LSCB")
    assert [f.number for f in weaknesses] == list(range(132, 145))


def test_blackpool_2014_second_layout():
    document, inspection = _parse("blackpool__children's services inspection - 08 september 2014")
    assert document.authority_name == "Blackpool Borough Council"
    assert inspection.lead_inspector == "Janet Fraser"
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2014, 7, 2),
        dt.date(2014, 7, 23),
    )
    assert inspection.published_on == dt.date(2014, 9, 8)
    # Page 1 prints "Requires / Improvement" over two lines in a table.
    assert _grades(inspection) == [
        (OE, RI, 1),
        (HELP, RI, 1),
        (LAC, RI, 1),
        (ADOPT, RI, 1),
        (LEAVERS, RI, 1),
        (LMG, RI, 1),
        (LSCB, RI, 36),
    ]
    priority = _of(inspection, REC, "Priority and immediate action")
    _starts(
        priority,
        [
            "A leaving care service improvement plan should be developed.",
            "Ensure that all looked after young people have a Pathway Plan",
        ],
    )
    areas = _of(inspection, REC, "Areas for Improvement")
    assert [f.number for f in areas] == list(range(11, 28))
    # The topic subheadings ("Adoption") are not part of the recommendations.
    assert areas[9].text == (
        "Improve the quality of child permanence reports to ensure that they are consistently "
        "good."
    )
    assert [
        f.number for f in _of(inspection, STRENGTH, "The local authority's strengths")
    ] == list(range(28, 42))
    assert [f.number for f in _of(inspection, REC, "LSCB: Priority and immediate action")] == [144]
    board_areas = _of(inspection, REC, "LSCB: Areas for improvement")
    assert [f.number for f in board_areas] == list(range(145, 152))
    assert board_areas[2].text.endswith("(iii) they are known to the Youth Offending Team.")
    assert [f.number for f in _of(inspection, STRENGTH, "The LSCB's strengths")] == [152, 153, 154]
    judged = _of(inspection, FINDING, "Inspection judgement about the LSCB")
    assert [f.number for f in judged] == list(range(155, 165))


def test_norfolk_2015_drops_paragraph_references_from_recommendations():
    _, inspection = _parse("norfolk__children's services inspection - 20 october 2015")
    assert inspection.framework == Framework.SIF
    assert inspection.lead_inspector == "Helen Cawston"
    assert inspection.published_on == dt.date(2015, 10, 19)
    assert _grades(inspection) == [
        (OE, INAD, 1),
        (HELP, RI, 1),
        (LAC, INAD, 1),
        (ADOPT, RI, 1),
        (LEAVERS, INAD, 1),
        (LMG, RI, 1),
        (LSCB, RI, 39),
    ]
    local = _of(inspection, REC, "Recommendations")
    assert [f.number for f in local] == list(range(1, 20))
    assert [f.page for f in local] == [8] * 8 + [9] * 11
    assert local[0].text == (
        "Strengthen management oversight in the MASH to improve the quality of decisions being "
        "made, so that children who require a social work intervention are assessed quickly "
        "and assessment findings are recorded promptly."
    )
    assert local[7].text == (
        "Implement the following areas for improvement from the previous looked after children "
        "inspection: improve capacity within the Independent Reviewing Service so that "
        "caseloads are reduced and social work practice is better scrutinised to prevent drift "
        "and delay for children; improve the timeliness and quality of health assessments for "
        "looked after children; improve the quality of personal education plans for looked "
        "after children; encourage more looked after children to take up advocacy to enable "
        "them to fully participate in their reviews."
    )
    assert local[11].text == "Improve arrangements for keeping in touch with all care leavers."
    assert not any("paragraph" in f.text for f in _of(inspection, REC))
    board = _of(inspection, REC, "LSCB: Recommendations")
    assert [f.number for f in board] == list(range(138, 144))


def test_bradford_and_slough_2014_print_no_publication_date():
    _, bradford = _parse("bradford__children's services inspection - 23 may 2014")
    assert bradford.published_on is None
    assert bradford.lead_inspector == "Lynn Radley"
    assert (bradford.start_date, bradford.end_date) == (dt.date(2014, 2, 18), dt.date(2014, 3, 12))
    assert _grades(bradford) == [
        (OE, RI, 1),
        (HELP, RI, 1),
        (LAC, GOOD, 1),
        (ADOPT, GOOD, 1),
        (LEAVERS, GOOD, 1),
        (LMG, GOOD, 1),
        (LSCB, GOOD, 1),
    ]
    assert [f.number for f in _of(bradford, REC, "LSCB: Areas for improvement")] == list(
        range(118, 123)
    )
    document, slough = _parse("slough__children's services inspection - 14 february 2014")
    assert document.published_on is None
    assert document.title.startswith(
        "Inspection of services for children in need of help and protection, children looked "
        "after and Care Leavers and Review"
    )
    assert (slough.start_date, slough.end_date) == (dt.date(2013, 11, 19), dt.date(2013, 12, 11))
    assert slough.lead_inspector == "Gary Lamb"
    assert (ADOPT, RI, 1) in _grades(slough)
    assert (LSCB, INAD, 1) in _grades(slough)


def test_slough_2014_bulleted_recommendations_are_numbered_in_order():
    _, inspection = _parse("slough__children's services inspection - 14 february 2014")
    priority = _of(inspection, REC, "Priority and immediate action")
    assert [f.number for f in priority] == list(range(1, 10))
    assert priority[0].text == (
        "Develop and put into operation a comprehensive workforce strategy to attract and keep "
        "high quality, experienced permanent staff in Slough."
    )
    assert priority[0].page == 5
    assert priority[2].page == 6
    assert len(_of(inspection, REC, "Areas for improvement")) == 12
    assert len(_of(inspection, REC, "LSCB: Priority and immediate action")) == 2
    assert len(_of(inspection, REC, "LSCB: Areas for improvement")) == 4
    help_findings = _of(inspection, FINDING, HELP_SECTION)
    assert [f.number for f in help_findings] == list(range(1, 21))
    assert help_findings[0].text.startswith("There are widespread failures, by the children's")


def test_doncaster_2018_reinspection():
    document, inspection = _parse("doncaster__children's services inspection - 19 january 2018")
    assert document.authority_name == "Doncaster Metropolitan Borough Council"
    assert document.title == (
        "Re-inspection of services for children in need of help and protection, children "
        "looked after and care leavers"
    )
    assert inspection.framework == Framework.SIF_REINSPECTION
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2017, 11, 9),
        dt.date(2017, 11, 24),
    )
    assert inspection.published_on == dt.date(2018, 1, 19)
    assert inspection.lead_inspector == "Neil Penswick"
    # A re-inspection has no LSCB review.
    assert _grades(inspection) == [
        (area, GOOD, 1) for area in (OE, HELP, LAC, ADOPT, LEAVERS, LMG)
    ]
    _starts(
        _of(inspection, REC),
        [
            "Ensure that all social workers receive",
            "Ensure that assessments, plans and subsequent",
            "Continue to improve the availability of",
            "Ensure that all children looked after",
        ],
    )
    assert {(f.section, f.page) for f in _of(inspection, REC)} == {("Recommendations", 7)}
    assert [f.number for f in _of(inspection, FINDING, HELP_SECTION)] == list(range(5, 17))


def test_somerset_and_birmingham_reinspections():
    document, somerset = _parse("somerset__children's services inspection - 29 january 2018")
    assert document.title.startswith("Reinspection of services for children in need")
    assert somerset.framework == Framework.SIF_REINSPECTION
    assert somerset.lead_inspector == "Caroline Walsh"
    assert somerset.published_on == dt.date(2018, 1, 29)
    assert _grades(somerset) == [
        (OE, RI, 1),
        (HELP, RI, 1),
        (LAC, RI, 1),
        (ADOPT, GOOD, 1),
        (LEAVERS, RI, 1),
        (LMG, RI, 1),
    ]
    recs = _of(somerset, REC)
    assert [f.number for f in recs] == list(range(1, 14))
    assert recs[0].text.startswith("Ensure that capacity in the senior")
    assert recs[-1].text.startswith("Ensure that care leavers receive support")
    document, birmingham = _parse("birmingham__children's services inspection - 25 november 2016")
    assert document.authority_name == "Birmingham"
    assert birmingham.framework == Framework.SIF_REINSPECTION
    assert birmingham.lead_inspector == "Peter McEntee"
    assert len(_of(birmingham, REC)) == 17


def test_slough_2016_is_a_reinspection_by_its_previous_sif():
    """Titled as a full inspection with a board review, but its previous inspection (November
    2013) was itself a SIF: Ofsted's statistics list it as the SIF re-inspection."""
    document, inspection = _parse("slough__children's services inspection - 17 february 2016")
    assert document.title.startswith("Inspection of services for children in need")
    assert inspection.framework == Framework.SIF_REINSPECTION
    assert (LSCB, INAD, 38) in _grades(inspection)
    groups = {}
    for finding in _of(inspection, REC):
        groups.setdefault(finding.section, []).append(finding.number)
    # Its recommendations are bullets in four numbered groups.
    assert groups == {
        "Recommendations: Quality and effectiveness of practice": list(range(1, 8)),
        "Recommendations: Oversight and scrutiny by senior and political leaders": list(
            range(1, 8)
        ),
        "Recommendations: Children who go missing or who are at risk of child sexual "
        "exploitation": [1, 2, 3],
        "Recommendations: Provision and sufficiency of key services": [1, 2, 3, 4, 5],
        "LSCB: Recommendations": list(range(123, 129)),
    }
    first = _of(inspection, REC)[0]
    assert first.text.startswith("In line with longstanding plans, develop and embed")


#: The official statistics' grades (Childrens_social_care_in_England_2023_underlying_data.ods,
#: sheet LA_inspections_2009-2023): OE, help, looked after, adoption, care leavers, leadership,
#: LSCB (None where the report has no board review).
OFFICIAL = {
    "norfolk__children's services inspection - 20 october 2015": (
        INAD,
        RI,
        INAD,
        RI,
        INAD,
        RI,
        RI,
    ),
    "norfolk__children's services inspection - 19 january 2018": (RI, RI, RI, OUT, RI, RI, None),
    "birmingham__children's services inspection - 23 may 2014": (INAD,) * 7,
    "birmingham__children's services inspection - 25 november 2016": (
        INAD,
        INAD,
        RI,
        RI,
        RI,
        INAD,
        None,
    ),
    "blackpool__children's services inspection - 08 september 2014": (RI,) * 7,
    "bradford__children's services inspection - 23 may 2014": (
        RI,
        RI,
        GOOD,
        GOOD,
        GOOD,
        GOOD,
        GOOD,
    ),
    "cornwall__children's services inspection - 27 june 2016": (
        GOOD,
        RI,
        GOOD,
        GOOD,
        GOOD,
        GOOD,
        RI,
    ),
    "doncaster__children's services inspection - 27 november 2015": (
        INAD,
        INAD,
        RI,
        GOOD,
        RI,
        RI,
        RI,
    ),
    "doncaster__children's services inspection - 19 january 2018": (GOOD,) * 6 + (None,),
    KENT_2017: (GOOD, RI, GOOD, GOOD, GOOD, GOOD, RI),
    "leeds__children's services inspection - 27 march 2015": (GOOD,) * 5 + (OUT, GOOD),
    "lincolnshire__children's services inspection - 06 january 2015": (
        GOOD,
        GOOD,
        GOOD,
        OUT,
        GOOD,
        GOOD,
        GOOD,
    ),
    "hackney__children's services inspection - 21 september 2016": (
        GOOD,
        GOOD,
        GOOD,
        GOOD,
        OUT,
        GOOD,
        OUT,
    ),
    "haringey__children's services inspection - 18 july 2014": (RI,) * 7,
    "northumberland__children's services inspection - 14 april 2016": (
        RI,
        RI,
        RI,
        GOOD,
        RI,
        RI,
        GOOD,
    ),
    "kensington and chelsea__children's services inspection - 29 march 2016": (
        OUT,
        GOOD,
        OUT,
        OUT,
        OUT,
        OUT,
        GOOD,
    ),
    "sandwell__children's services inspection - 05 june 2015": (
        INAD,
        INAD,
        RI,
        RI,
        RI,
        INAD,
        INAD,
    ),
    "sandwell__children's services inspection - 29 january 2018": (
        INAD,
        INAD,
        INAD,
        INAD,
        RI,
        INAD,
        None,
    ),
    "slough__children's services inspection - 14 february 2014": (
        INAD,
        INAD,
        INAD,
        RI,
        INAD,
        INAD,
        INAD,
    ),
    # The statistics give no board grade for re-inspections; this one reviewed the board too.
    "slough__children's services inspection - 17 february 2016": (
        INAD,
        INAD,
        INAD,
        RI,
        INAD,
        INAD,
        INAD,
    ),
    "somerset__children's services inspection - 27 march 2015": (
        INAD,
        INAD,
        INAD,
        RI,
        INAD,
        INAD,
        INAD,
    ),
    "somerset__children's services inspection - 29 january 2018": (
        RI,
        RI,
        RI,
        GOOD,
        RI,
        RI,
        None,
    ),
    # The statistics put Surrey's board grade (from its separate review) on this row.
    "surrey__children's services inspection - 03 june 2015": (
        INAD,
        INAD,
        RI,
        GOOD,
        RI,
        INAD,
        None,
    ),
    "surrey__children's services inspection - 16 may 2018": (INAD, INAD, RI, GOOD, RI, INAD, None),
}


def test_redbridge_2016_dates_printed_in_figures():
    # "Inspection date: 12/09/2016 to 06/10/2016", "Report published: 25/11/2016"
    document, inspection = _parse("redbridge__children's services inspection - 25 november 2016")
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2016, 9, 12),
        dt.date(2016, 10, 6),
    )
    assert document.published_on == dt.date(2016, 11, 25)


def test_hammersmith_and_fulham_2016_lead_inspector_on_site():
    # "Lead inspector on site: Pietro Battista", beside a report author and a deputy lead.
    _, inspection = _parse("hammersmith and fulham__children's services inspection - 29 march")
    assert inspection.lead_inspector == "Pietro Battista"


@pytest.mark.parametrize("fragment", sorted(OFFICIAL))
def test_grades_match_the_official_statistics(fragment):
    _, inspection = _parse(fragment)
    areas = (OE, HELP, LAC, ADOPT, LEAVERS, LMG, LSCB)
    expected = {
        area: grade for area, grade in zip(areas, OFFICIAL[fragment], strict=True) if grade
    }
    assert {j.area: j.grade for j in inspection.judgements} == expected


def test_the_hand_checked_grades_are_corpus_sif_reports():
    assert SIF_FILES
    for fragment in OFFICIAL:
        assert any(fragment in name for name in SIF_FILES), fragment


@pytest.mark.parametrize("name", SIF_FILES)
def test_every_corpus_sif_report_agrees_with_the_statistics(name):
    """Each report's grades against its record in Ofsted's statistics, read from the
    publication itself. The statistics give no board grade for re-inspections (Slough's 2016
    one reviewed the board too) and may file a separate board review's grade on the SIF row
    (Surrey 2015), so the board grade is compared only where both give one."""
    (row,) = [row for row in manifest_rows() if row["file"] == name]
    official = official_sif_record(row).judgements
    _, inspection = _parse(name)
    reported = {j.area: j.grade for j in inspection.judgements}
    assert {area: reported.get(area) for area in official if area != LSCB} == {
        area: grade for area, grade in official.items() if area != LSCB
    }
    if LSCB in official and LSCB in reported:
        assert reported[LSCB] == official[LSCB]


@pytest.mark.parametrize("name", SIF_FILES)
def test_detect_accepts_every_sif_report(name):
    assert parser.detect(pages_of(name))


def test_detect_accepts_the_seed():
    assert parser.detect(seed_pages("001"))


@pytest.mark.parametrize(
    "fragment",
    [
        "kent__children's services inspection - 05 july 2022",
        "kent__children's services focused visit - 08 february 2019",
        "surrey__children's services inspection - 03 august 2015",
        "kent__children's services inspection,  pdf - 23 august 2013",
        "bradford__children's services inspection - 29 october 2018",
    ],
)
def test_detect_rejects_other_kinds(fragment):
    assert not parser.detect(pages_of(fragment))


def test_parse_refuses_a_focused_visit_letter():
    with pytest.raises(ParseError):
        parser.parse(pages_of("kent__children's services focused visit - 08 february 2019"))


@pytest.mark.parametrize("name", SIF_FILES)
def test_parse_every_sif_report(name):
    document = parser.parse(pages_of(name))
    (inspection,) = document.inspections
    assert document.authority_name
    assert document.warnings == ()
    assert inspection.framework in (Framework.SIF, Framework.SIF_REINSPECTION)
    assert inspection.start_date and inspection.end_date
    assert inspection.start_date < inspection.end_date
    assert inspection.lead_inspector
    areas = [j.area for j in inspection.judgements]
    assert areas[:6] == [OE, HELP, LAC, ADOPT, LEAVERS, LMG]
    assert (LSCB in areas) == ("Local Safeguarding Children Board" in document.title.title())
    assert all(j.page for j in inspection.judgements)
    recommendations = _of(inspection, REC)
    assert recommendations
    assert len(_of(inspection, FINDING)) >= 40
    for finding in inspection.findings:
        assert finding.page and finding.section and finding.number and finding.text


# Read by structure, with fallbacks: COMPOSED variants of Kent 2017's real page 1 ------------


def _kent_altered(*replacements):
    pages = pages_of(KENT_2017)
    text = pages[0].text
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return (dataclasses.replace(pages[0], text=text), *pages[1:])


def test_real_report_says_how_it_found_each_field():
    document, _ = _parse(KENT_2017)
    assert document.found_by == (
        ("authority", "heading lines"),
        # Page 1's labelled grades, its "Children's services in Kent are good", and the
        # LSCB's grade in its section heading.
        ("judgements", "text + summary sentence + headings"),
        ("dates", "dates line"),
    )
    assert document.problems == ()


def test_composed_report_without_its_name_above_the_title_falls_back_to_the_body():
    document = parser.parse(_kent_altered(("Kent County Council\n", "")))
    # "Children's services in Kent are good"
    assert document.authority_name == "Kent"
    assert ("authority", "body") in document.found_by
    assert document.problems == ()


def test_composed_date_line_above_the_title():
    pages = _kent_altered(
        ("Kent County Council\n", "6 – 30 March 2017\nKent County Council\n"),
        ("Inspection dates: 6 March to 30 March 2017\n", ""),
    )
    document = parser.parse(pages)
    (inspection,) = document.inspections
    assert (inspection.start_date, inspection.end_date) == (
        dt.date(2017, 3, 6),
        dt.date(2017, 3, 30),
    )
    assert ("dates", "date line") in document.found_by
    assert document.authority_name == "Kent County Council"


def test_composed_report_without_an_overall_judgement_says_so():
    pages = _kent_altered(("Children's services in Kent are good\n", ""))
    document = parser.parse(pages)
    (inspection,) = document.inspections
    assert OE not in {j.area for j in inspection.judgements}
    assert document.problems == (
        "6 of 7 judgements read from page 1 and the section headings; not found: "
        "overall_effectiveness",
    )
