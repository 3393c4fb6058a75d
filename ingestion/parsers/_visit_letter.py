"""Reading a visit letter, focused or monitoring: the visit's dates, inspectors and authority
from its opening sentence, the parts every such letter has, its findings under the headings
both kinds use, and the document built from them, one way for both; each parser keeps only its
own headings, end markers, framework and theme (and a monitoring visit's number)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from inspections.codes import FindingKind

from ..types import Page, ParsedDocument, ParsedFinding, ParsedInspection
from . import _fields
from ._letter import (
    council_name,
    dates_in,
    first_sentence,
    letter_date,
    read_letter,
    signatory,
)
from ._letter_body import Section, findings_of

#: What introduces a visit's dates: "on 14 and 15 January", "between 20 and 22 October".
_VISIT_DATES_LEAD = r"(?:on|between|from|during)"


@dataclass(frozen=True)
class VisitSummary:
    start: datetime.date | None = None
    end: datetime.date | None = None
    authority: str = ""
    inspector: str = ""
    #: Where the dates were read: the opening sentence, or a sentence of the opening.
    dates_way: str = ""


def visit_summary(intro: str, visit: str, *, default_year: int | None) -> VisitSummary:
    """Dates, authority and first-named inspector of a visit ("focused visit", "monitoring
    visit") from "This letter summarises the findings of the focused visit to X children's
    services on 14 and 15 January 2019. The inspectors were..."."""
    sentence = first_sentence(intro, rf"summarises the findings of .{{0,30}}{visit}")
    # The dates follow "on" or "between" in the first sentence ("on 14 and 15 January 2019",
    # "between 20 and 22 October 2020"); older monitoring letters give them in a sentence of
    # their own ("The visit was carried out on 5 and 6 March 2019.").
    start, end, way = None, None, ""
    for text, pattern, name in (
        (sentence, rf"\b{_VISIT_DATES_LEAD} (\d{{1,2}}\b.*)", "opening sentence"),
        (sentence, r"(.*)", "opening sentence"),
        (intro, rf"\b{_VISIT_DATES_LEAD} (\d{{1,2}}\b[^.]*)", "opening"),
    ):
        periods = dates_in(pattern, text, year=default_year)
        if periods:
            (start, _), (_, end), way = periods[0], periods[-1], name
            break
    named = re.search(
        rf"{visit} to (?:the )?(?P<name>.+?)(?: local authority)?(?: children's services)?"
        rf"(?: \([^)]*\))?(?: {_VISIT_DATES_LEAD} \d| since\b)",
        sentence,
        re.I,
    )
    inspector = re.search(
        r"(?:were|by) (?:(?:Her|His) Majesty's Inspectors (?:\(HMIs?\) )?)?"
        r"(?P<name>[A-Z][\w'-]+(?: [A-Z][\w'-]+){1,2})",
        intro,
    )
    return VisitSummary(
        start=start,
        end=end,
        authority=re.sub(r"\s*\([^)]*\)", "", named["name"]).strip() if named else "",
        inspector=inspector["name"] if inspector else "",
        dates_way=way,
    )


@dataclass(frozen=True)
class VisitLetter:
    """What every visit letter (focused or monitoring) gives, read the same way: its title,
    date, body cut into sections, opening paragraphs, the visit's dates and inspector, and the
    authority it names."""

    title: str
    date: datetime.date | None
    sections: list[Section]
    intro: str
    visit: VisitSummary
    authority: str
    inspector: str
    reading: _fields.Reading


def read_visit_letter(
    pages: tuple[Page, ...],
    *,
    visit: str,
    title_prefix: str,
    heading_of: Callable[[str], str | None],
    is_end: Callable[[str], bool],
) -> VisitLetter:
    """Read a letter headed "``title_prefix`` X" ("Focused visit to Kent County Council")
    about a ``visit`` ("focused visit"); a ParseError if it has no such heading. The authority
    is the fuller of the title's and the opening sentence's, else the addressees', else the
    body's; what is not found is a problem."""
    kind = visit.replace(" ", "-")  # "a focused-visit letter"
    letter = read_letter(
        pages,
        title_re=re.compile(rf"^{title_prefix}\b", re.I),
        no_title=f"no '{visit.capitalize()} to ...' heading: not a {kind} letter",
        heading_of=heading_of,
        is_end=is_end,
    )
    date = letter.date
    summary = visit_summary(letter.intro, visit, default_year=date.year if date else None)
    reading = _fields.Reading()
    named = council_name(letter.title, title_prefix)
    authority = _fields.authority(
        reading,
        (
            ("title", lambda: named if len(named) >= len(summary.authority) else ""),
            ("opening sentence", lambda: summary.authority),
            ("addressees", lambda: _fields.council_in_addressees(_texts(letter))),
        ),
        where="in the letter's title, opening or addressees",
        body=letter.intro + " " + " ".join(line.text for line in letter.lines[letter.start :]),
    )
    if summary.start:
        reading.found("dates", summary.dates_way)
    else:
        reading.problem(f"no visit dates found in the {kind} letter's opening")
    return VisitLetter(
        title=letter.title,
        date=date or letter_date(letter.lines, after=summary.end),
        sections=letter.sections,
        intro=letter.intro,
        visit=summary,
        authority=authority,
        inspector=signatory(letter.lines) or summary.inspector,
        reading=reading,
    )


def _texts(letter) -> list[str]:
    """The letter's lines above its title (the date and the addressees)."""
    return [line.text for line in letter.lines[: letter.start]]


#: The headings both kinds of visit letter give their findings under, and their kinds.
KINDS = {
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


def visit_findings(
    sections: list[Section], kinds: dict[str, str], *, lists: tuple[str, ...] = ()
) -> list[ParsedFinding]:
    """The findings under each heading ``kinds`` names (compared without case or a trailing
    "?" or "."). Under a heading of improvements or priority actions, or one in ``lists``
    (lower case), only the list items are findings where there is a list."""
    found: list[ParsedFinding] = []
    for section in sections:
        kind = kinds.get(section.heading.rstrip("?.").strip().lower())
        if kind is None:
            continue
        bullets_only = kind != FindingKind.FINDING or section.heading.lower() in lists
        found.extend(findings_of(section, kind, bullets_only=bullets_only))
    return found


def visit_document(
    letter: VisitLetter, *, kind: str, framework: str, findings: list[ParsedFinding], **facts
) -> ParsedDocument:
    """The document a visit letter gives: one visit, with ``facts`` (its theme, its number)
    beside the dates and inspector every visit letter gives."""
    inspection = ParsedInspection(
        framework=framework,
        start_date=letter.visit.start,
        end_date=letter.visit.end,
        lead_inspector=letter.inspector,
        findings=tuple(findings),
        **facts,
    )
    return ParsedDocument(
        kind=kind,
        authority_name=letter.authority,
        title=letter.title,
        document_date=letter.date,
        inspections=(inspection,),
        **letter.reading.fields(),
    )
