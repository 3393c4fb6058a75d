"""Writing parsed documents on several connections (``ingestion.writers``, ``ingest
--writers``): the same records as one connection, each authority's documents in order on one
thread, a failure raised at its document, and nothing on SQLite but the caller's own thread."""

from __future__ import annotations

import contextlib
import io
import shutil
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from authorities.models import Authority
from findings.models import Finding
from ingestion.writers import parallel_possible, write_all
from inspections.models import Document, IngestRun, Inspection
from tests.corpus import PDFS, requires_corpus

NEEDS_POSTGRES = (
    "several writing connections run on PostgreSQL only (SQLite allows one writer, and its "
    "test database is in this process's memory): run with DATABASE_URL=postgres://... as CI "
    "does"
)


def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)


def traced_writes(items, key, count, session=contextlib.nullcontext):
    """write_all over ``items``, each write noting its thread and its connection's backend."""
    seen = []

    def write(item):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        backend = id(connection.connection)
        seen.append((item, threading.get_ident(), backend))
        return item * 10

    results = list(write_all(items, write, key, count, session=session))
    return results, seen


@pytest.mark.django_db(transaction=True)
def test_each_key_is_written_in_order_by_one_thread_of_its_own():
    needs_postgres()
    items = list(range(40))
    results, seen = traced_writes(items, key=lambda item: item % 4, count=2)
    assert results == [(item, item * 10) for item in items]  # answered in the order given
    threads = {}
    for item, thread, backend in seen:
        threads.setdefault(item % 4, set()).add((thread, backend))
    assert all(len(pairs) == 1 for pairs in threads.values())  # one thread a key
    used = {pair for pairs in threads.values() for pair in pairs}
    assert len(used) == 2  # two threads, each with its own connection
    assert threading.get_ident() not in {thread for thread, _ in used}
    for key in range(4):
        assert [item for item, *_ in seen if item % 4 == key] == items[key::4]


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_is_raised_at_its_item_and_the_rest_are_not_made():
    needs_postgres()
    written = []

    def write(item):
        if item == 5:
            raise ValueError("item 5 is bad")
        written.append(item)
        return item

    answered = []
    with pytest.raises(ValueError, match="item 5 is bad"):
        for item, _ in write_all(range(200), write, lambda item: item % 2, 2):
            answered.append(item)
    assert answered == [0, 1, 2, 3, 4]
    # The threads stopped: what was queued past the window was never written.
    assert len(written) < 30


@pytest.mark.django_db(transaction=True)
def test_a_session_that_cannot_start_fails_each_write_and_never_hangs():
    needs_postgres()

    @contextlib.contextmanager
    def broken():
        raise RuntimeError("no session")
        yield

    with pytest.raises(RuntimeError, match="no session"):
        list(write_all(range(30), lambda item: item, lambda item: item % 3, 2, session=broken))


@pytest.mark.django_db
def test_inside_a_transaction_every_write_runs_here():
    """A caller's open transaction (this test's) is invisible to other connections: the
    writes run on the caller's thread and connection, whatever ``count`` says."""
    assert not parallel_possible()
    results, seen = traced_writes(list(range(6)), key=lambda item: item % 2, count=2)
    assert [r for _, r in results] == [0, 10, 20, 30, 40, 50]
    assert {thread for _, thread, _ in seen} == {threading.get_ident()}


def snapshot() -> dict:
    """Every stored document's records, by content, not by row ids."""
    out = {}
    for document in Document.objects.order_by("sha256"):
        inspections = sorted(
            (
                i.framework,
                str(i.start_date),
                str(i.end_date),
                i.is_placeholder,
                tuple(sorted((j.area, j.grade) for j in i.judgements.all())),
            )
            for i in document.inspections.all()
        )
        findings = list(
            Finding.objects.filter(document=document)
            .order_by("order")
            .values_list("kind", "page", "number", "text")
        )
        out[document.sha256] = (
            document.authority.slug,
            document.status,
            document.page_count,
            inspections,
            findings,
        )
    out["inspections"] = Inspection.objects.count()
    out["runs"] = sorted(IngestRun.objects.values_list("path", "outcome"))
    return out


@requires_corpus
@pytest.mark.django_db(transaction=True)
def test_two_writers_store_what_one_stores(tmp_path):
    """Two authorities' reports and visit letters (fourteen real PDFs, each authority's
    letters meeting its reports' inspections), and one file twice under another name: written
    on two connections, the same documents, inspections, judgements and findings as on one,
    and the same outcome for each file."""
    needs_postgres()
    if not Authority.objects.filter(slug="wakefield").exists():  # emptied by a transactional test
        call_command("load_authorities", stdout=io.StringIO())
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in sorted(PDFS.glob("*.pdf")):
        if "_wakefield__" in path.name or "_rotherham__" in path.name:
            (folder / path.name).symlink_to(path)
    assert len(list(folder.iterdir())) == 14
    first = sorted(folder.iterdir())[0]
    shutil.copy(first, folder / f"zz copy of {first.name}")

    call_command("ingest", str(folder), "--jobs", "2", "--writers", "1", stdout=io.StringIO())
    alone = snapshot()
    assert len(alone) == 14 + 2
    assert alone["inspections"] >= 10
    assert sum(len(records[4]) for sha, records in alone.items() if len(sha) == 64) > 100
    assert alone["runs"].count((str(folder / f"zz copy of {first.name}"), "unchanged")) == 1

    Document.objects.all().delete()
    Inspection.objects.all().delete()
    IngestRun.objects.all().delete()
    call_command("ingest", str(folder), "--jobs", "2", "--writers", "2", stdout=io.StringIO())
    assert snapshot() == alone
