"""Root URLs: the public site's apps and the staff admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from findings.views import SearchView

from . import views
from .cache import cache_page

urlpatterns = [
    path("", cache_page(views.HomeView.as_view()), name="home"),
    path("authorities/", include("authorities.urls")),
    path("", include("inspections.urls")),
    path("findings/", include("findings.urls")),
    path("search/", cache_page(SearchView.as_view()), name="search"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "Ofsted children's services knowledge base: staff"
admin.site.site_title = "Staff admin"
