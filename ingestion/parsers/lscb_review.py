"""Reviews of a Local Safeguarding Children Board published on their own (not inside a SIF
report): the board's grade, its recommendations and the review's numbered findings.
"""

from __future__ import annotations

import re

from inspections.codes import Framework, JudgementArea

from ..types import Page, ParsedDocument, ParsedJudgement, ParseError
from . import _fields, _report_body
from . import _ofsted_report as report
from ._ofsted_report import words
from ._report_body import HeadingSpec

NAME = "lscb_review"
VERSION = 4

_TITLE_RE = re.compile(
    words(r"Review of the effectiveness of the Local Safeguarding Children Board"), re.I
)
# A SIF report's title also names the LSCB review; those belong to the SIF parser.
_SIF_TITLE_RE = re.compile(words(r"Inspection of services for children in need"), re.I)
_HEAD_FACTS_RE = re.compile(r"Inspection dates?\s*:|Report published", re.I)
_BOARD_RE = re.compile(
    r"\s*(?:Local\s+)?Safeguarding\s+Children(?:'s)?\s+Board\s*$|\s+LSCB$", re.I
)

_FINDER = _report_body.HeadingFinder(
    (
        HeadingSpec(r"Contents", _report_body.SKIP),
        HeadingSpec(r"Executive summary", _report_body.SKIP),
        HeadingSpec(words(r"Information about this (?:area|review)\d?"), _report_body.SKIP),
        HeadingSpec(r"Recommendations", _report_body.RECOMMENDATIONS),
        HeadingSpec(words(r"Inspection findings"), _report_body.FINDINGS),
        _report_body.LSCB_JUDGEMENT,
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
    board = _fields.name_above_title(head[:title_at])
    reading = _fields.Reading()
    # "Surrey Safeguarding Children Board" reviews the board of the authority it names.
    authority = _fields.authority(
        reading,
        (("heading lines", lambda: _BOARD_RE.sub("", board).strip()),),
        where="above the review's title",
        body=pages[0].text,
    )
    lines = report.report_lines(pages)
    headings = _FINDER.find(lines)
    graded = next((h for h in headings if h.role == _report_body.JUDGEMENT and h.grade), None)
    if graded is None:
        reading.problem("no grade for the safeguarding children board found")
    else:
        reading.found("judgements", "headings")
    sections = _report_body.read_sections(lines, headings, lscb_part=True)
    return report.report_document(
        pages,
        framework=Framework.LSCB_REVIEW,
        authority=authority,
        title=report.title_of(head[title_at:]),
        lead_inspector=report.lead_inspector(lines),
        judgements=(
            (ParsedJudgement(JudgementArea.LSCB, graded.grade, lines[graded.start].page),)
            if graded
            else ()
        ),
        findings=_report_body.findings_of(sections),
        reading=reading,
    )
