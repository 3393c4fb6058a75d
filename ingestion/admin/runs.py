"""Ingest runs (every attempt at reading a file, with what changed) and uploads."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from inspections.models import IngestRun, Upload


def _lines(lines: list[str], run: IngestRun):
    if not lines:
        return "Nothing." if run.action == IngestRun.Action.REPARSE else "—"
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((c,) for c in lines)))


@admin.register(IngestRun)
class IngestRunAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "path",
        "outcome",
        "parser",
        "parser_version",
        "seconds",
        "started_by",
    ]
    list_filter = ["action", "outcome", "parser"]
    search_fields = ["path", "sha256", "error"]
    list_select_related = ["document", "started_by"]
    readonly_fields = [
        "action",
        "path",
        "sha256",
        "document",
        "outcome",
        "parser",
        "parser_version",
        "counts",
        "what_changed",
        "edits_kept",
        "warnings",
        "error",
        "seconds",
        "started_by",
        "created_at",
    ]
    exclude = ["changes", "kept_edits"]

    @admin.display(description="What changed")
    def what_changed(self, run):
        return _lines(run.changes, run)

    @admin.display(description="Staff edits kept")
    def edits_kept(self, run):
        return _lines(run.kept_edits, run)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "filename", "status", "document", "uploaded_by"]
    list_filter = ["status"]
    search_fields = ["filename", "sha256", "error"]
    list_select_related = ["document", "uploaded_by"]
    readonly_fields = [
        "filename",
        "sha256",
        "source_url",
        "published_on",
        "status",
        "task_id",
        "run",
        "document",
        "error",
        "uploaded_by",
        "created_at",
        "finished_at",
    ]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
