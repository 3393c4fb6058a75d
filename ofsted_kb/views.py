"""The home page: a way in by search, the national picture and what was published lately."""

from django.db.models import Count
from django.views.generic import TemplateView

from authorities.models import Authority, Region
from inspections.models import Document


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by_region = dict(
            Authority.objects.current().values_list("region").annotate(n=Count("id"))
        )
        context["regions"] = [(label, by_region.get(code, 0)) for code, label in Region.choices]
        context["authority_count"] = sum(by_region.values())
        context["recent_documents"] = (
            Document.objects.published()
            .select_related("authority")
            .order_by("-published_on", "-document_date", "-created_at")[:8]
        )
        return context
