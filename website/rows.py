"""Table rows of the authorities list as HTML, written in Python.

The list shows 200 authorities a page (at ten times the national size, every page is full),
each with five grade cells. Rendered by templates, with an include for every cell, they were
most of the page's time with no page cache (about 110 ms of 140 at 10x on PostgreSQL). Each
row here is one string, in the markup the templates wrote (``includes/_summary_cell.html``
and ``includes/_grade.html``, which the authority and compare pages still use), every value
from the data escaped by ``escape`` (the standard library's, which Django's own calls).
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from authorities.models import Authority, AuthorityKind, Region
from inspections.queries import SummaryCell

KIND_LABELS = dict(AuthorityKind.choices)
REGION_LABELS = dict(Region.choices)

NO_GRADE = '<span class="meta">No grade</span>'


def summary_cell(cell: SummaryCell) -> str:
    """``includes/_summary_cell.html``: the latest grade of one column, linked to its
    inspection, with its year (escaped HTML)."""
    judgement = cell.judgement
    if not judgement:
        return NO_GRADE
    when = judgement.event_date
    return (
        f'<a class="grade-link" href="{escape(judgement.inspection.get_absolute_url())}">'
        f'<span class="grade grade--{escape(judgement.grade)}">{escape(cell.short_label)}'
        f'</span></a> <span class="meta">{when.year if when else ""}</span>'
    )


def authority_row(authority: Authority, cells: list[SummaryCell]) -> SafeString:
    """One authority's row: its name, kind, region, what it became if former, its grades."""
    former = ""
    if not authority.is_current:
        successors = ", ".join(
            f'<a href="{escape(s.get_absolute_url())}">{escape(s.name)}</a>'
            for s in authority.successors.all()
        )
        former = " · former" + (f", now {successors}" if successors else "")
    grades = "".join(f"<td>{summary_cell(cell)}</td>" for cell in cells)
    kind = escape(str(KIND_LABELS.get(authority.kind, authority.kind)))
    region = escape(str(REGION_LABELS.get(authority.region, authority.region)))
    return mark_safe(
        f'<tr>\n    <th scope="row"><a href="{escape(authority.get_absolute_url())}">'
        f"{escape(authority.name)}</a>\n"
        f'      <span class="meta block">{kind} · '
        f"{region}{former}</span></th>\n"
        f"    {grades}\n  </tr>"
    )
