"""Inspections and judgements as staff correct them, and the findings' history."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from findings.models import Finding
from inspections.models import Inspection, Judgement

from .edits import StaffEditsMixin


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    fields = ["area", "grade", "source", "source_document", "page", "edited_fields"]
    readonly_fields = ["edited_fields"]
    autocomplete_fields = ["source_document"]


class FindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = [("kind", "number", "page"), "section", "text", "document", "themes"]
    autocomplete_fields = ["document", "themes"]
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(StaffEditsMixin, SimpleHistoryAdmin):
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
    readonly_fields = ["edited_fields"]
    date_hierarchy = "start_date"
    inlines = [JudgementInline, FindingInline]


@admin.register(Judgement)
class JudgementAdmin(StaffEditsMixin, SimpleHistoryAdmin):
    list_display = ["inspection", "area", "grade", "source", "source_document", "page"]
    list_filter = ["area", "grade", "source", "inspection__framework"]
    search_fields = ["inspection__authority__name"]
    list_select_related = ["inspection__authority", "source_document"]
    autocomplete_fields = ["inspection", "source_document"]
    readonly_fields = ["edited_fields"]


@admin.register(Finding.history.model)
class FindingHistoryAdmin(admin.ModelAdmin):
    """Who changed which finding, when, and how: read-only, filterable by document."""

    list_display = [
        "history_date",
        "history_user",
        "history_type",
        "finding",
        "document",
        "changes",
        "history_change_reason",
    ]
    list_filter = ["history_type", "kind"]
    search_fields = ["text", "history_user__username"]
    list_select_related = ["history_user", "document"]
    date_hierarchy = "history_date"

    @admin.display(description="Finding")
    def finding(self, record):
        short = record.text if len(record.text) <= 80 else record.text[:77] + "…"
        return f"{record.id}: {short}"

    @admin.display(description="Changes")
    def changes(self, record):
        previous = record.prev_record
        if previous is None:
            return "—"
        delta = record.diff_against(previous)
        return (
            format_html_join(
                "",
                "<div><strong>{}</strong>: {} → {}</div>",
                ((c.field, _short(c.old), _short(c.new)) for c in delta.changes),
            )
            or "—"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _short(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"
