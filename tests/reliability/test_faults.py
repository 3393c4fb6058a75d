"""Faults: an ingest killed or cut off from its database half-way, and a database outage while
the site is serving.

Each runs the real thing in child processes against a scratch database: ``manage.py ingest``
stopped inside its transaction (by SIGKILL, or by PostgreSQL terminating its connection), and
gunicorn whose database connections are all terminated while requests wait on them.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg2

from perf.loadtest import gunicorn, server_env

from .conftest import BASE_DIR, _postgres_admin, requires_postgres

SEEDS = BASE_DIR / "fixtures" / "seeds"

#: ``manage.py ingest`` with a pause inside the document's transaction: after the document,
#: its pages, an inspection and its judgements are written, it says where it is (its database
#: backend's pid) in a file and waits there for the test.
STALLED_INGEST = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import django
    django.setup()
    from django.core.management import execute_from_command_line
    from django.db import connection
    from ingestion.services import ingest as services

    marker, go = Path(sys.argv[2]), Path(sys.argv[3])
    write_judgements = services._write_judgements

    def stalled(*args, **kwargs):
        write_judgements(*args, **kwargs)
        if not marker.exists():
            with connection.cursor() as cursor:
                postgres = connection.vendor == "postgresql"
                pid = cursor.connection.get_backend_pid() if postgres else 0
            marker.write_text(str(pid))
            deadline = time.monotonic() + 120
            while not go.exists() and time.monotonic() < deadline:
                time.sleep(0.05)

    services._write_judgements = stalled
    execute_from_command_line(["manage.py", "ingest", sys.argv[1], "--jobs", "1"])
    """
)


def start_stalled_ingest(scratch, tmp_path: Path, path: Path):
    marker, go = tmp_path / "inside-transaction", tmp_path / "go-on"
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_INGEST, str(path), str(marker), str(go)],
        cwd=BASE_DIR,
        env=scratch.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the ingest never reached its transaction"
        time.sleep(0.05)
    time.sleep(0.1)  # the marker is written; let the write finish
    return process, int(marker.read_text() or 0), go


DATA = ("documents", "pages", "inspections", "judgements", "findings")


def data_of(counts: dict) -> dict:
    return {name: counts[name] for name in DATA}


def assert_re_run_succeeds(scratch, seed: Path, before: dict) -> None:
    completed = scratch.manage("ingest", str(seed), "--jobs", "1")
    assert "1 created" in completed.stdout, completed.stdout
    counts = scratch.counts()
    assert counts["documents"] == before["documents"] + 1, counts
    assert counts["pages"] > before["pages"] and counts["inspections"] >= before["inspections"]
    again = scratch.manage("ingest", str(seed), "--jobs", "1")
    assert "1 unchanged" in again.stdout
    assert scratch.counts() == {**counts, "runs": counts["runs"] + 1}
    # The file the stopped ingest stored before its commit is the one the re-run keeps.
    prefix = hashlib.sha256(seed.read_bytes()).hexdigest()[:16]
    assert [p.name for p in scratch.media.rglob(f"{prefix}*")] == [f"{prefix}.txt"]


def test_an_ingest_killed_inside_its_transaction_leaves_no_rows_and_a_re_run_succeeds(
    scratch_db, tmp_path
):
    seed = SEEDS / "001_8cc3c680e5a62abe.txt"
    before = scratch_db.counts()
    process, _, _ = start_stalled_ingest(scratch_db, tmp_path, seed)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert data_of(scratch_db.counts()) == data_of(before)
    assert_re_run_succeeds(scratch_db, seed, before)


@requires_postgres
def test_an_ingest_whose_connection_is_dropped_fails_cleanly_and_a_re_run_succeeds(
    scratch_db, tmp_path
):
    seed = SEEDS / "002_29f6e585810dfbfd.txt"
    before = scratch_db.counts()
    process, pid, go = start_stalled_ingest(scratch_db, tmp_path, seed)
    admin = _postgres_admin()
    with admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True
    admin.close()
    go.write_text("")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1, (stdout, stderr)
    message = stderr.strip().splitlines()[-1]
    assert message.startswith(f"CommandError: {seed}: the database failed ("), stderr
    assert "nothing of this file was written" in message
    assert "Traceback" not in stderr
    assert data_of(scratch_db.counts()) == data_of(before)
    assert_re_run_succeeds(scratch_db, seed, before)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@requires_postgres
def test_a_database_outage_fails_the_requests_in_flight_then_the_site_recovers(
    scratch_db, tmp_path
):
    """Every database connection is terminated while requests wait on a lock: those requests
    get a plain 500, and the same gunicorn serves the next requests without a restart."""
    env = server_env(scratch_db.url, TEST_MEDIA_ROOT=str(scratch_db.media))
    with gunicorn(env, workers=2, threads=4, log=tmp_path / "gunicorn.log") as (url, server):
        for _ in range(8):  # every worker thread opens its persistent connection
            assert _get(url + "/authorities/")[0] == 200
        admin = _postgres_admin()
        # Hold the tables so the next requests wait inside their queries.
        locker = psycopg2.connect(scratch_db.url)
        with locker.cursor() as cursor:  # every table: whatever a page reads, it waits
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
            cursor.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
        results: list[tuple[int, bytes]] = []
        in_flight = [
            threading.Thread(target=lambda: results.append(_get(url + "/authorities/")))
            for _ in range(4)
        ]
        for thread in in_flight:
            thread.start()
        with admin.cursor() as cursor:
            deadline = time.monotonic() + 30
            waiting: list[tuple] = []
            while len(waiting) < 4 and time.monotonic() < deadline:
                cursor.execute(
                    # The requests' own queries only: each request first reads the data's
                    # version from the cache table. An autovacuum worker, or any other
                    # client, waiting on the same lock (a busy machine) would otherwise make
                    # four before the last request arrived, and that one would answer 200.
                    "SELECT pid, backend_type, left(query, 120) FROM pg_stat_activity "
                    "WHERE datname = %s AND wait_event_type = 'Lock' "
                    "AND backend_type = 'client backend' AND query LIKE %s",
                    [scratch_db.name, "%ofsted_kb_cache%"],
                )
                waiting = cursor.fetchall()
                time.sleep(0.05)
            cursor.execute(
                "SELECT pid, backend_type, wait_event_type, left(query, 120) "
                "FROM pg_stat_activity WHERE datname = %s",
                [scratch_db.name],
            )
            everyone = cursor.fetchall()
            assert len(waiting) == 4, f"the requests never reached the database: {everyone}"
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [scratch_db.name],
            )
            terminated = cursor.fetchone()[0]
        admin.close()
        locker.close()
        for thread in in_flight:
            thread.join(timeout=60)
        assert terminated >= 5  # the four waiting requests' connections and the lock's
        assert [status for status, _ in results] == [500] * 4, everyone
        assert all(b"Traceback" not in body for _, body in results)
        after = [_get(url + path)[0] for path in ["/authorities/", "/", "/findings/"] * 6]
        assert after == [200] * 18
        assert server.poll() is None  # the same server, never restarted
