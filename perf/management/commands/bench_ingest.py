"""``manage.py bench_ingest``: how fast the whole corpus ingests, beside poppler's pdftotext.

A benchmark, not a test: it prints figures. Parsing runs on ``--jobs`` processes; the writes
run in one transaction that is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ingestion.management.commands.ingest import _parse_file
from ingestion.services import authority_index, ingest_document


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the ingestion of a folder of PDFs (default: the dev corpus) against pdftotext."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="../shared/corpus/pdf")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, **options):
        files = sorted(Path(options["folder"]).glob("*.pdf"))
        if not files:
            raise CommandError(f"no PDFs in {options['folder']}")
        limits = (settings.INGEST_MAX_BYTES, settings.INGEST_MAX_PAGES)

        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=options["jobs"]) as pool:
            outcomes = list(
                pool.map(
                    _parse_file,
                    map(str, files),
                    [limits[0]] * len(files),
                    [limits[1]] * len(files),
                )
            )
        parse_seconds = time.perf_counter() - started

        started = time.perf_counter()
        written = 0
        try:
            with transaction.atomic():
                index = authority_index()
                for path, outcome in zip(files, outcomes, strict=True):
                    result = ingest_document(
                        data=path.read_bytes(), filename=str(path), outcome=outcome, index=index
                    )
                    written += result.outcome in ("created", "updated")
                raise _Rollback
        except _Rollback:
            pass
        write_seconds = time.perf_counter() - started

        pages = sum(len(o.pages) for o in outcomes)
        failed = [o for o in outcomes if not o.ok]
        total = parse_seconds + write_seconds
        rows = [
            ("documents", f"{len(files)} ({len(failed)} refused or failed)"),
            ("pages", f"{pages}"),
            ("parse seconds", f"{parse_seconds:.1f} on {options['jobs']} processes"),
            ("write seconds", f"{write_seconds:.1f} ({written} documents written, rolled back)"),
            ("total seconds", f"{total:.1f}"),
            ("pages per second", f"{pages / total:.0f}"),
        ]
        reference = self._pdftotext(files)
        if reference is not None:
            rows.append(("pdftotext seconds", f"{reference:.1f} (one process, text only)"))
            rows.append(("ratio to pdftotext", f"{total / reference:.2f}x"))
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            self.stdout.write(f"{name:<{width}}  {value}")

    def _pdftotext(self, files):
        if shutil.which("pdftotext") is None:
            self.stderr.write("pdftotext not found (apt-get install poppler-utils): no reference")
            return None
        started = time.perf_counter()
        for path in files:
            subprocess.run(
                ["pdftotext", "-q", str(path), "-"], stdout=subprocess.DEVNULL, check=False
            )
        return time.perf_counter() - started
