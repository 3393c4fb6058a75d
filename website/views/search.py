"""Search over findings and documents' pages: the site's cross-app way in."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from ofsted_kb.breadcrumbs import BreadcrumbsMixin

from .. import search


class SearchView(BreadcrumbsMixin, TemplateView):
    """Full-text search over findings and document pages.

    Without ``in`` it shows the best few of each; ``in=findings`` or ``in=pages`` pages
    through one of them.
    """

    template_name = "findings/search.html"
    preview_size = 5
    page_size = 20

    def get_breadcrumbs(self):
        return [(None, "Search")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
        scope = self.request.GET.get("in")
        context.update(query=query, scope=scope if scope in search.SCOPES else None)
        if not query:
            return context
        results = {name: search.matching(name, query) for name in search.SCOPES}
        if context["scope"]:
            paginator = Paginator(results[context["scope"]], self.page_size)
            page = paginator.get_page(self.request.GET.get("page"))
            context.update(
                page_obj=page,
                hits=list(page.object_list),
                capped=results[context["scope"]].capped,
            )
        else:
            context["previews"] = [
                (name, results[name], results[name][: self.preview_size]) for name in search.SCOPES
            ]
        context["totals"] = {name: results[name].count() for name in search.SCOPES}
        return context
