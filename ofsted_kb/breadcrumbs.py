"""Breadcrumbs for the public pages: each view names its trail, the base template draws it."""

from django.urls import reverse


class BreadcrumbsMixin:
    """Adds ``breadcrumbs`` (a list of (url, label), the last with no url) to the context."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs()
        return context


def authority_crumbs(authority):
    return [
        (reverse("authorities:authority-list"), "Authorities"),
        (authority.get_absolute_url(), authority.name),
    ]
