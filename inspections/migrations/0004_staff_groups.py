"""The two staff roles as groups: editors upload, correct and publish; viewers read drafts.

Give a staff account a role by adding it to one of these groups (the README says how).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
VIEWERS = "Viewers"

#: (app label, model) pairs staff read, and may change when they are editors.
EDITED = [
    ("inspections", "document"),
    ("inspections", "inspection"),
    ("inspections", "judgement"),
    ("findings", "finding"),
    ("findings", "followup"),
    ("findings", "theme"),
]
#: Read by both roles, written only by ingestion itself.
READ_ONLY = [
    ("inspections", "documentpage"),
    ("inspections", "ingestrun"),
    ("inspections", "upload"),
    ("inspections", "historicaldocument"),
    ("inspections", "historicalinspection"),
    ("inspections", "historicaljudgement"),
    ("inspections", "historicalfinding"),
    ("authorities", "authority"),
]


def _codenames(pairs, actions):
    return [(app, f"{action}_{model}") for app, model in pairs for action in actions]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so the groups can
    # hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(wanted):
        found = []
        for app, codename in wanted:
            found.append(Permission.objects.get(content_type__app_label=app, codename=codename))
        return found

    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    viewers.permissions.set(permissions(_codenames(EDITED + READ_ONLY, ["view"])))

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(
        permissions(
            _codenames(EDITED, ["view", "add", "change", "delete"])
            + _codenames(READ_ONLY, ["view"])
            + [("inspections", "add_upload"), ("inspections", "publish_document")]
        )
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, VIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("authorities", "0002_load_reference"),
        ("findings", "0002_search"),
        ("inspections", "0003_review_history_uploads"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
