"""``manage.py ingest PATH...``: ingest files or folders of documents, in parallel.

Parsing runs across ``--jobs`` worker processes; writing happens here, one transaction per
document, on ``--writers`` connections at once on PostgreSQL (``ingestion.writers``: each
authority's documents on one of them, in order). A bad file is reported and skipped; the
command exits non-zero at the end if any file failed. ``--report`` writes one JSON object
per input file.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from authorities.models import Authority
from ingestion.extract import UnreadableDocument, check_size
from ingestion.pipeline import ParseOutcome, parse_bytes
from ingestion.services import authority_index, ingest_document, read_limits
from ingestion.services.ingest import owner
from ingestion.writers import default_writers, write_all

SUFFIXES = {".pdf", ".txt", ".md", ".markdown"}


def _parse_file(path: str, max_bytes: int, max_pages: int, **limits):
    try:
        check_size(os.path.getsize(path), max_bytes)  # before reading it into memory
    except UnreadableDocument as exc:
        with open(path, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return ParseOutcome(digest, path, error=str(exc))
    data = Path(path).read_bytes()
    return parse_bytes(data, filename=path, max_bytes=max_bytes, max_pages=max_pages, **limits)


def parse_files(files: list[Path], jobs: int):
    """``(path, ParseOutcome)`` for each file, in order, parsed on ``jobs`` processes while
    the caller writes the ones already parsed (the pool runs ahead of the writes)."""
    limits = read_limits()
    jobs = max(1, jobs)
    if jobs == 1 or len(files) < 2:
        for path in files:
            yield path, _parse_file(str(path), **limits)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_parse_file, str(path), **limits) for path in files]
        for path, future in zip(files, futures, strict=True):
            yield path, future.result()


#: A file's place in a public GitHub repository, as the community scrapers' listings give it.
_REPOSITORY_PATH = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+):(?P<path>[^:]+)$")


def source_url(value: str | None) -> str:
    """Where a document came from, as a URL: a URL as it is, ``owner/repository:path`` as
    the file's page on GitHub; anything else is dropped."""
    value = (value or "").strip()
    if value.startswith(("https://", "http://")):
        return value[:500]
    match = _REPOSITORY_PATH.match(value)
    if not match:
        return ""
    path = quote(match["path"].strip("/"))
    return f"https://github.com/{match['repo']}/blob/HEAD/{path}"[:500]


