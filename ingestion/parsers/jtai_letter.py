"""Joint targeted area inspection (JTAI) letters, 2016-: the area, the inspection's dates and
theme, and its findings: strengths, areas for improvement or priority action, and case studies.
JTAIs are ungraded.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, FindingKind, Framework

from ..text import Line
from ..types import Page, ParsedDocument, ParsedFinding, ParsedInspection
from . import _fields, _letter, _letter_body

NAME = "jtai"
VERSION = 3

_TITLE_RE = re.compile(r"^Joint targeted area inspection (?:of|into)\b", re.I)
_KINDS = {
    "": FindingKind.FINDING,  # the unheaded summary of the 2016-19 letters
    "headline findings": FindingKind.FINDING,
    "main findings": FindingKind.FINDING,
    "what needs to improve": FindingKind.AREA_FOR_IMPROVEMENT,
    "areas for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "area for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "areas for priority action": FindingKind.AREA_FOR_PRIORITY_ACTION,
    "area for priority action": FindingKind.AREA_FOR_PRIORITY_ACTION,
    "strengths": FindingKind.STRENGTH,
    "key strengths": FindingKind.STRENGTH,
    "context": None,  # the scope of the inspection, not a finding
}
_named_heading = _letter_body.heading_matcher(_KINDS.keys() - {""})
# Headings that qualify a kind: "Early help strengths", "What needs to improve in early help?".
_QUALIFIED_HEADINGS = (
    (re.compile(r"^[A-Z][\w'-]*(?: [\w'-]+){0,4} strengths:?$"), FindingKind.STRENGTH),
    (
        re.compile(r"^What needs to improve (?:in|for) [\w' -]{3,60}\??:?$", re.I),
        FindingKind.AREA_FOR_IMPROVEMENT,
    ),
)
_BOX_RE = re.compile(r"^(?:(?:Case|Practice) study|Places and spaces)\b.{0,60}$", re.I)
_END_RE = re.compile(r"^(?:Next steps|Yours (?:sincerely|faithfully))\b", re.I)
# The opening paragraphs of the 2016-19 letters that describe the inspection, not the area.
_BOILERPLATE_RE = re.compile(
    r"^(?:\d\s+)?(?:Between |This letter|This inspection|This joint|The joint targeted"
    r"|The JTAI|This JTAI|The inspectorates recognise|Alongside this evaluation"
    r"|Inspectors also considered)",
    re.I,
)
# Lines that look like findings but are not: "There are no areas for priority action".
_NOT_FINDING_RE = re.compile(
    r"^(?:There (?:are|were) no areas for priority action|All names are pseudonyms)", re.I
)
_DATES_RE = re.compile(r"(?:\bBetween|\btook place from|\bfrom) (\d{1,2}\b[^.]*)")
_COUNCIL_RE = re.compile(
    r"(?:[A-Z][\w'&-]* )+(?:(?:County|City|Borough|District|Metropolitan) )*Council\b"
)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(page.text for page in pages[:2])
    return bool(
        re.search(r"^Joint targeted area inspection (?:of|into)\b", head, re.I | re.M)
        and re.search(r"^Dear\b", head, re.M)
    )


def _heading_of(text: str) -> str | None:
    if _BOX_RE.match(text) or _qualified_kind(text):
        return _letter_body.heading_text(text)
    return _named_heading(text)


def _qualified_kind(heading: str) -> str | None:
    return next((kind for pattern, kind in _QUALIFIED_HEADINGS if pattern.match(heading)), None)


def _kind_of(heading: str) -> str | None:
    """The kind of finding under a top-level heading (None: not findings)."""
    if _BOX_RE.match(heading):
        return FindingKind.FINDING
    return _KINDS.get(heading.rstrip("?.").strip().lower()) or _qualified_kind(heading)


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    letter = _letter.read_letter(
        pages,
        title_re=_TITLE_RE,
        no_title="no 'Joint targeted area inspection of ...' heading: not a JTAI letter",
        heading_of=_heading_of,
        is_end=_END_RE.match,
        is_box=_BOX_RE.match,
        subheadings=True,
    )
    place = _place(letter.title)
    addressees = letter.lines[: letter.start]
    reading = _fields.Reading()
    authority = _fields.authority(
        reading,
        (
            ("title", lambda: _authority(addressees, place)),
            (
                "addressees",
                lambda: _fields.council_in_addressees(line.text for line in addressees),
            ),
        ),
        where="in the JTAI letter's title or addressees",
        body=letter.intro,
    )
    date = letter.date
    periods = _fields.dates(
        reading,
        (
            (
                "opening",
                lambda: _letter.dates_in(
                    _DATES_RE, letter.intro, year=date.year if date else None
                ),
            ),
        ),
        where="in the JTAI letter's opening",
    )
    start, end = _fields.span(periods)
    inspection = ParsedInspection(
        framework=Framework.JTAI,
        start_date=start,
        end_date=end,
        theme=theme_of(letter.title, letter.intro, place),
        findings=tuple(_findings(letter.sections)),
    )
    return ParsedDocument(
        kind=DocumentKind.JTAI,
        authority_name=authority,
        title=letter.title,
        document_date=date,
        inspections=(inspection,),
        **reading.fields(),
    )


def _place(title: str) -> str:
    """The area the title names: "Bradford Metropolitan District Council" from "...response
    to abuse and neglect in Bradford Metropolitan District Council"; "Surrey" from
    "...inspection of Surrey"."""
    match = re.search(r"\bin ((?:[A-Z][\w'&,-]*\s*)+)$", title) or re.search(
        r"inspection (?:of|into) ([A-Z].*)$", title
    )
    return match[1].strip(" ,") if match else ""


def _authority(addressees: list[Line], place: str) -> str:
    """The area as the title names it, or the council the letter is addressed to (its
    director of children's services comes first) where it is the title's area's; "" where
    the title names no area."""
    if "Council" in place or not place:
        return place
    dear = next((i for i, line in enumerate(addressees) if line.text.startswith("Dear")), 0)
    dated = next(
        (i + 1 for i, line in enumerate(addressees[:dear]) if _letter.letter_date([line])), 0
    )
    head = " ".join(line.text for line in addressees[dated : dated + 3])
    for council in _COUNCIL_RE.findall(head):
        if council.split()[0] == place.split()[0]:
            return council
    return place


def theme_of(title: str, intro: str, place: str) -> str:
    """What the multi-agency response was to: the 'deep dive' group where the letter names
    one ("children living with domestic abuse"), else the inspection's subject ("serious
    youth violence"), less the area's name."""
    deep = re.search(r"'deep dive' focus on (?:the response to )?(?P<theme>[^.]+)", intro)
    if deep and not deep["theme"].startswith("this"):
        theme = deep["theme"]
    else:
        # "multi-agency response to ...", "multi-agency identification and response to ..."
        response = r"multi-agency (?:[\w-]+ (?:and )?){0,3}?response to"
        subject = re.search(rf"{response} (?P<theme>.+)$", title) or re.search(
            rf"{response} (?P<theme>[^.]+)", intro
        )
        theme = subject["theme"] if subject else ""
    # The full name first: "in Bradford Metropolitan District Council", then "in Bradford".
    for name in dict.fromkeys((place, place.split(" ")[0])):
        if name:
            theme = re.sub(rf"\s+in (?:the )?{re.escape(name)}\b", "", theme)
    return theme.strip(" ,.")


def _findings(sections: list[_letter_body.Section]) -> list[ParsedFinding]:
    found: list[ParsedFinding] = []
    for section in sections:
        kind = _kind_of(section.parent)
        if kind is None:
            continue
        summary = section.heading == ""
        found.extend(
            _letter_body.findings_of(
                section,
                kind,
                bullets_only=kind != FindingKind.FINDING,
                skip=lambda text, summary=summary: bool(
                    _NOT_FINDING_RE.match(text) or (summary and _BOILERPLATE_RE.match(text))
                ),
            )
        )
    return found
