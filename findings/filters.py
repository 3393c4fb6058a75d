"""Filters for the findings list; the CSV export reuses them so the file matches the page."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce

from authorities.forms import AuthorityChoiceField
from authorities.models import Authority, Region
from inspections.codes import (
    FOLLOWED_UP_KINDS,
    OVERALL_GRADE_CHOICES,
    OVERALL_GRADES,
    FindingKind,
    Framework,
)
from inspections.national import inspections_by_overall_grade
from ofsted_kb.widgets import QuickSelect

from .models import Finding, FollowUp, Theme


def finding_queryset():
    """Every public finding with what the list and the CSV show, newest inspection first.

    ``event_date`` is when its inspection happened (start, else publication), else the
    document's date; the date filters use it.
    """
    return (
        Finding.objects.public()
        .with_context()
        .with_follow_up_status()
        .select_related("document__authority")
        .annotate(
            event_date=Coalesce(
                "inspection__start_date", "inspection__published_on", "document__document_date"
            )
        )
        .order_by(*LIST_ORDER)
    )


#: The list's order: newest inspection first, then each document's findings in its order.
LIST_ORDER = (F("event_date").desc(nulls_last=True), "document", "order", "pk")


def is_filtered(filterset) -> bool:
    """Whether a bound ``FindingFilter`` narrows the findings at all (invalid filters do: they
    match nothing, django-filter's strict way)."""
    if not filterset.is_bound:
        return False
    if not filterset.is_valid():
        return True
    values = filterset.form.cleaned_data.values()
    return any(value not in (None, "", [], ()) for value in values)


#: "none": a recommendation no later document has been linked to.
FOLLOW_UP_CHOICES = (*FollowUp.Status.choices, ("none", "No follow-up yet"))
FOLLOW_UP_ORIGINS = (
    (FollowUp.Origin.CONFIRMED, "Confirmed by staff"),
    (FollowUp.Origin.SUGGESTED, "Suggested, not yet checked"),
)


#: One choice for everything Ofsted asked an authority to improve, whatever the era called it
#: (recommendations before 2018; areas for improvement and for priority action since).
ASKED_TO_IMPROVE = "asked_to_improve"
KIND_CHOICES = (
    (ASKED_TO_IMPROVE, "Everything Ofsted asked to improve"),
    *FindingKind.choices,
)


def kinds_chosen(values) -> set[str]:
    """The finding kinds a kind filter's values stand for."""
    kinds = set(values or ())
    if ASKED_TO_IMPROVE in kinds:
        kinds.discard(ASKED_TO_IMPROVE)
        kinds.update(FOLLOWED_UP_KINDS)
    return kinds


class DateInput(forms.DateInput):
    """The browser's own date picker; it sends ISO dates, which the filter reads."""

    input_type = "date"


class AuthorityChoiceFilter(django_filters.ModelChoiceFilter):
    """Authorities by name, a former one marked as such (two Dorsets, one abolished)."""

    field_class = AuthorityChoiceField


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Text contains")
    authority = AuthorityChoiceFilter(
        field_name="inspection__authority",
        queryset=lambda request: (
            Authority.objects.public()
            .only("name", "slug", "status", "abolished_on")
            .order_by("name", "status")
        ),
        to_field_name="slug",
        label="Authority",
        empty_label="All authorities",
        widget=QuickSelect,
    )
    region = django_filters.ChoiceFilter(
        field_name="inspection__authority__region",
        choices=Region.choices,
        label="Region",
        empty_label="All regions",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=KIND_CHOICES,
        method="filter_kind",
        label="Kind",
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none for every kind. Recommendations (to 2018) and areas for "
        "improvement or priority action (since) are what Ofsted asked to improve.",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        to_field_name="slug",
        label="Theme",
        empty_label="All themes",
        widget=QuickSelect,
    )
    framework = django_filters.ChoiceFilter(
        field_name="inspection__framework",
        choices=Framework.choices,
        label="Framework",
        empty_label="All frameworks",
    )
    grade = django_filters.ChoiceFilter(
        choices=OVERALL_GRADE_CHOICES,
        method="filter_grade",
        label="Inspection's overall grade",
        empty_label="Any grade",
    )
    follow_up = django_filters.ChoiceFilter(
        choices=FOLLOW_UP_CHOICES,
        method="filter_follow_up",
        label="Follow-up status now",
        empty_label="Any follow-up status",
    )
    follow_up_by = django_filters.ChoiceFilter(
        choices=FOLLOW_UP_ORIGINS,
        method="filter_follow_up_by",
        label="Status checked",
        empty_label="Suggested or confirmed",
    )
    date_from = django_filters.DateFilter(
        field_name="event_date", lookup_expr="gte", label="Inspected from", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        field_name="event_date", lookup_expr="lte", label="Inspected to", widget=DateInput
    )

    class Meta:
        model = Finding
        fields = [
            "q",
            "authority",
            "region",
            "kind",
            "theme",
            "framework",
            "grade",
            "follow_up",
            "follow_up_by",
        ]

    def filter_kind(self, queryset, name, value):
        kinds = kinds_chosen(value)
        return queryset.filter(kind__in=sorted(kinds)) if kinds else queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(text__icontains=value.strip())

    def filter_follow_up(self, queryset, name, value: str):
        # The current status (FindingQuerySet.with_follow_up_status): "recurring" lists the
        # recommendations still named as weaknesses by the latest document that judged them.
        public = FollowUp.objects.public()
        if value == "none":
            linked = public.filter(recommendation=OuterRef("pk"))
            return queryset.followed_up_kinds().filter(~Exists(linked))
        # A finding's current status is one of its public links' statuses: the status is
        # worked out only for findings with such a link (a semi-join), not for every finding.
        having = public.filter(status=value).values("recommendation_id")
        return queryset.filter(pk__in=having, follow_up_status=value)

    def filter_follow_up_by(self, queryset, name, value: str):
        # As for the status: only findings with a public link of that origin can have it.
        having = FollowUp.objects.public().filter(origin=value).values("recommendation_id")
        return queryset.filter(pk__in=having, follow_up_origin=value)

    def filter_grade(self, queryset, name, value: str):
        # The grade its inspection's preferred source gives overall effectiveness, looked up
        # in the national picture rather than by a subquery for every finding.
        by_grade = inspections_by_overall_grade()
        ids = [pk for grade in OVERALL_GRADES[value] for pk in by_grade.get(grade, [])]
        return queryset.filter(inspection_id__in=ids)
