"""URLs of inspections, documents and their stored files."""

from django.urls import path

from ofsted_kb.cache import cache_page

from . import views

app_name = "inspections"

urlpatterns = [
    path(
        "inspections/<int:pk>/",
        cache_page(views.InspectionDetailView.as_view()),
        name="inspection-detail",
    ),
    path(
        "documents/<int:pk>/",
        cache_page(views.DocumentDetailView.as_view()),
        name="document-detail",
    ),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
]
