"""The whole content survives dumpdata and loaddata unchanged."""

import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

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
