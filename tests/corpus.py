"""Where the real documents live for tests: ``../shared/corpus`` beside the repository."""

import csv
import datetime
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PDFS = CORPUS / "pdf"
SEEDS = CORPUS / "seeds"

#: Reads the real documents; skips where ../shared/corpus is absent (tests/conftest.py).
requires_corpus = pytest.mark.corpus


def pdf_path(fragment: str) -> Path:
    """The one corpus PDF whose name contains ``fragment`` (names are for finding files in
    tests only; the code under test never sees them)."""
    matches = sorted(p for p in PDFS.glob("*.pdf") if fragment in p.name)
    assert len(matches) == 1, f"{fragment!r} matches {len(matches)} corpus files"
    return matches[0]


@cache
def parsed_corpus():
    """(path, ParseOutcome) for every corpus PDF and seed, parsed once per test session."""
    files = sorted(PDFS.glob("*.pdf")) + sorted(SEEDS.glob("*.txt"))
    limits = [settings.INGEST_MAX_BYTES] * len(files), [settings.INGEST_MAX_PAGES] * len(files)
    from ingestion.management.commands.ingest import _parse_file

    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(_parse_file, map(str, files), *limits))
    return list(zip(files, outcomes, strict=True))


def manifest_rows() -> list[dict[str, str]]:
    """The corpus MANIFEST's rows (file, authority, ofsted_urn, listing_label, listing_date,
    source); empty where the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    with (CORPUS / "MANIFEST.csv").open(newline="", encoding="utf-8") as manifest:
        return list(csv.DictReader(manifest))


def listed(label: str) -> list[str]:
    """Corpus files that Ofsted's listing files under ``label`` (tests may use names)."""
    return [row["file"] for row in manifest_rows() if row["listing_label"] == label]


@cache
def official_sif_records() -> tuple[tuple[int, object], ...]:
    """(Ofsted URN, OfficialInspection) for every SIF inspection and re-inspection in Ofsted's
    2009-2023 statistics: which listed reports Ofsted itself files as SIF (its listing names
    SIF and ILACS reports alike, and both were published in the summer of 2018)."""
    from ingestion.official_statistics import UNDERLYING_2023, read_history_2009_2023
    from inspections.codes import Framework

    with (Path(__file__).resolve().parent.parent / "fixtures" / "authorities.csv").open(
        newline="", encoding="utf-8"
    ) as handle:
        urns = {
            row["name"].lower(): int(row["ofsted_urn"])
            for row in csv.DictReader(handle)
            if row["ofsted_urn"]
        }
    return tuple(
        (urns[record.authority_name.lower()], record)
        for record in read_history_2009_2023(CORPUS / "data" / UNDERLYING_2023)
        if record.framework in (Framework.SIF, Framework.SIF_REINSPECTION)
        and record.authority_name.lower() in urns
    )


def official_sif_record(row: dict[str, str]):
    """The SIF record in Ofsted's statistics for this MANIFEST row (one published within a
    fortnight of the listing's date: a few reports were re-issued days later), or None."""
    listed = datetime.date.fromisoformat(row["listing_date"])
    for urn, record in official_sif_records():
        if urn == int(row["ofsted_urn"]) and abs((record.published_on - listed).days) <= 14:
            return record
    return None


def is_official_sif(row: dict[str, str]) -> bool:
    """Is this MANIFEST row a report that Ofsted's statistics file as a SIF inspection?"""
    return official_sif_record(row) is not None
