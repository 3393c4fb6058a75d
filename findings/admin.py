"""Admin for findings, themes and follow-ups: staff correct tags and confirm suggested links."""

from django.contrib import admin

from .models import Finding, FollowUp, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fk_name = "recommendation"
    extra = 0
    fields = ["evidence_document", "evidence_page", "passage", "status", "origin", "score"]
    autocomplete_fields = ["evidence_document"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "inspection", "document", "page"]
    list_filter = ["kind", "themes", "inspection__framework", "document__is_published"]
    search_fields = ["text", "section", "inspection__authority__name"]
    list_select_related = ["inspection__authority", "document"]
    autocomplete_fields = ["inspection", "document", "themes"]
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "status", "origin", "score", "evidence_document"]
    list_filter = ["status", "origin"]
    search_fields = ["recommendation__text", "passage"]
    list_select_related = ["recommendation", "evidence_document"]
    autocomplete_fields = ["recommendation", "evidence", "evidence_document"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]
