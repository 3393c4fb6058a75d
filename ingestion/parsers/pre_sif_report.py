"""Pre-2013 inspection reports (looked after children, safeguarding and looked after children,
child protection): grades on the outstanding/good/adequate/inadequate scale, the "Areas for
improvement" by when they are due, and the numbered paragraphs under each graded section.
"""

from __future__ import annotations

import re

from inspections.codes import Framework, JudgementArea

from ..grades import REPORT_GRADE_WORDS as GRADE
from ..text import BULLET_RE, PARAGRAPH_NUMBER_RE
from ..types import Page, ParsedDocument, ParsedJudgement, ParseError
from . import _fields, _report_body
from . import _ofsted_report as report
from ._ofsted_report import words
from ._report_body import Heading, HeadingSpec

NAME = "pre_sif"
VERSION = 4

_TITLE_RE = re.compile(
    words(
        r"Inspection of (?:safeguarding and looked after children services"
        r"|looked after children services|safeguarding services"
        r"|local authority arrangements for the protection of children)"
    ),
    re.I,
)
_HEAD_FACTS_RE = re.compile(r"Reporting inspector|Published\s*:|Inspection dates?\s*:", re.I)
_GRADE_LINE_RE = re.compile(rf"^Grade \d \((?P<grade>{GRADE})\)$", re.I)
_RECORD_RE = re.compile(r"^Record of main findings$", re.I)
_LOOKED_AFTER_BLOCK_RE = re.compile(
    r"^(?:Services for looked after children|Looked after children(?:'s)? services)$", re.I
)
_SAFEGUARDING_BLOCK_RE = re.compile(r"^Safeguarding services$", re.I)
_LABEL_GRADE_RE = re.compile(rf"(?:^|\s)(?P<grade>{GRADE})$", re.I)

LOOKED_AFTER = "looked_after"
SAFEGUARDING = "safeguarding"
_BLOCK_AREAS = {
    (LOOKED_AFTER, "overall"): JudgementArea.LOOKED_AFTER_OVERALL,
    (LOOKED_AFTER, "capacity"): JudgementArea.LOOKED_AFTER_CAPACITY,
    (SAFEGUARDING, "overall"): JudgementArea.SAFEGUARDING_OVERALL,
    (SAFEGUARDING, "capacity"): JudgementArea.SAFEGUARDING_CAPACITY,
}
#: Graded labels as the reports write them, and their codes ("overall"/"capacity" depend on
#: which block of the report they sit in).
_LABELS = tuple(
    (re.compile(pattern, re.I), area)
    for pattern, area in (
        (r"^overall effectiveness", "overall"),
        (r"^capacity (?:to|for) improve", "capacity"),
        (r"being healthy", JudgementArea.BEING_HEALTHY),
        (r"staying safe", JudgementArea.STAYING_SAFE),
        (r"enjoying and achieving", JudgementArea.ENJOYING_AND_ACHIEVING),
        (r"positive contribution", JudgementArea.POSITIVE_CONTRIBUTION),
        (r"economic well-?being", JudgementArea.ECONOMIC_WELLBEING),
        (r"^quality of provision", JudgementArea.QUALITY_OF_PROVISION),
        (r"^ambition and prioritisation", JudgementArea.AMBITION_AND_PRIORITISATION),
        (r"^leadership and management", JudgementArea.LEADERSHIP_AND_MANAGEMENT),
        (r"^performance management", JudgementArea.PERFORMANCE_MANAGEMENT),
        (r"^partnership working", JudgementArea.PARTNERSHIP_WORKING),
        (r"^equality and diversity", JudgementArea.EQUALITY_AND_DIVERSITY),
        (r"^user engagement", JudgementArea.USER_ENGAGEMENT),
    )
)

_FINDER = _report_body.HeadingFinder(
    (
        HeadingSpec(r"Contents", _report_body.SKIP),
        HeadingSpec(words(r"About this inspection"), _report_body.SKIP),
        HeadingSpec(words(r"The inspection judgements and what they mean"), _report_body.SKIP),
        HeadingSpec(words(r"Service information"), _report_body.SKIP),
        HeadingSpec(words(r"Record of main findings"), _report_body.SKIP),
        # Its numbered lead-in ("In order to improve...") is no recommendation; the time
        # groups under it hold them.
        HeadingSpec(words(r"Areas for improvement"), _report_body.SKIP),
        HeadingSpec(words(r"Immediately:?"), _report_body.RECOMMENDATIONS),
        HeadingSpec(words(r"Within (?:[a-z]+|\d+) months:?"), _report_body.RECOMMENDATIONS),
    )
)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(report.head_lines(pages))
    return bool(_TITLE_RE.match(head) and _HEAD_FACTS_RE.search(head))


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    head = "\n".join(report.head_lines(pages))
    title = _TITLE_RE.match(head)
    if title is None:
        raise ParseError("no 'Inspection of ... services' title at the top of page 1")
    rest = head[title.end() :]
    facts = _HEAD_FACTS_RE.search(rest)
    reading = _fields.Reading()
    lines = report.report_lines(pages)
    authority = _fields.authority(
        reading,
        (("title", lambda: " ".join(rest[: facts.start() if facts else len(rest)].split())),),
        where="under the report's title",
        body=pages[0].text,
    )
    block = _block_of(title.group(0))
    judgements, warnings = _record_grades(lines, block)
    graded = _graded_headings(lines)
    if judgements:
        reading.found("judgements", "table")
    else:
        judgements, warnings = _heading_grades(lines, graded, block)
        if judgements:
            reading.found("judgements", "headings")
    _fields.check_grades(
        reading,
        (j.area for j in judgements),
        _expected_areas(title.group(0)),
        what="from the record of main findings or the section headings",
    )
    headings = sorted(_FINDER.find(lines) + graded, key=lambda h: h.start)
    return report.report_document(
        pages,
        framework=Framework.PRE_SIF,
        authority=authority,
        title=" ".join(title.group(0).split()),
        lead_inspector=report.lead_inspector(lines, r"Reporting inspector\s*:?"),
        judgements=judgements,
        findings=_report_body.findings_of(_report_body.read_sections(lines, headings)),
        reading=reading,
        warnings=warnings,
    )


