"""Where the real documents live for tests: ``../shared/corpus`` beside the repository."""

from pathlib import Path

import pytest

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
