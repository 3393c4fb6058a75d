"""Atom feeds of what is new: documents nationally, by region and by authority; findings for
any filter of the findings page, and for a search. Each entry links to its page and says what
it is: the kind, the authority, the date and the grades.

"New" is by publication, as the home page's list of recent documents: a document by when it
was published (else its date), a finding by its document's. Every feed is its newest
``LIMIT`` entries, loaded in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from authorities.models import Authority, Region
from findings.filters import FindingFilter, finding_queryset
from inspections.codes import JudgementArea
from inspections.models import Document, Judgement
from inspections.queries import inspection_label, preferred_order, public_judgements

from . import search

LIMIT = 50
AUTHOR = "Ofsted findings"
AREA_ORDER = {area: n for n, area in enumerate(JudgementArea.values)}


def _moment(day: datetime.date | None, fallback: datetime.datetime) -> datetime.datetime:
    """A date as the start of that day in the site's time zone (feeds need a time)."""
    if day is None:
        return fallback
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _ordered(grades: list) -> list[tuple[str, str]]:
    """(area label, grade label) in the canonical order of areas."""
    grades = sorted(grades, key=lambda j: AREA_ORDER.get(j.area, len(AREA_ORDER)))
    return [(j.get_area_display(), j.get_grade_display()) for j in grades]


class AtomFeed(Feed):
    feed_type = Atom1Feed
    author_name = AUTHOR


# Documents ---------------------------------------------------------------------------------


def new_documents(documents) -> list[Document]:
    """The newest ``LIMIT`` of ``documents`` (public ones), with the grades each states."""
    return list(
        documents.public()
        .select_related("authority")
        .prefetch_related(
            Prefetch(
                "judgements",
                Judgement.objects.order_by("inspection", "area"),
                to_attr="stated_grades",
            )
        )
        .order_by(
            Coalesce("published_on", "document_date").desc(nulls_last=True),
            F("created_at").desc(),
            F("pk").desc(),
        )[:LIMIT]
    )


class DocumentFeed(AtomFeed):
    """New documents everywhere."""

    description_template = "feeds/document.html"

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return "New documents: Ofsted findings"

    def subtitle(self, obj):
        return (
            "Ofsted's reports and letters and councils' papers on children's services in "
            "England, as they are published."
        )

    def link(self, obj):
        return reverse("home")

    def items(self, obj):
        return new_documents(Document.objects.all())

    def item_title(self, document):
        where = document.authority.name if document.authority else "Authority not known"
        day = document.document_date or document.published_on
        when = f", {day:%-d %B %Y}" if day else ""
        return f"{document.get_kind_display()}: {where}{when}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grades"] = _ordered(getattr(kwargs["item"], "stated_grades", []))
        return context

    def item_pubdate(self, document):
        return _moment(document.published_on or document.document_date, document.created_at)

    def item_updateddate(self, document):
        return document.updated_at

    def item_categories(self, document):
        categories = [document.kind]
        if document.authority:
            categories += [document.authority.slug, document.authority.region]
        return categories


class RegionDocumentFeed(DocumentFeed):
    """New documents about one region's authorities."""

    def get_object(self, request, region):
        if region not in Region.values:
            raise Http404("No such region.")
        return region

    def title(self, obj):
        return f"New documents in {Region(obj).label}: Ofsted findings"

    def link(self, obj):
        return reverse("authorities:authority-list") + f"?region={obj}"

    def items(self, obj):
        return new_documents(Document.objects.filter(authority__region=obj))


class AuthorityDocumentFeed(DocumentFeed):
    """New documents about one authority."""

    def get_object(self, request, slug):
        return get_object_or_404(Authority.objects.public(), slug=slug)

    def title(self, obj):
        return f"New documents about {obj.name}: Ofsted findings"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return new_documents(Document.objects.filter(authority=obj))


# Findings ----------------------------------------------------------------------------------

