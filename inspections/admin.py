"""Admin for documents, inspections, judgements and ingest runs.

A member of staff can enter a visit letter by hand today: add the Document, then an Inspection
with its judgements and findings inline.
"""

from django.contrib import admin

from findings.models import Finding

from .models import Document, DocumentPage, IngestRun, Inspection, Judgement


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    fields = ["area", "grade", "source", "source_document", "page"]
    autocomplete_fields = ["source_document"]


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = [("kind", "number", "page"), "section", "text", "document", "themes"]
    autocomplete_fields = ["document", "themes"]
    show_change_link = True


class DocumentPageInline(admin.TabularInline):
    model = DocumentPage
    extra = 0
    fields = ["number", "text"]
    readonly_fields = ["number", "text"]
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class DocumentFindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["kind", "number", "page", "section", "text", "inspection"]
    readonly_fields = ["text"]
    autocomplete_fields = ["inspection"]
    show_change_link = True
    verbose_name_plural = "findings extracted from this document"


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "kind",
        "authority",
        "document_date",
        "published_on",
        "page_count",
        "status",
        "is_published",
    ]
    list_filter = ["kind", "status", "is_published", "authority__region"]
    search_fields = ["title", "original_filename", "sha256", "authority__name"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]
    date_hierarchy = "document_date"
    readonly_fields = [
        "sha256",
        "page_count",
        "media_type",
        "parser",
        "parser_version",
        "status",
        "error",
        "created_at",
        "updated_at",
    ]
    inlines = [DocumentFindingInline, DocumentPageInline]


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = [
        "authority",
        "framework",
        "start_date",
        "end_date",
        "published_on",
        "lead_inspector",
        "is_placeholder",
    ]
    list_filter = ["framework", "is_placeholder", "authority__region"]
    search_fields = ["authority__name", "lead_inspector", "theme"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority", "documents"]
    date_hierarchy = "start_date"
    inlines = [JudgementInline, FindingInline]


@admin.register(Judgement)
class JudgementAdmin(admin.ModelAdmin):
    list_display = ["inspection", "area", "grade", "source", "source_document", "page"]
    list_filter = ["area", "grade", "source", "inspection__framework"]
    search_fields = ["inspection__authority__name"]
    list_select_related = ["inspection__authority", "source_document"]
    autocomplete_fields = ["inspection", "source_document"]


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "path", "outcome", "parser", "parser_version", "seconds"]
    list_filter = ["outcome", "parser"]
    search_fields = ["path", "sha256", "error"]
    list_select_related = ["document"]
    readonly_fields = [
        "path",
        "sha256",
        "document",
        "outcome",
        "parser",
        "parser_version",
        "counts",
        "warnings",
        "error",
        "seconds",
        "started_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
