"""Full-text search: GIN indexes on PostgreSQL, FTS5 tables kept in step by triggers on SQLite."""

from django.db import migrations


def install(apps, schema_editor):
    from findings.search import install_index

    install_index(schema_editor.connection)


def remove(apps, schema_editor):
    from findings.search import remove_index

    remove_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
