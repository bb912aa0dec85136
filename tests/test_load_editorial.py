"""The shipped editorial content loads idempotently."""

import json
from io import StringIO

from django.conf import settings
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

PATHS = list((settings.BASE_DIR / "fixtures" / "editorial").glob("*.json"))
FILES = len(PATHS)
# Editions that follow a data release wait until import_dataset replays it.
EDITIONS = sum(
    1
    for path in PATHS
    for edition in json.loads(path.read_text())["editions"]
    if "follows" not in edition
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
    assert f"roles created {FILES}" in output
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
    assert f"roles unchanged {FILES}" in output


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
    assert "editions updated 1," in output
    assert row_counts() == before


def test_update_picks_up_changed_tasks_and_titles(db, tmp_path):
    import shutil

    shutil.copytree(settings.BASE_DIR / "fixtures", tmp_path / "fixtures")
    path = tmp_path / "fixtures" / "editorial" / "medical-coder.json"
    load("--path", str(tmp_path / "fixtures"))
    data = json.loads(path.read_text())
    data["editions"][0]["tasks"]["ai"][0] = "Assigning codes to every routine encounter"
    data["alternate_titles"].append({"title": "Medical Biller", "note": ""})
    path.write_text(json.dumps(data))
    assert f"editions unchanged {EDITIONS}" in load(
        "--path", str(tmp_path / "fixtures")
    )
    output = load("--update", "--path", str(tmp_path / "fixtures"))
    assert "editions updated 1," in output
    assert "roles updated 1," in output
    edition = Edition.objects.get(role__slug="medical-coder")
    assert (
        edition.tasks.get(kind=Task.Kind.AI, position=1).text
        == "Assigning codes to every routine encounter"
    )
    assert AlternateTitle.objects.filter(
        role__slug="medical-coder", title="Medical Biller"
    ).exists()
    assert f"editions unchanged {EDITIONS}" in load(
        "--update", "--path", str(tmp_path / "fixtures")
    )
