"""Public pages for authorities: the list and one authority's history."""

from django.db.models import Prefetch
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from inspections.models import Inspection, Judgement
from ofsted_kb.breadcrumbs import BreadcrumbsMixin

from .filters import AuthorityFilter
from .models import Authority


class AuthorityListView(BreadcrumbsMixin, FilterView):
    filterset_class = AuthorityFilter
    template_name = "authorities/authority_list.html"
    context_object_name = "authorities"

    def get_queryset(self):
        return Authority.objects.prefetch_related("successors").order_by("name")

    def get_breadcrumbs(self):
        return [(None, "Authorities")]


class AuthorityDetailView(BreadcrumbsMixin, DetailView):
    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return Authority.objects.prefetch_related("successors", "predecessors", "aliases")

    def get_breadcrumbs(self):
        return [(reverse("authorities:authority-list"), "Authorities"), (None, self.object.name)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["inspections"] = (
            Inspection.objects.published()
            .for_authority(self.object)
            .prefetch_related(
                Prefetch(
                    "judgements",
                    queryset=Judgement.objects.select_related("source_document"),
                )
            )
            .order_by("-start_date")
        )
        context["neighbours"] = self.object.neighbour_links.select_related("neighbour")
        return context
