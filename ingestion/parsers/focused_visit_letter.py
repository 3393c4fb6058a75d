"""Focused-visit letters (2018-): the visit's dates, theme and inspector, its areas for priority
action and what needs to improve, and its overview and findings. Focused visits are ungraded.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, Framework

from ..types import Page, ParsedDocument
from . import _letter_body, _visit_letter

NAME = "focused_visit"
VERSION = 3

_SUMMARY_RE = re.compile(r"summarises the findings of (?:the|a|an) focused visit", re.I)

_KINDS = _visit_letter.KINDS
_heading_of = _letter_body.heading_matcher(_KINDS)
_END_RE = re.compile(
    r"^(?:Ofsted will take the findings|We have notified the (?:DfE|Department)"
    r"|I am copying this letter|Where a focused visit results in|Yours (?:sincerely|faithfully))",
    re.I,
)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(page.text for page in pages[:2])
    return bool(re.search(r"^Focused visit to\b", head, re.I | re.M) or _SUMMARY_RE.search(head))


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    letter = _visit_letter.read_visit_letter(
        pages,
        visit="focused visit",
        title_prefix="Focused visit to",
        heading_of=_heading_of,
        is_end=_END_RE.match,
    )
    return _visit_letter.visit_document(
        letter,
        kind=DocumentKind.FOCUSED_VISIT,
        framework=Framework.FOCUSED_VISIT,
        findings=_visit_letter.visit_findings(letter.sections[1:], _KINDS),
        theme=theme_of(letter.intro),
    )


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
