"""Where the real documents live for tests: ``../shared/corpus`` beside the repository."""

from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PDFS = CORPUS / "pdf"
SEEDS = CORPUS / "seeds"

requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason="../shared/corpus is absent: the real-document tests need it beside the repository",
)


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
    from inspections.management.commands.ingest import _parse_file

    with ProcessPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(_parse_file, map(str, files), *limits))
    return list(zip(files, outcomes, strict=True))
