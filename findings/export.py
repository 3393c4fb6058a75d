"""The findings CSV: exactly the filtered set the findings page shows, streamed row by row.

UTF-8 with a byte-order mark so Excel reads the accents and dashes right.
"""

import csv
import datetime

from django.http import StreamingHttpResponse
from django.views.decorators.http import require_safe

from .filters import FindingFilter, finding_queryset
from .models import FollowUp

COLUMNS = (
    "authority",
    "ONS code",
    "region",
    "framework",
    "inspection start date",
    "inspection end date",
    "document",
    "page",
    "kind",
    "themes",
    "text",
    "source URL",
    "page URL",
    "follow-up status",
    "follow-up checked",
)

#: The latest follow-up status of a recommendation, and whether staff confirmed the link it
#: comes from ("suggested" ones were found automatically); empty for other findings.
FOLLOW_UP_LABELS = dict(FollowUp.Status.choices)
ORIGIN_LABELS = {FollowUp.Origin.CONFIRMED: "confirmed", FollowUp.Origin.SUGGESTED: "suggested"}

# A spreadsheet runs a cell that starts with one of these as a formula; a document's text
# must never do that, so such cells get a leading apostrophe (OWASP's advice).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose ``write`` hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


@require_safe
def finding_csv(request):
    filterset = FindingFilter(request.GET, queryset=finding_queryset(), request=request)
    # As on the page (django-filter's strict mode), invalid filters match nothing.
    findings = filterset.qs if filterset.is_valid() else finding_queryset().none()
    response = StreamingHttpResponse(
        _lines(findings, request), content_type="text/csv; charset=utf-8"
    )
    filename = f"ofsted-findings-{datetime.date.today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _lines(findings, request):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for finding in findings.iterator(chunk_size=1000):
        yield writer.writerow(_row(finding, request))


def _row(finding, request) -> list:
    inspection = finding.inspection
    document = finding.document
    authority = inspection.authority if inspection else document.authority
    page_url = document.get_absolute_url() + (f"#page-{finding.page}" if finding.page else "")
    return [
        _cell(authority.name if authority else ""),
        authority.ons_code if authority else "",
        authority.get_region_display() if authority else "",
        inspection.get_framework_display() if inspection else "",
        _date(inspection.start_date if inspection else None),
        _date(inspection.end_date if inspection else None),
        _cell(str(document)),
        finding.page or "",
        finding.get_kind_display(),
        _cell("; ".join(theme.name for theme in finding.themes.all())),
        _cell(finding.text),
        _cell(document.source_url),
        request.build_absolute_uri(page_url),
        FOLLOW_UP_LABELS.get(finding.follow_up_status, ""),
        ORIGIN_LABELS.get(finding.follow_up_origin, ""),
    ]


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _date(value) -> str:
    return value.isoformat() if value else ""
