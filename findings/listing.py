"""The findings list's rows as HTML, written in Python.

The list shows 50 findings a page, each with a dozen links and labels. Rendered by a template
included once a row, resolving every variable through model instances, they were two thirds
of a filtered page's time at benchmark scale (about 25 ms of 35). Here each row is one
``format_html`` call: every value escaped as the template escaped it, the same markup the
template wrote (the status as ``findings/includes/_follow_up_status.html`` writes it).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .models import Finding, FollowUp

STATUS_LABELS = {
    FollowUp.Status.PROGRESS: "Progress",
    FollowUp.Status.NO_PROGRESS: "No progress",
    FollowUp.Status.RESOLVED: "Resolved",
    FollowUp.Status.RECURRING: "Recurring",
}


def follow_up_status(status: str | None, origin: str | None) -> SafeString:
    """``findings/includes/_follow_up_status.html``."""
    if not status:
        return mark_safe('<span class="follow-up follow-up--none">No follow-up yet</span>')
    who = "confirmed by staff" if origin == FollowUp.Origin.CONFIRMED else "suggested"
    return format_html(
        '<span class="follow-up follow-up--{}">{}</span> '
        '<span class="follow-up-origin">({})</span>',
        status,
        STATUS_LABELS.get(status, "Noted"),
        who,
    )


def finding_rows(findings: list[Finding]) -> list[SafeString]:
    """Each finding of a list page (``filters.finding_queryset``'s rows) as its item's HTML."""
    theme_base = reverse("findings:finding-list") + "?theme="
    return [_row(finding, theme_base) for finding in findings]


def _row(finding: Finding, theme_base: str) -> SafeString:
    kind = finding.get_kind_display()
    inspection = finding.inspection
    if inspection is not None:
        when = getattr(finding, "event_date", None)
        head = format_html(
            '<a href="{}">{}</a> · <a href="{}">{}{}</a>',
            inspection.authority.get_absolute_url(),
            inspection.authority.name,
            inspection.get_absolute_url(),
            inspection.get_framework_display(),
            f", {format_date(when, 'F Y')}" if when else "",
        )
    elif finding.document.authority is not None:
        authority = finding.document.authority
        head = format_html('<a href="{}">{}</a>', authority.get_absolute_url(), authority.name)
    else:
        head = ""
    page = finding.page
    themes = finding.themes.all()
    theme_links = (
        format_html(
            " · {}",
            format_html_join(
                ", ", '<a href="{}{}">{}</a>', ((theme_base, t.slug, t.name) for t in themes)
            ),
        )
        if themes
        else ""
    )
    permalink = finding.get_absolute_url()
    meta = format_html(
        '<p class="meta">{}<a href="{}{}">{}{}</a>{} · <a href="{}">permalink'
        '<span class="visually-hidden"> to this {}</span></a></p>',
        format_html("{} · ", finding.section) if finding.section else "",
        finding.document.get_absolute_url(),
        f"#page-{page}" if page else "",
        str(finding.document),
        f", page {page}" if page else "",
        theme_links,
        permalink,
        kind.lower(),
    )
    follow_up = ""
    if finding.is_followed_up_kind:
        follow_up = format_html(
            '\n<p class="meta">Follow-up: {} · <a href="{}#trail">trail'
            '<span class="visually-hidden"> of this {}</span></a></p>',
            follow_up_status(finding.follow_up_status, finding.follow_up_origin),
            permalink,
            kind.lower(),
        )
    return format_html(
        '<p class="finding-head"><span class="kind kind--{}">{}</span>\n{}</p>\n'
        '<p class="finding-text">{}</p>\n{}{}',
        finding.kind,
        kind,
        head,
        finding.text,
        meta,
        follow_up,
    )
