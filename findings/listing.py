"""The findings list's rows as HTML, written in Python.

The list shows 50 findings a page, each with a dozen links and labels. Rendered by a template
included once a row, resolving every variable through model instances, they were two thirds
of a filtered page's time at benchmark scale (about 25 ms of 35). Each row here is one
string, in the markup the template wrote (the status as
``findings/includes/_follow_up_status.html`` writes it), every value from the data escaped by
``escape`` (the standard library's, which Django's own calls).
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe

from inspections.codes import FindingKind, Framework

from .models import Finding, FollowUp

KIND_LABELS = dict(FindingKind.choices)
FRAMEWORK_LABELS = dict(Framework.choices)
STATUS_LABELS = {
    FollowUp.Status.PROGRESS: "Progress",
    FollowUp.Status.NO_PROGRESS: "No progress",
    FollowUp.Status.RESOLVED: "Resolved",
    FollowUp.Status.RECURRING: "Recurring",
}


def follow_up_status(status: str | None, origin: str | None) -> str:
    """``findings/includes/_follow_up_status.html`` (escaped HTML)."""
    if not status:
        return '<span class="follow-up follow-up--none">No follow-up yet</span>'
    who = "confirmed by staff" if origin == FollowUp.Origin.CONFIRMED else "suggested"
    return (
        f'<span class="follow-up follow-up--{escape(status)}">'
        f"{STATUS_LABELS.get(status, 'Noted')}</span> "
        f'<span class="follow-up-origin">({who})</span>'
    )


def finding_rows(findings: list[Finding]) -> list[SafeString]:
    """Each finding of a list page (``filters.finding_queryset``'s rows) as its item's HTML."""
    theme_base = reverse("findings:finding-list") + "?theme="
    return [mark_safe(_row(finding, theme_base)) for finding in findings]


def _row(finding: Finding, theme_base: str) -> str:
    kind = escape(str(KIND_LABELS.get(finding.kind, finding.kind)))
    inspection = finding.inspection
    if inspection is not None:
        when = getattr(finding, "event_date", None)
        framework = FRAMEWORK_LABELS.get(inspection.framework, inspection.framework)
        head = (
            f'<a href="{escape(inspection.authority.get_absolute_url())}">'
            f"{escape(inspection.authority.name)}</a> · "
            f'<a href="{escape(inspection.get_absolute_url())}">{escape(str(framework))}'
            f"{escape(', ' + format_date(when, 'F Y')) if when else ''}</a>"
        )
    elif finding.document.authority is not None:
        authority = finding.document.authority
        head = f'<a href="{escape(authority.get_absolute_url())}">{escape(authority.name)}</a>'
    else:
        head = ""
    page = finding.page
    themes = ", ".join(
        f'<a href="{escape(theme_base + theme.slug)}">{escape(theme.name)}</a>'
        for theme in finding.themes.all()
    )
    permalink = escape(finding.get_absolute_url())
    section = f"{escape(finding.section)} · " if finding.section else ""
    document = (
        f'<a href="{escape(finding.document.get_absolute_url())}'
        f'{f"#page-{page}" if page else ""}">{escape(str(finding.document))}'
        f"{f', page {page}' if page else ''}</a>"
    )
    row = (
        f'<p class="finding-head"><span class="kind kind--{escape(finding.kind)}">{kind}</span>\n'
        f"{head}</p>\n"
        f'<p class="finding-text">{escape(finding.text)}</p>\n'
        f'<p class="meta">{section}{document}{f" · {themes}" if themes else ""} · '
        f'<a href="{permalink}">permalink<span class="visually-hidden"> to this '
        f"{kind.lower()}</span></a></p>"
    )
    if finding.is_followed_up_kind:
        row += (
            f'\n<p class="meta">Follow-up: '
            f"{follow_up_status(finding.follow_up_status, finding.follow_up_origin)} · "
            f'<a href="{permalink}#trail">trail<span class="visually-hidden"> of this '
            f"{kind.lower()}</span></a></p>"
        )
    return row
