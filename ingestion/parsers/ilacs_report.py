"""ILACS inspection reports (2018-): dates, lead inspector and page-1 grades, what needs to
improve, the summary and the numbered paragraphs under each graded heading.

Long because the page-1 grades are read two ways (the extracted table, then the text) and the
body three (summary, improvement list, graded sections), each with the variants seen since 2018.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby

from inspections.codes import DocumentKind, FindingKind, Framework, JudgementArea

from ..grades import ILACS_GRADE_WORDS, grade_of
from ..text import BULLET_RE, PARAGRAPH_NUMBER_RE, SUB_BULLET_RE, Line, body_lines, join
from ..types import (
    Page,
    ParsedDocument,
    ParsedFinding,
    ParsedInspection,
    ParsedJudgement,
    ParseError,
)
from . import _fields

NAME = "ilacs"
VERSION = 3

#: Ofsted's reports never say "short inspection": a short inspection is one week on site
#: (Monday to Friday), a standard one two weeks, so the span of the dates tells them apart.
SHORT_INSPECTION_MAX_DAYS = 6

# A page-1 table row as plain text: label and grade on one line, or wrapped over several.
_ROW_RE = re.compile(
    rf"^(?P<label>(?:The (?:impact of leaders|experiences and progress)|Overall effectiveness)"
    rf".*?)\s+(?P<grade>{ILACS_GRADE_WORDS})$",
    re.I,
)
_ROW_START_RE = re.compile(
    r"^(?:The (?:impact of leaders|experiences and progress)|Overall effectiveness)", re.I
)
# "The experiences and progress of children in care: good", "...protection is: Good",
# "...families is requires improvement to be good", "...leavers requires improvement to be good".
_HEADING_RE = re.compile(
    rf"^(?P<title>(?:The )?(?:experiences and progress|impact of leaders)\b.*?)"
    rf"(?:\s*:|\s+is:?)?\s+(?P<grade>{ILACS_GRADE_WORDS})\.?$",
    re.I,
)
_HEADING_START_RE = re.compile(r"^(?:The )?(?:experiences and progress|impact of leaders)\b", re.I)
# The heading may carry a footnote marker ("What needs to improve?1").
_IMPROVE_RE = re.compile(
    r"^(?P<heading>What needs to improve(?: in this area of social work practice)?[?:]?"
    r"|Areas? for improvement:?)\d?$",
    re.I,
)
_TABLE_HEAD_RE = re.compile(r"^Judgement\s+Grade$", re.I)
_DATES_RE = re.compile(r"^Inspection dates?:\s*(?P<dates>.+)$", re.I)
_LEAD_RE = re.compile(r"^Lead inspector:\s*(?P<name>.+)$", re.I)
_INSPECTOR_TITLE_RE = re.compile(r",?\s*(?:(?:His|Her) Majesty's Inspector|HMI)\s*$", re.I)
_OLD_TITLE_RE = re.compile(
    r"^Inspection of (?:children's social care|local authority children's) services$", re.I
)
_NEW_TITLE_RE = re.compile(
    r"^Inspection of (?:the )?(?P<name>.+?)(?:\s+local\s+authority)?"
    r"(?:\s+children's\s+(?:social\s+care\s+)?services)?$",
    re.I,
)
_BACK_PAGE_RE = re.compile(r"^The Office for Standards in Education, Children's Services", re.I)
_FOOTNOTE_RE = re.compile(r"^\d{1,2} [A-Z][a-z]+ ")
_FOOTNOTE_MAX_LINES = 6
_SENTENCE_END_RE = re.compile(r"[.!?:][)'\"]*$")

SUMMARY = "Summary"


@dataclass(frozen=True)
class _Row:
    label: str
    grade: str
    page: int


def detect(pages: tuple[Page, ...]) -> bool:
    if not pages:
        return False
    first = pages[0].text
    return (
        bool(re.search(r"^Inspection dates?:", first, re.M | re.I) or _date_line_on(first))
        and "Report published" not in first
        and bool(re.search(r"^Judgement\s+Grade$", first, re.M | re.I))
        and bool(re.search(r"^The (?:experiences and progress|impact of leaders)", first, re.M))
    )


def _date_line_on(text: str) -> bool:
    return any(_fields.is_date_line(line) for line in text.split("\n")[:12])


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    lines = _report_lines(pages)
    head = _index(lines, _TABLE_HEAD_RE, page=1)
    first_row = head + 1 if head is not None else _index(lines, _ROW_START_RE, page=1)
    if first_row is None:
        raise ParseError("no Judgement | Grade table on page 1: not an ILACS report")
    reading = _fields.Reading()
    page_one = [line.text for line in lines if line.page == 1]
    periods = _fields.dates(
        reading,
        (
            ("dates line", lambda: _fields.labelled_dates(page_one)),
            ("date line", lambda: _fields.date_line(page_one[:first_row])),
        ),
        where="on page 1",
    )
    start, end = _fields.span(periods)
    title, authority = _title(_head(lines, first_row))
    authority = _fields.authority(
        reading,
        authority,
        where="on page 1",
        body=join([line for line in lines if line.page <= 2]),
    )
    text_rows, body_at = _text_rows(lines, first_row)
    table_rows = _table_rows(pages)
    findings, warnings = _findings(lines[body_at:])
    judgements = _judgements(
        reading,
        (("table", table_rows), ("text", text_rows), ("headings", _heading_rows(lines[body_at:]))),
        warnings,
    )
    _fields.check_grades(
        reading,
        (j.area for j in judgements),
        _expected_areas(start, judgements),
        what="from page 1's table",
    )
    inspection = ParsedInspection(
        framework=_framework(periods),
        start_date=start,
        end_date=end,
        lead_inspector=_lead_inspector(lines),
        judgements=tuple(judgements),
        findings=tuple(findings),
    )
    return ParsedDocument(
        kind=DocumentKind.INSPECTION_REPORT,
        authority_name=authority,
        title=title,
        inspections=(inspection,),
        warnings=tuple(warnings),
        **reading.fields(),
    )


def _head(lines: list[Line], first_row: int) -> list[Line]:
    """Page 1's lines above its facts (dates, lead inspector) and table: the title, less a
    date line printed above it."""
    head = []
    for line in lines[:first_row]:
        if any(p.match(line.text) for p in (_DATES_RE, _LEAD_RE, _TABLE_HEAD_RE)):
            break
        if line.page == 1 and not _fields.is_date_line(line.text):
            head.append(line)
    return head


def _report_lines(pages: tuple[Page, ...]) -> list[Line]:
    """Body lines up to Ofsted's back page, less footnotes and stray bullet glyphs."""
    lines: list[Line] = []
    for _, group in groupby(body_lines(pages), key=lambda line: line.page):
        page = list(group)
        for line in page[: _footnote_at(page)]:
            if _BACK_PAGE_RE.match(line.text):
                return lines
            if BULLET_RE.sub("", line.text):
                lines.append(line)
    return lines


