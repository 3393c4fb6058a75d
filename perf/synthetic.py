"""Synthetic national histories for benchmarks, made by ``manage.py generate_national``.

At scale 1 there are as many made-up authorities as real ones (153), each with a history in
the real shapes since 2009: a pre-2013 inspection, a SIF inspection (and monitoring visits and
a re-inspection when it is inadequate), one or two ILACS inspections, focused visits, sometimes
a joint targeted area inspection, a committee paper; with their judgements (as the report and
Ofsted's statistics state them), findings on the pages they come from, themes and follow-ups.
That is about 1,000 documents, 14,000 pages and 40,000 findings a scale.

Every row hangs off an authority whose ONS code starts ``E98`` (``ONS_PREFIX``, a prefix no real
area code uses), which is how ``synthetic_authorities()`` and ``clear()`` find them; they live
only in a benchmark's own database (``generate()`` and ``clear()`` refuse any other: see
``perf.guard``). A history depends only
on the seed and the authority's number, so the same arguments always make the same rows.

Long because one authority's history walks every era and kind of document in turn, each with
its own dates, grades and findings; dev-only code, never imported by the site.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from authorities.models import (
    Authority,
    AuthorityAlias,
    AuthorityKind,
    Region,
    StatisticalNeighbour,
)
from findings.models import Finding, FollowUp, Theme
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from inspections.models import Document, DocumentPage, Inspection, Judgement
from ofsted_kb.cache import data_changed

from . import synthetic_text as prose
from .guard import require_benchmark_database

#: How many authorities scale 1 makes: England's authorities with children's services duties.
NATIONAL_AUTHORITIES = 153
#: ONS codes no real authority has (real ones start E06-E10), so they never collide.
ONS_PREFIX = "E98"
NAME = "Synthetic Borough {:04d}"
MAX_SCALE = 100
#: Authorities written per transaction: big enough for fast inserts, small enough for memory.
BATCH = 25

# Real shares of regions and kinds among the 153, so filters by region or kind match as many
# synthetic authorities as real ones would.
REGIONS = (
    (Region.EAST_MIDLANDS, 10),
    (Region.EAST_OF_ENGLAND, 11),
    (Region.LONDON, 33),
    (Region.NORTH_EAST_YORKSHIRE_HUMBER, 27),
    (Region.NORTH_WEST, 24),
    (Region.SOUTH_EAST, 19),
    (Region.SOUTH_WEST, 15),
    (Region.WEST_MIDLANDS, 14),
)
KINDS = (
    (AuthorityKind.COUNTY, 21),
    (AuthorityKind.UNITARY, 63),
    (AuthorityKind.METROPOLITAN, 36),
    (AuthorityKind.LONDON_BOROUGH, 33),
)

PRE_SIF_AREAS = (
    JudgementArea.SAFEGUARDING_OVERALL,
    JudgementArea.SAFEGUARDING_CAPACITY,
    JudgementArea.LOOKED_AFTER_OVERALL,
    JudgementArea.LOOKED_AFTER_CAPACITY,
    JudgementArea.BEING_HEALTHY,
    JudgementArea.STAYING_SAFE,
    JudgementArea.ENJOYING_AND_ACHIEVING,
    JudgementArea.LEADERSHIP_AND_MANAGEMENT,
    JudgementArea.PARTNERSHIP_WORKING,
)
SIF_AREAS = (
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.LOOKED_AFTER_AND_PERMANENCE,
    JudgementArea.ADOPTION_PERFORMANCE,
    JudgementArea.CARE_LEAVERS,
    JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE,
)
ILACS_AREAS_2018 = (
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
)
ILACS_AREAS_2023 = (
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.IMPACT_OF_LEADERS,
    JudgementArea.HELP_AND_PROTECTION,
    JudgementArea.CHILDREN_IN_CARE,
    JudgementArea.CARE_LEAVERS,
)
#: Ranks 1-4 to grades; the pre-2013 scale says "adequate" for 3.
GRADES = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.REQUIRES_IMPROVEMENT, 4: Grade.INADEQUATE}
PRE_2013_GRADES = {**GRADES, 3: Grade.ADEQUATE}
#: The areas Ofsted's official statistics record, beside the report's own statement of them.
OFFICIAL_AREAS = {
    JudgementArea.OVERALL_EFFECTIVENESS,
    JudgementArea.SAFEGUARDING_OVERALL,
    JudgementArea.LOOKED_AFTER_OVERALL,
    *SIF_AREAS,
    *ILACS_AREAS_2023,
    JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
}


@dataclass(frozen=True)
class Section:
    title: str
    kind: str
    count: tuple[int, int]
    topics: tuple[str, ...]


F, R, A = FindingKind.FINDING, FindingKind.RECOMMENDATION, FindingKind.AREA_FOR_IMPROVEMENT
S, P, N = FindingKind.STRENGTH, FindingKind.AREA_FOR_PRIORITY_ACTION, FindingKind.NEXT_STEP

PRE_SIF_SECTIONS = (
    Section("Overall effectiveness", F, (3, 5), prose.LEADERS),
    Section("Capacity for improvement", F, (2, 4), prose.LEADERS),
    Section("Immediately", R, (1, 3), prose.HELP),
    Section("Within three months", R, (3, 5), prose.EVERYTHING),
    Section("Within six months", R, (3, 5), prose.EVERYTHING),
    Section("Quality of provision", F, (8, 12), prose.HELP),
    Section("Leadership and management", F, (5, 9), prose.LEADERS),
    Section("Outcomes for looked after children and young people", F, (8, 12), prose.CARE),
    Section("Partnership working", F, (2, 4), prose.PARTNERS),
)
SIF_SECTIONS = (
    Section("Summary of key findings", F, (4, 7), prose.LEADERS),
    Section("The local authority's strengths", S, (4, 8), prose.EVERYTHING),
    Section("Areas for improvement", R, (8, 14), prose.EVERYTHING),
    Section(
        "The experiences and progress of children who need help and protection",
        F,
        (22, 30),
        prose.HELP,
    ),
    Section(
        "The experiences and progress of children looked after and achieving permanence",
        F,
        (15, 22),
        prose.CARE,
    ),
    Section("Adoption performance", F, (5, 8), prose.ADOPTION),
    Section("The experiences and progress of care leavers", F, (6, 9), prose.LEAVERS),
    Section("Leadership, management and governance", F, (10, 14), prose.LEADERS),
    Section(
        "Inspection findings – the Local Safeguarding Children Board", F, (4, 7), prose.PARTNERS
    ),
    Section("LSCB: Recommendations", R, (2, 5), prose.PARTNERS),
)
ILACS_SECTIONS = (
    Section("What needs to improve?", A, (3, 7), prose.EVERYTHING),
    Section(
        "The experiences and progress of children who need help and protection",
        F,
        (14, 20),
        prose.HELP,
    ),
    Section(
        "The experiences and progress of children in care and care leavers",
        F,
        (12, 17),
        prose.CARE + prose.LEAVERS,
    ),
    Section(
        "The impact of leaders on social work practice with children and families",
        F,
        (9, 13),
        prose.LEADERS,
    ),
)
ILACS_SECTIONS_2023 = (
    *ILACS_SECTIONS[:2],
    Section("The experiences and progress of children in care", F, (8, 12), prose.CARE),
    Section("The experiences and progress of care leavers", F, (5, 7), prose.LEAVERS),
    ILACS_SECTIONS[3],
)
#: A focused visit looks at one part of the service: its sections draw on that part's topics.
VISIT_THEMES = (
    ("the front door", prose.HELP[:4]),
    ("children in need and children subject to a child protection plan", prose.HELP[2:8]),
    ("children in care", prose.CARE),
    ("care leavers", prose.LEAVERS),
    ("children at risk of exploitation and children who go missing", prose.HELP[4:6]),
    ("disabled children", ("disabled-children", "voice-of-child", "education")),
)


def _visit_sections(topics):
    return (
        Section("Headline findings", F, (2, 4), topics),
        Section("What needs to improve in this area of social work practice?", A, (2, 4), topics),
        Section("Main findings", F, (10, 15), topics + prose.LEADERS[:3]),
    )


def _monitoring_sections(topics):
    return (
        Section("Overview", F, (1, 2), prose.LEADERS),
        Section("Findings and evaluation of progress", F, (6, 10), topics),
    )


JTAI_THEMES = (
    ("children living with domestic abuse", ("domestic-abuse", "partnership", "child-protection")),
    ("child sexual exploitation and children missing", ("exploitation", "missing-children")),
    ("children living with neglect", ("neglect", "early-help", "partnership")),
    ("children's mental health", ("health-wellbeing", "partnership", "early-help")),
)


def _jtai_sections(topics):
    return (
        Section("Headline findings", F, (3, 5), topics),
        Section("Key strengths", S, (7, 11), topics + prose.PARTNERS),
        Section("Areas for improvement", A, (7, 11), topics + prose.PARTNERS),
        Section("Main findings", F, (8, 12), topics),
    )


@dataclass
class PlannedDocument:
    document: Document
    pages: list[DocumentPage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Plan:
    """Unsaved rows for a batch of authorities, linked by object so ids fill in on insert."""

    documents: list[PlannedDocument] = field(default_factory=list)
    inspections: list[Inspection] = field(default_factory=list)
    links: list[tuple[Inspection, Document]] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    themes: list[tuple[Finding, str]] = field(default_factory=list)
    follow_ups: list[tuple[Finding, Finding, dict]] = field(default_factory=list)


@dataclass
class Counts:
    authorities: int = 0
    documents: int = 0
    pages: int = 0
    inspections: int = 0
    judgements: int = 0
    findings: int = 0
    follow_ups: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def authority_count(scale: float) -> int:
    return max(1, round(scale * NATIONAL_AUTHORITIES))


def sha256_of(seed: int, number: int, index: int) -> str:
    """A synthetic document's hash: fixed by the seed, its authority's number and its place."""
    return hashlib.sha256(f"synthetic {seed} {number} {index}".encode()).hexdigest()


def present(scale: float, seed: int) -> bool:
    """Whether the synthetic rows in the database are exactly what (scale, seed) makes."""
    count = authority_count(scale)
    if synthetic_authorities().count() != count:
        return False
    return Document.objects.filter(
        authority__ons_code=_ons(count), sha256=sha256_of(seed, count, 0)
    ).exists()


def generate(*, scale: float, seed: int, progress: Callable[[int, int], None] | None = None):
    """Make ``round(scale * 153)`` synthetic authorities and their histories; returns Counts.

    Refuses (ValueError) a database not a benchmark's own (``perf.guard``), and one that holds
    synthetic rows already: ``clear()`` them first.
    """
    require_benchmark_database()
    if not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be more than 0 and at most {MAX_SCALE}; got {scale:g}")
    if synthetic_authorities().exists():
        raise ValueError("synthetic data is already present: clear it first (--clear)")
    total = authority_count(scale)
    themes = dict(Theme.objects.values_list("slug", "pk"))
    counts = Counts()
    with transaction.atomic():
        authorities = _make_authorities(total)
    for start in range(0, total, BATCH):
        batch = authorities[start : start + BATCH]
        plan = Plan()
        for authority in batch:
            number = int(authority.ons_code[len(ONS_PREFIX) :])
            _History(authority, random.Random(f"{seed}:{number}"), seed, number, plan).make()
        with transaction.atomic():
            counts.add(_write(plan, themes))
        if progress:
            progress(start + len(batch), total)
    counts.authorities = total
    data_changed()  # bulk inserts send no signals
    return counts


def synthetic_authorities():
    """The authorities this module made."""
    return Authority.objects.filter(ons_code__startswith=ONS_PREFIX)


def _ons(number: int) -> str:
    return f"{ONS_PREFIX}{number:06d}"


def _weighted(choices, index: int):
    """The choice at position ``index`` of a repeating cycle that honours the weights."""
    cycle = [value for value, weight in choices for _ in range(weight)]
    return cycle[(index * 7919) % len(cycle)]  # a prime stride spreads neighbours apart


def _make_authorities(total: int) -> list[Authority]:
    authorities = Authority.objects.bulk_create(
        Authority(
            name=NAME.format(number),
            official_name=f"{NAME.format(number)} Council",
            slug=f"synthetic-borough-{number:04d}",
            ons_code=_ons(number),
            region=_weighted(REGIONS, number),
            kind=_weighted(KINDS, number),
        )
        for number in range(1, total + 1)
    )
    by_region: dict[str, list[Authority]] = {}
    for authority in authorities:
        by_region.setdefault(authority.region, []).append(authority)
    links = []
    for members in by_region.values():
        for position, authority in enumerate(members):
            others = [members[(position + step) % len(members)] for step in range(1, 11)]
            unique = list(dict.fromkeys(o for o in others if o != authority))
            links.extend(
                StatisticalNeighbour(authority=authority, neighbour=neighbour, rank=rank)
                for rank, neighbour in enumerate(unique, start=1)
            )
    StatisticalNeighbour.objects.bulk_create(links, batch_size=2000)
    return authorities


class _History:
    """One authority's documents since 2009, written into ``plan``."""

    def __init__(self, authority, rng: random.Random, seed: int, number: int, plan: Plan):
        self.authority = authority
        self.rng = rng
        self.seed = seed
        self.number = number
        self.plan = plan
        self.index = 0
        self.inspections: list[Inspection] = []
        self.reported: dict[int, list[Judgement]] = {}
        #: (date, recommendations) of each inspection, for later documents to follow up.
        self.open: list[tuple[datetime.date, list[Finding]]] = []
        #: How good the service is, 1 (outstanding) to 4; it drifts between inspections.
        self.quality = rng.choices((1, 2, 3, 4), weights=(4, 38, 40, 18))[0]

    def make(self) -> None:
        rng = self.rng
        pre = self._inspection(
            Framework.PRE_SIF,
            self._date(2009, 6, 2012, 12),
            days=10,
            sections=PRE_SIF_SECTIONS,
            areas=PRE_SIF_AREAS,
            pages_extra=(8, 14),
            title="Inspection of safeguarding and looked after children services",
        )
        sif_date = self._date(max(2013, pre.year + 1), 11, 2017, 10)
        sif_grade = self._drift()
        sif = self._inspection(
            Framework.SIF,
            sif_date,
            days=24,
            sections=SIF_SECTIONS,
            areas=SIF_AREAS,
            overall=sif_grade,
            pages_extra=(8, 14),
            title=(
                "Inspection of services for children in need of help and protection, children "
                "looked after and care leavers and Review of the effectiveness of the local "
                "safeguarding children board"
            ),
        )
        ilacs_from = sif + datetime.timedelta(days=400)
        if sif_grade == 4:
            visit = sif
            for _ in range(rng.randint(2, 4)):
                visit = visit + datetime.timedelta(days=rng.randint(100, 160))
                self._visit(Framework.MONITORING_VISIT, visit)
            again = visit + datetime.timedelta(days=rng.randint(90, 200))
            self.quality = min(self.quality, 3)
            self._inspection(
                Framework.SIF_REINSPECTION,
                again,
                days=20,
                sections=SIF_SECTIONS[:-2],
                areas=SIF_AREAS,
                overall=self._drift(better=True),
                pages_extra=(5, 9),
                title="Inspection of services for children in need of help and protection, "
                "children looked after and care leavers",
            )
            ilacs_from = again + datetime.timedelta(days=500)
        first = max(ilacs_from, datetime.date(2018, 4, 1))
        ilacs_date = self._between(first, datetime.date(2021, 12, 1))
        if rng.random() < 0.35:
            self._jtai(self._between(datetime.date(2016, 9, 1), ilacs_date))
        ilacs = self._ilacs(ilacs_date)
        visit = ilacs
        for _ in range(rng.choice((1, 1, 2))):
            visit = visit + datetime.timedelta(days=rng.randint(300, 600))
            self._visit(Framework.FOCUSED_VISIT, visit)
        if rng.random() < 0.3:
            again = visit + datetime.timedelta(days=rng.randint(200, 500))
            if again < datetime.date(2025, 12, 1):
                ilacs = self._ilacs(again, short=True)
        self._committee_paper()

    # -- dates and grades -------------------------------------------------------------------

    def _date(self, first_year, first_month, last_year, last_month) -> datetime.date:
        return self._between(
            datetime.date(first_year, first_month, 1), datetime.date(last_year, last_month, 1)
        )

    def _between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = max((last - first).days, 1)
        day = first + datetime.timedelta(days=self.rng.randrange(span))
        return day - datetime.timedelta(days=day.weekday())  # inspections start on a Monday

    def _drift(self, better=False) -> int:
        step = self.rng.choices((-1, 0, 1), weights=(3, 5, 1 if better else 2))[0]
        self.quality = min(4, max(1, self.quality + step))
        return self.quality

    def _grades(self, areas, overall: int, scale=GRADES) -> dict[str, str]:
        grades = {}
        for area in areas:
            rank = overall + self.rng.choices((-1, 0, 1), weights=(2, 6, 2))[0]
            grades[area] = scale[min(4, max(1, rank))]
        if JudgementArea.OVERALL_EFFECTIVENESS in grades:
            grades[JudgementArea.OVERALL_EFFECTIVENESS] = scale[overall]
        return grades

    # -- documents --------------------------------------------------------------------------

    def _document(self, kind, title, date, published_on, committee="") -> PlannedDocument:
        name = self.authority.name
        document = Document(
            kind=kind,
            authority=self.authority,
            title=title.format(name=name),
            document_date=date,
            published_on=published_on,
            committee=committee,
            original_filename=f"synthetic-{self.number:04d}-{self.index:02d}.pdf",
            media_type="application/pdf",
            sha256=sha256_of(self.seed, self.number, self.index),
            status=Document.Status.PARSED,
            parser="synthetic",
            parser_version=1,
        )
        self.index += 1
        planned = PlannedDocument(document)
        self.plan.documents.append(planned)
        return planned

    def _findings(self, planned: PlannedDocument, inspection, sections, year) -> None:
        """Write each section's findings, then lay them out on pages with other prose."""
        rng = self.rng
        order = 0
        layout: list[str | Finding] = []
        for section in sections:
            layout.append(section.title)
            for number in range(1, rng.randint(*section.count) + 1):
                topic = prose.TOPICS[rng.choice(section.topics)]
                text = self._text(section.kind, topic, year)
                finding = Finding(
                    inspection=inspection,
                    document=planned.document,
                    kind=section.kind,
                    section=section.title,
                    number=number,
                    order=order,
                    text=text,
                )
                order += 1
                planned.findings.append(finding)
                layout.append(finding)
                self.plan.themes.append((finding, topic.theme))
                if rng.random() < 0.3:  # a second theme, as the tagger often finds
                    self.plan.themes.append((finding, rng.choice(prose.LEADERS)))
        self._pages(planned, layout)

    def _text(self, kind, topic, year) -> str:
        rng = self.rng
        if kind == R:
            return prose.recommendation(rng, topic)
        if kind in (A, P):
            return prose.area_for_improvement(rng, topic)
        if kind == N:
            return prose.next_step(rng, topic, year + 1)
        if kind == S:
            return prose.paragraph(rng, topic, rng.randint(1, 3))
        return prose.paragraph(rng, topic, rng.choices((1, 2, 3, 4, 5), (1, 3, 4, 3, 2))[0])

    def _pages(self, planned: PlannedDocument, layout, extra=(1, 3)) -> None:
        """Page 1 is the front page; findings follow in order, about 2,500 characters a page;
        the report's other prose (context, methods, annexes) fills the pages after them."""
        rng = self.rng
        document = planned.document
        front = f"{document.title}\n\n{self.authority.official_name}\n\n"
        texts = [front + prose.filler(rng, 600)]
        current: list[str] = []
        size, budget = 0, rng.randint(1800, 3200)
        for item in layout:
            if isinstance(item, Finding):
                item.page = len(texts) + 1
                text = f"{item.number}. {item.text}" if item.kind == F else item.text
            else:
                text = item
            current.append(text)
            size += len(text) + 2
            if size >= budget:
                texts.append("\n\n".join(current))
                current, size, budget = [], 0, rng.randint(1800, 3200)
        if current:
            texts.append("\n\n".join(current) + "\n\n" + prose.filler(rng, max(0, budget - size)))
        for _ in range(rng.randint(*extra)):
            texts.append(prose.filler(rng, rng.randint(1500, 3000)))
        planned.pages = [
            DocumentPage(document=document, number=number, text=text)
            for number, text in enumerate(texts, start=1)
        ]
        document.page_count = len(texts)
        document.text_length = sum(map(len, texts))

    def _new_inspection(self, framework, start, days, published) -> Inspection:
        inspection = Inspection(
            authority=self.authority,
            framework=framework,
            start_date=start,
            end_date=start + datetime.timedelta(days=days),
            published_on=published,
            lead_inspector=f"Inspector {self.rng.randint(1, 60):02d}",
        )
        self.plan.inspections.append(inspection)
        self.inspections.append(inspection)
        return inspection

    def _judge(self, inspection, planned, grades) -> None:
        """The report's grades, and Ofsted's statistics stating the same."""
        for area, grade in grades.items():
            judgement = Judgement(
                inspection=inspection,
                area=area,
                grade=grade,
                source=Judgement.Source.REPORT,
                source_document=planned.document,
                page=1,
            )
            self.plan.judgements.append(judgement)
            self.reported.setdefault(id(inspection), []).append(judgement)
            if area in OFFICIAL_AREAS:
                self.plan.judgements.append(
                    Judgement(
                        inspection=inspection,
                        area=area,
                        grade=grade,
                        source=Judgement.Source.OFFICIAL_STATISTICS,
                    )
                )

    def _inspection(
        self, framework, start, *, days, sections, areas, pages_extra, title, overall=None
    ) -> datetime.date:
        published = start + datetime.timedelta(days=days + self.rng.randint(30, 50))
        inspection = self._new_inspection(framework, start, days, published)
        planned = self._document(DocumentKind.INSPECTION_REPORT, title, published, published)
        self.plan.links.append((inspection, planned.document))
        if overall is None:
            overall = self._drift()
        scale = PRE_2013_GRADES if framework == Framework.PRE_SIF else GRADES
        self._judge(inspection, planned, self._grades(areas, overall, scale))
        self._findings(planned, inspection, sections, start.year)
        self._pages_extra(planned, pages_extra)
        self._follow_up(planned, published, share=0.3)
        self.open.append((published, [f for f in planned.findings if f.kind in (R, A, P)]))
        return start

    def _pages_extra(self, planned, extra) -> None:
        rng = self.rng
        number = len(planned.pages)
        for _ in range(rng.randint(*extra)):
            number += 1
            planned.pages.append(
                DocumentPage(
                    document=planned.document,
                    number=number,
                    text=prose.filler(rng, rng.randint(1800, 3000)),
                )
            )
        planned.document.page_count = number
        planned.document.text_length = sum(len(page.text) for page in planned.pages)

    def _ilacs(self, start, short=False) -> datetime.date:
        later = start.year >= 2023
        framework = Framework.ILACS_SHORT if short else Framework.ILACS_STANDARD
        return self._inspection(
            framework,
            start,
            days=5 if short else 12,
            sections=ILACS_SECTIONS_2023 if later else ILACS_SECTIONS,
            areas=ILACS_AREAS_2023 if later else ILACS_AREAS_2018,
            pages_extra=(0, 2),
            title="Inspection of {name} local authority children's services",
        )

    def _visit(self, framework, start) -> None:
        rng = self.rng
        published = start + datetime.timedelta(days=rng.randint(25, 40))
        inspection = self._new_inspection(framework, start, 1, published)
        subject, topics = rng.choice(VISIT_THEMES)
        inspection.theme = subject
        if framework == Framework.MONITORING_VISIT:
            kind, sections = DocumentKind.MONITORING_VISIT, _monitoring_sections(topics)
            title = "Monitoring visit to {name} children's services"
        else:
            kind, sections = DocumentKind.FOCUSED_VISIT, _visit_sections(topics)
            title = "Focused visit to {name} local authority children's services"
        planned = self._document(kind, title, published, published)
        self.plan.links.append((inspection, planned.document))
        self._findings(planned, inspection, sections, start.year)
        share = 0.5 if framework == Framework.MONITORING_VISIT else 0.2
        self._follow_up(planned, published, share=share)
        if framework == Framework.FOCUSED_VISIT:
            self.open.append((published, [f for f in planned.findings if f.kind == A]))

    def _jtai(self, start) -> None:
        rng = self.rng
        subject, topics = rng.choice(JTAI_THEMES)
        published = start + datetime.timedelta(days=rng.randint(40, 60))
        inspection = self._new_inspection(Framework.JTAI, start, 5, published)
        inspection.theme = subject
        title = f"Joint targeted area inspection of the multi-agency response to {subject} in "
        planned = self._document(DocumentKind.JTAI, title + "{name}", published, published)
        self.plan.links.append((inspection, planned.document))
        self._findings(planned, inspection, _jtai_sections(topics), start.year)

    def _committee_paper(self) -> None:
        """A council paper reporting the latest inspection's grades (rarely misquoting one)."""
        rng = self.rng
        graded = [i for i in self.inspections if id(i) in self.reported]
        inspection = max(graded, key=lambda i: i.start_date)
        date = inspection.published_on + datetime.timedelta(days=rng.randint(30, 120))
        planned = self._document(
            DocumentKind.COMMITTEE_PAPER,
            "Ofsted inspection of children's services: outcome and improvement plan",
            date,
            None,
            committee="Children and Young People's Scrutiny Committee",
        )
        self.plan.links.append((inspection, planned.document))
        for judgement in self.reported[id(inspection)][:2]:
            grade = judgement.grade
            if rng.random() < 0.03:
                grade = rng.choice([g for g in GRADES.values() if g != grade])
            self.plan.judgements.append(
                Judgement(
                    inspection=inspection,
                    area=judgement.area,
                    grade=grade,
                    source=Judgement.Source.COMMITTEE_PAPER,
                    source_document=planned.document,
                    page=2,
                )
            )
        sections = (
            Section("Summary", F, (2, 4), prose.LEADERS),
            Section("Next steps", N, (2, 4), prose.EVERYTHING),
        )
        self._findings(planned, inspection, sections, date.year)
        self._follow_up(planned, date, share=0.15)

    def _follow_up(self, planned, date, share) -> None:
        """Link some earlier recommendations to what this document says about them."""
        rng = self.rng
        evidence = [f for f in planned.findings if f.kind in (F, S)]
        if not evidence:
            return
        for published, recommendations in self.open:
            if published >= date:
                continue
            for recommendation in recommendations:
                if rng.random() >= share:
                    continue
                later = rng.choice(evidence)
                self.plan.follow_ups.append(
                    (
                        recommendation,
                        later,
                        {
                            "status": rng.choices(
                                FollowUp.Status.values, weights=(40, 20, 15, 15, 10)
                            )[0],
                            "origin": rng.choices(FollowUp.Origin.values, weights=(75, 20, 5))[0],
                            "score": round(rng.uniform(0.25, 0.95), 3),
                            "evidence_date": date,
                        },
                    )
                )


