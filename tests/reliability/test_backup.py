"""Backup and restore, as docs/reliability.md tells an operator to do them, proven end to end.

A scratch database holding real ingested documents is backed up, restored into an empty
database, and every table is compared: its row count and a digest of all its rows in key
order, with a sample of documents and findings compared field by field.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.corpus import CORPUS, PDFS

from .conftest import (
    BASE_DIR,
    ScratchDatabase,
    _postgres_admin,
    create_scratch_database,
    drop_scratch_database,
    postgres_url,
    requires_postgres,
)

SEEDS = sorted((BASE_DIR / "fixtures" / "seeds").glob("*.txt"))

#: Prints, for every table, its row count and a digest of its rows in key order (a link
#: table's pairs: loaddata numbers link rows afresh), and a sample of documents and findings.
SNAPSHOT = """
import hashlib, json
from django.apps import apps
from django.core import serializers
tables = {}
for model in apps.get_models(include_auto_created=True):
    if model._meta.auto_created:  # a many-to-many link table: its pairs, not its row ids
        names = [f.attname for f in model._meta.fields if not f.primary_key]
        rows = model.objects.order_by(*names).values_list(*names)
    else:
        rows = model.objects.order_by("pk").values_list()
    digest = hashlib.sha256()
    count = 0
    for row in rows.iterator():
        digest.update(repr(row).encode())
        count += 1
    tables[model._meta.db_table] = [count, digest.hexdigest()]
Document = apps.get_model("inspections", "Document")
Finding = apps.get_model("findings", "Finding")
sample = serializers.serialize(
    "json",
    list(Document.objects.order_by("pk")[:3]) + list(Finding.objects.order_by("-pk")[:5]),
)
print(json.dumps({"tables": tables, "sample": json.loads(sample)}))
"""


def snapshot(scratch: ScratchDatabase) -> dict:
    output = scratch.manage("shell", "-v", "0", "-c", SNAPSHOT).stdout
    return json.loads(output.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def source(scratch_db):
    files = [str(p) for p in SEEDS]
    if CORPUS.is_dir():
        files += [str(p) for p in sorted(PDFS.glob("*kent__*.pdf"))[:8]]
    scratch_db.manage("ingest", *files, "--jobs", "2")
    before = snapshot(scratch_db)
    assert before["tables"]["inspections_document"][0] == len(files)
    assert before["tables"]["findings_finding"][0] > 50
    return scratch_db, before


def assert_same(restored: dict, original: dict) -> None:
    assert restored["sample"] == original["sample"]
    different = {
        table: (original["tables"][table], restored["tables"].get(table))
        for table in original["tables"]
        if restored["tables"].get(table) != original["tables"][table]
    }
    assert different == {}


@requires_postgres
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_pg_dump_restored_into_an_empty_database_is_the_same(source, tmp_path):
    scratch, before = source
    dump = tmp_path / "ofsted.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", scratch.url],
        check=True,
        timeout=300,
    )
    name = f"{scratch.name}_restored"
    admin = _postgres_admin()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    restored = ScratchDatabase(postgres_url(name), scratch.media, name)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored.url}", dump],
            check=True,
            timeout=300,
        )
        assert_same(snapshot(restored), before)
        # The restored database is a working one: the site's own checks pass on it.
        restored.manage("migrate", "--check")
    finally:
        drop_scratch_database(restored)


def test_dumpdata_loaded_into_an_empty_database_is_the_same(source, tmp_path):
    """The engine-neutral route (SQLite, or moving between engines): dumpdata, then migrate a
    new database and loaddata into it."""
    scratch, before = source
    backup = tmp_path / "ofsted.xml.gz"
    scratch.manage(
        "dumpdata",
        "--format=xml",  # JSON would cut timestamps to milliseconds
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        f"--output={backup}",
    )
    restored = create_scratch_database(tmp_path, "restored")
    try:
        loaded = restored.manage("loaddata", str(backup))
        assert "Installed" in loaded.stdout
        assert_same(snapshot(restored), before)
    finally:
        drop_scratch_database(restored)
