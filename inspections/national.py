"""The national picture: every public authority's latest grade in each area, computed for the
whole country in one query and kept until the data changes (``ofsted_kb.cache``).

The home page, the authorities list and each authority's comparisons read it, rather than
asking the database for every authority's judgements on every request.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from authorities.models import Authority
from inspections.codes import GRADE_RANK, JudgementArea
from inspections.queries import preferred_order, public_judgements
from ofsted_kb.cache import cached


@dataclass(frozen=True)
class InspectionLink:
    pk: int
    url: str

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True)
class LatestGrade:
    """What the summaries show of a latest judgement; ``inspection_queries.latest_judgements``
    gives the same judgement as a model instance."""

    area: str
    grade: str
    event_date: datetime.date | None
    inspection: InspectionLink

    @property
    def inspection_id(self) -> int:
        return self.inspection.pk

    @property
    def rank(self) -> int:
        return GRADE_RANK[self.grade]


def latest_grades() -> dict[int, dict[str, LatestGrade]]:
    """``{authority_id: {area: LatestGrade}}`` for every authority with a public judgement."""
    return cached("national:latest-grades", _latest_grades)


def _latest_grades() -> dict[int, dict[str, LatestGrade]]:
    # Inspection URLs differ only by the id: reverse() once rather than for every row.
    url = reverse("inspections:inspection-detail", kwargs={"pk": 123456789})
    before, after = url.split("123456789")
    rows = (
        preferred_order(public_judgements())
        .values_list("inspection__authority_id", "area", "grade", "event_date", "inspection_id")
        .iterator(chunk_size=5000)
    )
    latest: dict[int, dict[str, LatestGrade]] = defaultdict(dict)
    for authority, area, grade, event_date, inspection in rows:
        areas = latest[authority]
        if area not in areas:
            link = InspectionLink(inspection, f"{before}{inspection}{after}")
            areas[area] = LatestGrade(area, grade, event_date, link)
    return dict(latest)


def latest_overall_by_region() -> dict[str, list[LatestGrade | None]]:
    """Each region's current public authorities' latest overall grades (None: never graded)."""
    return cached("national:overall-by-region", _overall_by_region)


def _overall_by_region() -> dict[str, list[LatestGrade | None]]:
    latest = latest_grades()
    regions: dict[str, list[LatestGrade | None]] = defaultdict(list)
    current = Authority.objects.public().current().values_list("pk", "region")
    for pk, region in current.order_by("pk"):
        regions[region].append(latest.get(pk, {}).get(JudgementArea.OVERALL_EFFECTIVENESS))
    return dict(regions)


def inspections_by_overall_grade() -> dict[str, list[int]]:
    """The public inspections whose preferred source gives each overall effectiveness grade:
    ``{grade: [inspection_id, ...]}``, for the findings list's grade filter."""
    return cached("national:inspections-by-grade", _inspections_by_grade)


def _inspections_by_grade() -> dict[str, list[int]]:
    judgements = public_judgements().filter(area=JudgementArea.OVERALL_EFFECTIVENESS)
    rows = preferred_order(judgements).values_list("inspection_id", "grade")
    seen: set[int] = set()
    grades: dict[str, list[int]] = defaultdict(list)
    for inspection, grade in rows.iterator(chunk_size=5000):
        if inspection not in seen:
            seen.add(inspection)
            grades[grade].append(inspection)
    return dict(grades)
