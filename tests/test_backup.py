"""The whole content survives dumpdata and loaddata unchanged."""

import json
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import DateTimeField

from roles.models import Edition, Resource, Role, Sector, Skill, Source


def dump(tmp_path, name):
    path = tmp_path / name
    call_command(
        "dumpdata", "roles", "auth.user", "--natural-foreign", "--indent", "1",
        "--output", str(path), stdout=StringIO(),
    )  # fmt: skip
    return path


def test_the_content_round_trips_through_dumpdata_and_loaddata(
    client, medical_coder, make_role, make_edition, admin_user, tmp_path
):
    edition = make_edition(make_role("extra-role"), tasks=5, skills=4, sources=2)
    edition.created_by = admin_user
    edition.save()
    keep_whole_milliseconds()
    page_before = client.get("/roles/medical-coder/").content
    counts = (Role.objects.count(), Edition.objects.count(), Resource.objects.count())
    first = dump(tmp_path, "first.json")

    delete_everything()
    assert Role.objects.count() == 0
    call_command("loaddata", str(first), stdout=StringIO())

    second = dump(tmp_path, "second.json")
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    assert (
        Role.objects.count(),
        Edition.objects.count(),
        Resource.objects.count(),
    ) == counts
    page_after = client.get("/roles/medical-coder/").content
    assert page_after == page_before, first_difference(page_before, page_after)


def keep_whole_milliseconds():
    """Round every stored time to the millisecond, as Django's JSON dump writes it.

    A time of 12:00:00.000412 would be dumped as 12:00:00.000 and so come
    back 412 µs earlier; the test is about the content, not that precision.
    """
    models = [*apps.get_app_config("roles").get_models(), get_user_model()]
    for model in models:
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, DateTimeField)
        ]
        if not fields:
            continue
        rows = list(model.objects.all())
        for row in rows:
            for name in fields:
                value = getattr(row, name)
                if value is not None:
                    setattr(
                        row,
                        name,
                        value.replace(microsecond=value.microsecond // 1000 * 1000),
                    )
        model.objects.bulk_update(rows, fields)  # no auto_now, no signals


def delete_everything():
    """Empty the content tables, children before the rows they protect."""
    Edition.objects.all().delete()
    Resource.objects.all().delete()
    Role.objects.all().delete()
    for model in (Skill, Source, Sector):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def first_difference(before, after):
    index = next(
        i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b
    )
    return before[index - 80 : index + 40], after[index - 80 : index + 40]
