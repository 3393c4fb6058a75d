"""Documents: the upload form, the review page (what was extracted, editable, beside the
document's pages), publish, withdraw and re-parse."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from authorities.forms import AuthorityChoiceField
from authorities.models import Authority
from findings.models import Finding
from inspections.models import Document, Judgement, Upload

from ..extract import UnreadableDocument, extract
from ..parsers import LABELS
from ..pipeline import sha256_of
from ..services import (
    is_extracted,
    read_limits,
    reparse_document,
    set_published,
)
from ..tasks import ingest_upload
from .edits import StaffEditsMixin


class DocumentJudgementInline(admin.TabularInline):
    model = Judgement
    fk_name = "source_document"
    extra = 0
    fields = ["inspection", "area", "grade", "source", "page", "edited_fields"]
    readonly_fields = ["edited_fields"]
    autocomplete_fields = ["inspection"]
    verbose_name_plural = "judgements this document states"


class DocumentFindingInline(admin.StackedInline):
    model = Finding
    extra = 0
    fields = [
        ("kind", "number", "page", "source_page"),
        "section",
        "text",
        ("inspection", "themes"),
        "edited_fields",
    ]
    readonly_fields = ["source_page", "edited_fields"]
    autocomplete_fields = ["inspection", "themes"]
    show_change_link = True
    classes = ["review-findings"]
    verbose_name_plural = "findings extracted from this document"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "text":
            field.widget.attrs.update(rows=4, cols=80)
        return field

    @admin.display(description="On page")
    def source_page(self, finding):
        if not finding.page:
            return "—"
        return format_html('<a href="#page-{0}">page {0}</a>', finding.page)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text="A PDF of an Ofsted report or letter, or a council paper as text or Markdown.",
    )
    source_url = forms.URLField(
        label="Source URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where it was published, for example its page on Ofsted's site.",
        widget=forms.URLInput(attrs={"class": "vURLField"}),
    )
    authority = AuthorityChoiceField(
        queryset=Authority.objects.order_by("name", "status"),
        required=False,
        label="Authority",
        help_text="Whose document it is, if its text may not say (a council's paper often "
        "does not). Where the text names an authority, the text is taken.",
    )
    published_on = forms.DateField(
        label="Publication date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For documents that do not state it (ILACS reports don't).",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INGEST_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB, over the "
                f"{limit / 1_048_576:.0f} MB limit."
            )
        data = upload.read()
        digest = sha256_of(data)
        existing = Document.objects.filter(sha256=digest).first()
        if existing is not None and existing.status == Document.Status.PARSED:
            raise ValidationError(
                f"This file is already here, as “{existing}” "
                f"({'published' if existing.is_published else 'a draft'})."
            )
        if Upload.objects.filter(
            sha256=digest, status__in=[Upload.Status.QUEUED, Upload.Status.RUNNING]
        ).exists():
            raise ValidationError("This file was uploaded a moment ago and is being read now.")
        try:
            extract(data, filename=upload.name, **read_limits())
        except UnreadableDocument as exc:
            raise ValidationError(f"This file cannot be read: {exc}.") from None
        self.file_bytes, self.sha256 = data, digest
        return upload


@admin.register(Document)
class DocumentAdmin(StaffEditsMixin, SimpleHistoryAdmin):
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
    list_filter = [
        "is_published",
        "kind",
        "status",
        ("rendition_of", admin.EmptyFieldListFilter),
        "authority__region",
    ]
    search_fields = ["title", "original_filename", "sha256", "authority__name"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]
    date_hierarchy = "document_date"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "kind",
                    "authority",
                    ("document_date", "published_on"),
                    "source_url",
                    "committee",
                    "is_published",
                    "renditions",
                ]
            },
        ),
        (
            "Extraction",
            {
                "classes": ["collapse"],
                "fields": [
                    ("original_filename", "media_type"),
                    "sha256",
                    ("page_count", "status"),
                    ("parser", "parser_version"),
                    "how_found",
                    "error",
                    "edited_fields",
                    "removed_findings",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]
    readonly_fields = [
        "why_it_waits",
        "how_found",
        "renditions",
        "original_filename",
        "sha256",
        "page_count",
        "media_type",
        "parser",
        "parser_version",
        "status",
        "error",
        "edited_fields",
        "removed_findings",
        "created_at",
        "updated_at",
    ]
    inlines = [DocumentJudgementInline, DocumentFindingInline]
    actions = ["publish", "withdraw", "reparse"]

    def view_on_site(self, document):
        # A draft has no public page yet.
        return document.get_absolute_url() if document.is_published else None

    def has_publish_permission(self, request):
        return request.user.has_perm("inspections.publish_document")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.status == Document.Status.NEEDS_REVIEW:
            # The review queue's task first: what could not be read, and what to choose.
            task = ["why_it_waits", "authority"]
            if not obj.parser or "parser" in obj.edited_fields:
                task.append("parser")  # no parser recognised it: staff say what it is
            main = [(n, {**o, "fields": _without(o["fields"], task)}) for n, o in fieldsets]
            return [("Needs review", {"fields": task}), *main]
        return fieldsets

    @admin.display(description="Renditions")
    def renditions(self, document):
        """The same report's other rendition(s): the primary holds the records."""

        def link(other):
            url = reverse("admin:inspections_document_change", args=[other.pk])
            kind = other.media_type or "unknown type"
            return format_html('<a href="{}">{}</a> ({})', url, other, kind)

        if document.rendition_of_id:
            return format_html(
                "Another rendition of {}, which holds the judgements and findings.",
                link(document.rendition_of),
            )
        others = list(document.renditions.order_by("pk"))
        if not others:
            return "—"
        return format_html(
            "The primary rendition, holding the judgements and findings; also as {}.",
            format_html_join(", ", "{}", ((link(other),) for other in others)),
        )

    @admin.display(description="Why it waits")
    def why_it_waits(self, document):
        return (
            format_html_join("", "<p>{}</p>", ((reason,) for reason in document.review_reasons))
            or "—"
        )

    @admin.display(description="How each field was found")
    def how_found(self, document):
        return format_html_join(", ", "{}: {}", sorted((document.found_by or {}).items())) or "—"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("is_published")
        if obj is not None and obj.status == Document.Status.NEEDS_REVIEW:
            fields.remove("parser")  # "Read it as": staff choose for an unplaced document
            # Published only by "Mark reviewed and publish", never by ticking a box.
            fields.append("is_published")
        return list(dict.fromkeys(fields))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "parser":
            return forms.ChoiceField(
                label="Read it as",
                choices=[("", "— not recognised —"), *LABELS.items()],
                required=False,
                help_text="What kind of document this is; it is read again when you save.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document = form.instance
        answered = {"authority", "parser"} & set(form.changed_data)
        if change and answered and document.status == Document.Status.NEEDS_REVIEW:
            # Staff answered what it waited for: read it again with their answer.
            self._report_reparse(
                request, document, reparse_document(document=document, user=request.user)
            )

    def changelist_view(self, request, extra_context=None):
        waiting = Document.objects.filter(status=Document.Status.NEEDS_REVIEW).count()
        extra = {"needs_review_count": waiting, **(extra_context or {})}
        return super().changelist_view(request, extra)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="inspections_document_upload"),
            path(
                "upload/<int:pk>/",
                view(self.upload_status_view),
                name="inspections_document_upload_status",
            ),
            path(
                "<int:pk>/publish/",
                view(self.publish_view),
                name="inspections_document_publish",
            ),
            path(
                "<int:pk>/reparse/",
                view(self.reparse_view),
                name="inspections_document_reparse",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # A document is only ever made from its file, by the ingestion service.
        return redirect("admin:inspections_document_upload")

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = Upload(
                filename=form.cleaned_data["file"].name[:255],
                sha256=form.sha256,
                source_url=form.cleaned_data["source_url"],
                published_on=form.cleaned_data["published_on"],
                authority=form.cleaned_data["authority"],
                uploaded_by=request.user,
            )
            suffix = "." + upload.filename.rsplit(".", 1)[-1] if "." in upload.filename else ""
            upload.file.save(f"{form.sha256[:16]}{suffix[:10]}", ContentFile(form.file_bytes))
            result = ingest_upload.enqueue(upload.pk)
            Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id)[:64])
            return redirect("admin:inspections_document_upload_status", upload.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Upload a document",
            "form": form,
            "max_mb": settings.INGEST_MAX_BYTES // 1_048_576,
            "recent": Upload.objects.select_related("document", "uploaded_by")[:10],
        }
        return TemplateResponse(request, "admin/inspections/document/upload.html", context)

    def upload_status_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        upload = get_object_or_404(Upload.objects.select_related("document", "run"), pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Upload: {upload.filename}",
            "upload": upload,
        }
        return TemplateResponse(request, "admin/inspections/document/upload_status.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if document is not None:
            extra.update(
                # The pages need the width the app list would take.
                is_nav_sidebar_enabled=False,
                pages=document.pages.all(),
                inspections=document.inspections.select_related("authority"),
                last_run=document.ingest_runs.first(),
                can_publish=self.has_publish_permission(request),
                can_reparse=self.has_change_permission(request, document),
            )
        return super().change_view(request, object_id, form_url, extra)

    @method_decorator(require_POST)
    def publish_view(self, request, pk):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        document = get_object_or_404(Document, pk=pk)
        published = request.POST.get("published") == "1"
        waits = document.status == Document.Status.NEEDS_REVIEW
        if published and waits and not is_extracted(document):
            self.message_user(
                request,
                f"“{document}” cannot be published before it is read: "
                f"{'; '.join(document.review_reasons)}. Nothing was published.",
                messages.ERROR,
            )
            return redirect("admin:inspections_document_change", document.pk)
        set_published(documents=[document], published=published, user=request.user)
        word = "Published" if published else "Withdrew"
        if published and waits:
            word = "Marked reviewed and published"
        self.message_user(request, f"{word} “{document}”.", messages.SUCCESS)
        return redirect("admin:inspections_document_change", document.pk)

    @method_decorator(require_POST)
    def reparse_view(self, request, pk):
        document = get_object_or_404(Document, pk=pk)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        result = reparse_document(document=document, user=request.user)
        self._report_reparse(request, document, result)
        return redirect("admin:inspections_document_change", document.pk)

    @admin.action(description="Publish the selected documents", permissions=["publish"])
    def publish(self, request, queryset):
        count = set_published(documents=queryset, published=True, user=request.user)
        self.message_user(request, f"Published {count} document(s).", messages.SUCCESS)

    @admin.action(
        description="Withdraw the selected documents (back to draft)", permissions=["publish"]
    )
    def withdraw(self, request, queryset):
        count = set_published(documents=queryset, published=False, user=request.user)
        self.message_user(request, f"Withdrew {count} document(s).", messages.SUCCESS)

    @admin.action(
        description="Re-parse the selected documents (staff edits are kept)",
        permissions=["change"],
    )
    def reparse(self, request, queryset):
        for document in queryset:
            self._report_reparse(
                request, document, reparse_document(document=document, user=request.user)
            )

    def _report_reparse(self, request, document, result):
        run = result.run
        if result.error:
            self.message_user(
                request, f"Re-parsing “{document}” failed: {result.error}", messages.ERROR
            )
            return
        kept, changed = run.kept_edits, len(run.changes)
        summary = format_html(
            'Re-parsed “{}”: {} change(s), {} staff edit(s) kept. <a href="{}">What changed</a>.',
            document,
            changed,
            len(kept),
            reverse("admin:inspections_ingestrun_change", args=[run.pk]),
        )
        self.message_user(request, summary, messages.SUCCESS)


def _without(fields, names):
    """A fieldset's fields with ``names`` taken out (a tuple row keeps its other fields)."""
    kept = []
    for field in fields:
        if isinstance(field, (tuple, list)):
            row = tuple(f for f in field if f not in names)
            if row:
                kept.append(row if len(row) > 1 else row[0])
        elif field not in names:
            kept.append(field)
    return kept
