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


def get_parser(name: str) -> ModuleType:
    return PARSERS[name]