def _footnote_at(page: list[Line]) -> int:
    """Where the page's footnote starts ("1 The areas for improvement have been..."), else its end.

    Footnotes sit in the last few lines of a page, where a paragraph can run on around them.
    """
    tail = max(0, len(page) - _FOOTNOTE_MAX_LINES)
    for index in range(tail, len(page)):
        if page[index].page > 1 and _FOOTNOTE_RE.match(page[index].text):
            return index
    return len(page)


def _index(lines: list[Line], pattern: re.Pattern, *, page: int) -> int | None:
    return next(
        (i for i, line in enumerate(lines) if line.page == page and pattern.match(line.text)),
        None,
    )


def _title(head: list[Line]) -> tuple[str, list[tuple[str, Callable[[], str]]]]:
    """The report's title and the ways to the authority it names.

    2018-20 reports put the council's name above "Inspection of children's social care
    services"; later ones write "Inspection of Kent County Council children's services".
    """
    texts = [line.text for line in head]
    old = next((i for i, text in enumerate(texts) if _OLD_TITLE_RE.match(text)), None)
    if old is not None:
        return texts[old], [("heading lines", lambda: _fields.name_above_title(texts[:old]))]
    title = join(texts)
    match = _NEW_TITLE_RE.match(title)
    return title, [("title", lambda: match["name"] if match else "")]


