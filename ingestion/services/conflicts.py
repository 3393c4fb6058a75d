"""Where sources state different grades for one inspection area, and how the reports' grades
compare with Ofsted's official statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

from authorities.models import Authority
from inspections.models import Inspection, Judgement


@dataclass(frozen=True)
class GradeConflict:
    inspection: Inspection
    area: str
    judgements: tuple[Judgement, ...]


def grade_conflicts(authority: Authority | None = None) -> list[GradeConflict]:
    """Every inspection area where sources state different grades, with all their sources."""
    judgements = Judgement.objects.select_related(
        "inspection__authority", "source_document"
    ).order_by("inspection__authority__name", "inspection__start_date", "area")
    if authority is not None:
        judgements = judgements.filter(inspection__authority=authority)
    grouped: dict[tuple[int, str], list[Judgement]] = {}
    for judgement in judgements:
        grouped.setdefault((judgement.inspection_id, judgement.area), []).append(judgement)
    return [
        GradeConflict(group[0].inspection, area, tuple(group))
        for (_, area), group in grouped.items()
        if len({j.grade for j in group}) > 1
    ]


@dataclass(frozen=True)
class OfficialAgreement:
    """One inspection a report grades: the report's grades beside the official statistics'."""

    inspection: Inspection
    report: dict[str, str] = field(default_factory=dict)  # area -> grade, as the report states
    official: dict[str, str] = field(default_factory=dict)  # area -> grade, as Ofsted records

    @property
    def compared(self) -> list[str]:
        """The areas both grade."""
        return sorted(self.report.keys() & self.official.keys())

    @property
    def disagreeing(self) -> list[str]:
        return [area for area in self.compared if self.report[area] != self.official[area]]


def official_agreement(inspections=None) -> list[OfficialAgreement]:
    """Every inspection that a report grades (of ``inspections``, a queryset, if given), with
    the report's grades and the official statistics' for the same inspection (none where
    the statistics hold no record of it)."""
    inspections = Inspection.objects.all() if inspections is None else inspections
    reported = (
        inspections.filter(judgements__source=Judgement.Source.REPORT)
        .distinct()
        .select_related("authority")
        .prefetch_related("judgements")
        .order_by("authority__name", "start_date", "pk")
    )
    return [
        OfficialAgreement(
            inspection,
            report=_grades(inspection, Judgement.Source.REPORT),
            official=_grades(inspection, Judgement.Source.OFFICIAL_STATISTICS),
        )
        for inspection in reported
    ]


def _grades(inspection: Inspection, source: str) -> dict[str, str]:
    return {j.area: j.grade for j in inspection.judgements.all() if j.source == source}
