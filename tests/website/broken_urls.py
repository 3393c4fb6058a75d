"""The site's URLs plus one view that fails, for the server-error page's test."""

from django.urls import path

from ofsted_kb.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