def _write(plan: Plan, themes: dict[str, int]) -> Counts:
    documents = [p.document for p in plan.documents]
    Document.objects.bulk_create(documents, batch_size=500)
    Inspection.objects.bulk_create(plan.inspections, batch_size=500)
    through = Inspection.documents.through
    through.objects.bulk_create(
        [through(inspection_id=i.pk, document_id=d.pk) for i, d in plan.links], batch_size=2000
    )
    Judgement.objects.bulk_create(plan.judgements, batch_size=1000)
    pages = [page for p in plan.documents for page in p.pages]
    DocumentPage.objects.bulk_create(pages, batch_size=500)
    findings = [finding for p in plan.documents for finding in p.findings]
    Finding.objects.bulk_create(findings, batch_size=1000)
    tags = Finding.themes.through
    seen = set()
    rows = []
    for finding, slug in plan.themes:
        if slug in themes and (finding.pk, slug) not in seen:
            seen.add((finding.pk, slug))
            rows.append(tags(finding_id=finding.pk, theme_id=themes[slug]))
    tags.objects.bulk_create(rows, batch_size=5000)
    fields = {f.name for f in FollowUp._meta.get_fields()}
    follow_ups = []
    linked = set()
    for recommendation, evidence, values in plan.follow_ups:
        if (recommendation.pk, evidence.pk) in linked:
            continue
        linked.add((recommendation.pk, evidence.pk))
        follow_ups.append(
            FollowUp(
                recommendation_id=recommendation.pk,
                evidence_id=evidence.pk,
                evidence_document_id=evidence.document_id,
                evidence_page=evidence.page,
                passage=evidence.text,
                **{name: value for name, value in values.items() if name in fields},
            )
        )
    FollowUp.objects.bulk_create(follow_ups, batch_size=2000)
    return Counts(
        documents=len(documents),
        pages=len(pages),
        inspections=len(plan.inspections),
        judgements=len(plan.judgements),
        findings=len(findings),
        follow_ups=len(follow_ups),
    )


