"""The API's URLs: its guide at /api/, version 1 and its OpenAPI schema under /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import guide, views

app_name = "api"

router = DefaultRouter()
# JSON is the one format: no ".json" twin of every address.
router.include_format_suffixes = False
router.register("authorities", views.AuthorityViewSet, basename="authority")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("follow-ups", views.FollowUpViewSet, basename="follow-up")
router.register("themes", views.ThemeViewSet, basename="theme")

urlpatterns = [
    path("", guide.GuideView.as_view(), name="guide"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("v1/", include(router.urls)),
]


def _protected(patterns):
    """DRF exempts its views from Django's CSRF middleware (it checks signed-in writes
    itself); the site exempts no view, and this API writes nothing, so a POST meets the
    middleware's refusal as it does everywhere else."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _protected(pattern.url_patterns)
        else:
            pattern.callback.csrf_exempt = False


_protected(urlpatterns)
