"""PostgreSQL only: published documents newest first, for search (``findings/search.py``
ranks the matches of the newest documents and reads them in this order, stopping after a few
hundred documents instead of sorting them all).

Not on the model: SQLite cannot index in the ``NULLS LAST`` order the query uses, nor would
it need to (its search takes another way). The SQL is written out so this migration keeps
doing what it did.
"""

from django.db import migrations

INDEX = "inspections_document_newest"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON inspections_document "
            "((COALESCE(document_date, published_on)) DESC NULLS LAST, id DESC) "
            "WHERE is_published"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("inspections", "0004_staff_groups")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
