"""Full-text search: GIN indexes on PostgreSQL, FTS5 tables kept in step by triggers on SQLite.

PostgreSQL's expression indexes are written out here (0005 replaces them with stored
columns), so this migration keeps doing what it did.
"""

from django.db import migrations

POSTGRES_INDEXES = {
    "findings_finding_text_search": "findings_finding",
    "inspections_documentpage_text_search": "inspections_documentpage",
}


def install(apps, schema_editor):
    from findings.search_index import install_index

    if schema_editor.connection.vendor == "postgresql":
        for index, table in POSTGRES_INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))"
            )
    install_index(schema_editor.connection)


def remove(apps, schema_editor):
    from findings.search_index import remove_index

    if schema_editor.connection.vendor == "postgresql":
        for index in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    remove_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
