"""The API's endpoints: read-only view sets over the public querysets only, so a draft is
never seen. Each list loads what it shows in a fixed number of queries, whatever its size."""

from django.db.models import Count, F, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from authorities.models import Authority, StatisticalNeighbour
from findings.filters import FindingFilter, finding_queryset
from findings.listindex import finding_index
from findings.models import Finding, FollowUp, Theme
from findings.trail import current_link, recommendation_trail
from inspections.models import Document, DocumentPage, Inspection
from inspections.national import latest_grades
from inspections.queries import (
    event_date,
    preferred_order,
    public_inspection_condition,
    public_judgements,
)
from ofsted_kb.cache import cached

from . import filters, serializers


@extend_schema_view(
    list=extend_schema(
        summary="Authorities",
        description="Every English local authority, "
        "current and former, with its latest grade in each area, in slug order.",
    ),
    retrieve=extend_schema(summary="One authority", description="One authority, by slug."),
)
class AuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    """Local authorities with their latest grades, neighbours, predecessors and successors."""

    serializer_class = serializers.AuthoritySerializer
    filterset_class = filters.AuthorityFilter
    lookup_field = "slug"
    cursor_ordering = "slug"

    def get_queryset(self):
        # Of the authorities it names, only their slugs are shown.
        slugs = Authority.objects.only("slug")
        return Authority.objects.public().prefetch_related(
            Prefetch("successors", slugs),
            Prefetch("predecessors", slugs),
            Prefetch(
                "neighbour_links",
                StatisticalNeighbour.objects.select_related("neighbour")
                .only("authority", "neighbour__slug")
                .order_by("rank"),
            ),
        )

    def get_serializer_context(self):
        # The national picture, kept until the data changes: no query per authority.
        return {**super().get_serializer_context(), "latest_grades": latest_grades()}

    @extend_schema(
        summary="An authority's grade history",
        description="Every public judgement of the authority, one per inspection and area (the "
        "preferred source's), newest inspection first: what its chart of grades draws.",
        responses=serializers.GradeHistorySerializer(many=True),
        filters=False,
    )
    @action(detail=True, pagination_class=None, filter_backends=[])
    def grades(self, request, slug=None):
        authority = get_object_or_404(Authority.objects.public(), slug=slug)
        judgements = public_judgements().filter(inspection__authority=authority)
        chosen = {}
        for judgement in preferred_order(judgements.select_related("inspection")):
            chosen.setdefault((judgement.inspection_id, judgement.area), judgement)
        data = serializers.GradeHistorySerializer(
            chosen.values(), many=True, context=self.get_serializer_context()
        ).data
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        summary="Inspections",
        description="Ofsted's inspections and visits with every source's judgements, in id order.",
    ),
    retrieve=extend_schema(summary="One inspection"),
)
class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections and visits, their judgements with the source and page of each, and the
    documents that speak of them."""

    serializer_class = serializers.InspectionSerializer
    filterset_class = filters.InspectionFilter

    def get_queryset(self):
        # The rule of Inspection.objects.public() as EXISTS: no DISTINCT over every row to
        # count or to page through.
        return (
            Inspection.objects.filter(public_inspection_condition())
            .select_related("authority")
            .annotate(event_date=event_date())
            .prefetch_related(
                Prefetch(
                    "judgements",
                    preferred_order(public_judgements()),
                    to_attr="public_judgements",
                ),
                Prefetch(
                    "documents",
                    Document.objects.public().only("pk").order_by("pk"),
                    to_attr="public_documents",
                ),
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary="Documents",
        description="Published source documents, in id order (the newest added last).",
    ),
    retrieve=extend_schema(
        summary="One document", description="One document with each page's text."
    ),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published documents: reports, letters and council papers, with their file and pages."""

    filterset_class = filters.DocumentFilter

    def get_queryset(self):
        documents = (
            Document.objects.public()
            .select_related("authority")
            .prefetch_related(Prefetch("inspections", Inspection.objects.only("pk")))
        )
        if self.action == "retrieve":
            documents = documents.prefetch_related(
                Prefetch("pages", DocumentPage.objects.order_by("number"))
            )
        return documents

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Findings",
        description="Every public finding, filtered as "
        "the findings page filters them (the same parameters, the same count).",
    ),
    retrieve=extend_schema(summary="One finding", filters=False),
)
class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    """Findings: recommendations, areas for improvement, strengths... with their themes and
    follow-up status."""

    serializer_class = serializers.FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        return finding_queryset()

    def filter_queryset(self, queryset):
        # One finding is found by its id alone, whatever filters the address carries.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def count_matching(self) -> int | None:
        """The list's total from the findings page's index (``findings.listindex``): the
        page's own count, without a COUNT of every matching row; None where the index does
        not answer (an invalid filter, one it does not know)."""
        filterset = FindingFilter(self.request.query_params, queryset=finding_queryset())
        if not filterset.is_valid():
            return None
        selection = finding_index().select(filterset.form.cleaned_data)
        return None if selection is None else len(selection.ids)

    @extend_schema(
        summary="A recommendation's trail",
        description="What each later letter, report and council paper said of the finding, "
        "oldest first, with the passage, its page and the status it gives; `current` marks "
        "the link behind the finding's status now.",
        responses=serializers.TrailLinkSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="follow-ups", pagination_class=None, filter_backends=[])
    def follow_ups(self, request, pk=None):
        finding = get_object_or_404(Finding.objects.public(), pk=pk)
        trail = recommendation_trail(finding)
        current = current_link(trail)
        context = {**self.get_serializer_context(), "current_link": current and current.pk}
        return Response(serializers.TrailLinkSerializer(trail, many=True, context=context).data)


@extend_schema_view(
    list=extend_schema(
        summary="Follow-ups",
        description="Every public link between a "
        "recommendation and later evidence about it, in id order.",
    ),
    retrieve=extend_schema(summary="One follow-up"),
)
class FollowUpViewSet(viewsets.ReadOnlyModelViewSet):
    """Links from recommendations to what later documents said of them."""

    serializer_class = serializers.FollowUpSerializer
    filterset_class = filters.FollowUpFilter

    def get_queryset(self):
        return FollowUp.objects.public().select_related("evidence_document")


@extend_schema_view(
    list=extend_schema(
        summary="Themes",
        description="The themes findings are tagged with, "
        "by name, each with its count of public findings.",
    ),
    retrieve=extend_schema(summary="One theme"),
)
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The taxonomy of themes (front door, exploitation, care leavers...)."""

    serializer_class = serializers.ThemeSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Theme.objects.order_by(F("name").asc())

    def get_serializer_context(self):
        # Counting every theme's findings reads the whole tagging table: done once, and kept
        # until the data changes (ofsted_kb.cache).
        return {**super().get_serializer_context(), "finding_counts": theme_finding_counts()}


def theme_finding_counts() -> dict[int, int]:
    """``{theme_id: public findings tagged with it}`` (as the findings page counts them)."""
    return cached("api:theme-finding-counts", _theme_finding_counts)


def _theme_finding_counts() -> dict[int, int]:
    tagged = Finding.themes.through.objects.filter(finding__document__is_published=True)
    return dict(tagged.values("theme_id").annotate(n=Count("*")).values_list("theme_id", "n"))
