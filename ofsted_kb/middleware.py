"""Security headers Django 5.2 does not set itself: Content-Security-Policy and Permissions-Policy.

The policy comes from ``settings.CONTENT_SECURITY_POLICY`` (directive -> sources); a view that
sets its own header keeps it, and a PDF gets none.
"""

from django.conf import settings

PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        # A stored PDF opens in the browser's own viewer, which a policy stops from starting.
        if not response.get("Content-Type", "").startswith("application/pdf"):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
