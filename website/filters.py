"""Filters for the authorities list: name, region, kind, status and latest overall grade."""

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django.urls import reverse

from authorities.models import Authority, Region
from inspections.codes import GRADE_RANK, OVERALL_GRADE_CHOICES, OVERALL_GRADES
from inspections.queries import GRADE_SHORT

NOT_GRADED = "none"

#: The latest overall grade on the four-point scale, or none.
OVERALL_CHOICES = (*OVERALL_GRADE_CHOICES, (NOT_GRADED, "Not graded"))


class ThenByName(django_filters.OrderingFilter):
    """Sorts by the chosen column, then by name so ties keep a stable order."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "name") if value else qs


class AuthorityFilter(django_filters.FilterSet):
    """Narrows a queryset annotated with ``latest_overall`` and ``overall_rank``."""

    q = django_filters.CharFilter(method="filter_name", label="Name")
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="All regions")
    kind = django_filters.ChoiceFilter(choices=Authority.Kind.choices, empty_label="All kinds")
    status = django_filters.ChoiceFilter(
        choices=Authority.Status.choices, empty_label="Current and former"
    )
    overall = django_filters.ChoiceFilter(
        choices=OVERALL_CHOICES,
        method="filter_overall",
        label="Latest overall grade",
        empty_label="Any grade",
    )
    ordering = ThenByName(
        fields=(
            ("name", "name"),
            ("region", "region"),
            ("kind", "kind"),
            ("overall_rank", "overall"),
        ),
        field_labels={
            "name": "Name",
            "region": "Region",
            "kind": "Kind",
            "overall": "Latest overall grade",
        },
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Authority
        fields = ["q", "region", "kind", "status", "overall"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())

    def filter_overall(self, queryset, name, value):
        if value == NOT_GRADED:
            return queryset.filter(latest_overall__isnull=True)
        return queryset.filter(latest_overall__in=OVERALL_GRADES[value])


@dataclass(frozen=True)
class GradeCount:
    code: str
    label: str
    count: int
    url: str
    offset: int = 0  # the counts before this one, where a bar drawn from them starts

    @property
    def short_label(self) -> str:
        return GRADE_SHORT.get(self.code, self.label)


def overall_counts(judgements, filters: dict[str, str]) -> list[GradeCount]:
    """How many latest overall judgements (None for none) fall on each OVERALL_CHOICES grade,
    each with a link to the authorities list filtered to them."""
    counts = Counter(GRADE_RANK[j.grade] if j else None for j in judgements)
    base = reverse("authorities:authority-list")
    result, offset = [], 0
    for (code, label), rank in zip(OVERALL_CHOICES, (1, 2, 3, 4, None), strict=True):
        url = f"{base}?{urlencode({**filters, 'overall': code})}"
        result.append(GradeCount(code, label, counts[rank], url, offset))
        offset += counts[rank]
    return result