def clear() -> Counts:
    """Remove every synthetic authority and everything of its own; real rows are untouched.

    Plain SQL deletes, in an order the foreign keys allow: the ORM's cascade would load every
    row (and write a history record for each) to send its signals.
    """
    require_benchmark_database()
    authorities = synthetic_authorities()
    documents = Document.objects.filter(authority__in=authorities)
    inspections = Inspection.objects.filter(authority__in=authorities)
    findings = Finding.objects.filter(Q(document__in=documents) | Q(inspection__in=inspections))
    counts = Counts()
    with transaction.atomic():
        FollowUp.objects.filter(
            Q(recommendation__in=findings)
            | Q(evidence__in=findings)
            | Q(evidence_document__in=documents)
        )._raw_delete(FollowUp.objects.db)
        Finding.themes.through.objects.filter(finding__in=findings)._raw_delete(Finding.objects.db)
        counts.findings = findings._raw_delete(Finding.objects.db)
        counts.judgements = Judgement.objects.filter(
            Q(inspection__in=inspections) | Q(source_document__in=documents)
        )._raw_delete(Judgement.objects.db)
        Inspection.documents.through.objects.filter(
            Q(inspection__in=inspections) | Q(document__in=documents)
        )._raw_delete(Inspection.objects.db)
        counts.inspections = inspections._raw_delete(Inspection.objects.db)
        counts.pages = DocumentPage.objects.filter(document__in=documents)._raw_delete(
            DocumentPage.objects.db
        )
        counts.documents = documents._raw_delete(Document.objects.db)
        StatisticalNeighbour.objects.filter(
            Q(authority__in=authorities) | Q(neighbour__in=authorities)
        )._raw_delete(StatisticalNeighbour.objects.db)
        AuthorityAlias.objects.filter(authority__in=authorities)._raw_delete(
            AuthorityAlias.objects.db
        )
        Authority.successors.through.objects.filter(
            Q(from_authority__in=authorities) | Q(to_authority__in=authorities)
        )._raw_delete(Authority.objects.db)
        counts.authorities = authorities._raw_delete(Authority.objects.db)
        data_changed()
    return counts
