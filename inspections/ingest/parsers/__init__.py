"""The parser registry: one module per kind of document, tried in this order.

Each module exposes ``NAME`` (the registry key), ``VERSION`` (an int bumped when its output
changes), ``detect(pages) -> bool`` (does the document look like its kind, judged from content
alone) and ``parse(pages) -> ParsedDocument``. Order matters: more specific kinds come first.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PARSERS: dict[str, str] = {
    "committee_paper": "inspections.ingest.parsers.committee_paper",
    "joint_area_review": "inspections.ingest.parsers.joint_area_review",
    "jtai": "inspections.ingest.parsers.jtai_letter",
    "monitoring_visit": "inspections.ingest.parsers.monitoring_visit_letter",
    "focused_visit": "inspections.ingest.parsers.focused_visit_letter",
    "lscb_review": "inspections.ingest.parsers.lscb_review",
    "pre_sif": "inspections.ingest.parsers.pre_sif_report",
    "sif": "inspections.ingest.parsers.sif_report",
    "ilacs": "inspections.ingest.parsers.ilacs_report",
}


def get_parser(name: str) -> ModuleType:
    return importlib.import_module(PARSERS[name])
