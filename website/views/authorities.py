"""Public pages for authorities: the list with latest grades, and one authority's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from authorities.models import Authority, StatisticalNeighbour
from findings.export import csv_line
from findings.models import Finding
from findings.trail import OpenFinding, anchor_date, by_status
from findings.trail import open_recommendations as followed_up
from inspections import queries
from inspections.codes import FOLLOWED_UP_KINDS, FULL_INSPECTIONS, DocumentKind, JudgementArea
from inspections.models import Document, Inspection, Judgement, unloaded_review_fields
from inspections.national import latest_grades, latest_overall_by_region
from inspections.queries import (
    SUMMARY_AREAS,
    AreaJudgements,
    by_area,
    event_date,
    grade_rank_expression,
    summarise,
    written_after,
)
from ofsted_kb.breadcrumbs import BreadcrumbsMixin
from ofsted_kb.prepared import Prepared
from website.charts import chart_html, grade_chart
from website.compare import MAX_AUTHORITIES, compare_url
from website.filters import AuthorityFilter, overall_counts
from website.history import neighbour_row, open_item, timeline_entry
from website.rows import authority_row

#: Documents on the timeline in their own right rather than under the inspection they report.
STANDALONE_KINDS = (DocumentKind.COMMITTEE_PAPER, DocumentKind.OTHER)


class AuthorityListView(BreadcrumbsMixin, FilterView):
    filterset_class = AuthorityFilter
    template_name = "authorities/authority_list.html"
    context_object_name = "authorities"
    #: More than England has, so the real list is one page; at benchmark scale, many.
    paginate_by = 200

    def get_queryset(self):
        self.latest = latest_grades()
        authorities = Authority.objects.public().prefetch_related("successors").order_by("name")
        if "overall" in self.request.GET.get("ordering", "") or self.request.GET.get("overall"):
            # Only the grade filter and sort need the grade in SQL: a CASE over every id.
            authorities = authorities.annotate(
                latest_overall=latest_overall_expression(self.latest)
            ).annotate(overall_rank=grade_rank_expression("latest_overall"))
        return authorities

    def get_breadcrumbs(self):
        return [(None, "Authorities")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        authorities = list(context["authorities"])
        context["rows"] = [(a, summarise(self.latest.get(a.pk, {}))) for a in authorities]
        context["row_html"] = (authority_row(a, cells) for a, cells in context["rows"])
        context["summary_headings"] = [heading for heading, _ in SUMMARY_AREAS]
        return context


class AuthorityCsvView(AuthorityListView):
    """The list as shown, filtered and sorted as on the page, as CSV: every matching authority
    (not one page), with each summary column's grade and the date of the inspection behind it."""

    paginate_by = None

    def render_to_response(self, context, **response_kwargs):
        headings = context["summary_headings"]
        header = ["authority", "slug", "ONS code", "kind", "region", "status", "now part of"]
        for heading in headings:
            header += [heading, f"{heading}: inspection date", f"{heading}: inspection URL"]
        lines = [csv_line(header)]
        page = self.request.build_absolute_uri
        for authority, cells in context["rows"]:
            row = [
                authority.name,
                authority.slug,
                authority.ons_code,
                authority.get_kind_display(),
                authority.get_region_display(),
                authority.get_status_display(),
                "; ".join(s.name for s in authority.successors.all()),
            ]
            for cell in cells:
                judgement = cell.judgement
                row += (
                    [
                        cell.short_label,
                        judgement.event_date.isoformat() if judgement.event_date else "",
                        page(judgement.inspection.get_absolute_url()),
                    ]
                    if judgement
                    else ["", "", ""]
                )
            lines.append(csv_line(row))
        response = HttpResponse("\ufeff" + "".join(lines), content_type="text/csv; charset=utf-8")
        filename = f"ofsted-authorities-{datetime.date.today():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


authority_csv = AuthorityCsvView.as_view()


