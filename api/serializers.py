"""What the API says of each record: canonical codes with their labels beside them, stable
ids (authorities by slug), and the site's page for every record, so every fact can be checked
against its source. Nothing here queries the database: the views load what is shown."""

from __future__ import annotations

from functools import cached_property

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authorities.models import Authority
from findings.models import Finding, FollowUp, Theme
from inspections.codes import GRADE_RANK, JudgementArea
from inspections.models import Document, DocumentPage, Inspection, Judgement
from ofsted_kb import links


def absolute(serializer, path: str | None) -> str | None:
    request = serializer.context.get("request")
    if path is None or request is None:
        return path
    return request.build_absolute_uri(path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The record's page on the site, absolute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The record's page on the site.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.parent, value.get_absolute_url())


@extend_schema_field(OpenApiTypes.STR)
class LabelField(serializers.Field):
    """The label of a code field, as ``get_<field>_display`` gives it, looked up in the
    field's choices: DRF reads the signature of a ``get_<field>_display`` source on every
    call, which was most of a list's time."""

    def __init__(self, codes: str, model=None, via: str = "", **kwargs):
        self.codes, self.model, self.via = codes, model, via
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        model = self.model or parent.Meta.model
        choices = model._meta.get_field(self.codes).flatchoices
        self.labels = {code: str(text) for code, text in choices}

    def to_representation(self, value):
        if self.via:
            value = getattr(value, self.via)
        code = getattr(value, self.codes)
        return self.labels.get(code, code)


def label(codes, **kwargs):
    """A read-only field giving the label of a code field (``get_<field>_display``)."""
    return LabelField(codes, **kwargs)


_AREA_ORDER = {area: n for n, area in enumerate(JudgementArea.values)}


def _area_order(item) -> int:
    return _AREA_ORDER.get(item[0], len(_AREA_ORDER))


class LatestGradeSerializer(serializers.Serializer):
    grade = serializers.CharField(help_text="The grade's code: outstanding, good, ...")
    rank = serializers.IntegerField(help_text="1 (outstanding) to 4 (inadequate).")
    date = serializers.DateField(
        source="event_date", allow_null=True, help_text="The inspection's start, else publication."
    )
    inspection = serializers.IntegerField(source="inspection_id")


class AuthoritySerializer(serializers.ModelSerializer):
    url = PageUrlField()
    region_label = label("region")
    kind_label = label("kind")
    previous_ons_codes = serializers.SerializerMethodField(
        help_text="ONS codes this same area had before."
    )
    latest_grades = serializers.SerializerMethodField(
        help_text="The latest grade in each judgement area (by area code), from the newest "
        "inspection that judged it; the report wins over other sources."
    )
    successors = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the authorities that took over its duties when it was abolished.",
    )
    predecessors = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the authorities it took over from.",
    )
    statistical_neighbours = serializers.SerializerMethodField(
        help_text="Slugs of its statistical neighbours, closest first (DfE, 2021)."
    )

    class Meta:
        model = Authority
        fields = [
            "id",
            "slug",
            "name",
            "official_name",
            "url",
            "ons_code",
            "previous_ons_codes",
            "la_number",
            "ofsted_urn",
            "region",
            "region_label",
            "kind",
            "kind_label",
            "status",
            "abolished_on",
            "latest_grades",
            "successors",
            "predecessors",
            "statistical_neighbours",
        ]

    def get_previous_ons_codes(self, authority) -> list[str]:
        return [c.strip() for c in authority.previous_ons_codes.split(";") if c.strip()]

    @extend_schema_field(serializers.DictField(child=LatestGradeSerializer()))
    def get_latest_grades(self, authority):
        # Plain dicts, as LatestGradeSerializer describes them: a serializer for each of a
        # page's few hundred grades took most of the list's time.
        latest = self.context["latest_grades"].get(authority.pk, {})
        return {
            area: {
                "grade": grade.grade,
                "rank": grade.rank,
                "date": grade.event_date and grade.event_date.isoformat(),
                "inspection": grade.inspection_id,
            }
            for area, grade in sorted(latest.items(), key=_area_order)
        }

    def get_statistical_neighbours(self, authority) -> list[str]:
        return [link.neighbour.slug for link in authority.neighbour_links.all()]


