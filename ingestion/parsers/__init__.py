"""The parser registry: one module per kind of document, tried in this order.

Each module exposes ``NAME`` (its registry key), ``VERSION`` (an int bumped when its output
changes), ``detect(pages) -> bool`` (does the document look like its kind, judged from content
alone) and ``parse(pages) -> ParsedDocument``. Order matters: more specific kinds come first.
The modules are imported here, so a parser that cannot be imported stops the program at once
rather than being passed over.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    committee_paper,
    focused_visit_letter,
    ilacs_report,
    joint_area_review,
    jtai_letter,
    lscb_review,
    monitoring_visit_letter,
    pre_sif_report,
    sif_report,
)

#: Every parser, in the order ``classify`` tries them.
ORDER: tuple[ModuleType, ...] = (
    committee_paper,
    joint_area_review,
    jtai_letter,
    monitoring_visit_letter,
    focused_visit_letter,
    lscb_review,
    pre_sif_report,
    sif_report,
    ilacs_report,
)

PARSERS: dict[str, ModuleType] = {parser.NAME: parser for parser in ORDER}

#: What each parser reads, in staff's words: the choice "Read it as" on a document that no
#: parser recognised by itself.
LABELS: dict[str, str] = {
    "ilacs": "ILACS inspection report (2018 onwards)",
    "sif": "Single inspection framework report or re-inspection (2013-18)",
    "pre_sif": "Inspection report before 2013 (safeguarding, looked after children)",
    "lscb_review": "Review of a local safeguarding children board",
    "focused_visit": "Focused visit letter",
    "monitoring_visit": "Monitoring visit letter",
    "jtai": "Joint targeted area inspection letter",
    "joint_area_review": "Joint area review (2005-09)",
    "committee_paper": "Council committee paper or minutes",
}


def get_parser(name: str) -> ModuleType:
    return PARSERS[name]
