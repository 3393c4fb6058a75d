"""Reading Ofsted's full inspection reports (pre-2013, SIF 2014-18, LSCB reviews): the body
lines, page 1's facts (title, dates, publication date, lead inspector), grades, and the
document a report gives. The headings and the findings under them are read by
``_report_body``; the template-specific parts are in pre_sif_report, sif_report and
lscb_review.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from inspections.codes import DocumentKind

from ..dates import (
    DATE_RE,
    NUMERIC_DATE_RE,
    parse_date,
    parse_numeric_date,
)
from ..grades import REPORT_GRADE_WORDS, grade_of
from ..text import Line, spaced_lines
from ..types import Page, ParsedDocument, ParsedFinding, ParsedInspection, ParsedJudgement
from . import _fields

GRADE_RE = re.compile(REPORT_GRADE_WORDS, re.I)
_GRADE_LINE_RE = re.compile(rf"^{REPORT_GRADE_WORDS}\.?$", re.I)

_FOOTNOTE_RE = re.compile(r"^\d{1,2}(?:\s+[A-Z]|$)")
_TITLES_RE = re.compile(
    r",?\s*(?:(?:Senior\s+)?(?:Her|His)\s+Majesty's\s+Inspector\b.*|(?:Senior\s+)?S?HMI)\s*$", re.I
)


def words(pattern: str) -> str:
    """A regex where each space matches any run of whitespace, line breaks included."""
    return pattern.replace(" ", r"\s+")


def grade_code(text: str) -> str | None:
    """The Grade code of the first grade phrase in ``text`` ("Requires improvement to be good")."""
    match = GRADE_RE.search(text)
    if not match:
        return None
    return grade_of(match.group(0))


def is_grade_line(text: str) -> bool:
    return bool(_GRADE_LINE_RE.match(text.strip()))


def report_lines(pages: tuple[Page, ...]) -> list[Line]:
    """Body lines with their blank-line gaps, less running headers, footers, page numbers and
    footnotes."""
    return spaced_lines(pages, page_end=_footnotes_at)


def _footnotes_at(raw: list[str]) -> int:
    """Where a page's footnotes start: a short block after the page's last blank line that
    opens with its note number ("3" or "3 Working together..."); else the page's end."""
    blank = max((i for i, text in enumerate(raw) if not text), default=None)
    if blank is None or not 0 < len(raw) - blank - 1 <= 8:
        return len(raw)
    return blank if _FOOTNOTE_RE.match(raw[blank + 1]) else len(raw)


def head_lines(pages: tuple[Page, ...], count: int = 15) -> list[str]:
    """The first non-empty lines of page 1, less a bare page number."""
    lines = [line.strip() for line in pages[0].text.split("\n") if line.strip()] if pages else []
    return [line for line in lines if not line.isdigit()][:count]


def strip_footnote_mark(text: str) -> str:
    """Drop a footnote number stuck to the word it annotates ("Board1" -> "Board")."""
    return re.sub(r"(?<=[A-Za-z])\d$", "", text.strip())


def title_of(lines: list[str]) -> str:
    """The title as printed over several lines, up to the inspection dates."""
    taken = []
    for line in lines:
        if re.match(r"Inspection dates?\b|Report published|Reporting inspector", line, re.I):
            break
        taken.append(strip_footnote_mark(line))
    return " ".join(taken)


def inspection_dates(pages: tuple[Page, ...], reading: _fields.Reading) -> _fields.Periods:
    """Page 1's inspection periods: on its "Inspection date(s):" line (continued on the next
    where that gives no year), else on a line of dates alone at its head."""
    lines = [line.strip() for line in pages[0].text.split("\n")] if pages else []
    return _fields.dates(
        reading,
        (
            ("dates line", lambda: _fields.labelled_dates(lines)),
            ("date line", lambda: _fields.date_line(head_lines(pages))),
        ),
        where="on page 1",
    )


def published_on(text: str) -> datetime.date | None:
    """The date after "Report published:" / "Published:"."""
    match = re.search(rf"\bpublished\s*:?\s*(?P<date>{DATE_RE.pattern})", text, re.I)
    if match:
        return parse_date(match["date"])
    match = re.search(rf"\bpublished\s*:?\s*(?P<date>{NUMERIC_DATE_RE.pattern})", text, re.I)
    return parse_numeric_date(match["date"]) if match else None


def inspector_name(text: str) -> str:
    """The name alone, from "Linda Steele HMI" or "Dominic Stevens, HMI"."""
    return _TITLES_RE.sub("", text.strip()).strip(" ,")


def lead_inspector(lines: Iterable[Line], label: str = r"Lead inspector(?: on site)?\s*:") -> str:
    pattern = re.compile(rf"^{label}\s*(?P<name>.+)$", re.I)
    for line in lines:
        match = pattern.match(line.text)
        if match:
            return inspector_name(match["name"])
    return ""


def report_document(
    pages: tuple[Page, ...],
    *,
    framework: str,
    authority: str,
    title: str,
    lead_inspector: str,
    judgements: Iterable[ParsedJudgement],
    findings: Iterable[ParsedFinding],
    reading: _fields.Reading,
    warnings: Iterable[str] = (),
) -> ParsedDocument:
    """The document a full report gives: its one inspection, with the inspection and
    publication dates page 1 gives, and what ``reading`` found and missed."""
    start, end = _fields.span(inspection_dates(pages, reading))
    published = published_on(pages[0].text)
    inspection = ParsedInspection(
        framework=framework,
        start_date=start,
        end_date=end,
        published_on=published,
        lead_inspector=lead_inspector,
        judgements=tuple(judgements),
        findings=tuple(findings),
    )
    return ParsedDocument(
        kind=DocumentKind.INSPECTION_REPORT,
        authority_name=authority,
        title=title,
        document_date=published,
        published_on=published,
        inspections=(inspection,),
        warnings=tuple(warnings),
        **reading.fields(),
    )
