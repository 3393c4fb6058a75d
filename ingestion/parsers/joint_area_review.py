"""Joint area reviews (2005-09) and their progress inspections: the area, the publication date,
and the report's priorities for improvement and findings, by its own contents page.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, FindingKind, Framework

from ..dates import parse_date
from ..text import Line, join
from ..types import Page, ParsedDocument, ParsedFinding, ParsedInspection, ParseError
from . import _fields, _letter, _letter_body

NAME = "joint_area_review"
VERSION = 3

_TITLE_RE = re.compile(
    r"^(?:Joint area review\b|Inspection of progress made in the provision\b)",
    re.I,
)
_PUBLISHED_RE = re.compile(r"^Published:?\s*(.+)$", re.I | re.M)
_CONTENTS_ENTRY_RE = re.compile(r"^(?P<text>.*?)\s+(?P<page>\d{1,3})$")
# Where the report says when the inspectors were in the area, in any of the ways JARs did.
_DATES_RE = re.compile(
    r"(?:fieldwork|inspection|review) (?:took place|was carried out|was undertaken)"
    r"(?: between| from| on)? (\d{1,2}\b[^.]*)",
    re.I,
)
_RECOMMENDATIONS_RE = re.compile(
    r"recommendation|priorities for|for immediate action|for action|improvement priorities", re.I
)
_IMPROVEMENT_RE = re.compile(r"areas? for (?:improvement|development)", re.I)
_SKIPPED_RE = re.compile(
    r"^(?:about the (?:inspection|review)|evidence|context|introduction|contents|annex|appendix"
    r"|the inspection|summary report|glossary)",
    re.I,
)


def detect(pages: tuple[Page, ...]) -> bool:
    if not pages:
        return False
    first = [line.strip() for line in pages[0].text.split("\n") if line.strip()][:8]
    return any(_TITLE_RE.match(line) for line in first)


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    if not pages:
        raise ParseError("the document has no pages")
    first = [line.strip() for line in pages[0].text.split("\n") if line.strip()]
    start = next((i for i, line in enumerate(first) if _TITLE_RE.match(line)), None)
    if start is None:
        raise ParseError("no joint area review title on the first page")
    title = _title(first[start:])
    lines = _letter.letter_lines(pages)
    text = " ".join(line.text for line in lines)
    reading = _fields.Reading()
    authority = _fields.authority(
        reading,
        (("title", lambda: _authority(title, first[start:])),),
        where="in the joint area review's title",
        body=text,
    )
    published_at = _PUBLISHED_RE.search(pages[0].text)
    published = parse_date(published_at[1]) if published_at else None
    periods = _letter.dates_in(_DATES_RE, text, year=published.year if published else None)
    if periods:
        reading.found("dates", "text")
    elif published is None:
        # Progress inspections may not say when the inspectors came; the publication date
        # places the review where they do not.
        reading.problem("no inspection dates and no publication date found")
    start, end = _fields.span(periods)
    inspection = ParsedInspection(
        framework=Framework.JOINT_AREA_REVIEW,
        start_date=start,
        end_date=end,
        published_on=published,
        findings=tuple(_findings(lines)),
    )
    return ParsedDocument(
        kind=DocumentKind.OTHER,
        authority_name=authority,
        title=title,
        document_date=published,
        published_on=published,
        inspections=(inspection,),
        **reading.fields(),
    )


def _title(lines: list[str]) -> str:
    """The title as printed over several lines, up to the inspectorates' names."""
    title = []
    for line in lines:
        if re.match(
            r"^(?:Care Quality Commission|HM |Her Majesty|Ofsted|Age group|Published)", line
        ):
            break
        title.append(line)
    return join(title)


def _authority(title: str, lines: list[str]) -> str:
    """The area: "London Borough of Haringey" from "...safeguarding services in the London
    Borough of Haringey"; a JAR names its area on the line after "Joint area review"."""
    match = re.search(r"\bin (?:the )?([A-Z].+)$", title)
    if match:
        return match[1].strip()
    if len(lines) > 1:
        return re.sub(r"\s+Children's Services Authority Area$", "", lines[1], flags=re.I)
    return ""


def _contents(lines: list[Line]) -> tuple[list[str], int]:
    """The headings listed on the contents page, and that page's number."""
    at = next((i for i, line in enumerate(lines) if line.text.lower() == "contents"), None)
    if at is None:
        return [], 0
    page = lines[at].page
    entries, pending = [], []
    for line in lines[at + 1 :]:
        if line.page != page:
            break
        pending.append(line.text)
        entry = _CONTENTS_ENTRY_RE.match(line.text)
        if entry:
            pending[-1] = entry["text"]
            entries.append(join(pending))
            pending = []
    return entries, page


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _merge_headings(lines: list[Line], headings: set[str]) -> list[Line]:
    """One line for each heading that the report wraps over two or three lines."""
    merged: list[Line] = []
    i = 0
    while i < len(lines):
        for span in (1, 2, 3):
            text = join([line.text for line in lines[i : i + span]])
            if text[:1].isupper() and _key(text) in headings:
                merged.append(Line(lines[i].page, text, lines[i].gap))
                i += span
                break
        else:
            merged.append(lines[i])
            i += 1
    return merged


def _findings(lines: list[Line]) -> list[ParsedFinding]:
    entries, contents_page = _contents(lines)
    if not entries:
        return []
    headings = {_key(entry) for entry in entries}
    body = _merge_headings([line for line in lines if line.page > contents_page], headings)
    found: list[ParsedFinding] = []
    for section in _letter_body.sections(
        body,
        heading_of=lambda text: text if text[:1].isupper() and _key(text) in headings else None,
        is_end=lambda text: False,
    ):
        if not section.heading or _SKIPPED_RE.match(section.heading):
            continue
        if _RECOMMENDATIONS_RE.search(section.heading):
            kind = FindingKind.RECOMMENDATION
        elif _IMPROVEMENT_RE.search(section.heading):
            kind = FindingKind.AREA_FOR_IMPROVEMENT
        else:
            kind = FindingKind.FINDING
            _fold_lists(section)
        found.extend(
            _letter_body.findings_of(section, kind, bullets_only=kind != FindingKind.FINDING)
        )
    return found


def _fold_lists(section: _letter_body.Section) -> None:
    """Fold a paragraph's bulleted list into it: "These included: a; b; c"."""
    items: list[_letter_body.Item] = []
    bullets: dict[int, list[str]] = {}
    for item in section.items:
        if item.kind == "bullet" and items:
            bullets.setdefault(id(items[-1]), []).append(item.text.rstrip(";."))
        else:
            items.append(item)
    for item in items:
        if id(item) in bullets:
            text = f"{item.text} {'; '.join(bullets[id(item)])}."
            item.lines = [Line(item.page, text)]
    section.items = items
