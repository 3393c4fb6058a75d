"""The bulk downloads' page (/data/) and the files it offers."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from ofsted_kb.breadcrumbs import BreadcrumbsMixin
from website import downloads

#: The files offered, by the name in their address, with their type.
FILES = {
    downloads.ZIP_NAME: "application/zip",
    downloads.SQLITE_NAME: "application/vnd.sqlite3",
}


class DataView(BreadcrumbsMixin, TemplateView):
    """What each file is, how big, when it was built, and every column it holds."""

    template_name = "data/downloads.html"

    def get_breadcrumbs(self):
        return [(None, "Data downloads")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        build = context["build"] = downloads.published()
        context["tables"] = [
            (
                table,
                build.counts.get(table.name) if build else None,
                [(column, downloads.column_note(column)) for column in table.columns],
            )
            for table in downloads.TABLES
        ]
        context["zip_name"] = downloads.ZIP_NAME
        context["sqlite_name"] = downloads.SQLITE_NAME
        return context


@require_safe
def data_file(request, name):
    """A built file, as an attachment named with the day it was built."""
    build = downloads.published()
    if name not in FILES or build is None:
        raise Http404("No such download has been built.")
    path = downloads.folder() / name
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404("No such download has been built.") from None
    stem, dot, suffix = name.partition(".")
    return FileResponse(
        handle,
        content_type=FILES[name],
        as_attachment=True,
        filename=f"{stem}-{build.built_at:%Y-%m-%d}{dot}{suffix}",
    )
