"""Filters of the API's lists other than findings, which use the findings page's own
``FindingFilter``. Every choice is a canonical code (DESIGN.md), authorities their slug."""

from django.db.models.functions import Coalesce
from django_filters import rest_framework as filters

from authorities.models import Authority, AuthorityKind, AuthorityStatus, Region
from findings.models import FollowUp
from inspections.codes import DocumentKind, Framework
from inspections.models import Document, Inspection


class AuthorityFilter(filters.FilterSet):
    region = filters.ChoiceFilter(choices=Region.choices, help_text="A region's code.")
    kind = filters.ChoiceFilter(choices=AuthorityKind.choices, help_text="A kind's code.")
    status = filters.ChoiceFilter(
        choices=AuthorityStatus.choices, help_text="current, or former (abolished)."
    )

    class Meta:
        model = Authority
        fields = ["region", "kind", "status"]


class InspectionFilter(filters.FilterSet):
    authority = filters.CharFilter(
        field_name="authority__slug", help_text="The authority's slug, e.g. kent."
    )
    region = filters.ChoiceFilter(field_name="authority__region", choices=Region.choices)
    framework = filters.ChoiceFilter(choices=Framework.choices, help_text="A framework's code.")
    date_from = filters.DateFilter(
        field_name="event_date",
        lookup_expr="gte",
        help_text="Started (else published) on or after this ISO date.",
    )
    date_to = filters.DateFilter(
        field_name="event_date",
        lookup_expr="lte",
        help_text="Started (else published) on or before this ISO date.",
    )

    class Meta:
        model = Inspection
        fields = ["authority", "region", "framework", "date_from", "date_to"]


class DocumentFilter(filters.FilterSet):
    authority = filters.CharFilter(
        field_name="authority__slug", help_text="The authority's slug, e.g. kent."
    )
    region = filters.ChoiceFilter(field_name="authority__region", choices=Region.choices)
    kind = filters.ChoiceFilter(choices=DocumentKind.choices, help_text="A document kind's code.")
    published_from = filters.DateFilter(
        method="filter_published_from",
        help_text="Published (else dated) on or after this ISO date.",
    )
    published_to = filters.DateFilter(
        method="filter_published_to",
        help_text="Published (else dated) on or before this ISO date.",
    )

    class Meta:
        model = Document
        fields = ["authority", "region", "kind", "published_from", "published_to"]

    def filter_published_from(self, queryset, name, value):
        return queryset.alias(day=Coalesce("published_on", "document_date")).filter(day__gte=value)

    def filter_published_to(self, queryset, name, value):
        return queryset.alias(day=Coalesce("published_on", "document_date")).filter(day__lte=value)


class FollowUpFilter(filters.FilterSet):
    recommendation = filters.NumberFilter(help_text="The recommendation's finding id.")
    authority = filters.CharFilter(
        field_name="recommendation__inspection__authority__slug",
        help_text="The recommendation's authority, by slug.",
    )
    status = filters.ChoiceFilter(choices=FollowUp.Status.choices)
    origin = filters.ChoiceFilter(
        choices=[
            (FollowUp.Origin.CONFIRMED, "Confirmed by staff"),
            (FollowUp.Origin.SUGGESTED, "Suggested, not yet checked"),
        ]
    )

    class Meta:
        model = FollowUp
        fields = ["recommendation", "authority", "status", "origin"]
