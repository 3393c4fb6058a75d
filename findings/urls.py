"""URLs of the findings list, its CSV export and each finding."""

from django.urls import path

from . import export, views

app_name = "findings"

urlpatterns = [
    path("", views.FindingListView.as_view(), name="finding-list"),
    path("export.csv", export.finding_csv, name="finding-csv"),
    path("<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
]
