import django.contrib.postgres.search
from django.db import migrations


def create_index(apps, schema_editor):
    # A GIN index exists only on PostgreSQL; elsewhere search scans search_text.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX roles_role_search_vector_gin ON roles_role USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS roles_role_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0006_role_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
