"""URLs of the authorities list and each authority's page (``/authorities/kent/``)."""

from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("", views.AuthorityListView.as_view(), name="authority-list"),
    path("<slug:slug>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
]
