"""The benchmark server's URLs: the whole public site, plus a trivial view at /bench/trivial/.

The trivial view goes through the same middleware as every page and does nothing else, so its
requests per second are the framework's own ceiling on the machine.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench-trivial"),
    path("", include("ofsted_kb.urls")),
]
