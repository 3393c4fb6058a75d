"""Shared helpers for parser tests: real files in, ParsedDocument out, no database."""

from functools import cache

from ingestion.extract import extract
from ingestion.types import Page
from tests.corpus import SEEDS, pdf_path


@cache
def pages_of(fragment: str) -> tuple[Page, ...]:
    """Pages of the corpus PDF whose file name contains ``fragment`` (cached per session)."""
    path = pdf_path(fragment)
    return extract(path.read_bytes(), filename=path.name).pages


@cache
def seed_pages(prefix: str) -> tuple[Page, ...]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return extract(path.read_bytes(), filename=path.name).pages


def findings_of(inspection, kind, section=None):
    """The inspection's findings of ``kind`` (under ``section``, if given), in order."""
    return [
        finding
        for finding in inspection.findings
        if finding.kind == kind and (section is None or finding.section == section)
    ]