NEWEST_FINDINGS_FIRST = (
    Coalesce("document__published_on", "document__document_date").desc(nulls_last=True),
    F("document__created_at").desc(),
    F("document_id").desc(),
    "order",
)


def with_grades(findings: list) -> list:
    """Give each finding ``inspection_grades``: its inspection's preferred grade in each area
    (one query for them all)."""
    ids = {f.inspection_id for f in findings if f.inspection_id}
    chosen: dict[int, dict[str, Judgement]] = defaultdict(dict)
    if ids:
        for judgement in preferred_order(public_judgements().filter(inspection_id__in=ids)):
            chosen[judgement.inspection_id].setdefault(judgement.area, judgement)
    for finding in findings:
        finding.inspection_grades = _ordered(list(chosen.get(finding.inspection_id, {}).values()))
    return findings


def describe(filterset) -> str:
    """The filters chosen, as words: "Kind: Recommendation; Authority: Kent"."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()):
            continue
        field = filterset.form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        values = value if isinstance(value, list | tuple) else [value]
        shown = ", ".join(str(choices.get(v, v)) for v in values)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


class FindingFeed(AtomFeed):
    """New findings for any filter of the findings page (its own parameters and FilterSet)."""

    description_template = "feeds/finding.html"

    def get_object(self, request, *args, **kwargs):
        query = request.GET.copy()
        query.pop("page", None)
        filterset = FindingFilter(query, queryset=finding_queryset(), request=request)
        filterset.query = query.urlencode()
        return filterset

    def title(self, filterset):
        chosen = describe(filterset)
        return f"New findings{f' ({chosen})' if chosen else ''}: Ofsted findings"

    def subtitle(self, filterset):
        return "Findings Ofsted and councils' papers state, as their documents are published."

    def link(self, filterset):
        page = reverse("findings:finding-list")
        return f"{page}?{filterset.query}" if filterset.query else page

    def feed_url(self, filterset):
        feed = reverse("feeds:findings")
        return f"{feed}?{filterset.query}" if filterset.query else feed

    def items(self, filterset):
        # As on the page (django-filter's strict mode), invalid filters match nothing.
        if not filterset.is_valid():
            return []
        return with_grades(list(filterset.qs.order_by(*NEWEST_FINDINGS_FIRST)[:LIMIT]))

    def item_title(self, finding):
        where = _authority(finding)
        about = inspection_label(finding.inspection) if finding.inspection_id else finding.document
        return f"{finding.heading}: {where.name if where else 'Authority not known'}, {about}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["authority"] = _authority(kwargs["item"])
        return context

    def item_pubdate(self, finding):
        document = finding.document
        return _moment(document.published_on or document.document_date, document.created_at)

    def item_updateddate(self, finding):
        return finding.updated_at

    def item_categories(self, finding):
        categories = [finding.kind, *(theme.slug for theme in finding.themes.all())]
        if where := _authority(finding):
            categories.append(where.slug)
        return categories


def _authority(finding):
    if finding.inspection_id:
        return finding.inspection.authority
    return finding.document.authority


class SearchFeed(FindingFeed):
    """New findings matching a full-text search, as the search page finds them."""

    def get_object(self, request, *args, **kwargs):
        return request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]

    def title(self, query):
        return f"New findings matching “{query}”: Ofsted findings" if query else "Search"

    def link(self, query):
        page = reverse("search")
        return f"{page}?{urlencode({'q': query})}" if query else page

    def feed_url(self, query):
        feed = reverse("feeds:search")
        return f"{feed}?{urlencode({'q': query})}" if query else feed

    def items(self, query):
        if not query:
            return []
        # The search's matches among the newest (search.CANDIDATES), newest first.
        ids = search.matching("findings", query).ranked
        findings = finding_queryset().filter(pk__in=ids).order_by(*NEWEST_FINDINGS_FIRST)
        return with_grades(list(findings[:LIMIT]))
