"""Editors and publishers see data releases and edit their draft notes.

Publishing a release needs roles.publish_edition, as for an edition.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_datarelease", "change_datarelease"]
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
    dependencies = [("roles", "0009_data_release")]

    operations = [migrations.RunPython(grant, revoke)]
