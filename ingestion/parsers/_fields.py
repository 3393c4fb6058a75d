"""Reading a document's fields by structure, with fallbacks, for every parser: each field has
several ways, tried in order; the way that answered goes into ``found_by``, and a field that
none answers is a problem for staff (``problems``), never a refused document.

The shared ways live here: the authority named above a generic title, in a letter's
addressees or in the body ("children in Devon"), the inspection's dates from a labelled line
("Inspection date(s):") or a line of dates alone, and the check that a report gave as many
grades as its framework grades.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..dates import DATE_RE, NUMERIC_DATE_RE, RANGE_RE, parse_periods

T = TypeVar("T")


class Reading:
    """What a parser found, how, and what it could not read; ``fields()`` gives the
    ParsedDocument's ``found_by`` and ``problems``."""

    def __init__(self) -> None:
        self.found_by: list[tuple[str, str]] = []
        self.problems: list[str] = []

    def found(self, field: str, way: str) -> None:
        """Record ``way`` for ``field``; a field completed by several ways keeps one pair,
        "table + headings", so it reads the same stored as a mapping of field to way."""
        for i, (known, ways) in enumerate(self.found_by):
            if known == field:
                if way not in ways.split(" + "):
                    self.found_by[i] = (field, f"{ways} + {way}")
                return
        self.found_by.append((field, way))

    def problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def first(self, field: str, ways: Iterable[tuple[str, Callable[[], T]]]) -> T | None:
        """The first way's answer that is not empty, recorded as how ``field`` was found."""
        for way, read in ways:
            value = read()
            if value:
                self.found(field, way)
                return value
        return None

    def fields(self) -> dict:
        return {"found_by": tuple(self.found_by), "problems": tuple(self.problems)}


# --- The authority ----------------------------------------------------------------------------

#: A council as letters address it: "London Borough of Croydon", "Royal Borough of Greenwich",
#: "City of York Council", "Kent County Council", "Bradford Metropolitan District Council".
_NAME = r"[A-Z][\w'&.-]*(?:\s+(?:and|upon|on|of|in|the)?\s*[A-Z][\w'&.-]*)*"
COUNCIL_RE = re.compile(
    rf"(?:(?:The\s+)?(?:London|Royal|Metropolitan)\s+Borough\s+of\s+{_NAME}"
    rf"|(?:The\s+)?(?:City|County|Borough|Council)\s+of\s+{_NAME}(?:\s+Council)?"
    rf"|{_NAME}\s+Council\b"
    rf"|{_NAME}\s+Children'?s\s+(?:Trust|Services\s+Trust))"
)
# "Director of Children's Services, London Borough of Croydon", after a name or not.
_DIRECTOR_RE = re.compile(
    r"\bDirector\b[^,]*?(?:Children|People|Families|Care)[\w'’ &]*,\s*(?P<rest>.+)$", re.I
)
_ADDRESS_STOP_RE = re.compile(r"^Dear\b", re.I)
# "children in Devon", "children's services in Kent", "young people in North Somerset".
_BODY_RE = re.compile(
    rf"\b(?:[Cc]hildren|[Cc]hildren's services|[Yy]oung people|[Ff]amilies|[Cc]are leavers)"
    rf"\s+(?:living\s+)?in\s+(?:the\s+)?(?P<name>{_NAME})"
)
_NOT_PLACES = {
    "england",
    "care",
    "need",
    "ofsted",
    "the",
    "this",
    "these",
    "their",
    "our",
    "mash",
    "uk",
    "wales",
}
_TRAILING_RE = re.compile(r"(?:\s+(?:and|upon|on|of|in|the))+$")


def council_in_addressees(lines: Iterable[str]) -> str:
    """The council a letter is addressed to: from "Director of Children's Services, London
    Borough of Croydon", or the first line of the address block that names a council (the
    block ends at "Dear ...")."""
    block = []
    for text in lines:
        if _ADDRESS_STOP_RE.match(text):
            break
        block.append(text.strip())
    for text in block:
        director = _DIRECTOR_RE.search(text)
        if director:
            council = COUNCIL_RE.search(director["rest"])
            if council:
                return _tidy(council.group(0))
    for text in block:
        council = COUNCIL_RE.search(text)
        if council and not _DIRECTOR_RE.search(text):
            return _tidy(council.group(0))
    return ""


