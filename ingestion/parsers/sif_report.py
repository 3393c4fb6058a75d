"""Single inspection framework (SIF) reports, 2014-18, and SIF re-inspections: page 1's graded
judgements and the LSCB review's grade, recommendations, strengths and evidence paragraphs.
"""

from __future__ import annotations

import datetime
import re

from inspections.codes import Framework, JudgementArea

from ..dates import parse_date
from ..grades import REPORT_GRADE_WORDS as GRADE
from ..text import Line
from ..types import Page, ParsedDocument, ParsedJudgement, ParseError
from . import _fields, _report_body
from . import _ofsted_report as report
from ._ofsted_report import words
from ._report_body import HeadingSpec

NAME = "sif"
VERSION = 4

_TITLE_RE = re.compile(
    words(r"(?:Re-?inspection|Inspection) of services for children in need of help"), re.I
)
_HEAD_FACTS_RE = re.compile(r"Inspection dates?\s*:|Report published", re.I)
# "The previous inspection of the local authority's safeguarding arrangements was in November
# 2013": a report whose last inspection was itself a SIF (from November 2013) is a re-inspection.
_PREVIOUS_RE = re.compile(
    words(
        r"(?:previous|last) inspection of the local authority'?s [^.]{0,160}? "
        r"was in (?P<when>[A-Z][a-z]+ 20\d\d)"
    ),
    re.I,
)
_SIF_BEGAN = datetime.date(2013, 11, 1)
# A report that also reviews the safeguarding board grades it ("...care leavers and Review of
# the effectiveness of the Local Safeguarding Children Board").
_REVIEWS_LSCB_RE = re.compile(r"Review of the effectiveness", re.I)

HELP = JudgementArea.HELP_AND_PROTECTION
LOOKED_AFTER = JudgementArea.LOOKED_AFTER_AND_PERMANENCE
ADOPTION = JudgementArea.ADOPTION_PERFORMANCE
CARE_LEAVERS = JudgementArea.CARE_LEAVERS
LEADERSHIP = JudgementArea.LEADERSHIP_MANAGEMENT_GOVERNANCE
LSCB = JudgementArea.LSCB
OVERALL = JudgementArea.OVERALL_EFFECTIVENESS

#: Page 1's numbered judgements, in the order the page prints them.
_LABELS = (
    (HELP, re.compile(words(r"1\. Children who need help and protection"), re.I)),
    (LOOKED_AFTER, re.compile(words(r"2\. Children looked after and achieving permanence"), re.I)),
    (ADOPTION, re.compile(words(r"2\.1 Adoption performance"), re.I)),
    (CARE_LEAVERS, re.compile(words(r"2\.2 Experiences and progress of care leavers"), re.I)),
    (LEADERSHIP, re.compile(words(r"3\. Leadership, management and governance"), re.I)),
)
_OVERALL_RE = re.compile(
    words(
        r"(?:Children'?s services in .+? (?:are |is )?"
        r"|The overall judgement is (?:that )?(?:children'?s services )?(?:are |is )?)"
    )
    + rf"(?P<grade>{GRADE})",
    re.I | re.S,
)
_PAGE_ONE_END_RE = re.compile(r"^(?:\d+ )?Ofsted produces|^Executive summary|^Contents", re.M)

