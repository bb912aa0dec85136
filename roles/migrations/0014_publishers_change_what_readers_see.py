"""Resources become publishers' alone; a role's slug may change, leaving a redirect.

The toolkit and the role files list a resource the moment it is saved, so
editors keep only the view permission. The admin enforces the same rule (see
PublishersChangeWhatReadersSee); the group says it too.
"""

from django.db import migrations, models

REVOKED = ["add_resource", "change_resource"]


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="roles", codename__in=REVOKED
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(*permissions)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="roles", codename__in=REVOKED
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("roles", "0013_content_stamp")]

    operations = [
        migrations.AlterField(
            model_name="role",
            name="slug",
            field=models.SlugField(
                help_text="Used in every URL of the role. A change leaves the old "
                "addresses redirecting to the new ones.",
                max_length=120,
                unique=True,
            ),
        ),
        migrations.RunPython(revoke, grant),
    ]