def _places(text: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for match in _BODY_RE.finditer(text):
        name = _tidy(match["name"])
        if name and name.split()[0].lower() not in _NOT_PLACES:
            counts[name] += 1
    return counts.most_common()


def places_in_body(text: str) -> list[str]:
    """The places the text says its children live in ("children in Devon"), the most often
    named first."""
    return [name for name, _ in _places(text)]


def authority_from_body(text: str) -> str:
    """The place the body names most often for its children, where one place stands out."""
    ranked = _places(text)[:2]
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


def _tidy(name: str) -> str:
    return _TRAILING_RE.sub("", " ".join(name.split())).strip(" ,.;:")


def name_above_title(lines: Iterable[str]) -> str:
    """The authority printed alone above a generic title ("Croydon" over "Inspection of
    children's social care services"), less date lines and Ofsted's own name."""
    kept = [
        text.strip()
        for text in lines
        if text.strip() and not is_date_line(text) and text.strip().lower() != "ofsted"
    ]
    return " ".join(kept)


_GENERIC_RE = re.compile(
    r"\b(?:the|a|an|local|authority|authorities|children'?s?|social|care|services?|council"
    r"|area|partnership|and|of|in)(?:'s)?\b|[^\w]",
    re.I,
)


def is_named(name: str) -> str:
    """``name`` where it names a place, "" where it is generic ("local authority", "the
    local authority's children's services")."""
    return name if _GENERIC_RE.sub("", name).strip() else ""


def authority(
    reading: Reading,
    ways: Iterable[tuple[str, Callable[[], str]]],
    *,
    where: str,
    body: str = "",
) -> str:
    """The authority by the first of ``ways`` that names one, then by the body; else "" and a
    problem naming ``where`` it was looked for, with the places the body mentions."""
    ways = [(way, lambda read=read: is_named(read() or "")) for way, read in ways]
    if body:
        ways.append(("body", lambda: authority_from_body(body)))
    name = reading.first("authority", ways)
    if name:
        return name
    candidates = places_in_body(body)[:3] if body else []
    listed = ", ".join(f"{name!r} (body)" for name in candidates)
    reading.problem(f"authority not found {where}" + (f"; candidates: {listed}" if listed else ""))
    return ""


# --- The dates --------------------------------------------------------------------------------

_DATES_LABEL_RE = re.compile(r"^\s*Inspection\s+dates?\s*:?\s*(?P<rest>.*)$", re.I)
_LEFT_OVER_RE = re.compile(r"[\s,;&/.\-–—]|\b(?:and|to|until)\b", re.I)


def is_date_line(text: str) -> bool:
    """Is the line dates and nothing else ("11 – 22 July 2022", "12/09/2016 to 06/10/2016")?"""
    rest = text
    for pattern in (RANGE_RE, DATE_RE, NUMERIC_DATE_RE):
        rest = pattern.sub(" ", rest)
    if rest == text:
        return False
    return not _LEFT_OVER_RE.sub("", rest)


#: The periods of an inspection or visit, in order (one, unless the visit was split).
Periods = list[tuple[datetime.date, datetime.date]]


def labelled_dates(lines: list[str], *, default_year: int | None = None) -> Periods:
    """The period on the "Inspection dates:" (or "Inspection date:") line; where the label
    stands alone or its dates lack a year, the next line continues them."""
    for i, text in enumerate(lines):
        label = _DATES_LABEL_RE.match(text)
        if not label:
            continue
        found = parse_periods(label["rest"], default_year=default_year)
        if (not found or not re.search(r"(?:19|20)\d\d", label["rest"])) and i + 1 < len(lines):
            following = lines[i + 1]
            if not re.match(r"^\s*[A-Z][\w ]{0,40}:", following):  # the next label
                found = parse_periods(f"{label['rest']} {following}", default_year=default_year)
        if found:
            return found
    return []


def date_line(lines: list[str], *, default_year: int | None = None) -> Periods:
    """The periods on a line of dates alone (placed above a report's title, say)."""
    for text in lines:
        if is_date_line(text):
            found = parse_periods(text, default_year=default_year)
            if found:
                return found
    return []


def dates(
    reading: Reading, ways: Iterable[tuple[str, Callable[[], Periods]]], *, where: str
) -> Periods:
    """The inspection's periods by the first of ``ways`` that reads them; else [] and a
    problem saying none were found ``where``."""
    found = reading.first("dates", ways)
    if found:
        return found
    reading.problem(f"no inspection dates found {where}")
    return []


def span(periods: Periods) -> tuple[datetime.date | None, datetime.date | None]:
    """(first day, last day) of the periods, or (None, None)."""
    return (periods[0][0], periods[-1][1]) if periods else (None, None)


# --- The grades -------------------------------------------------------------------------------


def check_grades(
    reading: Reading, read: Iterable[str], expected: Iterable[str], *, what: str
) -> None:
    """A problem where fewer of the ``expected`` areas were graded than the framework grades:
    "2 of 4 judgements read from page 1's table; not found: help_and_protection, ..."."""
    read, expected = set(read), list(dict.fromkeys(expected))
    missing = [area for area in expected if area not in read]
    if missing:
        count = len(expected) - len(missing)
        reading.problem(
            f"{count} of {len(expected)} judgements read {what}; not found: "
            + ", ".join(str(area) for area in missing)
        )
