"""What every write shares: the result of one attempt, the limits on reading a file, and
the user a change is recorded against."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings

from inspections.models import Document, IngestRun, Inspection

from ..pipeline import ParseOutcome

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    outcome: str  # IngestRun.Outcome value
    sha256: str
    document: Document | None = None
    error: str = ""
    parse: ParseOutcome | None = None
    inspections: list[Inspection] = field(default_factory=list)
    run: IngestRun | None = None
    reasons: list[str] = field(default_factory=list)  # why it waits for review
    changes: list[str] = field(default_factory=list)  # what a re-parse or a rendition changed
    kept_edits: list[str] = field(default_factory=list)  # the staff edits it kept


def read_limits() -> dict[str, int]:
    """Every limit on reading one file, from settings (``extract()``'s keyword arguments)."""
    return {
        "max_bytes": settings.INGEST_MAX_BYTES,
        "max_pages": settings.INGEST_MAX_PAGES,
        "max_chars_per_page": settings.INGEST_MAX_CHARS_PER_PAGE,
        "max_chars": settings.INGEST_MAX_CHARS,
        "max_read_memory_mb": settings.INGEST_READ_MEMORY_MB,
        "max_read_seconds": settings.INGEST_READ_SECONDS,
    }


def history_user(user):
    return user if user is not None and user.is_authenticated else None
