"""Public pages for one inspection and one source document."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from findings.models import Finding
from ofsted_kb.breadcrumbs import BreadcrumbsMixin, authority_crumbs

from .models import Document, Inspection


class InspectionDetailView(BreadcrumbsMixin, DetailView):
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return Inspection.objects.published().select_related("authority")

    def get_breadcrumbs(self):
        return [*authority_crumbs(self.object.authority), (None, str(self.object.get_framework_display()))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        context["judgements"] = inspection.judgements.select_related("source_document").order_by(
            "area", "source"
        )
        context["findings"] = (
            Finding.objects.published()
            .filter(inspection=inspection)
            .select_related("document")
            .order_by("kind", "document", "order")
        )
        context["documents"] = inspection.documents.published()
        return context


class DocumentDetailView(BreadcrumbsMixin, DetailView):
    template_name = "inspections/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.published().select_related("authority")

    def get_breadcrumbs(self):
        crumbs = authority_crumbs(self.object.authority) if self.object.authority else []
        return [*crumbs, (None, str(self.object))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = self.object.pages.all()
        context["inspections"] = self.object.inspections.select_related("authority")
        context["findings"] = self.object.findings.order_by("order")
        return context


@require_safe
def document_file(request, pk):
    """The stored file itself, inline so a browser's PDF viewer honours ``#page=N``."""
    document = get_object_or_404(Document.objects.published(), pk=pk)
    if not document.file:
        raise Http404("This document's file is not stored.")
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.media_type or "application/octet-stream",
        as_attachment=False,
        filename=document.original_filename or None,
    )
    response["Content-Security-Policy"] = "sandbox"
    return response
