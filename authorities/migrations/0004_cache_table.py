"""Create the database cache's table (settings.CACHES["default"]), which holds the data's
version for every process (ofsted_kb/cache.py), so migrate is all a new database needs."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    from django.conf import settings

    for cache in settings.CACHES.values():
        if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            table = schema_editor.quote_name(cache["LOCATION"])
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("authorities", "0003_authority_is_synthetic")]

    operations = [migrations.RunPython(create, drop)]
