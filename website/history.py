"""The authority page's repeated parts as HTML, written in Python.

An authority's page lists every inspection, visit letter and council paper, the open
recommendations and the statistical neighbours' grades. Rendered by template includes, one for
every entry, grade and cell, they were about a third of the page's time with no page cache (at
10x on PostgreSQL). Each part here is one string in the markup the templates wrote, every value
from the data escaped by ``escape`` (the standard library's, which Django's own calls); dates
go through Django's ``dateformat``, as the ``date`` filter does.
"""

from __future__ import annotations

from html import escape

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from findings.trail import OpenFinding
from inspections.codes import DocumentKind, FindingKind, Framework
from inspections.models import Inspection
from inspections.queries import SummaryCell
from website.rows import summary_cell

FRAMEWORK_LABELS = {value: str(label) for value, label in Framework.choices}
KIND_LABELS = {value: str(label) for value, label in DocumentKind.choices}
FINDING_LABELS = {value: str(label) for value, label in FindingKind.choices}


def _label(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value)


def inspection_dates(inspection: Inspection) -> str:
    """``inspections/includes/_dates.html``: when an inspection happened, as precisely as
    known (escaped HTML)."""
    start = inspection.start_date
    if start:
        if inspection.date_precision == "year":
            return date_format(start, "Y")
        if inspection.date_precision == "month":
            return escape(date_format(start, "F Y"))
        text = date_format(start, "j F Y")
        end = inspection.end_date
        if end and end != start:
            text += " to " + date_format(end, "j F Y")
        return escape(text)
    if inspection.published_on:
        return escape("published " + date_format(inspection.published_on, "j F Y"))
    return "date unknown"


def grade(value: str, label: str) -> str:
    """``includes/_grade.html``."""
    return f'<span class="grade grade--{escape(value)}">{escape(str(label))}</span>'


def timeline_entry(entry) -> SafeString:
    """One entry of the timeline (``website.views.authorities.TimelineEntry``)."""
    if entry.inspection is not None:
        return mark_safe(_inspection_entry(entry))
    return mark_safe(_paper_entry(entry))


def _inspection_entry(entry) -> str:
    inspection = entry.inspection
    url = escape(inspection.get_absolute_url())
    parts = [
        f'<h3><a href="{url}">{escape(_label(FRAMEWORK_LABELS, inspection.framework))}</a>\n'
        f'  <span class="meta">{inspection_dates(inspection)}</span></h3>\n'
    ]
    if inspection.theme:
        parts.append(f'<p class="meta">Theme: {escape(inspection.theme)}</p>\n')
    if entry.grades:
        items = "".join(
            f"<li>{escape(str(group.label))}: "
            f"{grade(group.preferred.grade, group.preferred.get_grade_display())}</li>"
            for group in entry.grades
        )
        parts.append(f'<ul class="judgements">\n  {items}\n</ul>\n')
    documents = []
    for document in entry.own_documents:
        when = (
            f" ({escape(date_format(document.document_date, 'j F Y'))})"
            if document.document_date
            else ""
        )
        documents.append(
            f'<a href="{escape(document.get_absolute_url())}">'
            f"{escape(_label(KIND_LABELS, document.kind))}</a>{when} · "
        )
    if not documents:
        documents.append(
            "Known from Ofsted's statistics or later documents; its own report is not in the "
            "collection yet · "
        )
    if entry.mentioned_in:
        mentions = "; ".join(
            f'<a href="{escape(document.get_absolute_url())}">'
            f"{escape(_label(KIND_LABELS, document.kind).lower())}"
            + (
                f", {escape(date_format(document.document_date, 'j F Y'))}"
                if document.document_date
                else ""
            )
            + "</a>"
            for document in entry.mentioned_in
        )
        documents.append(f"mentioned in {mentions} · ")
    count = inspection.finding_count
    if count:
        documents.append(
            f'<a href="{url}#findings">{count} finding{"" if count == 1 else "s"}</a>'
        )
    else:
        documents.append("no findings recorded")
    parts.append(f'<p class="meta">{"".join(documents)}</p>\n')
    return "".join(parts)