def _expected_areas(title: str) -> list[str]:
    """The overall effectiveness and capacity to improve of each service the title names
    (every pre-2013 report grades both for each)."""
    blocks = []
    if re.search(r"safeguarding|protection", title, re.I):
        blocks.append(SAFEGUARDING)
    if re.search(r"looked after", title, re.I):
        blocks.append(LOOKED_AFTER)
    return [_BLOCK_AREAS[(block, area)] for block in blocks for area in ("overall", "capacity")]


def _block_of(title: str) -> str:
    """Which service a report's ungrouped "Overall effectiveness" grades."""
    return LOOKED_AFTER if re.search(r"looked after", title, re.I) else SAFEGUARDING


def _area_of(label: str, block: str) -> str | None:
    for pattern, area in _LABELS:
        if pattern.search(label):
            return _BLOCK_AREAS.get((block, area), area)
    return None


def _record_grades(lines, block: str) -> tuple[list[ParsedJudgement], list[str]]:
    """The grades in the report's closing "Record of main findings" table."""
    at = next((i for i, line in enumerate(lines) if _RECORD_RE.match(line.text)), None)
    if at is None:
        return [], []
    judgements: dict[str, ParsedJudgement] = {}
    warnings: list[str] = []
    label: list[str] = []
    for line in lines[at + 1 :]:
        if line.page > lines[at].page + 1:
            break
        opened = _block_heading(line.text)
        if opened:
            block, label = opened, []
            continue
        match = _LABEL_GRADE_RE.search(line.text)
        if not match:
            label.append(line.text)
            continue
        label.append(line.text[: match.start()])
        text = " ".join(" ".join(label).split())
        label = []
        _add(judgements, warnings, text, block, report.grade_code(match["grade"]), line.page)
    return list(judgements.values()), warnings


def _block_heading(text: str) -> str | None:
    """The service a record's block heading ("Safeguarding services") opens, if it is one."""
    if _LOOKED_AFTER_BLOCK_RE.match(text):
        return LOOKED_AFTER
    return SAFEGUARDING if _SAFEGUARDING_BLOCK_RE.match(text) else None


def _heading_grades(lines, graded: list[Heading], block: str):
    """Where the record is missing: the "Grade 3 (Adequate)" under each section heading."""
    judgements: dict[str, ParsedJudgement] = {}
    warnings: list[str] = []
    for heading in graded:
        page = lines[heading.start].page
        _add(judgements, warnings, heading.text, block, heading.grade, page)
    return list(judgements.values()), warnings


def _add(judgements, warnings, label: str, block: str, grade: str | None, page: int) -> None:
    area = _area_of(label, block)
    if area is None:
        warnings.append(f"a graded area with no judgement code: {label!r} ({grade})")
    elif area in judgements:
        warnings.append(f"{area} graded twice; kept the first ({judgements[area].grade})")
    else:
        judgements[area] = ParsedJudgement(area, grade, page)


def _graded_headings(lines) -> list[Heading]:
    """Section headings: the unpunctuated lines just above a "Grade 3 (Adequate)" line."""
    found = []
    for i, line in enumerate(lines):
        match = _GRADE_LINE_RE.match(line.text)
        if not match:
            continue
        first = i
        while (
            first > 0
            and i - first < 3
            and (first == i or lines[first - 1].page == lines[first].page)
            and not _closes_text(lines[first - 1].text)
        ):
            first -= 1
        # A heading opens with a capital: a lower-case line above it ends the text before.
        while first < i and not lines[first].text[:1].isupper():
            first += 1
        if first < i:
            found.append(
                Heading(
                    start=first,
                    end=i + 1,
                    role=_report_body.FINDINGS,
                    text=" ".join(item.text for item in lines[first:i]),
                    section="",
                    grade=report.grade_code(match["grade"]),
                )
            )
    return found


def _closes_text(text: str) -> bool:
    """Does this line end a paragraph, a list or a heading (so the next line may head)?"""
    return bool(
        re.search(r"[.:;!?)]$", text)
        or _GRADE_LINE_RE.match(text)
        or PARAGRAPH_NUMBER_RE.match(text)
        or BULLET_RE.match(text)
    )