class AuthorityDetailView(BreadcrumbsMixin, DetailView):
    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return Authority.objects.public().prefetch_related("predecessors")

    def get_breadcrumbs(self):
        return [(reverse("authorities:authority-list"), "Authorities"), (None, self.object.name)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        authority = self.object
        preferred = preferred_judgements(authority)
        latest = {}
        for judgement in preferred:  # newest first, so the first per area is the latest
            latest.setdefault(judgement.area, judgement)
        context["summary"] = summarise(latest)
        context["chart"] = grade_chart(preferred)
        context["chart_html"] = chart_html(context["chart"]) if context["chart"] else ""
        found = findings_by_source(authority)
        context["timeline"] = timeline(authority, preferred, found)
        context["open_findings"] = open_recommendations(authority, context["timeline"], found)
        context["open_groups"] = by_status(context["open_findings"])
        context["unreported_since"] = unreported_inspections_since(
            context["timeline"], context["open_findings"], latest_by_inspection(preferred)
        )
        context["summary_headings"] = [heading for heading, _ in SUMMARY_AREAS]
        context["neighbours"] = neighbour_rows(authority)
        # The authority and its closest neighbours, as many as the compare page shows.
        members = [member for member, _ in context["neighbours"][:MAX_AUTHORITIES]]
        context["compare_url"] = compare_url(members) if members else ""
        context["region_grades"] = region_distribution(authority)
        # The repeated parts, written in Python (``website.history``: the templates' markup).
        context["timeline_html"] = [
            (entry, timeline_entry(entry)) for entry in context["timeline"]
        ]
        context["open_groups_html"] = [
            (group, [open_item(item) for item in group.items]) for group in context["open_groups"]
        ]
        context["neighbour_html"] = [
            neighbour_row(member, cells, authority) for member, cells in context["neighbours"]
        ]
        return context


def preferred_judgements(authority: Authority) -> list[Judgement]:
    """The authority's public judgements, one per inspection and area, newest first."""
    return queries.preferred_judgements(authority.pk)


@dataclass
class TimelineEntry:
    """An inspection (with its grades and Ofsted's documents) or a standalone document."""

    date: datetime.date | None
    inspection: Inspection | None = None
    document: Document | None = None
    grades: list[AreaJudgements] = field(default_factory=list)
    own_documents: list[Document] = field(default_factory=list)
    mentioned_in: list[Document] = field(default_factory=list)
    #: For an undated document: the latest event it reports, which it must postdate.
    after: datetime.date | None = None

    @property
    def sort_date(self) -> datetime.date | None:
        return self.date or self.after


def timeline(
    authority: Authority, preferred: list[Judgement], found: dict[tuple[int, int, str], int]
) -> list[TimelineEntry]:
    """Every public inspection, visit letter and committee paper of the authority, newest
    first; ``found`` is its ``findings_by_source``."""
    grades: dict[int, list[Judgement]] = {}
    for judgement in preferred:
        grades.setdefault(judgement.inspection_id, []).append(judgement)
    inspections = _INSPECTIONS.fetch(authority.pk)
    documents_of: dict[int, list[Document]] = {}
    for document in _INSPECTION_DOCUMENTS.fetch(authority.pk):
        documents_of.setdefault(document.inspection_key, []).append(document)
    own = _own_documents(preferred, found)
    counts: dict[int, int] = {}
    for (inspection_id, _, _), count in found.items():
        counts[inspection_id] = counts.get(inspection_id, 0) + count
    entries = []
    for inspection in inspections:
        documents = inspection.ofsted_documents = documents_of.get(inspection.pk, [])
        inspection.finding_count = counts.get(inspection.pk, 0)
        entries.append(
            TimelineEntry(
                inspection.event_date,
                inspection=inspection,
                grades=by_area(grades.get(inspection.pk, [])),
                own_documents=[d for d in documents if (inspection.pk, d.pk) in own],
                mentioned_in=[d for d in documents if (inspection.pk, d.pk) not in own],
            )
        )
    for document in _STANDALONE.fetch(authority.pk):
        entries.append(
            TimelineEntry(
                document.document_date or document.published_on,
                document=document,
                after=written_after(document.inspections.all()),
            )
        )
    undated = datetime.date.min
    # newest first; an undated paper comes before (after, in time) the event it reports
    return sorted(
        entries,
        key=lambda entry: (entry.sort_date or undated, entry.date is None),
        reverse=True,
    )


def findings_by_source(authority: Authority) -> dict[tuple[int, int, str], int]:
    """How many public findings of each kind each (inspection, document) pair of the authority
    holds: ``{(inspection id, document id, kind): count}``."""
    rows = _FINDINGS_BY_SOURCE.fetch(authority.pk)
    return {(inspection, document, kind): count for inspection, document, kind, count in rows}


_FINDINGS_BY_SOURCE = Prepared(
    Finding,
    lambda authority_id: (
        Finding.objects.public()
        .filter(inspection__authority=authority_id)
        .order_by()
        .values_list("inspection_id", "document_id", "kind")
        .annotate(count=Count("pk"))
    ),
)


def _own_documents(
    preferred: list[Judgement], found: dict[tuple[int, int, str], int]
) -> set[tuple[int, int]]:
    """(inspection, document) pairs where the document is the event's own report or letter:
    it states the grades as the report, or the findings. Other documents only recap it."""
    reported = {
        (j.inspection_id, j.source_document_id)
        for j in preferred
        if j.source == Judgement.Source.REPORT
    }
    return reported | {(inspection, document) for inspection, document, _ in found}


# The timeline's queries, compiled once a process (``ofsted_kb.prepared``): the authority's
# public inspections, newest first; the Ofsted documents of each (``inspection_key`` says
# whose: a document of two inspections comes twice), oldest first; its standalone documents.
_INSPECTIONS = Prepared(
    Inspection,
    lambda authority_id: (
        Inspection.objects.public()
        .filter(authority=authority_id)
        .annotate(event_date=event_date())
        .order_by(F("event_date").desc(nulls_last=True))
    ),
)
_INSPECTION_DOCUMENTS = Prepared(
    Document,
    lambda authority_id: (
        Document.objects.public()
        .filter(inspections__authority=authority_id)
        .exclude(kind__in=STANDALONE_KINDS)
        .annotate(inspection_key=F("inspections__id"))
        .defer(*unloaded_review_fields())
        .order_by(F("document_date").asc(nulls_last=True), "pk")
    ),
)
_STANDALONE = Prepared(
    Document,
    lambda authority_id: (
        Document.objects.public()
        .filter(authority=authority_id)
        .filter(Q(kind__in=STANDALONE_KINDS) | Q(inspections__isnull=True))
        .defer(*unloaded_review_fields())
        .distinct()
        .prefetch_related(
            Prefetch(
                "inspections",
                queryset=Inspection.objects.annotate(event_date=event_date()).order_by(
                    F("event_date").desc(nulls_last=True)
                ),
            )
        )
    ),
)


def open_recommendations(
    authority: Authority, entries: list[TimelineEntry], found: dict[tuple[int, int, str], int]
) -> list[OpenFinding]:
    """Recommendations and areas for improvement since the last full inspection that made any,
    each with the link behind its current follow-up status; resolved ones drop out. Which
    inspections hold them, and when each was, is read off the timeline and ``found``, so
    only the open ones are loaded."""
    holding = {inspection for inspection, _, kind in found if kind in FOLLOWED_UP_KINDS}
    events = {
        entry.inspection.pk: (entry.inspection.framework, entry.date)
        for entry in entries
        if entry.inspection is not None and entry.inspection.pk in holding
    }
    since = anchor_date(events.values(), FULL_INSPECTIONS)
    if since is None:
        return []
    chosen = [pk for pk, (_, when) in events.items() if when is not None and when >= since]
    return followed_up(sorted(chosen))


@dataclass(frozen=True)
class UnreportedInspection:
    """A full inspection known from Ofsted's statistics whose report is not here."""

    inspection: Inspection
    overall: Judgement | None


def latest_by_inspection(preferred: list[Judgement]) -> dict[int, Judgement]:
    """Each inspection's preferred overall judgement."""
    overall = {}
    for judgement in preferred:
        if judgement.area == JudgementArea.OVERALL_EFFECTIVENESS:
            overall.setdefault(judgement.inspection_id, judgement)
    return overall


def unreported_inspections_since(
    entries: list[TimelineEntry], open_findings: list[OpenFinding], overall: dict[int, Judgement]
) -> list[UnreportedInspection]:
    """Full inspections after the one the open recommendations come from whose report is not
    here (known from the statistics, or from a council's paper): the list must not read as if
    nothing happened since. Read off the authority's ``timeline``, which holds every public
    inspection with its public documents."""
    dates = [e.finding.event_date for e in open_findings if e.finding.event_date]
    if not dates:
        return []
    since = min(dates)
    later = [
        entry.inspection
        for entry in entries
        if entry.inspection is not None
        and entry.inspection.framework in FULL_INSPECTIONS
        and entry.date is not None
        and entry.date > since
        and not any(
            d.kind == DocumentKind.INSPECTION_REPORT for d in entry.inspection.ofsted_documents
        )
    ]
    later.sort(key=lambda inspection: inspection.event_date)
    return [UnreportedInspection(i, overall.get(i.pk)) for i in later]


def neighbour_rows(authority: Authority):
    """The authority and its statistical neighbours, each with its summary of latest grades."""
    links = _NEIGHBOUR_LINKS.fetch(authority.pk)
    if not links:
        return []
    members = [authority, *(link.neighbour for link in links)]
    latest = latest_grades()
    return [(a, summarise(latest.get(a.pk, {}))) for a in members]


_NEIGHBOUR_LINKS = Prepared(
    StatisticalNeighbour,
    lambda authority_id: (
        StatisticalNeighbour.objects.filter(
            authority=authority_id, neighbour__in=Authority.objects.public()
        )
        .select_related("neighbour")
        .order_by("rank")
    ),
)


def region_distribution(authority: Authority):
    """How many of the region's current authorities have each latest overall grade."""
    grades = latest_overall_by_region().get(authority.region, [])
    return overall_counts(grades, {"region": authority.region, "status": "current"})


def latest_overall_expression(latest) -> Case:
    """Each authority's latest overall grade (from the national picture), for the filters and
    the sort: one CASE over the ids with each grade, rather than a subquery per authority."""
    ids: dict[str, list[int]] = {}
    for pk, areas in latest.items():
        overall = areas.get(JudgementArea.OVERALL_EFFECTIVENESS)
        if overall is not None:
            ids.setdefault(overall.grade, []).append(pk)
    return Case(
        *(When(pk__in=pks, then=Value(grade)) for grade, pks in sorted(ids.items())),
        default=Value(None),
        output_field=CharField(),
    )