_KEY = r"(?:Key judgement Judgement grade )?"
_IS = r"(?:(?:are|is) )?"
_GRADED = r"is (?:that (?:it|they) )?(?:is )?"
_HELP_SECTION = "The experiences and progress of children who need help and protection"
_LOOKED_AFTER_SECTION = (
    "The experiences and progress of children looked after and achieving permanence"
)
SPECS = (
    HeadingSpec(r"Contents", _report_body.SKIP),
    HeadingSpec(r"Executive summary", _report_body.SKIP),
    HeadingSpec(words(r"Summary for children(?: and young people)?"), _report_body.SKIP),
    HeadingSpec(words(r"Information about this (?:local authority )?area\d?"), _report_body.SKIP),
    HeadingSpec(
        words(
            r"Information about (?:this|the) (?:local authority )?(?:inspection|review)"
            r"(?: and the review)?"
        ),
        _report_body.SKIP,
    ),
    HeadingSpec(
        words(
            r"What the (?:local authority )?inspection judge?ments mean"
            r"(?:: the (?:local authority|LSCB))?"
        ),
        _report_body.SKIP,
    ),
    HeadingSpec(words(r"(?:Section 1: )?The local authority"), _report_body.PART_LA),
    HeadingSpec(words(r"Inspection judgements about the local authority"), _report_body.PART_LA),
    HeadingSpec(
        words(r"Section 2: The effectiveness of the Local Safeguarding Children Board"),
        _report_body.PART_LSCB,
    ),
    HeadingSpec(words(r"The Local Safeguarding Children Board \(LSCB\)"), _report_body.PART_LSCB),
    HeadingSpec(
        words(r"(?:The local authority - )?Summary of (?:key )?findings"), _report_body.FINDINGS
    ),
    HeadingSpec(words(r"Progress since the last inspection"), _report_body.FINDINGS),
    HeadingSpec(words(r"Key strengths and weaknesses of the LSCB"), _report_body.FINDINGS),
    HeadingSpec(words(r"Inspection judgement about the LSCB"), _report_body.FINDINGS),
    HeadingSpec(
        words(r"Inspection findings (?:[\u2013-] )?the Local Safeguarding Children Board"),
        _report_body.FINDINGS,
    ),
    HeadingSpec(
        words(
            r"The local authority's strengths|The local authority has the following strengths"
            r"|The LSCB's strengths"
        ),
        _report_body.STRENGTHS,
    ),
    HeadingSpec(
        words(r"What does the (?:local authority|LSCB) need to improve\?"),
        _report_body.RECOMMENDATIONS,
    ),
    HeadingSpec(r"Recommendations", _report_body.RECOMMENDATIONS),
    HeadingSpec(
        words(r"Priority and immediate action|Priority actions"), _report_body.RECOMMENDATIONS
    ),
    HeadingSpec(words(r"Areas for improvement:?"), _report_body.RECOMMENDATIONS),
    HeadingSpec(
        words(
            rf"{_KEY}The experiences and progress of children who need help and protection "
            rf"{_IS}{GRADE}\.?"
        ),
        _report_body.JUDGEMENT,
        _HELP_SECTION,
        HELP,
    ),
    HeadingSpec(
        words(
            rf"{_KEY}The experiences and progress of children looked after and achieving "
            rf"permanence {_IS}{GRADE}\.?"
        ),
        _report_body.JUDGEMENT,
        _LOOKED_AFTER_SECTION,
        LOOKED_AFTER,
    ),
    HeadingSpec(
        words(
            r"The graded judge?ment (?:for|about|on) (?:the )?adoption(?: performance)? "
            rf"{_GRADED}{GRADE}\.?"
        ),
        _report_body.JUDGEMENT,
        "Adoption performance",
        ADOPTION,
    ),
    HeadingSpec(
        words(
            r"The graded judge?ment (?:for|about|on) (?:the )?"
            rf"(?:experiences? and progress of )?care leavers {_GRADED}{GRADE}\.?"
        ),
        _report_body.JUDGEMENT,
        "The experiences and progress of care leavers",
        CARE_LEAVERS,
    ),
    HeadingSpec(
        words(rf"{_KEY}Leadership, management and governance {_IS}{GRADE}\.?"),
        _report_body.JUDGEMENT,
        "Leadership, management and governance",
        LEADERSHIP,
    ),
    _report_body.LSCB_JUDGEMENT,
    HeadingSpec(r"Summary", _report_body.SUMMARY),
    HeadingSpec(words(r"Inspection findings"), _report_body.EVIDENCE),
)
_FINDER = _report_body.HeadingFinder(SPECS)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(report.head_lines(pages))
    return bool(_TITLE_RE.search(head) and _HEAD_FACTS_RE.search(head))


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    head = report.head_lines(pages)
    title_at = next((i for i, line in enumerate(head) if _TITLE_RE.match(line)), None)
    if title_at is None:
        raise ParseError("no 'Inspection of services for children in need...' title on page 1")
    reading = _fields.Reading()
    lines = report.report_lines(pages)
    authority = _fields.authority(
        reading,
        (("heading lines", lambda: _fields.name_above_title(head[:title_at])),),
        where="above the SIF report's title",
        body=pages[0].text,
    )
    title = report.title_of(head[title_at:])
    headings = _FINDER.find(lines)
    judgements, warnings = _judgements(pages, lines, headings, reading)
    _fields.check_grades(
        reading,
        (j.area for j in judgements),
        [OVERALL, *(area for area, _ in _LABELS)]
        + ([LSCB] if _REVIEWS_LSCB_RE.search(title) else []),
        what="from page 1 and the section headings",
    )
    sections = _report_body.read_sections(lines, headings)
    reinspection = bool(re.match(r"Re-?inspection", head[title_at], re.I)) or _follows_sif(lines)
    return report.report_document(
        pages,
        framework=Framework.SIF_REINSPECTION if reinspection else Framework.SIF,
        authority=authority,
        title=title,
        lead_inspector=report.lead_inspector(lines),
        judgements=judgements,
        findings=_report_body.findings_of(sections),
        reading=reading,
        warnings=warnings,
    )


