"""Editors and publishers review readers' responses: the queue and the tallies.

They may approve or hide responses and delete them on request (docs/
reader-responses.md); the tallies are counted, never edited.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_taskresponse",
    "change_taskresponse",
    "delete_taskresponse",
    "view_tasktally",
]
GROUPS = ["Editors", "Publishers"]


def grant(apps, schema_editor):
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, apps=apps, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="roles", codename__in=CODENAMES)
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="roles", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("roles", "0016_reader_responses")]

    operations = [migrations.RunPython(grant, revoke)]
