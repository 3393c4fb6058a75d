"""Rows for the page tests: a small history for one authority, and a crowd for query counts."""

import datetime
from dataclasses import dataclass, field

import pytest

from authorities.models import Region, StatisticalNeighbour
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from inspections.models import Judgement
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    DocumentPageFactory,
    FindingFactory,
    InspectionFactory,
    JudgementFactory,
    ThemeFactory,
)

ILACS_AREAS = (
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
)


@dataclass
class History:
    """One authority's inspections, with the documents and findings each came from."""

    authority: object
    inspections: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    findings: list = field(default_factory=list)


def inspection_with_report(authority, *, framework, start, grades, findings=2, theme=None):
    """An inspection, its report (two pages), its graded areas and some findings."""
    report = DocumentFactory(
        authority=authority,
        kind=DocumentKind.INSPECTION_REPORT
        if framework not in (Framework.FOCUSED_VISIT,)
        else DocumentKind.FOCUSED_VISIT,
        document_date=start + datetime.timedelta(days=50),
        published_on=start + datetime.timedelta(days=50),
        page_count=2,
    )
    DocumentPageFactory(document=report, number=1, text=f"{authority.name} report, page one.")
    DocumentPageFactory(document=report, number=2, text="Recommendations are on this page.")
    inspection = InspectionFactory(
        authority=authority,
        framework=framework,
        start_date=start,
        end_date=start + datetime.timedelta(days=11),
        published_on=start + datetime.timedelta(days=50),
        lead_inspector="Ann Inspector",
    )
    inspection.documents.add(report)
    for area, grade in grades.items():
        JudgementFactory(
            inspection=inspection, area=area, grade=grade, source_document=report, page=1
        )
    made = []
    for n in range(findings):
        finding = FindingFactory(
            inspection=inspection,
            document=report,
            page=2,
            kind=FindingKind.RECOMMENDATION if n % 2 == 0 else FindingKind.STRENGTH,
            section="What needs to improve" if n % 2 == 0 else "Strengths",
            text=f"{authority.name} should improve plans for children, point {n + 1}.",
        )
        if theme is not None:
            finding.themes.add(theme)
        made.append(finding)
    return inspection, report, made


@pytest.fixture
def history(db):
    """Riverton: a pre-2013 inspection known only from statistics, a SIF and an ILACS report
    whose overall grade a committee paper contradicts, and a focused visit since."""
    authority = AuthorityFactory(name="Riverton", slug="riverton", region=Region.NORTH_WEST)
    result = History(authority)
    pre = InspectionFactory(
        authority=authority,
        framework=Framework.PRE_SIF,
        start_date=None,
        end_date=None,
        published_on=datetime.date(2011, 3, 4),
        is_placeholder=True,
    )
    JudgementFactory(
        inspection=pre,
        area=JudgementArea.SAFEGUARDING_OVERALL,
        grade=Grade.ADEQUATE,
        source=Judgement.Source.OFFICIAL_STATISTICS,
        source_document=None,
        page=None,
    )
    sif, sif_report, sif_findings = inspection_with_report(
        authority,
        framework=Framework.SIF,
        start=datetime.date(2016, 1, 11),
        grades={
            JudgementArea.OVERALL_EFFECTIVENESS: Grade.INADEQUATE,
            JudgementArea.HELP_AND_PROTECTION: Grade.INADEQUATE,
            JudgementArea.LOOKED_AFTER_AND_PERMANENCE: Grade.REQUIRES_IMPROVEMENT,
        },
    )
    ilacs, ilacs_report, ilacs_findings = inspection_with_report(
        authority,
        framework=Framework.ILACS_STANDARD,
        start=datetime.date(2022, 5, 9),
        grades=dict.fromkeys(ILACS_AREAS, Grade.GOOD),
        findings=4,
    )
    paper = DocumentFactory(
        authority=authority,
        kind=DocumentKind.COMMITTEE_PAPER,
        title="Report to the Children's Scrutiny Committee",
        document_date=datetime.date(2022, 9, 1),
    )
    ilacs.documents.add(paper)
    JudgementFactory(
        inspection=ilacs,
        area=JudgementArea.OVERALL_EFFECTIVENESS,
        grade=Grade.OUTSTANDING,
        source=Judgement.Source.COMMITTEE_PAPER,
        source_document=paper,
        page=3,
    )
    visit, letter, visit_findings = inspection_with_report(
        authority,
        framework=Framework.FOCUSED_VISIT,
        start=datetime.date(2024, 2, 5),
        grades={},
        findings=1,
    )
    result.inspections = [pre, sif, ilacs, visit]
    result.documents = [sif_report, ilacs_report, paper, letter]
    result.findings = sif_findings + ilacs_findings + visit_findings
    return result


@pytest.fixture
def crowd(db):
    """Twenty authorities, each with three graded inspections, findings and a neighbour:
    enough rows that a query per row would show in the counts."""
    theme = ThemeFactory(slug="care-leavers", name="Care leavers")
    authorities = [
        AuthorityFactory(name=f"Crowdshire {n:02d}", slug=f"crowdshire-{n:02d}") for n in range(20)
    ]
    grades = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]
    for n, authority in enumerate(authorities):
        for year, framework in ((2014, Framework.SIF), (2019, Framework.ILACS_STANDARD)):
            inspection_with_report(
                authority,
                framework=framework,
                start=datetime.date(year, 3, 1 + n),
                grades=dict.fromkeys(ILACS_AREAS, grades[(n + year) % 4]),
                theme=theme,
            )
        inspection_with_report(
            authority,
            framework=Framework.FOCUSED_VISIT,
            start=datetime.date(2021, 6, 1 + n),
            grades={},
            theme=theme,
        )
        for rank, neighbour in enumerate(authorities[n + 1 : n + 4], start=1):
            StatisticalNeighbour.objects.create(
                authority=authority, neighbour=neighbour, rank=rank
            )
    return authorities