def _lead_inspector(lines: list[Line]) -> str:
    at = _index(lines, _LEAD_RE, page=1)
    if at is None:
        return ""
    return _INSPECTOR_TITLE_RE.sub("", _LEAD_RE.match(lines[at].text)["name"]).strip()


def _framework(periods: _fields.Periods) -> Framework:
    """Short where no period on site is longer than a week (a short inspection interrupted
    and resumed weeks later is still short); standard otherwise, and where the dates are
    unknown (the problem says so)."""
    if periods and all((end - start).days <= SHORT_INSPECTION_MAX_DAYS for start, end in periods):
        return Framework.ILACS_SHORT
    return Framework.ILACS_STANDARD


def _table_rows(pages: tuple[Page, ...]) -> list[_Row]:
    """Rows of the first pdfplumber table headed Judgement | Grade, if the extractor found one."""
    for page in pages[:2]:
        for table in page.tables:
            if table and [cell.strip().lower() for cell in table[0][:2]] == ["judgement", "grade"]:
                return [
                    _Row(_squash(row[0]), _squash(row[-1]), page.number)
                    for row in table[1:]
                    if len(row) >= 2 and row[0].strip()
                ]
    return []


def _text_rows(lines: list[Line], at: int) -> tuple[list[_Row], int]:
    """The table's rows read from plain text, and the index of the first line after it.

    Labels wrap over up to three lines with the grade on the last or on a line of its own;
    "Requires improvement" may wrap its "to be good" onto the next line.
    """
    rows: list[_Row] = []
    while at < len(lines) and _ROW_START_RE.match(lines[at].text):
        found = None
        for size in range(1, 5):
            chunk = _squash(join(lines[at : at + size]))
            match = _ROW_RE.match(chunk)
            if match:
                found = (match, size)
                break
        if found is None:
            break
        match, size = found
        grade = match["grade"]
        at += size
        if at < len(lines) and re.match(r"^(?:to )?be good$", lines[at].text, re.I):
            grade += " to be good"
            at += 1
        rows.append(_Row(match["label"], grade, lines[at - 1].page))
        if match["label"].lower().startswith("overall"):
            break
    return rows, at


def _judgements(
    reading: _fields.Reading, ways: tuple[tuple[str, list[_Row]], ...], warnings: list[str]
) -> list[ParsedJudgement]:
    """The grades of the first way that gives rows (the extracted table, the table read from
    text), completed by the later ways (the graded section headings) for areas it lacks."""
    judgements: dict[str, ParsedJudgement] = {}
    read_by: dict[str, str] = {}
    for way, rows in ways:
        if not rows:
            continue
        first = not judgements
        added = False
        for row in rows:
            area, grade = _area(row.label), grade_of(row.grade)
            if area is None or grade is None:
                if first:
                    warnings.append(f"unread judgement row: {row.label!r} -> {row.grade!r}")
                continue
            if area not in judgements:
                judgements[area] = ParsedJudgement(area=area, grade=grade, page=row.page)
                read_by[area] = way
                added = True
            elif judgements[area].grade != grade and read_by[area] != way:
                # Two ways disagree: said, not settled by guessing (the first way stands).
                warnings.append(
                    f"{area}: the {read_by[area]} says {judgements[area].grade}, the {way} {grade}"
                )
        if added:
            reading.found("judgements", way)
    if not judgements:
        warnings.append("no judgements read from the page-1 table")
    return list(judgements.values())


