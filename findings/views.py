"""Public pages for findings: the filtered list and one finding."""

from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from ofsted_kb.breadcrumbs import BreadcrumbsMixin

from .filters import FindingFilter
from .models import Finding


class FindingListView(BreadcrumbsMixin, FilterView):
    filterset_class = FindingFilter
    template_name = "findings/finding_list.html"
    context_object_name = "findings"
    paginate_by = 50

    def get_queryset(self):
        return (
            Finding.objects.published()
            .with_context()
            .order_by("-inspection__start_date", "document", "order")
        )

    def get_breadcrumbs(self):
        return [(None, "Findings")]


class FindingDetailView(BreadcrumbsMixin, DetailView):
    template_name = "findings/finding_detail.html"
    context_object_name = "finding"

    def get_queryset(self):
        return Finding.objects.published().with_context()

    def get_breadcrumbs(self):
        return [(reverse("findings:finding-list"), "Findings"), (None, self.object.get_kind_display())]
