"""Load every English authority, its aliases and neighbours from fixtures/ on migrate."""

from django.db import migrations


def load(apps, schema_editor):
    from authorities.loading import load_reference

    load_reference(
        apps.get_model("authorities", "Authority"),
        apps.get_model("authorities", "AuthorityAlias"),
        apps.get_model("authorities", "StatisticalNeighbour"),
    )


class Migration(migrations.Migration):
    dependencies = [("authorities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