#: From inspections in late April 2026 the table has no overall effectiveness row.
_NO_OVERALL_FROM = datetime.date(2026, 4, 20)
#: The 2023 framework grades children in care and care leavers apart.
_SPLIT_CARE_FROM = datetime.date(2023, 1, 1)


def _expected_areas(
    start: datetime.date | None, judgements: list[ParsedJudgement]
) -> list[JudgementArea]:
    """The areas a report of its era grades: overall effectiveness (not from late April 2026),
    leaders, help and protection, and children in care with care leavers (apart from 2023)."""
    read = {j.area for j in judgements}
    if start is not None:
        split = start >= _SPLIT_CARE_FROM
    else:
        split = bool(read & {JudgementArea.CHILDREN_IN_CARE, JudgementArea.CARE_LEAVERS})
    care = (
        [JudgementArea.CHILDREN_IN_CARE, JudgementArea.CARE_LEAVERS]
        if split
        else [JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS]
    )
    overall = (
        [JudgementArea.OVERALL_EFFECTIVENESS]
        if start is None or start < _NO_OVERALL_FROM or JudgementArea.OVERALL_EFFECTIVENESS in read
        else []
    )
    return [*overall, JudgementArea.IMPACT_OF_LEADERS, JudgementArea.HELP_AND_PROTECTION, *care]


def _heading_rows(lines: list[Line]) -> list[_Row]:
    """The grades the graded sections' headings state ("The experiences and progress of
    children in care: good")."""
    rows = []
    for at in range(len(lines)):
        found = _heading_at(lines, at)
        if found:
            match = _HEADING_RE.match(_squash(join(lines[at : at + found[1]])))
            rows.append(_Row(match["title"], match["grade"], lines[at].page))
    return rows


def _area(label: str) -> JudgementArea | None:
    text = _squash(label).lower()
    if text.startswith("overall effectiveness"):
        return JudgementArea.OVERALL_EFFECTIVENESS
    # The 2026 format's "The impact of leaders on practice with children and families" (no
    # "social work") is the same judgement as before: impact_of_leaders.
    if "impact of leaders" in text:
        return JudgementArea.IMPACT_OF_LEADERS
    if "help and protection" in text:
        return JudgementArea.HELP_AND_PROTECTION
    in_care = "children in care" in text
    # 2025-26 reports label the care leavers' row "children care leavers".
    leavers = "care leavers" in text.replace("children in care and care leavers", "")
    if in_care and "and care leavers" in text:
        return JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS
    if leavers:
        return JudgementArea.CARE_LEAVERS
    if in_care:
        return JudgementArea.CHILDREN_IN_CARE
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# Findings ----------------------------------------------------------------------------------


def _findings(lines: list[Line]) -> tuple[list[ParsedFinding], list[str]]:
    """Summary paragraphs, what needs to improve, then each graded section's paragraphs."""
    summary, improve, sections = _split(lines)
    findings = list(_summary(summary))
    warnings = []
    if improve is None:
        warnings.append("no 'What needs to improve' section")
    else:
        heading, items = improve
        findings += _improvements(heading, items)
    last = 0
    for heading, body in sections:
        paragraphs, last = _paragraphs(heading, body, last)
        findings += paragraphs
    if not sections:
        warnings.append("no graded sections found after the summary")
    return findings, warnings


def _split(
    lines: list[Line],
) -> tuple[list[Line], tuple[str, list[Line]] | None, list[tuple[str, list[Line]]]]:
    """Cut the body into the summary, the improvement list and the graded sections."""
    summary: list[Line] = []
    improve: tuple[str, list[Line]] | None = None
    sections: list[tuple[str, list[Line]]] = []
    current = summary
    at = 0
    while at < len(lines):
        line = lines[at]
        heading = _heading_at(lines, at)
        if heading:
            title, size = heading
            current = []
            sections.append((title, current))
            at += size
            continue
        match = _IMPROVE_RE.match(line.text)
        if match and improve is None and not sections:
            current = []
            improve = (match["heading"].rstrip(":"), current)
        else:
            current.append(line)
        at += 1
    return summary, improve, sections