class Command(BaseCommand):
    help = "Ingest Ofsted reports, letters and committee papers (files or folders)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to ingest.")
        parser.add_argument("--report", help="Write a JSON Lines report to this file.")
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="Parallel parsing processes."
        )
        parser.add_argument(
            "--writers",
            type=int,
            help="Documents written at once, each on its own database connection (default: "
            "one a core on PostgreSQL, one on SQLite).",
        )
        parser.add_argument(
            "--manifest",
            help="A CSV giving what the documents do not state themselves: a file column, "
            "the publication date as published_on or listing_date, where it came from as "
            "source_url or source (a URL, or owner/repository:path on GitHub), and the "
            "authority, used where the text does not name it. The corpus's MANIFEST.csv is "
            "read as it is.",
        )
        parser.add_argument(
            "--authority",
            help="The authority (its name or its slug, as in /authorities/<slug>/) the "
            "documents are about, used where a document does not name it (a council's "
            "paper often does not).",
        )
        parser.add_argument(
            "--published-on",
            type=datetime.date.fromisoformat,
            help="Publication date (YYYY-MM-DD) for documents that do not state one.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse and report, but write nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Store new documents as unpublished drafts."
        )

    def handle(self, *args, **options):
        files = self._collect(options["paths"])
        manifest = self._manifest(options["manifest"]) if options["manifest"] else {}
        report = open(options["report"], "w", encoding="utf-8") if options["report"] else None  # noqa: SIM115
        index = authority_index()
        given = self._authority(options["authority"], index) if options["authority"] else None
        counts: dict[str, int] = {}
        started = time.perf_counter()

        def jobs():
            for path, outcome in parse_files(files, options["jobs"]):
                extra = manifest.get(path.name, {})
                supplied = given or self._authority(extra.get("authority"), index, False)
                yield path, outcome, extra, supplied

        def write(job):
            path, outcome, extra, supplied = job
            try:
                return ingest_document(
                    data=path.read_bytes() if outcome.ok or outcome.readable else b"",
                    filename=str(path),
                    published_on=extra.get("published_on") or options["published_on"],
                    source_url=extra.get("source_url", ""),
                    authority=supplied,
                    dry_run=options["dry_run"],
                    publish=not options["draft"],
                    outcome=outcome,
                    index=index,
                )
            except DatabaseError as exc:
                # The database went away mid-write: the file's transaction rolled back, and
                # the files after it would fail the same way.
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise CommandError(
                    f"{path}: the database failed ({type(exc).__name__}: {reason}); "
                    "nothing of this file was written, and the files before it are stored: "
                    "run the command again to go on"
                ) from None

        def key(job):
            _, outcome, extra, supplied = job
            # An Authority (equal by primary key), or None for documents no authority owns.
            return owner(outcome, supplied, extra.get("source_url", ""), index)

        writers = 1 if options["dry_run"] else options["writers"] or default_writers()
        written = write_all(jobs(), write, key, writers)
        try:
            for position, ((path, *_), result) in enumerate(written, 1):
                counts[result.outcome] = counts.get(result.outcome, 0) + 1
                if result.error:
                    self._clear_progress()
                    self.stderr.write(f"{path}: {result.error}")
                elif result.reasons:
                    self._clear_progress()
                    self.stderr.write(f"{path}: kept for review: {'; '.join(result.reasons)}")
                if report:
                    report.write(json.dumps(self._report_row(path, result), default=str) + "\n")
                self._progress(position, len(files))
        finally:
            if report:
                report.close()
        self._clear_progress()
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
        self.stdout.write(f"{len(files)} files in {seconds:.1f} s: {summary or 'nothing to do'}")
        if counts.get("failed"):
            raise CommandError(f"{counts['failed']} file(s) failed; see the messages above.")

    def _collect(self, paths):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(
                    sorted(
                        p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                    )
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{raw}: no such file or folder")
        return files

    def _authority(self, name, index, required=True):
        """The authority a name or slug given by the caller means (None for none given)."""
        if not name:
            return None
        name_index, authorities = index
        found = Authority.objects.filter(slug=name.strip().lower()).first()
        if found is None:
            code = name_index.resolve(name)
            found = authorities.get(code) if code else None
        if found is None and required:
            raise CommandError(f"--authority {name!r}: no authority has that name or slug")
        return found

    def _manifest(self, name):
        rows = {}
        try:
            with open(name, newline="", encoding="utf-8-sig") as handle:
                for row in csv.DictReader(handle):
                    # Ofsted's listings call the publication date the listing date.
                    published = (row.get("published_on") or row.get("listing_date") or "").strip()
                    rows[Path(row["file"]).name] = {
                        "published_on": datetime.date.fromisoformat(published)
                        if published
                        else None,
                        "source_url": source_url(row.get("source_url") or row.get("source")),
                        "authority": (row.get("authority") or "").strip(),
                    }
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"cannot read the manifest {name}: {exc}") from None
        return rows

    def _report_row(self, path, result):
        outcome = result.parse
        parsed = outcome.parsed if outcome else None
        document = result.document
        return {
            "path": str(path),
            "sha256": result.sha256,
            "status": result.outcome,
            "error": result.error,
            # Why a readable document waits for review ("needs_review"): what staff must settle.
            "reasons": list(result.reasons),
            "kind": document.kind if document else (parsed.kind if parsed else None),
            "authority_ons_code": document.authority.ons_code
            if document and document.authority
            else None,
            "published_on": document.published_on if document else None,
            "pages": len(outcome.pages) if outcome else (document.page_count if document else 0),
            "seconds": round(outcome.seconds, 3) if outcome else 0,
            "parser": outcome.parser if outcome else (document.parser if document else ""),
            "inspections": [
                {
                    "framework": i.framework,
                    "start_date": i.start_date,
                    "end_date": i.end_date,
                    "published_on": i.published_on,
                    "lead_inspector": i.lead_inspector,
                    "is_recap": i.is_recap,
                    "judgements": {j.area: j.grade for j in i.judgements},
                    "findings": _count_kinds(i.findings),
                }
                for i in (parsed.inspections if parsed else ())
            ],
        }

    def _progress(self, done, total):
        if sys.stderr.isatty() and not getattr(self, "_quiet_progress", False):
            width = 30
            filled = int(width * done / total) if total else width
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            sys.stderr.flush()

    def _clear_progress(self):
        if sys.stderr.isatty():
            sys.stderr.write("\r" + " " * 50 + "\r")
            sys.stderr.flush()


def _count_kinds(findings):
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts
