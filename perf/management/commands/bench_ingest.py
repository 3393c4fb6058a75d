"""``manage.py bench_ingest``: how fast the whole corpus ingests, beside poppler's pdftotext.

A benchmark, not a test: it prints figures. It runs what ``manage.py ingest`` runs: the files
parsed on ``--jobs`` processes while this one writes those already parsed, each through
``ingest_document``, on ``--writers`` connections (``ingestion.writers``); each connection's
writes run in one transaction that is rolled back, so the database is left as it was.
Reported: the whole time, the time the writes took summed over the connections, and the
parsing's own time summed over the processes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ingestion.management.commands.ingest import parse_files
from ingestion.services import authority_index, ingest_document
from ingestion.services.ingest import owner
from ingestion.writers import default_writers, parallel_possible, write_all


@contextlib.contextmanager
def _rolled_back():
    """One transaction around a writer's every write, rolled back at its end."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _vacuum_written() -> None:
    """On PostgreSQL, clear what the rolled-back writes left: their rows are dead but stay in
    the tables and their indexes (the findings' trigram index most) until a vacuum, which a
    server without autovacuum never runs, and every page read after would pay for them."""
    if connection.vendor != "postgresql":
        return
    from findings.models import Finding
    from inspections.models import Document, DocumentPage, IngestRun, Inspection, Judgement

    models = [Document, DocumentPage, IngestRun, Inspection, Judgement, Finding]
    tables = [m._meta.db_table for m in models]
    tables += [m.history.model._meta.db_table for m in models if hasattr(m, "history")]
    tables.append(Inspection.documents.through._meta.db_table)
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM (ANALYZE) "{table}"')


class Command(BaseCommand):
    help = "Time the ingestion of a folder of PDFs (default: the dev corpus) against pdftotext."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="../shared/corpus/pdf")
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--writers", type=int, help="writing connections (default: as manage.py ingest)"
        )

    def handle(self, *args, **options):
        files = sorted(Path(options["folder"]).glob("*.pdf"))
        if not files:
            raise CommandError(f"no PDFs in {options['folder']}")
        outcomes = []
        lock = threading.Lock()
        write_seconds = [0.0]
        index = authority_index()
        writers = options["writers"] or default_writers()

        def write(job):
            path, outcome = job
            began = time.perf_counter()
            result = ingest_document(
                data=path.read_bytes(), filename=str(path), outcome=outcome, index=index
            )
            with lock:
                write_seconds[0] += time.perf_counter() - began
            return result

        def key(job):
            return owner(job[1], None, "", index)

        started = time.perf_counter()
        written = 0
        for (_, outcome), result in write_all(
            parse_files(files, options["jobs"]), write, key, writers, session=_rolled_back
        ):
            outcomes.append(outcome)
            written += result.outcome in ("created", "updated")
        total = time.perf_counter() - started
        _vacuum_written()
        parse_seconds = sum(o.seconds for o in outcomes)

        pages = sum(len(o.pages) for o in outcomes)
        failed = [o for o in outcomes if not o.ok]
        rows = [
            ("documents", f"{len(files)} ({len(failed)} refused or failed)"),
            ("pages", f"{pages}"),
            ("parse seconds", f"{parse_seconds:.1f} summed over {options['jobs']} processes"),
            (
                "write seconds",
                f"{write_seconds[0]:.1f} summed over {writers if parallel_possible() else 1} "
                f"connections, while they parse ({written} documents written, rolled back)",
            ),
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
