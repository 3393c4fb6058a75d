"""The search migrations on a fresh database of the test run's engine: ``migrate`` from zero
under the benchmark's settings (whose cache table a migration makes), back past them, and
forward again, each through ``manage.py`` as a deployment runs it."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.reliability.conftest import _postgres_admin

BASE_DIR = Path(settings.BASE_DIR)
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

#: What findings 0005 and inspections 0005 add on PostgreSQL.
POSTGRES_INDEXES = {
    "findings_finding_search_vector",
    "inspections_documentpage_search_vector",
    "findings_finding_text_trgm",
    "inspections_document_newest",
}
#: What findings 0002 made on PostgreSQL, which 0005 replaces.
EXPRESSION_INDEXES = {"findings_finding_text_search", "inspections_documentpage_text_search"}


@pytest.fixture
def fresh(tmp_path):
    """(DATABASE_URL, connect) of a new, empty database."""
    if not ON_POSTGRES:
        path = tmp_path / "fresh.sqlite3"
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path)
        return
    import psycopg2

    db = settings.DATABASES["default"]
    name = f"bench_fresh_{uuid.uuid4().hex[:8]}"
    admin = _postgres_admin()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
    try:
        yield url, lambda: psycopg2.connect(url)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ofsted_kb.settings_bench",
        "DATABASE_URL": url,
        "SECRET_KEY": "x" * 50,
        "DEBUG": "0",
    }
    completed = subprocess.run(
        [sys.executable, "manage.py", *args, "--no-input", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, f"{args}: {completed.stdout}\n{completed.stderr}"


def search_schema(connect) -> dict:
    connection = connect()
    try:
        cursor = connection.cursor()
        if ON_POSTGRES:
            cursor.execute(
                "SELECT attrelid::regclass::text FROM pg_attribute "
                "JOIN pg_class ON pg_class.oid = attrelid AND relkind = 'r' "
                "WHERE attname = 'search_vector' AND NOT attisdropped"
            )
            columns = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            indexes = {row[0] for row in cursor.fetchall()}
            return {
                "columns": columns,
                "indexes": indexes & (POSTGRES_INDEXES | EXPRESSION_INDEXES),
            }
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_%_fts'")
        return {"fts": {row[0] for row in cursor.fetchall()}}
    finally:
        connection.close()


def test_the_search_migrations_run_from_zero_back_and_forward(fresh):
    url, connect = fresh
    manage(url, "migrate")
    if ON_POSTGRES:
        migrated = {
            "columns": {"findings_finding", "inspections_documentpage"},
            "indexes": POSTGRES_INDEXES,
        }
    else:
        migrated = {"fts": {"search_finding_fts", "search_page_fts"}}
    assert search_schema(connect) == migrated

    manage(url, "migrate", "findings", "0004")
    manage(url, "migrate", "inspections", "0004")
    if ON_POSTGRES:
        assert search_schema(connect) == {"columns": set(), "indexes": EXPRESSION_INDEXES}
    else:
        assert search_schema(connect) == migrated  # nothing of theirs on SQLite

    manage(url, "migrate")
    assert search_schema(connect) == migrated
