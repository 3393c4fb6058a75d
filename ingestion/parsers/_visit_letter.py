"""Reading a visit letter, focused or monitoring: the visit's dates, inspectors and authority
from its opening sentence, and the parts every such letter has, read one way for both."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..dates import parse_date_range
from ..types import Page, ParseError
from ._letter import (
    Section,
    council_name,
    first_sentence,
    intro_text,
    letter_date,
    letter_lines,
    longest,
    sections,
    signatory,
    title_at,
)

#: What introduces a visit's dates: "on 14 and 15 January", "between 20 and 22 October".
_VISIT_DATES_LEAD = r"(?:on|between|from|during)"


@dataclass(frozen=True)
class VisitSummary:
    start: datetime.date | None = None
    end: datetime.date | None = None
    authority: str = ""
    inspector: str = ""


def visit_summary(intro: str, visit: str, *, default_year: int | None) -> VisitSummary:
    """Dates, authority and first-named inspector of a visit ("focused visit", "monitoring
    visit") from "This letter summarises the findings of the focused visit to X children's
    services on 14 and 15 January 2019. The inspectors were..."."""
    sentence = first_sentence(intro, rf"summarises the findings of .{{0,30}}{visit}")
    # The dates follow "on" or "between" in the first sentence ("on 14 and 15 January 2019",
    # "between 20 and 22 October 2020"); older monitoring letters give them in a sentence of
    # their own ("The visit was carried out on 5 and 6 March 2019.").
    dates = None
    for text, pattern in (
        (sentence, rf"\b{_VISIT_DATES_LEAD} (\d{{1,2}}\b.*)"),
        (sentence, r"(.*)"),
        (intro, rf"\b{_VISIT_DATES_LEAD} (\d{{1,2}}\b[^.]*)"),
    ):
        lead = re.search(pattern, text)
        dates = parse_date_range(lead[1], default_year=default_year) if lead else None
        if dates:
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
        start=dates[0] if dates else None,
        end=dates[1] if dates else None,
        authority=re.sub(r"\s*\([^)]*\)", "", named["name"]).strip() if named else "",
        inspector=inspector["name"] if inspector else "",
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


def read_visit_letter(
    pages: tuple[Page, ...],
    *,
    visit: str,
    title_prefix: str,
    heading_of: Callable[[str], str | None],
    is_end: Callable[[str], bool],
) -> VisitLetter:
    """Read a letter headed "``title_prefix`` X" ("Focused visit to Kent County Council")
    about a ``visit`` ("focused visit"); a ParseError if it has no such heading or names no
    authority."""
    kind = visit.replace(" ", "-")  # "a focused-visit letter"
    lines = letter_lines(pages)
    title_re = re.compile(rf"^{title_prefix}\b", re.I)
    start = next((i for i, line in enumerate(lines) if title_re.match(line.text)), None)
    if start is None:
        raise ParseError(f"no '{visit.capitalize()} to ...' heading: not a {kind} letter")
    date = letter_date(lines)
    title, after = title_at(lines, start)
    body = sections(lines[after:], heading_of=heading_of, is_end=is_end)
    intro = intro_text(line for item in body[0].items for line in item.lines)
    summary = visit_summary(intro, visit, default_year=date.year if date else None)
    authority = longest(council_name(title, title_prefix), summary.authority)
    if not authority:
        raise ParseError(f"the {kind} letter does not name the local authority")
    return VisitLetter(
        title=title,
        date=date or letter_date(lines, after=summary.end),
        sections=body,
        intro=intro,
        visit=summary,
        authority=authority,
        inspector=signatory(lines) or summary.inspector,
    )
