"""Filters for the authorities list."""

import django_filters

from .models import Authority, Region


class AuthorityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label="Name")
    region = django_filters.ChoiceFilter(choices=Region.choices, empty_label="All regions")
    kind = django_filters.ChoiceFilter(choices=Authority.Kind.choices, empty_label="All kinds")
    status = django_filters.ChoiceFilter(
        choices=Authority.Status.choices, empty_label="Current and former"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("region", "region"), ("kind", "kind")),
        field_labels={"name": "Name", "region": "Region", "kind": "Kind"},
        label="Sort by",
    )

    class Meta:
        model = Authority
        fields = ["q", "region", "kind", "status"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip())
