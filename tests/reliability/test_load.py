"""Load and concurrent writers on PostgreSQL.

gunicorn serves a scratch database holding real documents while 64 keep-alive connections
request the public pages for 10 seconds: no request may fail, and the percentiles are printed
at the end of the run (the 60-second figures in docs/reliability.md come from
``manage.py load_test``). Concurrent ingests, of one document many times or of different
documents about the same authorities, must end as one sequential ingest would.
"""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections

from authorities.models import Authority
from ingestion.services import ingest_document
from inspections.models import Document, IngestRun, Inspection
from perf.loadtest import gunicorn, run_load, server_env
from tests.corpus import CORPUS, PDFS

from .conftest import BASE_DIR, LOAD_REPORTS, requires_postgres

pytestmark = [requires_postgres, pytest.mark.slow]

SEEDS = sorted((BASE_DIR / "fixtures" / "seeds").glob("*.txt"))

#: The CI run: bounded in time and in count.
CONNECTIONS, SECONDS, MAX_REQUESTS = 64, 10, 50_000


def paths_in(scratch) -> list[str]:
    script = "from perf.loadtest import site_paths; print('\\n'.join(site_paths()))"
    return scratch.manage("shell", "-v", "0", "-c", script).stdout.split()


def test_64_connections_for_10_seconds_without_an_error(scratch_db, tmp_path):
    files = [str(p) for p in SEEDS]
    if CORPUS.is_dir():
        files += [str(p) for p in sorted(PDFS.glob("*kent__*.pdf"))]
    scratch_db.manage("ingest", *files, "--jobs", "2", check=False)
    assert scratch_db.counts()["documents"] >= len(SEEDS)
    paths = paths_in(scratch_db)
    assert len(paths) > 20
    env = server_env(scratch_db.url, TEST_MEDIA_ROOT=str(scratch_db.media))
    with gunicorn(env, workers=3, threads=8, log=tmp_path / "gunicorn.log") as (url, server):
        run_load(url, paths, connections=8, seconds=2)  # warm every worker's connection
        result = run_load(
            url, paths, connections=CONNECTIONS, seconds=SECONDS, max_requests=MAX_REQUESTS
        )
        assert server.poll() is None
    summary = result.summary()
    LOAD_REPORTS.append(("gunicorn, 3 workers x 8 threads, PostgreSQL", summary))
    assert result.requests > CONNECTIONS
    assert result.errors == 0, (summary, dict(result.failures))
    assert set(result.statuses) == {200}


def history() -> list[tuple]:
    """Every inspection and its judgements, comparable between two databases."""
    return sorted(
        (
            i.authority.slug,
            i.framework,
            str(i.start_date),
            i.is_placeholder,
            tuple(
                sorted(
                    (
                        j.area,
                        j.grade,
                        j.source,
                        j.source_document.sha256 if j.source_document else "",
                    )
                    for j in i.judgements.all()
                )
            ),
            tuple(sorted(d.sha256 for d in i.documents.all())),
        )
        for i in Inspection.objects.select_related("authority")
    )


@pytest.fixture
def reference_data(transactional_db):
    """Every authority, as migrations load them (an earlier transactional test empties the
    tables when it ends)."""
    if not Authority.objects.filter(slug="kent").exists():
        call_command("load_authorities", stdout=io.StringIO())


def ingest_at_once(files: list[tuple[str, bytes]]) -> list:
    """Ingest every (name, bytes) in its own thread, all released at the same moment."""
    start = threading.Barrier(len(files))
    results: list = [None] * len(files)

    def run(position: int, name: str, data: bytes) -> None:
        try:
            start.wait()
            results[position] = ingest_document(data=data, filename=name)
        except Exception as exc:  # reported by the assertion below, with its type
            results[position] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(n, name, data)) for n, (name, data) in enumerate(files)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_document_ingested_six_times_at_once_is_stored_once(reference_data):
    seed = SEEDS[1]
    results = ingest_at_once([(seed.name, seed.read_bytes())] * 6)
    outcomes = sorted(getattr(r, "outcome", repr(r)) for r in results)
    assert outcomes == ["created"] + ["unchanged"] * 5, [getattr(r, "error", r) for r in results]
    assert Document.objects.count() == 1
    document = Document.objects.get()
    assert {r.document.pk for r in results} == {document.pk}
    assert document.pages.count() == document.page_count > 0
    assert IngestRun.objects.count() == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_different_documents_at_once_end_as_one_sequential_ingest(reference_data):
    files = [(p.name, p.read_bytes()) for p in SEEDS]
    for name, data in files:
        assert ingest_document(data=data, filename=name).outcome == "created"
    sequential = history()
    counts = (Document.objects.count(), Inspection.objects.count())
    Document.objects.all().delete()
    Inspection.objects.all().delete()

    for _ in range(3):  # a race lost once in three would still show
        results = ingest_at_once(files)
        assert [getattr(r, "outcome", repr(r)) for r in results] == ["created"] * len(files), [
            getattr(r, "error", r) for r in results
        ]
        assert history() == sequential
        assert (Document.objects.count(), Inspection.objects.count()) == counts
        Document.objects.all().delete()
        Inspection.objects.all().delete()