def _follows_sif(lines: list[Line]) -> bool:
    text = "\n".join(line.text for line in lines)
    for match in _PREVIOUS_RE.finditer(text):
        when = parse_date(f"1 {match['when']}")
        if when and when >= _SIF_BEGAN:
            return True
    return False


def _judgements(
    pages: tuple[Page, ...],
    lines: list[Line],
    headings: list[_report_body.Heading],
    reading: _fields.Reading,
) -> tuple[list[ParsedJudgement], list[str]]:
    """Page 1's grades (table, labelled text, or bare grades in print order), completed and
    checked by the grades each section heading states; ``reading`` notes which ways gave
    grades."""
    page_one = pages[0].text
    stated = {}
    for heading in headings:
        if heading.role == _report_body.JUDGEMENT and heading.grade and heading.area not in stated:
            stated[heading.area] = (heading.grade, lines[heading.start].page)
    labelled = _table_grades(pages[0])
    if labelled:
        reading.found("judgements", "table")
    for area, grade in _text_grades(page_one).items():
        if area not in labelled:
            labelled[area] = grade
            reading.found("judgements", "text")
    unlabelled = {} if labelled else _orphan_grades(page_one)
    if unlabelled:
        reading.found("judgements", "text in print order")
    warnings = []
    judgements = []
    overall = _OVERALL_RE.search(page_one)
    if overall:
        judgements.append(ParsedJudgement(OVERALL, report.grade_code(overall["grade"]), 1))
        reading.found("judgements", "summary sentence")
    else:
        warnings.append("no overall judgement ('Children's services in ... are ...') on page 1")
    for area, _ in _LABELS:
        on_page_one = labelled.get(area) or unlabelled.get(area)
        in_section = stated.get(area)
        if on_page_one:
            judgements.append(ParsedJudgement(area, on_page_one, 1))
            if in_section and in_section[0] != on_page_one:
                warnings.append(
                    f"{area}: page 1 says {on_page_one}, the section heading {in_section[0]}"
                )
        elif in_section:
            judgements.append(ParsedJudgement(area, in_section[0], in_section[1]))
            reading.found("judgements", "headings")
        else:
            warnings.append(f"no grade found for {area}")
    if LSCB in stated:
        judgements.append(ParsedJudgement(LSCB, *stated[LSCB]))
        reading.found("judgements", "headings")
    return judgements, warnings


def _table_grades(page: Page) -> dict[str, str]:
    found: dict[str, str] = {}
    for table in page.tables:
        for row in table:
            text = " ".join(cell for cell in row if cell)
            for area, label in _LABELS:
                match = label.search(text)
                grade = report.grade_code(text[match.end() :]) if match else None
                if grade:
                    found.setdefault(area, grade)
    return found


def _text_grades(text: str) -> dict[str, str]:
    """Grades printed after page 1's numbered labels; each label's grade lies before the next."""
    matches = [(area, label.search(text)) for area, label in _LABELS]
    found_at = sorted((m.start(), m.end(), area) for area, m in matches if m)
    found: dict[str, str] = {}
    for i, (_, end, area) in enumerate(found_at):
        stop = found_at[i + 1][0] if i + 1 < len(found_at) else end + 80
        grade = report.grade_code(text[end:stop])
        if grade:
            found[area] = grade
    return found


def _orphan_grades(text: str) -> dict[str, str]:
    """Where a poor copy lost page 1's labels but kept the grades, one per line in print order."""
    overall = _OVERALL_RE.search(text)
    begin = overall.end() if overall else 0
    stop = _PAGE_ONE_END_RE.search(text, begin)
    region = text[begin : stop.start() if stop else len(text)]
    grades = [report.grade_code(line) for line in region.split("\n") if report.is_grade_line(line)]
    if len(grades) != len(_LABELS):
        return {}
    return {area: grade for (area, _), grade in zip(_LABELS, grades, strict=True)}
