"""Create the Editors and Publishers groups with their permissions.

Editors write: they create and change drafts and the things drafts use.
Publishers also publish, schedule and unpublish (roles.publish_edition). The
admin keeps editors off published editions; the permission decides who may
publish, and the server checks it on every publishing request.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "view_sector",
    "add_role",
    "change_role",
    "view_role",
    "add_alternatetitle",
    "change_alternatetitle",
    "delete_alternatetitle",
    "view_alternatetitle",
    "view_roleredirect",
    "add_edition",
    "change_edition",
    "delete_edition",
    "view_edition",
    "add_task",
    "change_task",
    "delete_task",
    "view_task",
    "add_editionskill",
    "change_editionskill",
    "delete_editionskill",
    "view_editionskill",
    "add_editionsource",
    "change_editionsource",
    "delete_editionsource",
    "view_editionsource",
    "add_skill",
    "change_skill",
    "view_skill",
    "add_source",
    "change_source",
    "view_source",
    "add_resource",
    "change_resource",
    "view_resource",
]
PUBLISHER_PERMISSIONS = EDITOR_PERMISSIONS + [
    "publish_edition",
    "add_sector",
    "change_sector",
    "add_roleredirect",
    "change_roleredirect",
    "delete_roleredirect",
    "delete_resource",
]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Publishers": PUBLISHER_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make ours now.
    roles_config = apps.get_app_config("roles")
    roles_config.models_module = True
    create_permissions(roles_config, apps=apps, verbosity=0)
    roles_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="roles", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("roles", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
