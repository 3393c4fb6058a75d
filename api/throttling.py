"""The API's one throttle: every request but staff's, per address, at ``API_ANON_RATE``."""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle


class PublicRateThrottle(SimpleRateThrottle):
    """Anonymous (and any non-staff) requests, counted per client address in the shared
    cache; staff signed in to the admin are not counted.

    The rate and the cache are read from the settings when a request comes, not when the
    class is defined (DRF's own throttles), so a deployment's setting is always the one used.
    """

    scope = "anon"

    def get_rate(self):
        return settings.API_ANON_RATE

    @property
    def cache(self):
        return caches[settings.API_THROTTLE_CACHE]

    def get_cache_key(self, request, view):
        if request.user and request.user.is_staff:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
