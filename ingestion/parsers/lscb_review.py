"""Reviews of a Local Safeguarding Children Board published on their own (not inside a SIF
report): the board's grade, its recommendations and the review's numbered findings.
"""

from __future__ import annotations

import re

from inspections.codes import DocumentKind, Framework, JudgementArea

from ..types import Page, ParsedDocument, ParsedInspection, ParsedJudgement, ParseError
from . import _ofsted_report as report
from ._ofsted_report import HeadingSpec, words

NAME = "lscb_review"
VERSION = 2

_TITLE_RE = re.compile(
    words(r"Review of the effectiveness of the Local Safeguarding Children Board"), re.I
)
# A SIF report's title also names the LSCB review; those belong to the SIF parser.
_SIF_TITLE_RE = re.compile(words(r"Inspection of services for children in need"), re.I)
_HEAD_FACTS_RE = re.compile(r"Inspection dates?\s*:|Report published", re.I)
_BOARD_RE = re.compile(
    r"\s*(?:Local\s+)?Safeguarding\s+Children(?:'s)?\s+Board\s*$|\s+LSCB$", re.I
)

_FINDER = report.HeadingFinder(
    (
        HeadingSpec(r"Contents", report.SKIP),
        HeadingSpec(r"Executive summary", report.SKIP),
        HeadingSpec(words(r"Information about this (?:area|review)\d?"), report.SKIP),
        HeadingSpec(r"Recommendations", report.RECOMMENDATIONS),
        HeadingSpec(words(r"Inspection findings"), report.FINDINGS),
        report.LSCB_JUDGEMENT,
    )
)


def detect(pages: tuple[Page, ...]) -> bool:
    head = "\n".join(report.head_lines(pages))
    return bool(
        _TITLE_RE.search(head) and _HEAD_FACTS_RE.search(head) and not _SIF_TITLE_RE.search(head)
    )


def parse(pages: tuple[Page, ...]) -> ParsedDocument:
    head = report.head_lines(pages)
    title_at = next((i for i, line in enumerate(head) if line.startswith("Review of")), None)
    if title_at is None:
        raise ParseError("no 'Review of the effectiveness of the LSCB' title on page 1")
    board = " ".join(head[:title_at]).strip()
    # "Surrey Safeguarding Children Board" reviews the board of the authority it names.
    authority = _BOARD_RE.sub("", board).strip()
    if not authority:
        raise ParseError("the review does not name the safeguarding children board it reviews")
    lines = report.report_lines(pages)
    headings = _FINDER.find(lines)
    graded = next((h for h in headings if h.role == report.JUDGEMENT and h.grade), None)
    if graded is None:
        raise ParseError("no grade for the safeguarding children board found")
    start, end = report.inspection_dates(pages[0].text)
    published = report.published_on(pages[0].text)
    sections = report.read_sections(lines, headings, lscb_part=True)
    inspection = ParsedInspection(
        framework=Framework.LSCB_REVIEW,
        start_date=start,
        end_date=end,
        published_on=published,
        lead_inspector=report.lead_inspector(lines),
        judgements=(ParsedJudgement(JudgementArea.LSCB, graded.grade, lines[graded.start].page),),
        findings=tuple(report.findings_of(sections)),
    )
    return ParsedDocument(
        kind=DocumentKind.INSPECTION_REPORT,
        authority_name=authority,
        title=report.title_of(head[title_at:]),
        document_date=published,
        published_on=published,
        inspections=(inspection,),
    )
