"""Admin for findings, themes and follow-ups: staff correct tags and confirm suggested links.

A suggested link is confirmed or rejected in one click from the follow-ups list (the row's
buttons), or corrected by choosing another status there and saving; the change page has the
same buttons beside the passage and why it was suggested. Every review records who and when.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from . import services, themes
from .models import Finding, FollowUp, Theme

REVIEWS = {"confirm": FollowUp.Origin.CONFIRMED, "reject": FollowUp.Origin.REJECTED}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    fk_name = "recommendation"
    extra = 0
    fields = ["evidence_document", "evidence_page", "short_passage", "status", "origin", "score"]
    readonly_fields = ["evidence_document", "evidence_page", "short_passage", "score"]
    ordering = ["evidence_date", "-score"]
    show_change_link = True
    can_delete = False

    @admin.display(description="Passage")
    def short_passage(self, link):
        return Truncator(link.passage).chars(300)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "inspection", "document", "page", "theme_list"]
    list_filter = ["kind", "themes", "inspection__framework", "document__is_published"]
    search_fields = ["text", "section", "inspection__authority__name"]
    list_select_related = ["inspection__authority", "document"]
    autocomplete_fields = ["inspection", "document", "themes"]
    readonly_fields = ["theme_evidence", "edited_fields"]
    inlines = [FollowUpInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description="Themes")
    def theme_list(self, finding):
        return ", ".join(theme.name for theme in finding.themes.all())

    @admin.display(description="What the tagger reads")
    def theme_evidence(self, finding):
        found = themes.tag(finding.text)
        if not found:
            return "No theme's words occur in the text."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (themes.THEMES_BY_SLUG[slug].name, ", ".join(words))
                    for slug, words in found.items()
                ),
            ),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "themes" in form.changed_data:
            # Staff chose these themes: re-tagging must leave them as they are.
            services.mark_edited(form.instance, services.THEMES_FIELD)

    def save_formset(self, request, form, formset, change):
        if formset.model is FollowUp:
            for link in formset.save(commit=False):
                origin = link.origin
                if origin == FollowUp.Origin.SUGGESTED:
                    origin = FollowUp.Origin.CONFIRMED  # a corrected status is a review
                services.review(link, user=request.user, origin=origin, status=link.status)
            return
        super().save_formset(request, form, formset, change)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = [
        "recommendation_text",
        "evidence",
        "passage_text",
        "score",
        "status",
        "origin",
        "review_buttons",
    ]
    list_display_links = ["recommendation_text"]
    list_editable = ["status"]
    list_filter = [
        "origin",
        "status",
        "recommendation__kind",
        ("recommendation__inspection__authority", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["recommendation__text", "passage", "evidence_document__title"]
    list_select_related = ["recommendation", "evidence_document", "evidence"]
    autocomplete_fields = ["recommendation", "evidence", "evidence_document"]
    readonly_fields = [
        "recommendation_in_full",
        "passage_in_full",
        "why",
        "score",
        "origin",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ]
    fields = [
        "recommendation_in_full",
        "passage_in_full",
        "why",
        "status",
        "score",
        "origin",
        "recommendation",
        "evidence",
        ("evidence_document", "evidence_page", "evidence_date"),
        "passage",
        ("reviewed_by", "reviewed_at", "created_at"),
    ]
    ordering = ["recommendation__document", "recommendation__order", "-score"]
    actions = ["confirm_links", "reject_links"]
    change_form_template = "admin/findings/followup/change_form.html"

    @admin.display(description="Recommendation")
    def recommendation_text(self, link):
        return Truncator(link.recommendation.text).chars(160)

    @admin.display(description="Later document")
    def evidence(self, link):
        page = f", page {link.evidence_page}" if link.evidence_page else ""
        return f"{link.evidence_document}{page}"

    @admin.display(description="Later words")
    def passage_text(self, link):
        return Truncator(link.passage).chars(240)

    @admin.display(description="Review")
    def review_buttons(self, link):
        # Buttons of the change list's own form (it carries the CSRF token), sent to
        # review_view: one click confirms or rejects the row with the status shown.
        url = reverse("admin:findings_followup_review")
        return format_html(
            '<button type="submit" class="button" name="_review" value="confirm:{}" '
            'formaction="{}" formmethod="post">Confirm</button> '
            '<button type="submit" class="button" name="_review" value="reject:{}" '
            'formaction="{}" formmethod="post">Reject</button>',
            link.pk,
            url,
            link.pk,
            url,
        )

    @admin.display(description="Recommendation")
    def recommendation_in_full(self, link):
        finding = link.recommendation
        return format_html(
            '{}<br><a href="{}">{}{}</a>',
            finding.text,
            finding.get_absolute_url(),
            finding.document,
            f", page {finding.page}" if finding.page else "",
        )

    @admin.display(description="Later words")
    def passage_in_full(self, link):
        return format_html(
            '{}<br><a href="{}">{}{}</a>',
            link.passage,
            link.evidence_url,
            link.evidence_document,
            f", page {link.evidence_page}" if link.evidence_page else "",
        )

    @admin.display(description="Why it was suggested")
    def why(self, link):
        reasons = link.reasons or {}
        if not reasons:
            return "Made by staff."
        return format_html(
            "Shared themes: {}. Shared word stems: {}. Text similarity {}. "
            "Status rule: {} — “{}”.",
            ", ".join(link.shared_theme_names) or "none",
            ", ".join(reasons.get("terms", ())) or "none",
            reasons.get("text_similarity", ""),
            reasons.get("status_rule", ""),
            reasons.get("clause", ""),
        )

    def get_urls(self):
        review = self.admin_site.admin_view(require_POST(self.review_view))
        return [path("review/", review, name="findings_followup_review"), *super().get_urls()]

    def review_view(self, request):
        """Confirm or reject one link from a row's button (``_review=confirm:<pk>``)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        action, _, pk = request.POST.get("_review", "").partition(":")
        link = FollowUp.objects.filter(pk=pk).first() if pk.isdigit() else None
        if action not in REVIEWS or link is None:
            self.message_user(request, "Nothing to review: unknown link.", messages.ERROR)
        else:
            services.review(link, user=request.user, origin=REVIEWS[action])
            self.message_user(request, f"{link.get_origin_display()}: {link}.")
        return HttpResponseRedirect(self._back(request))

    def _back(self, request):
        target = request.headers.get("referer", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:findings_followup_changelist")

    def save_model(self, request, obj, form, change):
        if change and "_reject" in request.POST:
            services.review(obj, user=request.user, origin=FollowUp.Origin.REJECTED)
            return
        if change and ("_confirm" in request.POST or "status" in form.changed_data):
            # Choosing another status is a correction: the link is then staff's.
            services.review(
                obj, user=request.user, origin=FollowUp.Origin.CONFIRMED, status=obj.status
            )
            return
        if not change:
            obj.origin = FollowUp.Origin.CONFIRMED  # a link staff make by hand
            obj.reviewed_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Confirm the selected links with the status shown")
    def confirm_links(self, request, queryset):
        for link in queryset:
            services.review(link, user=request.user, origin=FollowUp.Origin.CONFIRMED)
        self.message_user(request, f"Confirmed {len(queryset)} link(s).")

    @admin.action(description="Reject the selected links")
    def reject_links(self, request, queryset):
        for link in queryset:
            services.review(link, user=request.user, origin=FollowUp.Origin.REJECTED)
        self.message_user(request, f"Rejected {len(queryset)} link(s).")
