"""Monitoring-visit letters to authorities judged inadequate: which visit it was, its dates,
the areas it covered (the concerns from the last inspection) and its findings. Ungraded.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, FindingKind, Framework

from ..types import Page, ParsedDocument
from . import _letter, _letter_body, _visit_letter

NAME = "monitoring_visit"
VERSION = 3

_SUMMARY_RE = re.compile(
    r"summarises the findings of (?:the|a|an) (?:\w+ )?monitoring visit", re.I
)
_AREAS = "areas covered by the visit"
_KINDS = {
    **_visit_letter.KINDS,
    "findings and evaluation of progress": FindingKind.FINDING,
    "evaluation of progress": FindingKind.FINDING,
    # The concerns from the last inspection that the visit followed up.
    _AREAS: FindingKind.FINDING,
}
_heading_of = _letter_body.heading_matcher(_KINDS)
_END_RE = re.compile(
    r"^(?:Ofsted will take the findings|I am copying this letter|Yours (?:sincerely|faithfully))",
    re.I,
)
_VISIT_NUMBER_RE = re.compile(r"\b(?:the|this was the|is the) (\w+) monitoring visit", re.I)
_FOCUS_RE = re.compile(
    r"The focus of (?:the|this) (?:monitoring )?visit was (?:on )?(?P<theme>[^.]+)", re.I
)
_FOCUS_END_RE = re.compile(r",\s*(?:namely|in particular|including|specifically)\b|\s*:")


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(page.text for page in pages[:2])
    return bool(
        re.search(r"^Monitoring visit (?:to|of)\b", head, re.I | re.M) or _SUMMARY_RE.search(head)
    )


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    letter = _visit_letter.read_visit_letter(
        pages,
        visit="monitoring visit",
        title_prefix="Monitoring visit (?:to|of)",
        heading_of=_heading_of,
        is_end=_END_RE.match,
    )
    return _visit_letter.visit_document(
        letter,
        kind=DocumentKind.MONITORING_VISIT,
        framework=Framework.MONITORING_VISIT,
        # The listed areas of concern are findings; a paragraph leading into them is not.
        findings=_visit_letter.visit_findings(letter.sections[1:], _KINDS, lists=(_AREAS,)),
        theme=areas_covered(letter.sections[1:]),
        visit_number=visit_number(letter.intro),
    )


def visit_number(intro: str) -> int | None:
    """3 for "the third monitoring visit since the local authority was judged inadequate"."""
    for match in _VISIT_NUMBER_RE.finditer(intro):
        number = _letter.ordinal(match[1])
        if number:
            return number
    return None


def areas_covered(sections: list[_letter_body.Section]) -> str:
    """What the visit looked at: the stated focus, else the listed areas of concern."""
    areas = next((s for s in sections if s.heading.lower() == _AREAS), None)
    if areas is None or not areas.items:
        return ""
    text = " ".join(item.text for item in areas.items)
    focus = _FOCUS_RE.search(text)
    if focus:
        return _FOCUS_END_RE.split(focus["theme"], maxsplit=1)[0].strip(" ,;")
    listed = [item.text.rstrip(".;") for item in areas.items if item.kind != "para"]
    if listed:
        return "; ".join(listed)
    return _letter.first_sentence(text, r"\w")
