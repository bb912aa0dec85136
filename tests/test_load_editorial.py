"""The shipped editorial content loads idempotently."""

from io import StringIO

from django.core.management import call_command

from roles.models import (
    AlternateTitle,
    Edition,
    EditionSkill,
    EditionSource,
    Resource,
    Role,
    Skill,
    Task,
)


def load(*args):
    out = StringIO()
    call_command("load_editorial", *args, stdout=out)
    return out.getvalue()


def row_counts():
    models = [
        Role,
        AlternateTitle,
        Edition,
        Task,
        Skill,
        EditionSkill,
        EditionSource,
        Resource,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_it_loads_the_medical_coder_file(db):
    output = load()
    assert "roles created 1" in output
    edition = Edition.objects.public().get(role__slug="medical-coder")
    assert edition.risk_score == 68
    assert edition.label == "2026 Q2"
    assert edition.tasks.filter(kind=Task.Kind.AI).count() == 7
    assert edition.tasks.filter(kind=Task.Kind.HUMAN).count() == 6
    assert edition.edition_skills.filter(kind=EditionSkill.Kind.CORE).count() == 7
    assert edition.edition_skills.filter(kind=EditionSkill.Kind.EMERGING).count() == 8
    assert edition.edition_sources.count() == 2


def test_a_second_run_changes_nothing(db):
    load()
    before = row_counts()
    output = load()
    assert row_counts() == before
    assert "created" not in output
    assert "roles unchanged 1" in output


def test_update_overwrites_local_changes_without_duplicates(db):
    load()
    before = row_counts()
    edition = Edition.objects.get(role__slug="medical-coder")
    edition.headline = "Changed locally."
    edition.save()
    load()
    edition.refresh_from_db()
    assert edition.headline == "Changed locally."  # kept without --update
    output = load("--update")
    edition.refresh_from_db()
    assert edition.headline != "Changed locally."
    assert "editions updated 1" in output
    assert row_counts() == before
