"""The parser registry: one module per kind of document, tried in this order.

Each module exposes ``NAME`` (the registry key), ``VERSION`` (an int bumped when its output
changes), ``detect(pages) -> bool`` (does the document look like its kind, judged from content
alone) and ``parse(pages) -> ParsedDocument``. Order matters: more specific kinds come first.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PARSERS: dict[str, str] = {
    "committee_paper": "ingestion.parsers.committee_paper",
    "joint_area_review": "ingestion.parsers.joint_area_review",
    "jtai": "ingestion.parsers.jtai_letter",
    "monitoring_visit": "ingestion.parsers.monitoring_visit_letter",
    "focused_visit": "ingestion.parsers.focused_visit_letter",
    "lscb_review": "ingestion.parsers.lscb_review",
    "pre_sif": "ingestion.parsers.pre_sif_report",
    "sif": "ingestion.parsers.sif_report",
    "ilacs": "ingestion.parsers.ilacs_report",
}


def get_parser(name: str) -> ModuleType:
    return importlib.import_module(PARSERS[name])