def _paper_entry(entry) -> str:
    document = entry.document
    if entry.date:
        when = escape(date_format(entry.date, "j F Y"))
    elif entry.after:
        when = escape("undated, after " + date_format(entry.after, "F Y"))
    else:
        when = "date unknown"
    meta = escape(_label(KIND_LABELS, document.kind))
    if document.committee:
        meta += f" · {escape(document.committee)}"
    reported = list(document.inspections.all())
    if reported:
        events = []
        for inspection in reported:
            text = escape(_label(FRAMEWORK_LABELS, inspection.framework))
            if inspection.event_date:
                shape = "Y" if inspection.date_precision == "year" else "F Y"
                text += ", " + escape(date_format(inspection.event_date, shape))
            if inspection.theme:
                text += f" ({escape(inspection.theme.lower())})"
            events.append(f'<a href="{escape(inspection.get_absolute_url())}">{text}</a>')
        meta += " · reports on " + "; ".join(events)
    return (
        f'<h3><a href="{escape(document.get_absolute_url())}">{escape(str(document))}</a>\n'
        f'  <span class="meta">{when}</span></h3>\n'
        f'<p class="meta">{meta}</p>\n'
    )


def open_item(item: OpenFinding) -> SafeString:
    """One open recommendation, with its latest follow-up and a link to its trail."""
    finding = item.finding
    inspection = finding.inspection
    kind = _label(FINDING_LABELS, finding.kind)
    when = f", {escape(date_format(finding.event_date, 'F Y'))}" if finding.event_date else ""
    source = escape(finding.document.get_absolute_url())
    if finding.page:
        source += f"#page-{finding.page}"
        where = f"page {finding.page}"
    else:
        where = "source"
    follow_up = item.follow_up
    if follow_up:
        page = f", page {follow_up.evidence_page}" if follow_up.evidence_page else ""
        who = "confirmed by staff" if follow_up.is_confirmed else "suggested"
        latest = (
            f"Latest follow-up: <strong>{escape(str(follow_up.get_status_display()))}</strong> "
            f'({who}; <a href="{escape(follow_up.evidence_url)}">'
            f"{escape(str(follow_up.evidence_document))}{page}</a>)"
        )
    else:
        latest = "No follow-up recorded yet"
    return mark_safe(
        "<li>\n"
        f'      <p><strong>{escape(kind)}</strong> <span class="meta">· '
        f'<a href="{escape(inspection.get_absolute_url())}">'
        f"{escape(_label(FRAMEWORK_LABELS, inspection.framework))}{when}</a></span></p>\n"
        f'      <p class="finding-text">{escape(finding.text)}</p>\n'
        f'      <p class="meta"><a href="{source}">{where}<span class="visually-hidden"> of '
        f"{escape(str(finding.document))}</span></a>\n"
        f"      · {latest}\n"
        f'      · <a href="{escape(finding.get_absolute_url())}">its trail'
        f'<span class="visually-hidden">: what later documents said of this '
        f"{escape(kind.lower())}</span></a></p>\n"
        "    </li>"
    )


def neighbour_row(member, cells: list[SummaryCell], authority) -> SafeString:
    """One row of the statistical neighbours' table: the authority itself unlinked."""
    if member.pk == authority.pk:
        opening = '<tr class="is-self">'
        name = f'{escape(member.name)} <span class="meta">(this authority)</span>'
    else:
        opening = "<tr>"
        name = f'<a href="{escape(member.get_absolute_url())}">{escape(member.name)}</a>'
    grades = "".join(f"<td>{summary_cell(cell)}</td>" for cell in cells)
    return mark_safe(f'{opening}\n      <th scope="row">{name}</th>\n      {grades}\n    </tr>')
