"""Shared pieces of the reliability tests: row counts, a media folder, and scratch databases.

A scratch database is a fresh, migrated database of the same engine as the test run (a SQLite
file, or a new PostgreSQL database beside the test one) for tests whose subject is a separate
process: a killed ingest, gunicorn under load, a restore from a backup.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from findings.models import Finding
from inspections.models import Document, DocumentPage, Inspection, Judgement

BASE_DIR = Path(settings.BASE_DIR)
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

#: Needs PostgreSQL; skips on SQLite (tests/conftest.py).
requires_postgres = pytest.mark.postgres(
    reason="needs PostgreSQL (concurrent writers, pg_dump, pg_terminate_backend)"
)

#: The tables an ingest writes; "nothing written" means none of them changed.
DATA_MODELS = {
    "documents": Document,
    "pages": DocumentPage,
    "inspections": Inspection,
    "judgements": Judgement,
    "findings": Finding,
}

#: The same tables, by name, for counting rows in a scratch database from outside.
TABLES = {
    "documents": "inspections_document",
    "pages": "inspections_documentpage",
    "inspections": "inspections_inspection",
    "judgements": "inspections_judgement",
    "findings": "findings_finding",
    "runs": "inspections_ingestrun",
}


def data_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in DATA_MODELS.items()}


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def media_root(settings, tmp_path):
    """A media folder of the test's own, so "no file was stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _postgres_admin():
    import psycopg2

    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


def postgres_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@dataclass
class ScratchDatabase:
    """A migrated database of its own, used through ``manage.py`` in child processes."""

    url: str
    media: Path
    name: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ofsted_kb.settings_test",
            "DATABASE_URL": self.url,
            "TEST_MEDIA_ROOT": str(self.media),
            "DATABASE_CONN_MAX_AGE": "60",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests set it for themselves
        env.update(self.extra_env)
        return env

    def manage(self, *args: str, timeout: float = 300, check: bool = True, **env: str):
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and completed.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} exited {completed.returncode}:\n"
                f"{completed.stdout}\n{completed.stderr}"
            )
        return completed

    def counts(self) -> dict[str, int]:
        """Rows in each table an ingest writes, read straight from the database."""
        if self.name:
            import psycopg2

            connection = psycopg2.connect(self.url)
        else:
            import sqlite3

            connection = sqlite3.connect(self.url.removeprefix("sqlite:///"))
        try:
            cursor = connection.cursor()
            counts = {}
            for name, table in TABLES.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[name] = cursor.fetchone()[0]
            return counts
        finally:
            connection.close()


def create_scratch_database(tmp_path: Path, label: str) -> ScratchDatabase:
    media = tmp_path / f"{label}-media"
    if ON_POSTGRES:
        name = f"reliability_{label}_{uuid.uuid4().hex[:8]}"
        admin = _postgres_admin()
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        scratch = ScratchDatabase(postgres_url(name), media, name)
    else:
        scratch = ScratchDatabase(f"sqlite:///{tmp_path / f'{label}.sqlite3'}", media)
    scratch.manage("migrate", "--no-input", "-v", "0")
    # As a deployment does: the site's settings (not the tests') keep a cache in the database.
    scratch.manage(
        "createcachetable", DJANGO_SETTINGS_MODULE="ofsted_kb.settings", SECRET_KEY="x" * 50
    )
    return scratch


def drop_scratch_database(scratch: ScratchDatabase) -> None:
    if scratch.name:
        admin = _postgres_admin()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch.name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def scratch_db(tmp_path_factory):
    """One scratch database for a test module (migrating costs seconds)."""
    scratch = create_scratch_database(tmp_path_factory.mktemp("scratch"), "t")
    yield scratch
    drop_scratch_database(scratch)


#: (what ran, LoadResult.summary()) of the load tests in this run, printed at its end.
LOAD_REPORTS: list[tuple[str, dict]] = []


def pytest_terminal_summary(terminalreporter):
    for label, summary in LOAD_REPORTS:
        terminalreporter.write_line(
            f"load ({label}): {summary['connections']} connections, {summary['seconds']} s, "
            f"{summary['requests']} requests ({summary['requests_per_second']}/s), "
            f"{summary['errors']} errors; p50 {summary['p50_ms']} ms, p90 {summary['p90_ms']} "
            f"ms, p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms"
        )
