"""URLs of the findings list, its CSV export and each finding."""

from django.urls import path

from ofsted_kb.cache import cache_page

from . import export, views

app_name = "findings"

urlpatterns = [
    path("", cache_page(views.FindingListView.as_view()), name="finding-list"),
    path("export.csv", export.finding_csv, name="finding-csv"),
    path("<int:pk>/", cache_page(views.FindingDetailView.as_view()), name="finding-detail"),
]
