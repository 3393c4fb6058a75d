"""Where sources state different grades for one inspection area."""

from __future__ import annotations

from dataclasses import dataclass

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