class JudgementSerializer(serializers.ModelSerializer):
    area_label = label("area")
    grade_label = label("grade")
    rank = serializers.SerializerMethodField()
    source_label = label("source")
    source_url = serializers.SerializerMethodField(
        help_text="The source document's page on the site, at the judgement's page."
    )
    preferred = serializers.SerializerMethodField(
        help_text="Whether this source gives the inspection's grade in the area (the report "
        "wins, then the official statistics); others that disagree are listed all the same."
    )

    class Meta:
        model = Judgement
        fields = [
            "area",
            "area_label",
            "grade",
            "grade_label",
            "rank",
            "preferred",
            "source",
            "source_label",
            "source_document",
            "page",
            "source_url",
        ]

    def get_rank(self, judgement) -> int:
        return GRADE_RANK[judgement.grade]

    def get_preferred(self, judgement) -> bool:
        return getattr(judgement, "preferred", True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_source_url(self, judgement):
        if judgement.source_document_id is None:
            return None
        url = links.url("inspections:document-detail", judgement.source_document_id)
        return absolute(self, f"{url}#page-{judgement.page}" if judgement.page else url)


class InspectionSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    authority = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    framework_label = label("framework")
    judgements = serializers.SerializerMethodField(
        help_text="Every public source's grade in each area, the preferred one first."
    )
    documents = serializers.SerializerMethodField(
        help_text="Ids of the published documents that speak of it."
    )

    class Meta:
        model = Inspection
        fields = [
            "id",
            "url",
            "authority",
            "framework",
            "framework_label",
            "start_date",
            "end_date",
            "date_precision",
            "published_on",
            "lead_inspector",
            "theme",
            "visit_number",
            "judgements",
            "documents",
        ]

    @extend_schema_field(JudgementSerializer(many=True))
    def get_judgements(self, inspection):
        # Loaded in preferred order; the first of each area is the one the site shows.
        order = {area: n for n, area in enumerate(JudgementArea.values)}
        seen = set()
        for judgement in inspection.public_judgements:
            judgement.preferred = judgement.area not in seen
            seen.add(judgement.area)
        chosen = sorted(inspection.public_judgements, key=lambda j: order.get(j.area, len(order)))
        return self.judgement_serializer.to_representation(chosen)

    @cached_property
    def judgement_serializer(self):
        # One for the whole list: a serializer made for each inspection copied its fields.
        return JudgementSerializer(many=True, context=self.context)

    def get_documents(self, inspection) -> list[int]:
        return [document.pk for document in inspection.public_documents]


class DocumentSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    authority = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = label("kind")
    file_url = serializers.SerializerMethodField(
        help_text="The stored file (a PDF opens at a page with #page=N); null when not stored."
    )
    page_urls = serializers.SerializerMethodField(
        help_text="The document's page on the site at each of its pages, in order."
    )
    inspections = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the inspections it speaks of."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "url",
            "file_url",
            "kind",
            "kind_label",
            "authority",
            "title",
            "document_date",
            "published_on",
            "source_url",
            "committee",
            "page_count",
            "page_urls",
            "media_type",
            "sha256",
            "inspections",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, document):
        if not document.file:
            return None
        return absolute(self, reverse("inspections:document-file", args=[document.pk]))

    @extend_schema_field(serializers.ListField(child=serializers.URLField()))
    def get_page_urls(self, document):
        page = absolute(self, document.get_absolute_url())
        return [f"{page}#page-{n}" for n in range(1, document.page_count + 1)]


class DocumentPageSerializer(serializers.ModelSerializer):
    url = PageUrlField()

    class Meta:
        model = DocumentPage
        fields = ["number", "url", "text"]


class DocumentDetailSerializer(DocumentSerializer):
    pages = DocumentPageSerializer(
        many=True, read_only=True, help_text="Each page's text, as the site shows it."
    )

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "pages"]


class FindingSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    kind_label = label("kind")
    heading = serializers.CharField(read_only=True, help_text="Its kind and number.")
    page_url = serializers.SerializerMethodField(
        help_text="The source document's page on the site, at the finding's page."
    )
    authority = serializers.SerializerMethodField(help_text="The authority's slug.")
    framework = serializers.SerializerMethodField(
        help_text="Its inspection's framework code (null for a paper tied to none)."
    )
    event_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="When its inspection happened (start, else publication), else the "
        "document's date: what the date filters use.",
    )
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    follow_up_status = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="For what Ofsted asked to improve: the status of its trail now (progress, "
        "no_progress, resolved, recurring, noted); null if no later document speaks of it.",
    )
    follow_up_origin = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Whether that status was confirmed by staff or suggested by the site.",
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "url",
            "kind",
            "kind_label",
            "heading",
            "text",
            "section",
            "number",
            "authority",
            "inspection",
            "framework",
            "event_date",
            "document",
            "page",
            "page_url",
            "themes",
            "follow_up_status",
            "follow_up_origin",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, finding):
        url = links.url("inspections:document-detail", finding.document_id)
        return absolute(self, f"{url}#page-{finding.page}" if finding.page else url)

    def get_authority(self, finding) -> str | None:
        if finding.inspection_id:
            return finding.inspection.authority.slug
        authority = finding.document.authority
        return authority.slug if authority else None

    def get_framework(self, finding) -> str | None:
        return finding.inspection.framework if finding.inspection_id else None


class FollowUpSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The link on its recommendation's page.")
    status_label = label("status")
    origin_label = label("origin")
    evidence_url = serializers.SerializerMethodField(
        help_text="The later document's page on the site, at the passage's page."
    )

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "url",
            "recommendation",
            "status",
            "status_label",
            "origin",
            "origin_label",
            "evidence_date",
            "evidence_document",
            "evidence_page",
            "evidence_url",
            "evidence",
            "passage",
            "score",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, link):
        page = links.url("findings:finding-detail", link.recommendation_id)
        return absolute(self, f"{page}#follow-up-{link.pk}")

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence_url(self, link):
        return absolute(self, link.evidence_url)


class TrailLinkSerializer(FollowUpSerializer):
    """A link of one recommendation's trail, saying whether it is the one behind the
    recommendation's status now."""

    current = serializers.SerializerMethodField(
        help_text="Whether this link gives the recommendation its status now."
    )

    class Meta(FollowUpSerializer.Meta):
        fields = [*FollowUpSerializer.Meta.fields, "current"]

    def get_current(self, link) -> bool:
        return link.pk == self.context.get("current_link")


class ThemeSerializer(serializers.ModelSerializer):
    url = PageUrlField(help_text="The findings page filtered to the theme.")
    finding_count = serializers.SerializerMethodField(
        help_text="Public findings tagged with it (as the findings page counts)."
    )

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "description", "url", "finding_count"]

    def get_finding_count(self, theme) -> int:
        return self.context["finding_counts"].get(theme.pk, 0)


class GradeHistorySerializer(serializers.Serializer):
    """One judgement of the authority's history: the preferred source's grade for one area of
    one inspection."""

    inspection = serializers.IntegerField(source="inspection_id")
    inspection_url = serializers.SerializerMethodField()
    framework = serializers.CharField(source="inspection.framework")
    framework_label = label("framework", model=Inspection, via="inspection")
    date = serializers.DateField(
        source="event_date", allow_null=True, help_text="The inspection's start, else publication."
    )
    area = serializers.CharField()
    area_label = label("area", model=Judgement)
    grade = serializers.CharField()
    grade_label = label("grade", model=Judgement)
    rank = serializers.IntegerField()
    source = serializers.CharField()
    source_document = serializers.IntegerField(source="source_document_id", allow_null=True)
    source_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_inspection_url(self, judgement):
        return absolute(self, links.url("inspections:inspection-detail", judgement.inspection_id))

    @extend_schema_field(OpenApiTypes.URI)
    def get_source_url(self, judgement):
        return JudgementSerializer.get_source_url(self, judgement)
