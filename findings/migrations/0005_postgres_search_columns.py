"""PostgreSQL only: each finding's and document page's text vector stored in a column the
database computes (``search_vector``) with a GIN index on it, in place of 0002's expression
indexes, so ranking reads the vectors instead of computing each match's again; and a trigram
index for the findings list's "text contains" (``UPPER(text) LIKE``).

The columns are not on the models: SQLite keeps its FTS5 tables, the ORM never writes them,
and ``findings/search.py`` names them in its queries. The SQL is written out here so this
migration keeps doing what it did whatever the code does later.
"""

from django.db import migrations

#: table -> (0002's expression index, this migration's GIN index on the stored column)
TABLES = {
    "findings_finding": ("findings_finding_text_search", "findings_finding_search_vector"),
    "inspections_documentpage": (
        "inspections_documentpage_text_search",
        "inspections_documentpage_search_vector",
    ),
}
VECTOR = "to_tsvector('english'::regconfig, COALESCE(text, ''))"
TRIGRAM_INDEX = "findings_finding_text_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (old_index, index) in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")
        # MAIN storage keeps the vector in the row: as EXTENDED, a page's vector (larger
        # than its compressed text) went to the TOAST table, and reading it back for every
        # match, to rank it or even to test it, cost more than the search itself.
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({VECTOR}) STORED, "
            "ALTER COLUMN search_vector SET STORAGE MAIN"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The expression Django's icontains writes on PostgreSQL, so the planner can use it.
    schema_editor.execute(
        f"CREATE INDEX {TRIGRAM_INDEX} ON findings_finding USING gin (UPPER(text) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other databases' objects may use it, and it costs nothing.
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    for table, (old_index, _) in TABLES.items():
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin ({VECTOR})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0004_themes"),
        ("inspections", "0004_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
