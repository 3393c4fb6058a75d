"""The pure half of ingestion: bytes in, a ParseOutcome out (no database).

It runs in worker processes for parallel batches, so everything it returns pickles, and
every failure comes back as a one-line reason rather than an exception.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace

from .classify import classify
from .extract import MAX_READ_MEMORY_MB, MAX_READ_SECONDS, extract, read_tables
from .parsers import LABELS, PARSERS
from .recaps import find_recaps
from .types import Page, ParsedDocument, ParseError


@dataclass(frozen=True)
class ParseOutcome:
    sha256: str
    filename: str
    media_type: str = ""
    pages: tuple[Page, ...] = ()
    parser: str = ""
    parser_version: int | None = None
    parsed: ParsedDocument | None = None
    error: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.parsed is not None and not self.error

    @property
    def readable(self) -> bool:
        """Whether the file's text was read, whatever became of parsing it: a readable
        document that no parser could place is kept for review, not refused."""
        return any(page.text.strip() for page in self.pages)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int,
    max_pages: int,
    sha256: str = "",
    parser: str = "",
    **limits,
) -> ParseOutcome:
    """Extract, classify and parse one file; never raises for a bad file.

    ``limits`` are ``extract()``'s other limits (text, and memory and time for reading a PDF).
    """
    started = time.perf_counter()
    digest = sha256 or sha256_of(data)
    try:
        extraction = extract(
            data,
            filename=filename,
            max_bytes=max_bytes,
            max_pages=max_pages,
            tables=False,
            **limits,
        )
    except ParseError as exc:
        return ParseOutcome(
            digest, filename, error=str(exc), seconds=time.perf_counter() - started
        )
    read = {"sha256": digest, "filename": filename, "media_type": extraction.media_type}
    outcome = parse_pages(extraction.pages, parser=parser, **read)
    if extraction.table_pages and not whole(outcome):
        # The text alone left something unread or unsure: the grade table's layout (a tenth
        # of a second a page) is read only now, and the parse runs again with it.
        found = read_tables(
            data,
            extraction.table_pages,
            memory_mb=limits.get("max_read_memory_mb", MAX_READ_MEMORY_MB),
            seconds=limits.get("max_read_seconds", MAX_READ_SECONDS),
        )
        if found:
            pages = tuple(
                replace(page, tables=found.get(page.number, ())) for page in outcome.pages
            )
            outcome = parse_pages(pages, parser=parser, **read)
    return replace(outcome, seconds=time.perf_counter() - started)


def whole(outcome: ParseOutcome) -> bool:
    """Whether a parse read everything it looked for: parsed, with nothing it could not read
    (no problems) and nothing it was unsure of (no warnings)."""
    return outcome.ok and not outcome.parsed.problems and not outcome.parsed.warnings


def parse_pages(
    pages: tuple[Page, ...],
    *,
    sha256: str,
    filename: str = "",
    media_type: str = "",
    parser: str = "",
) -> ParseOutcome:
    """Classify and parse pages already extracted (a re-parse of stored pages); never raises.

    ``parser`` names the parser to use instead of classifying (staff chose what the document
    is, for one no parser recognised).
    """
    started = time.perf_counter()
    outcome = ParseOutcome(sha256, filename, media_type, tuple(pages))
    try:
        outcome = replace(outcome, **_parse(outcome.pages, parser))
    except ParseError as exc:
        outcome = replace(outcome, error=str(exc))
    except Exception as exc:
        outcome = replace(
            outcome, error=f"the parser failed unexpectedly ({type(exc).__name__}: {exc})"
        )
    return replace(outcome, seconds=time.perf_counter() - started)


def _parse(pages: tuple[Page, ...], name: str = "") -> dict:
    parser = PARSERS[name] if name in PARSERS else classify(pages)
    try:
        parsed = parser.parse(pages)
    except ParseError as exc:
        if parser is not PARSERS.get(name):
            raise
        raise ParseError(f"read as {LABELS[name]}, it fails: {exc}") from None
    if parsed.kind != "committee_paper":
        own = [i for i in parsed.inspections if not i.is_recap]
        recaps = find_recaps(
            pages,
            own_framework=own[0].framework if own else None,
            own_start=own[0].start_date if own else None,
        )
        if recaps:
            parsed = replace(parsed, inspections=parsed.inspections + tuple(recaps))
    return {"parser": parser.NAME, "parser_version": parser.VERSION, "parsed": parsed}
