"""A small published world for the API and feed tests, with a draft that must never show."""

import datetime
from dataclasses import dataclass, field

import pytest

from authorities.models import Authority, Region, StatisticalNeighbour
from findings.models import FollowUp
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from tests.factories import (
    AuthorityFactory,
    DocumentFactory,
    FindingFactory,
    FollowUpFactory,
    InspectionFactory,
    JudgementFactory,
    ThemeFactory,
)
from tests.website.conftest import ILACS_AREAS, inspection_with_report

#: A word only the draft's findings hold: a leak shows wherever it appears.
SECRET = "Draftsecretword"


@dataclass
class World:
    riverton: Authority
    southby: Authority
    findings: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    draft: object = None
    draft_inspection: object = None
    draft_findings: list = field(default_factory=list)
    follow_up: object = None


def build_world(prefix: str = "") -> World:
    """Two authorities with inspections, findings, a theme and a follow-up, a former one with
    a successor, and a draft report (with its own inspection, grade and findings)."""
    theme = ThemeFactory(slug="care-leavers", name="Care leavers")
    riverton = AuthorityFactory(
        name=f"{prefix}Riverton", slug=f"{prefix}riverton", region=Region.NORTH_WEST
    )
    southby = AuthorityFactory(
        name=f"{prefix}Southby", slug=f"{prefix}southby", region=Region.LONDON
    )
    former = AuthorityFactory(
        name=f"{prefix}Oldshire",
        slug=f"{prefix}oldshire",
        status=Authority.Status.FORMER,
        abolished_on=datetime.date(2019, 4, 1),
    )
    former.successors.add(riverton)
    StatisticalNeighbour.objects.create(authority=riverton, neighbour=southby, rank=1)
    world = World(riverton, southby)
    for authority, framework, start, grade, count in (
        (riverton, Framework.SIF, datetime.date(2016, 1, 11), Grade.INADEQUATE, 2),
        (riverton, Framework.ILACS_STANDARD, datetime.date(2022, 5, 9), Grade.GOOD, 4),
        (
            southby,
            Framework.ILACS_STANDARD,
            datetime.date(2019, 3, 4),
            Grade.REQUIRES_IMPROVEMENT,
            2,
        ),
    ):
        inspection, report, findings = inspection_with_report(
            authority,
            framework=framework,
            start=start,
            grades=dict.fromkeys(ILACS_AREAS, grade),
            findings=count,
            theme=theme,
        )
        world.inspections.append(inspection)
        world.documents.append(report)
        world.findings += findings
    visit, letter, visit_findings = inspection_with_report(
        riverton,
        framework=Framework.FOCUSED_VISIT,
        start=datetime.date(2024, 2, 5),
        grades={},
        findings=1,
    )
    world.inspections.append(visit)
    world.documents.append(letter)
    world.findings += visit_findings
    recommendation, evidence = world.findings[0], world.findings[3]
    world.follow_up = FollowUpFactory(
        recommendation=recommendation,
        evidence=evidence,
        evidence_page=2,
        evidence_date=datetime.date(2022, 7, 1),
        status=FollowUp.Status.PROGRESS,
    )
    # The draft: a newer report, its inspection, a grade and findings, none of it public.
    draft = DocumentFactory(
        authority=riverton,
        kind=DocumentKind.INSPECTION_REPORT,
        title=f"{SECRET} report",
        is_published=False,
        document_date=datetime.date(2025, 6, 1),
        published_on=datetime.date(2025, 6, 1),
    )
    draft_inspection = InspectionFactory(
        authority=riverton,
        framework=Framework.ILACS_STANDARD,
        start_date=datetime.date(2025, 4, 7),
        end_date=None,
    )
    draft_inspection.documents.add(draft)
    JudgementFactory(
        inspection=draft_inspection,
        area=JudgementArea.OVERALL_EFFECTIVENESS,
        grade=Grade.OUTSTANDING,
        source_document=draft,
    )
    world.draft, world.draft_inspection = draft, draft_inspection
    world.draft_findings = [
        FindingFactory(
            inspection=draft_inspection,
            document=draft,
            kind=FindingKind.RECOMMENDATION,
            text=f"{SECRET}: improve plans for care leavers ({n}).",
        )
        for n in range(3)
    ]
    for finding in world.draft_findings:
        finding.themes.add(theme)
    return world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def live_world(transactional_db):
    return build_world()
