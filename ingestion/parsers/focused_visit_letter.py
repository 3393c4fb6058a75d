"""Focused-visit letters (2018-): the visit's dates, theme and inspector, its areas for priority
action and what needs to improve, and its overview and findings. Focused visits are ungraded.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, FindingKind, Framework

from ..types import Page, ParsedDocument, ParsedFinding, ParsedInspection, ParseError
from . import _letter

NAME = "focused_visit"
VERSION = 2

_TITLE_RE = re.compile(r"^Focused visit to\b", re.I)
_SUMMARY_RE = re.compile(r"summarises the findings of (?:the|a|an) focused visit", re.I)

_KINDS = {
    "overview": FindingKind.FINDING,
    "headline findings": FindingKind.FINDING,
    "findings": FindingKind.FINDING,
    "main findings": FindingKind.FINDING,
    "what needs to improve in this area of social work practice": (
        FindingKind.AREA_FOR_IMPROVEMENT
    ),
    "what needs to improve": FindingKind.AREA_FOR_IMPROVEMENT,
    "areas for priority action": FindingKind.AREA_FOR_PRIORITY_ACTION,
    "area for priority action": FindingKind.AREA_FOR_PRIORITY_ACTION,
}
_heading_of = _letter.heading_matcher(_KINDS)
_END_RE = re.compile(
    r"^(?:Ofsted will take the findings|We have notified the (?:DfE|Department)"
    r"|I am copying this letter|Where a focused visit results in|Yours (?:sincerely|faithfully))",
    re.I,
)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(page.text for page in pages[:2])
    return bool(re.search(r"^Focused visit to\b", head, re.I | re.M) or _SUMMARY_RE.search(head))


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    lines = _letter.letter_lines(pages)
    start = next((i for i, line in enumerate(lines) if _TITLE_RE.match(line.text)), None)
    if start is None:
        raise ParseError("no 'Focused visit to ...' heading: not a focused-visit letter")
    date = _letter.letter_date(lines)
    title, after = _letter.title_at(lines, start)
    body = _letter.sections(lines[after:], heading_of=_heading_of, is_end=_END_RE.match)
    intro = _letter.intro_text(line for item in body[0].items for line in item.lines)
    visit = _letter.visit_summary(intro, "focused visit", default_year=date.year if date else None)
    date = date or _letter.letter_date(lines, after=visit.end)
    authority = _letter.longest(_letter.council_name(title, r"Focused visit to"), visit.authority)
    if not authority:
        raise ParseError("the focused-visit letter does not name the local authority")
    inspection = ParsedInspection(
        framework=Framework.FOCUSED_VISIT,
        start_date=visit.start,
        end_date=visit.end,
        lead_inspector=_letter.signatory(lines) or visit.inspector,
        theme=theme_of(intro),
        findings=tuple(visit_findings(body[1:])),
    )
    return ParsedDocument(
        kind=DocumentKind.FOCUSED_VISIT,
        authority_name=authority,
        title=title,
        document_date=date,
        inspections=(inspection,),
    )


def visit_findings(sections: list[_letter.Section]) -> list[ParsedFinding]:
    found: list[ParsedFinding] = []
    for section in sections:
        kind = _KINDS.get(section.heading.rstrip("?.").strip().lower())
        if kind is None:
            continue
        found.extend(_letter.findings_of(section, kind, bullets_only=kind != FindingKind.FINDING))
    return found


_THEME_RES = (
    re.compile(r"arrangements (?:for|at) (?P<theme>[^.]+)"),
    re.compile(r"looked at the (?P<theme>'front[ -]door') arrangements"),
    re.compile(r"(?:This|The) visit looked at (?P<theme>[^.]+)"),
)
_THEME_END_RE = re.compile(
    r",\s*(?:including|with|which|in particular|specifically|together with|the service|and on)\b"
    r"|\s+in accordance with\b|\s*:"
)


def theme_of(intro: str) -> str:
    """The visit's subject as written: "the 'front door'", "children in care"..."""
    for pattern in _THEME_RES:
        match = pattern.search(intro)
        if match:
            theme = _THEME_END_RE.split(match["theme"], maxsplit=1)[0]
            return theme.strip(" ,;")
    return ""
