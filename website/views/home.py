"""The home page: a way in by search, the national picture and what was published lately."""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce
from django.views.generic import TemplateView

from authorities.models import Region
from inspections.models import Document
from inspections.national import latest_overall_by_region
from ofsted_kb.cache import cached
from website.filters import GradeCount, overall_counts


@dataclass(frozen=True)
class RegionRow:
    code: str
    label: str
    total: int
    counts: list[GradeCount]


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        grades = latest_overall_by_region()
        context["regions"] = [
            RegionRow(
                code,
                label,
                len(grades.get(code, [])),
                overall_counts(grades.get(code, []), {"region": code, "status": "current"}),
            )
            for code, label in Region.choices
        ]
        everywhere = [grade for region in grades.values() for grade in region]
        context["national"] = RegionRow(
            "", "England", len(everywhere), overall_counts(everywhere, {"status": "current"})
        )
        context["recent_documents"] = cached("home:recent-documents", recent_documents)
        return context


def recent_documents() -> list[Document]:
    """The ten latest published documents (a sort of every document: kept until data changes)."""
    return list(
        Document.objects.public()
        .select_related("authority")
        .order_by(
            Coalesce("published_on", "document_date").desc(nulls_last=True),
            F("created_at").desc(),
        )[:10]
    )
