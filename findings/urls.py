from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("", views.FindingListView.as_view(), name="finding-list"),
    path("<int:pk>/", views.FindingDetailView.as_view(), name="finding-detail"),
]
