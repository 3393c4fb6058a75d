"""Public pages for one inspection and one source document, and the document's file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from findings.models import Finding
from inspections.codes import FindingKind, JudgementArea
from inspections.models import Document, Inspection, Judgement
from inspections.queries import (
    by_area,
    event_date,
    inspection_label,
    preferred_order,
    public_judgements,
    written_after,
)
from ofsted_kb.breadcrumbs import BreadcrumbsMixin, authority_crumbs
from ofsted_kb.prepared import Prepared


class InspectionDetailView(BreadcrumbsMixin, DetailView):
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_object(self, queryset=None):
        found = _INSPECTION.fetch(self.kwargs["pk"])
        if not found:
            raise Http404("No public inspection here")
        return found[0]

    def get_breadcrumbs(self):
        return [*authority_crumbs(self.object.authority), (None, inspection_label(self.object))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        context["areas"] = by_area(_JUDGEMENTS.fetch(inspection.pk))
        findings = _FINDINGS.fetch(inspection.pk)
        context["finding_groups"] = group_findings(findings)
        context["several_sources"] = len({f.document_id for f in findings}) > 1
        context["documents"] = _DOCUMENTS.fetch(inspection.pk)
        context["label"] = inspection_label(inspection)
        return context


# The page's queries, compiled once a process (``ofsted_kb.prepared``): the inspection, its
# judgements in preferred order, its findings with their follow-up status, its documents.
_INSPECTION = Prepared(
    Inspection,
    lambda pk: (
        Inspection.objects.public()
        .filter(pk=pk)
        .select_related("authority")
        .annotate(event_date=event_date())
    ),
)
_JUDGEMENTS = Prepared(
    Judgement,
    lambda inspection_id: preferred_order(
        public_judgements().filter(inspection=inspection_id).select_related("source_document")
    ),
)
_FINDINGS = Prepared(
    Finding,
    lambda inspection_id: (
        Finding.objects.public()
        .filter(inspection=inspection_id)
        .with_follow_up_status()
        .select_related("document")
        .prefetch_related("themes")
        .order_by("document__document_date", "document", "order")
    ),
)
_DOCUMENTS = Prepared(
    Document,
    lambda inspection_id: (
        Document.objects.public()
        .filter(inspections=inspection_id)
        .prefetch_related(Prefetch("renditions", queryset=Document.objects.published()))
        .order_by(F("document_date").asc(nulls_last=True), "pk")
    ),
)


@dataclass
class SectionGroup:
    section: str
    findings: list[Finding] = field(default_factory=list)


KIND_PLURALS = {
    FindingKind.RECOMMENDATION: "Recommendations",
    FindingKind.AREA_FOR_IMPROVEMENT: "Areas for improvement",
    FindingKind.AREA_FOR_PRIORITY_ACTION: "Areas for priority action",
    FindingKind.STRENGTH: "Strengths",
    FindingKind.FINDING: "Findings",
    FindingKind.NEXT_STEP: "Next steps",
}


@dataclass
class KindGroup:
    kind: str
    sections: list[SectionGroup] = field(default_factory=list)

    @property
    def plural(self) -> str:
        return KIND_PLURALS[self.kind]

    @property
    def count(self) -> int:
        return sum(len(section.findings) for section in self.sections)


def group_findings(findings) -> list[KindGroup]:
    """Findings by kind (in FindingKind's order), then by section in the order they come."""
    groups: dict[str, KindGroup] = {}
    for finding in findings:
        group = groups.setdefault(finding.kind, KindGroup(finding.kind))
        if not group.sections or group.sections[-1].section != finding.section:
            group.sections.append(SectionGroup(finding.section))
        group.sections[-1].findings.append(finding)
    order = {kind: index for index, kind in enumerate(FindingKind.values)}
    return sorted(groups.values(), key=lambda group: order[group.kind])


class DocumentDetailView(BreadcrumbsMixin, DetailView):
    template_name = "inspections/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        # Another rendition of a report has its page too, linked from its primary's.
        return Document.objects.published().select_related("authority", "rendition_of")

    def get_breadcrumbs(self):
        crumbs = authority_crumbs(self.object.authority) if self.object.authority else []
        return [*crumbs, (None, str(self.object))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["pages"] = document.pages.order_by("number")
        context["inspections"] = (
            Inspection.objects.public()
            .filter(documents=document)
            .annotate(event_date=event_date())
            .order_by(F("event_date").desc(nulls_last=True))
        )
        context["written_after"] = written_after(context["inspections"])
        context["grades"] = grades_by_inspection(
            document.judgements.select_related("inspection").annotate(
                event_date=event_date("inspection__")
            )
        )
        context["finding_groups"] = group_findings(
            document.findings.prefetch_related("themes").order_by("order")
        )
        primary = document.rendition_of
        context["primary"] = primary if primary is not None and primary.is_published else None
        context["renditions"] = document.renditions.published().order_by("pk")
        return context


def grades_by_inspection(judgements) -> list[tuple[Inspection, list]]:
    """A document's judgements by inspection (newest first), areas in their canonical order."""
    grouped: dict[int, list] = {}
    for judgement in judgements:
        grouped.setdefault(judgement.inspection_id, []).append(judgement)
    order = {area: index for index, area in enumerate(JudgementArea.values)}
    undated = datetime.date.min
    groups = [
        (group[0].inspection, sorted(group, key=lambda j: order[j.area]))
        for group in grouped.values()
    ]
    return sorted(groups, key=lambda g: g[1][0].event_date or undated, reverse=True)


#: Text files are served as plain text so a browser never renders them as a page.
TEXT_TYPES = {"text/plain", "text/markdown"}


@require_safe
def document_file(request, pk):
    """The stored file itself, inline so a browser's PDF viewer honours ``#page=N``."""
    document = get_object_or_404(Document.objects.published(), pk=pk)
    if not document.file:
        raise Http404("This document's file is not stored.")
    is_text = document.media_type in TEXT_TYPES
    response = FileResponse(
        document.file.open("rb"),
        content_type="text/plain; charset=utf-8"
        if is_text
        else document.media_type or "application/octet-stream",
        as_attachment=False,
        filename=document.original_filename or None,
    )
    if document.media_type != "application/pdf":
        # Chromium and Safari refuse to start their PDF viewers in a sandboxed document, so
        # only the other types get the sandbox; PDFs open in the browser's own viewer.
        response["Content-Security-Policy"] = "sandbox"
    return response
