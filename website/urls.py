"""The public site's URLs. The namespaces are those of the data each page is about
(``authorities:authority-detail``, ``inspections:document-detail``), whichever app serves it."""

from django.urls import include, path
from django.views.decorators.http import require_safe

from ofsted_kb.cache import cache_page

from . import feeds
from .views import authorities, compare, data, home, inspections, search

authority_patterns = [
    path("", cache_page(authorities.AuthorityListView.as_view()), name="authority-list"),
    path("export.csv", require_safe(authorities.authority_csv), name="authority-csv"),
    path(
        "<slug:slug>/",
        cache_page(authorities.AuthorityDetailView.as_view()),
        name="authority-detail",
    ),
]

inspection_patterns = [
    path(
        "inspections/<int:pk>/",
        cache_page(inspections.InspectionDetailView.as_view()),
        name="inspection-detail",
    ),
    path(
        "documents/<int:pk>/",
        cache_page(inspections.DocumentDetailView.as_view()),
        name="document-detail",
    ),
    path("documents/<int:pk>/file/", inspections.document_file, name="document-file"),
]

feed_patterns = [
    path("documents/", require_safe(feeds.DocumentFeed()), name="documents"),
    path(
        "documents/region/<slug:region>/",
        require_safe(feeds.RegionDocumentFeed()),
        name="region-documents",
    ),
    path(
        "documents/authority/<slug:slug>/",
        require_safe(feeds.AuthorityDocumentFeed()),
        name="authority-documents",
    ),
    path("findings/", require_safe(feeds.FindingFeed()), name="findings"),
    path("search/", require_safe(feeds.SearchFeed()), name="search"),
]

data_patterns = [
    path("", data.DataView.as_view(), name="downloads"),
    path("<str:name>", data.data_file, name="file"),
]

urlpatterns = [
    path("", cache_page(home.HomeView.as_view()), name="home"),
    path("authorities/", include((authority_patterns, "authorities"))),
    path("", include((inspection_patterns, "inspections"))),
    path("search/", cache_page(search.SearchView.as_view()), name="search"),
    path("compare/", cache_page(compare.CompareView.as_view()), name="compare"),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("data/", include((data_patterns, "data"))),
]
