"""Filters for the findings list; the CSV export reuses them so the file matches the page."""

import django_filters

from authorities.models import Region
from inspections.codes import FindingKind, Framework

from .models import Finding, Theme


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Text")
    authority = django_filters.CharFilter(
        field_name="inspection__authority__slug", label="Authority (slug)"
    )
    region = django_filters.ChoiceFilter(
        field_name="inspection__authority__region",
        choices=Region.choices,
        empty_label="All regions",
    )
    kind = django_filters.ChoiceFilter(choices=FindingKind.choices, empty_label="All kinds")
    framework = django_filters.ChoiceFilter(
        field_name="inspection__framework", choices=Framework.choices, empty_label="All"
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label="All themes",
    )
    date_from = django_filters.DateFilter(
        field_name="inspection__start_date", lookup_expr="gte", label="From"
    )
    date_to = django_filters.DateFilter(
        field_name="inspection__start_date", lookup_expr="lte", label="To"
    )

    class Meta:
        model = Finding
        fields = ["q", "authority", "region", "kind", "framework", "theme"]