def _heading_at(lines: list[Line], at: int) -> tuple[str, int] | None:
    # A heading starts with a capital; a wrapped sentence may start "experiences and progress".
    if not (_HEADING_START_RE.match(lines[at].text) and lines[at].text[:1].isupper()):
        return None
    for size in range(1, 4):
        chunk = lines[at : at + size]
        if size > 1 and chunk[-1].text[:1].isdigit():
            return None
        match = _HEADING_RE.match(_squash(join(chunk)))
        if match:
            title = match["title"]
            # 2023-24 reports drop the article ("Experiences and progress of care leavers:
            # good"); every report's sections are named alike.
            if not title.lower().startswith("the "):
                title = f"The {title[:1].lower()}{title[1:]}"
            return title, size
    return None


def _summary(lines: list[Line]) -> Iterator[ParsedFinding]:
    """The opening summary, split into paragraphs where a sentence ends a short line."""
    if not lines:
        return
    width = max(len(line.text) for line in lines)
    paragraph: list[Line] = []
    number = 0
    for index, line in enumerate(lines):
        paragraph.append(line)
        last = index == len(lines) - 1
        ends = _SENTENCE_END_RE.search(line.text) and len(line.text) < 0.85 * width
        if last or ends:
            number += 1
            yield ParsedFinding(
                kind=FindingKind.FINDING,
                text=join(paragraph),
                page=paragraph[0].page,
                section=SUMMARY,
                number=number,
            )
            paragraph = []


def _improvements(heading: str, lines: list[Line]) -> list[ParsedFinding]:
    """One finding per bullet; its sub-bullets join it, separated by semicolons."""
    items: list[list[list[Line]]] = []  # each bullet: its own lines, then each sub-bullet's
    for line in lines:
        # A sub-bullet first: Wingdings' dash (U+F02D) is a bullet character too.
        if items and SUB_BULLET_RE.match(line.text):
            items[-1].append([Line(line.page, SUB_BULLET_RE.sub("", line.text))])
        elif BULLET_RE.match(line.text) or not items:
            items.append([[Line(line.page, BULLET_RE.sub("", line.text))]])
        else:
            items[-1][-1].append(line)
    return [
        ParsedFinding(
            kind=FindingKind.AREA_FOR_IMPROVEMENT,
            text=_join_bullet(item),
            page=item[0][0].page,
            section=heading,
            number=number,
        )
        for number, item in enumerate(items, start=1)
    ]


def _join_bullet(parts: list[list[Line]]) -> str:
    """ "...including: sufficiency of accommodation; assessment and support ..."."""
    main, subs = join(parts[0]), "; ".join(join(part) for part in parts[1:])
    return f"{main} {subs}" if subs else main


def _paragraphs(heading: str, lines: list[Line], last: int) -> tuple[list[ParsedFinding], int]:
    """Numbered paragraphs; numbering runs on through the report, so a number that does not
    follow the last one is a wrapped line that happens to start with a figure.

    Reports occasionally skip a number (Windsor and Maidenhead 2020 goes from 14 to 16): a
    number one further on is taken where a paragraph can start, at the head of a section or
    after a line that ends a sentence.
    """
    found: list[tuple[int, list[Line]]] = []
    previous: Line | None = None
    for line in lines:
        match = PARAGRAPH_NUMBER_RE.match(line.text)
        number = int(match["number"]) if match else None
        can_start = previous is None or bool(_SENTENCE_END_RE.search(previous.text))
        if number is not None and (number == last + 1 or (number == last + 2 and can_start)):
            last = number
            found.append((last, [Line(line.page, line.text[match.end() :])]))
        elif found:
            found[-1][1].append(line)
        previous = line
    findings = [
        ParsedFinding(
            kind=FindingKind.FINDING,
            text=join(body),
            page=body[0].page,
            section=heading,
            number=number,
        )
        for number, body in found
    ]
    return findings, last
