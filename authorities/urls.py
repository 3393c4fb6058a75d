"""URLs of the authorities list and each authority's page (``/authorities/kent/``)."""

from django.urls import path

from ofsted_kb.cache import cache_page

from . import views

app_name = "authorities"

urlpatterns = [
    path("", cache_page(views.AuthorityListView.as_view()), name="authority-list"),
    path("<slug:slug>/", cache_page(views.AuthorityDetailView.as_view()), name="authority-detail"),
]
