"""Ofsted's improvement points as a council's paper lists them, the counts it gives when it
does not list them, and the procedural lines addressed to the committee that are never points.

A list is Ofsted's only where its lead-in says so ("The report made nine recommendations:",
"Ofsted identified the following areas for improvement:", Ofsted's own heading "What needs to
improve"); lists of members' questions, workstreams, progress against old recommendations and
the committee's own resolutions are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspections.codes import FindingKind

from ..text import BULLET_CHARS, Line, join

#: Lines addressed to the committee: "Cabinet is asked to NOTE ...", "RESOLVED that ...".
PROCEDURAL = re.compile(
    r"\b(?:is|are|be)\s+(?:asked|recommended|requested|invited|requested)\s+to\b"
    r"|^\W*(?:RESOLVED|AGREED|DECIDED|NOTED)\b|^\W*That\s+(?:the\s+)?(?:report|update|contents?"
    r"|committee|cabinet|panel|board|council|members?|progress)\b"
    r"|\bto\s+(?:NOTE|CONSIDER|COMMENT|ENDORSE|APPROVE|AGREE)\b"
    r"|\bthe\s+(?:committee|cabinet|panel|board)\s+(?:notes?|agrees?|endorses?|approves?)\b"
    r"|\brecommendation\s+\d+(?:\.\d+)?\b",
    re.I,
)

_KINDS = (
    (re.compile(r"priority\s+action", re.I), FindingKind.AREA_FOR_PRIORITY_ACTION),
    (re.compile(r"recommend", re.I), FindingKind.RECOMMENDATION),
    (re.compile(r"improv|develop|concern|weakness", re.I), FindingKind.AREA_FOR_IMPROVEMENT),
)
_POINT_WORDS = re.compile(
    r"\brecommendations?\b|\bareas?\s+(?:for|of|that\s+need|which\s+need|requiring|needing)\s+"
    r"(?:\w+\s+)?(?:improvement|development|priority\s+action)|\bwhat\s+needs\s+to\s+improve\b"
    r"|\bareas?\s+(?:for|of)\s+priority\s+action|\bimprovement\s+(?:areas|points)\b"
    r"|\bneeds?\s+to\s+improve\b",
    re.I,
)
_OFSTED_SAID = re.compile(
    r"\bOfsted\b|\binspect\w*|\breport\b|\bidentified\b|\bmade\b|\bfollowing\b|\bHMI\b|\bletter\b"
    r"|\bvisit\b|\bfindings\b",
    re.I,
)
#: Lead-ins that are not Ofsted's list: progress, questions, plans, the committee's own business.
_NOT_OFSTED = re.compile(
    r"\b(?:asked|committee|cabinet|panel|members?|councillors?|progress|update[ds]?|workstreams?"
    r"|resolved|questions?|answers?|against|responses?|actions?\s+taken|addressed|completed"
    r"|RAG|priorities|plan)\b",
    re.I,
)
_OWN_HEADING = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:What\s+needs\s+to\s+improve\b.*|(?:Ofsted'?s?\s+)?"
    r"(?:areas?\s+for\s+(?:improvement|development|priority\s+action)|recommendations\s+(?:from|made\s+by)"
    r"\s+(?:the\s+)?(?:Ofsted|inspection|inspectors|report)\b.*))\s*:?\s*$",
    re.I,
)
_ITEM = re.compile(
    rf"^\s*(?:(?:\(?\d{{1,2}}[.)]|\(?[a-z][.)]|\(?[ivx]+[.)])(?!\d)\s+|(?:{BULLET_CHARS}|[-\u2013])\s*)"
    r"(?=\S)"
)
_NUMBERED_ITEM = re.compile(r"^\s*\(?(?P<n>\d{1,2})[.)](?!\d)\s*")
_HEADING_LIKE = re.compile(r"^[A-Z][^.:;]{0,60}$")


@dataclass(frozen=True)
class ListedPoint:
    kind: str
    text: str
    page: int
    number: int | None
    section: str
    lead_in_line: int  # index of the lead-in line, to find the event it speaks of


_LAST_SENTENCE = re.compile(r"^.*[.!?]\s+(?=[A-Z])")


def lead_in_kind(text: str) -> str | None:
    """The kind of Ofsted's point a list under ``text`` holds, or None if it is not Ofsted's."""
    text = _LAST_SENTENCE.sub("", text.strip(), count=1)
    if not _OWN_HEADING.match(text) and (
        not (text.rstrip().endswith(":") and _POINT_WORDS.search(text))
        or not _OFSTED_SAID.search(text)
        or _NOT_OFSTED.search(text)
    ):
        return None
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind.value
    return FindingKind.AREA_FOR_IMPROVEMENT.value


def listed_points(lines: list[Line]) -> list[ListedPoint]:
    """Ofsted's points listed under a lead-in that says they are Ofsted's."""
    points: list[ListedPoint] = []
    index = 0
    while index < len(lines):
        kind = lead_in_kind(_unnumbered(lines[index].text))
        if kind is None:
            index += 1
            continue
        section = _LAST_SENTENCE.sub("", _unnumbered(lines[index].text).strip(), count=1)
        section = section.strip(" :")
        lead_in = index
        items, index = _items(lines, index + 1)
        for order, (number, parts) in enumerate(items, start=1):
            text = join(parts)
            if text and not PROCEDURAL.search(text):
                points.append(
                    ListedPoint(kind, text, parts[0].page, number or order, section, lead_in)
                )
    return points


_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s+")


def _unnumbered(text: str) -> str:
    return _SECTION_NUMBER.sub("", text, count=1)


def _marker(text: str) -> str:
    marker = text.strip()[:2].lstrip("(")
    if marker[:1].isdigit():
        return "number"
    if marker[:1].isalpha():
        return "letter"
    return "bullet"


def _items(lines: list[Line], index: int) -> tuple[list[tuple[int | None, list[Line]]], int]:
    """The list after a lead-in: items marked alike (a numbered list runs on by one), with
    their wrapped lines; a differently marked line ("6. Next steps") ends it."""
    items: list[tuple[int | None, list[Line]]] = []
    first = ""
    while index < len(lines):
        line = lines[index]
        item = _ITEM.match(line.text)
        if item and item.end() < len(line.text) and not _SECTION_NUMBER.match(line.text):
            marker = _marker(item.group())
            numbered = _NUMBERED_ITEM.match(line.text)
            number = int(numbered["n"]) if numbered else None
            if items and (
                marker != first
                or (number is not None and items[-1][0] is not None and number != items[-1][0] + 1)
            ):
                break
            first = first or marker
            items.append((number, [Line(line.page, line.text[item.end() :])]))
        elif items and _continues(items[-1][1][-1].text, line.text):
            items[-1][1].append(line)
        else:
            break
        index += 1
    return items, index


def _continues(previous: str, text: str) -> bool:
    """A wrapped line of an item: the item has not ended, or the line starts in lower case."""
    if _SECTION_NUMBER.match(text) or (_HEADING_LIKE.match(text) and previous.endswith(".")):
        return False
    return text[:1].islower() or not previous.rstrip().endswith((".", ";", ":"))


# --- Counts without lists ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
COUNT_RE = re.compile(
    r"\b(?P<n>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:(?:key|main|specific|further|"
    r"Ofsted(?:'s)?|inspection)\s+)*(?P<what>recommendations?|areas?\s+(?:for|of)\s+"
    r"(?:improvement|development|priority\s+action)|improvement\s+areas|areas?\s+to\s+improve"
    r"|priority\s+actions)\b",
    re.I,
)
_COMMITTEE_COUNT = re.compile(
    r"\b(?:in|of|to)\s+(?:this|the)\s+(?:report|committee|cabinet|panel|paper)\b"
    r"|\b(?:committee|cabinet|panel)'?s\b|\basked\b|\bschools?\b|\bSEND\b",
    re.I,
)


@dataclass(frozen=True)
class Count:
    kind: str
    number: int
    position: int


def counts_in(text: str) -> list[Count]:
    """ "Ofsted identified five areas for improvement", "the 27 Ofsted recommendations"."""
    if not _OFSTED_SAID.search(text) or _COMMITTEE_COUNT.search(text) or PROCEDURAL.search(text):
        return []
    found = []
    for match in COUNT_RE.finditer(text):
        n = match["n"].lower()
        number = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        kind = next(k for pattern, k in _KINDS if pattern.search(match["what"] + " improv"))
        found.append(Count(kind.value, number, match.start()))
    return found


# --- Points listed inline, in the sentence that counts them -----------------------------------

#: Where a counted list starts in its sentence: after a colon, "namely" or "which were".
_INLINE_START = re.compile(r":\s*|,?\s+(?:namely|which\s+(?:were|are))\s*:?\s*", re.I)
_FINAL_AND = re.compile(r",?\s+and\s+(?!.*\band\b)")
#: An item of an inline list is a phrase, not a paragraph.
_INLINE_MAX_WORDS = 30


def inline_points(text: str, count: Count) -> tuple[str, list[str]]:
    """The points a sentence that counts them also names ("Ofsted identified three areas for
    improvement: the timeliness of assessments; supervision; and return home interviews"), or
    none. Items are split at semicolons, else at commas and the last "and"; they count only
    where they are as many as the sentence says, so "help and protection" stays one. Returns
    the lead-in (the sentence up to the list, as the points' section) and the items."""
    start = _INLINE_START.search(text, count.position)
    if start is None or text[count.position : start.start()].count(",") > 1:
        return "", []
    tail = text[start.end() :].strip().rstrip(".")
    if ";" in tail:
        items = [re.sub(r"^and\s+", "", item.strip(), flags=re.I) for item in tail.split(";")]
    else:
        items = [item.strip() for item in tail.split(",")]
        if len(items) < count.number:  # "X, Y and Z": the last two are joined by "and"
            last = _FINAL_AND.split(items[-1], maxsplit=1)
            if len(items) == 1 and any(len(part.split()) < 2 for part in last):
                return "", []  # no series, and "help and protection" is one point, not two
            items = [*items[:-1], *last]
    items = [re.sub(r"^and\s+", "", item, flags=re.I).strip() for item in items]
    items = [item for item in items if item]
    if len(items) != count.number or any(
        len(item.split()) > _INLINE_MAX_WORDS or PROCEDURAL.search(item) for item in items
    ):
        return "", []
    return _unnumbered(" ".join(text[: start.start()].split())), items
