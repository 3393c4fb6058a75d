"""Public pages for findings: the filtered list, one finding, and full-text search."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.views.generic import DetailView
from django_filters.views import FilterView

from inspections.codes import FindingKind
from inspections.queries import inspection_label
from ofsted_kb.breadcrumbs import BreadcrumbsMixin, authority_crumbs

from . import followups, themes, trail
from .export import COLUMN_NOTES
from .filters import FindingFilter, finding_queryset, is_filtered, kinds_chosen
from .listindex import finding_index
from .listing import finding_rows
from .models import Finding


class FindingListView(BreadcrumbsMixin, FilterView):
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50

    def get_queryset(self):
        return finding_queryset()

    def get_breadcrumbs(self):
        return [(None, "Findings")]

    def get_paginator(self, queryset, *args, **kwargs):
        selection = self._selection()
        if selection is not None:
            self.kind_counts = selection.kind_counts
            return Paginator(FindingsInOrder(selection.ids), *args, **kwargs)
        # The counts by kind add up to the total: one count of the filtered findings, not two.
        self.kind_counts = kind_counts(queryset)
        total = sum(count for _, _, count in self.kind_counts)
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = total
        return paginator

    def _selection(self):
        """The findings the filters match, from this process's index (``listindex``); None
        for an invalid form (it matches nothing) or a filter the index does not answer."""
        if not is_filtered(self.filterset):
            return finding_index().select({})
        if not self.filterset.is_valid():
            return None
        return finding_index().select(self.filterset.form.cleaned_data)

    def paginate_queryset(self, queryset, page_size):
        """A page past the end (or not a number) shows the last (or first) page, saying so,
        rather than answering "not found" to a link that was right before the data moved."""
        paginator = self.get_paginator(queryset, page_size)
        asked = self.request.GET.get(self.page_kwarg) or "1"
        page = paginator.get_page(asked)
        self.page_moved = asked if asked != str(page.number) else ""
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_moved"] = self.page_moved
        context["rows"] = finding_rows(context["findings"])
        context["kind_counts"] = self.kind_counts
        form = self.filterset.form
        chosen = form.cleaned_data.get("kind") if form.is_valid() else ()
        context["kinds_chosen"] = kinds_chosen(chosen)
        context["csv_columns"] = COLUMN_NOTES.items()
        return context


class FindingsInOrder:
    """The findings of these ids, in this order, for a paginator: a page reads only its own
    rows."""

    def __init__(self, ids):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list[Finding]:
        ids = self.ids[window].tolist()
        found = finding_queryset().filter(pk__in=ids).order_by().in_bulk()
        return [found[pk] for pk in ids if pk in found]


def kind_counts(findings) -> list[tuple[str, str, int]]:
    """How many of the filtered findings are of each kind: (code, label, count)."""
    counts = dict(
        findings.prefetch_related(None).order_by().values_list("kind").annotate(n=Count("pk"))
    )
    return [(code, label, counts[code]) for code, label in FindingKind.choices if code in counts]


class FindingDetailView(BreadcrumbsMixin, DetailView):
    """One finding; for a recommendation, its trail through the documents that came after."""

    template_name = "findings/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.public().with_context().with_follow_up_status()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = self.object
        context["trail"] = trail.recommendation_trail(finding)
        context["shown_score"] = followups.SHOWN_SCORE
        if not context["trail"] and finding.is_followed_up_kind:
            context["held_back"] = (
                finding.follow_ups.for_review()
                .filter(evidence_document__is_published=True)
                .count()
            )
        context["earlier"] = trail.earlier_recommendations(finding)
        matched = themes.tag(finding.text)
        context["theme_words"] = [
            (theme, matched.get(theme.slug, ())) for theme in finding.themes.all()
        ]
        return context

    def get_breadcrumbs(self):
        inspection = self.object.inspection
        crumbs = []
        if inspection:
            crumbs = authority_crumbs(inspection.authority)
            crumbs.append((inspection.get_absolute_url(), inspection_label(inspection)))
        return [*crumbs, (None, self.object.get_kind_display())]
