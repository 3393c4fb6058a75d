"""Root URLs: the public site, the findings pages, the JSON API and the staff admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("website.urls")),
    path("findings/", include("findings.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "Ofsted children's services knowledge base: staff"
admin.site.site_title = "Staff admin"
