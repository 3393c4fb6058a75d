"""Named queries for the public pages: what the public may see, and each area's latest grade.

"Latest grade" of an authority in an area: the most recent inspection (by start date, else
publication date) that has a judgement in that area; where several sources state it, the
report wins, then Ofsted's official statistics, then the rest.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from ofsted_kb.prepared import Prepared

from .codes import GRADE_RANK, Grade, JudgementArea
from .models import Inspection, Judgement

#: Short grade names for tight tables; the official wording is kept for full pages.
GRADE_SHORT = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement",
    Grade.ADEQUATE: "Adequate",
    Grade.INADEQUATE: "Inadequate",
}

#: The columns the authority list and comparisons show, each with the areas that have stood
#: for it in different frameworks (newest framework first).
SUMMARY_AREAS = (
    ("Overall effectiveness", (JudgementArea.OVERALL_EFFECTIVENESS,)),
    ("Help and protection", (JudgementArea.HELP_AND_PROTECTION,)),
    (
        "Children in care",
        (
            JudgementArea.CHILDREN_IN_CARE,
            JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS,
            JudgementArea.LOOKED_AFTER_AND_PERMANENCE,
        ),
    ),
    (
        "Care leavers",
        (JudgementArea.CARE_LEAVERS, JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS),
    ),
    (
        "Leaders",
        (JudgementArea.IMPACT_OF_LEADERS, JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE),
    ),
)

SOURCE_RANK = Case(
    When(source=Judgement.Source.REPORT, then=Value(0)),
    When(source=Judgement.Source.OFFICIAL_STATISTICS, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def public_inspection_condition(ref: str = "pk") -> Q:
    """The rule of ``InspectionQuerySet.published`` for the inspection at ``ref``.

    Public when it has no document (known only from statistics) or a published one; written
    with EXISTS so it can sit inside other subqueries.
    """
    through = Inspection.documents.through
    has_documents = Exists(through.objects.filter(inspection_id=OuterRef(ref)))
    has_published = Exists(
        through.objects.filter(inspection_id=OuterRef(ref), document__is_published=True)
    )
    return ~has_documents | has_published


def public_judgements():
    """Judgements the public may see: of public inspections, from no document or a published
    one."""
    return Judgement.objects.filter(
        Q(source_document__isnull=True) | Q(source_document__is_published=True),
        public_inspection_condition("inspection_id"),
    )


def event_date(prefix: str = "") -> Coalesce:
    """When an inspection happened: its start date, else its publication date."""
    return Coalesce(f"{prefix}start_date", f"{prefix}published_on")


def written_after(inspections) -> datetime.date | None:
    """The date an undated document (a council's paper) must be later than: the latest date
    known of the events it reports, each event's publication, else its last day, else its
    first. One rule for the timeline, the trail and the document's own page."""
    known = [i.published_on or i.end_date or i.start_date for i in inspections]
    return max((d for d in known if d), default=None)


def preferred_order(judgements):
    """Newest inspection first, then the preferred source, then a stable tie-break."""
    return judgements.annotate(
        event_date=event_date("inspection__"), source_rank=SOURCE_RANK
    ).order_by(
        F("event_date").desc(nulls_last=True), "source_rank", "source", "-inspection_id", "pk"
    )


def latest_judgements(authorities, areas=None) -> dict[int, dict[str, Judgement]]:
    """Each authority's latest judgement per area: ``{authority_id: {area: Judgement}}``.

    One query; ``authorities`` is a queryset or a list of ids. Each Judgement carries its
    inspection and an ``event_date``.
    """
    judgements = public_judgements().filter(inspection__authority__in=authorities)
    if areas is not None:
        judgements = judgements.filter(area__in=areas)
    latest: dict[int, dict[str, Judgement]] = defaultdict(dict)
    for judgement in preferred_order(judgements.select_related("inspection")):
        latest[judgement.inspection.authority_id].setdefault(judgement.area, judgement)
    return latest


def preferred_judgements_by_authority(authorities) -> dict[int, list[Judgement]]:
    """Each authority's public judgements, one per inspection and area (the preferred
    source's), newest first: ``{authority_id: [Judgement, ...]}``.

    One query; ``authorities`` is a queryset or a list of ids. Each Judgement carries its
    inspection and an ``event_date``, as the chart and the summaries read them.
    """
    judgements = public_judgements().filter(inspection__authority__in=authorities)
    by_authority: dict[int, list[Judgement]] = defaultdict(list)
    for judgement in _preferred(preferred_order(judgements.select_related("inspection"))):
        by_authority[judgement.inspection.authority_id].append(judgement)
    return dict(by_authority)


_AUTHORITY_JUDGEMENTS = Prepared(
    Judgement,
    lambda authority_id: preferred_order(
        public_judgements().filter(inspection__authority=authority_id).select_related("inspection")
    ),
)


def preferred_judgements(authority_id: int) -> list[Judgement]:
    """``preferred_judgements_by_authority`` for one authority (its query compiled once a
    process: the authority page runs it on every request)."""
    return _preferred(_AUTHORITY_JUDGEMENTS.fetch(authority_id))


def _preferred(ordered) -> list[Judgement]:
    """The first judgement of each inspection and area, from judgements in preferred order."""
    chosen: dict[tuple[int, str], Judgement] = {}
    for judgement in ordered:
        chosen.setdefault((judgement.inspection_id, judgement.area), judgement)
    return list(chosen.values())


def latest_grade_subquery(area: str, authority_ref: str = "pk") -> Subquery:
    """The latest grade in ``area`` of the authority at ``authority_ref``, for annotations."""
    judgements = public_judgements().filter(
        inspection__authority=OuterRef(authority_ref), area=area
    )
    return Subquery(preferred_order(judgements).values("grade")[:1])


def preferred_grade_subquery(area: str, inspection_ref: str) -> Subquery:
    """One inspection's grade in ``area`` from its preferred source, for annotations."""
    judgements = public_judgements().filter(inspection=OuterRef(inspection_ref), area=area)
    return Subquery(preferred_order(judgements).values("grade")[:1])


def grade_rank_expression(field: str) -> Case:
    """A grade annotation turned into its 1-4 rank (5 when there is none), for sorting."""
    return Case(
        *(When(**{field: grade}, then=Value(rank)) for grade, rank in GRADE_RANK.items()),
        default=Value(5),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class SummaryCell:
    """One column of an authority's summary: its latest grade there, if any."""

    heading: str
    judgement: Judgement | None

    @property
    def short_label(self) -> str:
        return GRADE_SHORT[self.judgement.grade] if self.judgement else ""


def summarise(latest: dict[str, Judgement]) -> list[SummaryCell]:
    """The SUMMARY_AREAS columns from one authority's latest judgements by area."""
    cells = []
    for heading, areas in SUMMARY_AREAS:
        found = [latest[area] for area in areas if area in latest]
        newest = max(found, key=_dated, default=None)
        cells.append(SummaryCell(heading, newest))
    return cells


def _dated(judgement: Judgement):
    # Equal dates keep the first (newest framework's) area, as max() keeps the first maximum.
    return judgement.event_date.toordinal() if judgement.event_date else 0


@dataclass(frozen=True)
class AreaJudgements:
    """An inspection's judgements in one area: the preferred one, and every source."""

    area: str
    label: str
    preferred: Judgement
    sources: tuple[Judgement, ...]

    @property
    def is_conflict(self) -> bool:
        return len({j.grade for j in self.sources}) > 1


def by_area(judgements) -> list[AreaJudgements]:
    """Group one inspection's judgements (already in ``preferred_order``) by area.

    Areas come in the order of ``JudgementArea`` (overall effectiveness first).
    """
    grouped: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        grouped[judgement.area].append(judgement)
    order = {area: index for index, area in enumerate(JudgementArea.values)}
    return [
        AreaJudgements(area, JudgementArea(area).label, group[0], tuple(group))
        for area, group in sorted(grouped.items(), key=lambda item: order[item[0]])
    ]


def inspection_label(inspection: Inspection) -> str:
    """``ILACS standard inspection, May 2022``: how breadcrumbs and titles name an inspection."""
    when = inspection.start_date or inspection.published_on
    label = str(inspection.get_framework_display())
    return f"{label}, {when:%B %Y}" if when else label
