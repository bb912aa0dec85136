"""Quarterly data releases: a new vintage becomes the next edition, never an overwrite.

Two small raw-data folders stand for two vintages. The second changes head
counts, a task and a title, drops one occupation and adds one; the releases
built from them are published in turn, through the admin as a publisher would.
"""

import csv
import datetime
import re
import shutil
import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from roles import publishing, releases
from roles.caching import bump_content_version
from roles.dataset.derived import read_derived, release_path
from roles.models import DataRelease, Edition, Role
from tests.html import visible_text
from tests.test_dataset import SAMPLE, run_import

DROPPED_LATER = "47-2111"  # Electricians: in the first vintage only
ADDED_LATER = "15-1252"  # Software Developers: in the second only
RETITLED = "43-9021"  # Data Entry Keyers
UNCHANGED = "23-2011"  # Paralegals and Legal Assistants
REWORDED_TASK = "Direct or coordinate an organization's financial or budget activities"


# What readers add under a current file's tasks: not the edition's content.
READERS_PARTS = re.compile(
    r'<a class="respond-link".*?</a>|<div class="task-readers">.*?</div>', re.S
)


def what_it_shows(html):
    """The edition's own content: title, summary, figures, tasks, skills, sources."""
    html = READERS_PARTS.sub("", html.decode()).encode()
    parts = re.findall(
        r'<h1 class="role-title[^"]*">.*?</h1>|<p class="dek">.*?</p>'
        r'|<dl class="strip">.*?</dl>|<ol class="task-list">.*?</ol>'
        r'|<ul class="chips">.*?</ul>|<ol class="source-list">.*?</ol>',
        html.decode(),
        flags=re.S,
    )
    assert len(parts) >= 5
    return [visible_text(part) for part in parts]


def edit_csv(path, change):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows = [row for row in (change(row) for row in rows) if row is not None]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def vintage(folder, drop):
    shutil.copytree(SAMPLE, folder)
    oews = folder / "oews" / "national_M2024_dl.csv"
    edit_csv(oews, lambda row: None if row[0] == drop else row)
    return folder


@pytest.fixture
def first_raw(tmp_path):
    return vintage(tmp_path / "raw-1", drop=ADDED_LATER)


@pytest.fixture
def second_raw(tmp_path):
    folder = vintage(tmp_path / "raw-2", drop=DROPPED_LATER)

    def change(row):
        if row[0] == "11-1011":  # more chief executives
            row[3] = "250000"
        if row[0] == RETITLED:
            row[1] = "Data Entry and Information Keyers"
        return row

    def more_exposed(row):
        if row[0] == "11-1011.00":  # GPT-4 rates more of the work exposed
            row[3] = "0.86"
        return row

    edit_csv(folder / "oews" / "national_M2024_dl.csv", change)
    edit_csv(folder / "eloundou" / "occ_level.csv", more_exposed)
    tasks = folder / "onet" / "Task Statements.txt"
    text = tasks.read_text(encoding="utf-8")
    assert REWORDED_TASK in text
    tasks.write_text(
        text.replace(
            REWORDED_TASK, REWORDED_TASK.replace("Direct or coordinate", "Lead")
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def publisher(db):
    user = User.objects.create_user("pat", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Publishers"))
    return user


@pytest.fixture
def editor_user(db):
    user = User.objects.create_user("eve", password="a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def build(raw, derived, *args):
    return run_import("--raw", str(raw), "--derived", str(derived), *args)


def publish_in_admin(client, release, day=""):
    return client.post(
        f"/admin/roles/datarelease/{release.pk}/publish/",
        {"published_on": day},
        follow=True,
    )


@pytest.fixture
def two_releases(sectors, tmp_path, first_raw, second_raw, client, publisher):
    """Both vintages built and published in turn; the pages as they were in between."""
    derived = tmp_path / "derived"
    client.force_login(publisher)
    build(first_raw, derived)
    first = DataRelease.objects.get()
    publish_in_admin(client, first)
    client.logout()
    before = {
        edition.get_absolute_url(): client.get(edition.get_absolute_url()).content
        for edition in Edition.objects.public().select_related("role")
    }
    client.force_login(publisher)
    build(second_raw, derived)
    second = DataRelease.objects.drafts().get()
    publish_in_admin(client, second)
    client.logout()
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second, before, derived


def test_two_releases_keep_every_first_edition_as_it_was(two_releases, client):
    first, second, before, _ = two_releases
    assert (first.label, second.label) == ("2026 Q4", "2027 Q1")
    assert first.status == second.status == DataRelease.Status.PUBLISHED
    for path, content in before.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert what_it_shows(response.content) == what_it_shows(content), path
    chief = visible_text(
        client.get("/roles/chief-executives/2026-q4/").content.decode()
    )
    assert "The BLS counted 211,850 chief executives" in chief
    assert REWORDED_TASK in chief


def test_a_changed_role_shows_both_editions_and_what_changed(two_releases, client):
    text = visible_text(client.get("/roles/chief-executives/").content.decode())
    assert "Edition 2027 Q1" in text
    assert "The BLS counted 250,000 chief executives" in text
    assert "2026 Q4" in text  # the history's earlier point
    assert "Task reworded" in text
    assert "Task removed" not in text
    role = Role.objects.get(soc_code="11-1011")
    assert list(
        Edition.objects.public().filter(role=role).values_list("year", "quarter")
    ) == [(2027, 1), (2026, 4)]


def test_an_unchanged_role_keeps_its_edition_and_says_why(two_releases, client):
    first, second, *_ = two_releases
    assert second.counts["unchanged"] == 1
    role = Role.objects.get(soc_code=UNCHANGED)
    edition = Edition.objects.get(role=role)
    assert edition.release == first
    text = visible_text(client.get(role.get_absolute_url()).content.decode())
    assert "Edition 2026 Q4" in text
    assert (
        "The 2027 Q1 data release found no change in this file’s data, "
        "so this 2026 Q4 edition stays current." in text
    )


def test_the_retitled_role_keeps_its_address_and_history(two_releases, client):
    role = Role.objects.get(soc_code=RETITLED)
    assert role.slug == "data-entry-keyers"
    assert role.title == "Data Entry and Information Keyers"
    now = visible_text(client.get("/roles/data-entry-keyers/").content.decode())
    assert "Data Entry and Information Keyers." in now
    then = visible_text(
        client.get("/roles/data-entry-keyers/2026-q4/").content.decode()
    )
    assert "Data Entry Keyers." in then
    assert "Data Entry and Information Keyers." not in then
    moved = client.get("/roles/data-entry-and-information-keyers/")
    assert moved.status_code == 301
    assert moved["Location"] == "/roles/data-entry-keyers/"


def test_the_dropped_role_is_retired_and_its_badge_and_data_are_gone(
    two_releases, client
):
    role = Role.objects.get(soc_code=DROPPED_LATER)
    response = client.get("/roles/electricians/")
    assert response.status_code == 301
    assert response["Location"] == role.sector.get_absolute_url()
    assert client.get("/roles/electricians/badge.svg").status_code == 410
    assert client.get("/roles/electricians/share.png").status_code == 410
    api = client.get("/api/roles/electricians.json")
    assert api.status_code == 410
    archived = client.get("/roles/electricians/2026-q4/")
    assert archived.status_code == 200
    assert "retired" in visible_text(archived.content.decode())
    index = visible_text(client.get("/?q=electricians").content.decode())
    assert "Electricians" not in index
    assert "electricians" not in client.get("/data/roles.csv").getvalue().decode()


def test_the_added_role_is_new_in_the_second_release(two_releases, client):
    role = Role.objects.get(soc_code=ADDED_LATER)
    assert role.slug == "software-developers"
    assert client.get("/roles/software-developers/").status_code == 200
    assert client.get("/roles/software-developers/2026-q4/").status_code == 404


def test_updates_list_both_releases_with_their_movers(two_releases, client):
    text = visible_text(client.get("/updates/").content.decode())
    assert "2027 Q1" in text and "2026 Q4" in text
    assert text.count("Data release") == 2
    assert "Biggest movers: Chief Executives +" in text
    notes = visible_text(client.get("/updates/2027-q1/").content.decode())
    assert "The 2027 Q1 data release" in notes
    assert "Chief Executives" in notes
    assert "Software Developers" in notes  # new
    assert "Electricians" in notes  # retired
    # The release's table lists the files whose risk moved, and counts the rest.
    assert "no change, from" not in notes
    steady = second_revised_without_a_move()
    assert steady == 1  # the retitled Data Entry Keyers
    assert "1 more file was revised with no change in its risk score" in notes
    index = visible_text(client.get("/").content.decode())
    assert "Edition 2027 Q1" in index


def second_revised_without_a_move():
    return sum(
        1
        for edition in Edition.objects.filter(release__quarter=1).with_previous()
        if edition.previous_risk == edition.risk_score
    )


def test_nothing_published_was_deleted(two_releases):
    first = two_releases[0]
    # Four data-built files and the Medical Coder's editorial file.
    assert Edition.objects.filter(release=first, status="published").count() == 5


def test_a_fresh_clone_replays_both_releases(two_releases, client):
    *_, derived = two_releases
    run_import("--ship", "--derived", str(derived))
    expected = sorted(
        Edition.objects.public().values_list("role__slug", "year", "quarter")
    )
    # A fresh database: only the editorial files, then a plain import (which
    # brings the editorial files' release editions again).
    Edition.objects.filter(
        Q(role__origin=Role.Origin.DATASET) | Q(release__isnull=False)
    ).delete()
    Role.objects.filter(origin=Role.Origin.DATASET).delete()
    DataRelease.objects.all().delete()
    output = run_import("--derived", str(derived))
    assert "Data release 2026 Q4: published" in output
    assert "Data release 2027 Q1: published" in output
    assert (
        sorted(Edition.objects.public().values_list("role__slug", "year", "quarter"))
        == expected
    )
    assert client.get("/roles/electricians/").status_code == 301
    assert run_import("--derived", str(derived)).count("already published") == 2


def test_a_rebuild_before_publishing_replaces_the_draft(sectors, tmp_path, first_raw):
    editorial = Edition.objects.count()
    build(first_raw, tmp_path)
    first = DataRelease.objects.get()
    build(first_raw, tmp_path)
    again = DataRelease.objects.get()
    assert again.pk != first.pk
    # Four data-built files and the Medical Coder's new editorial edition.
    assert Edition.objects.filter(release=again).count() == 5
    assert Edition.objects.count() == editorial + 5


def test_a_draft_release_shows_nothing_to_readers(sectors, tmp_path, first_raw, client):
    build(first_raw, tmp_path)
    assert client.get("/roles/chief-executives/").status_code == 404
    assert client.get("/roles/chief-executives/2026-q4/").status_code == 404
    assert "Chief Executives" not in client.get("/api/roles.json").content.decode()
    assert "2026 Q4" not in visible_text(client.get("/updates/").content.decode())
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "chief-executives" not in sitemap
    assert "/updates/2026-q4/" not in sitemap
    assert client.get("/updates/2026-q4/").status_code == 404


def test_a_release_is_never_for_a_past_quarter(sectors, tmp_path, first_raw):
    with pytest.raises(Exception, match="past quarter"):
        build(first_raw, tmp_path, "--quarter", "2026-q1")
    with pytest.raises(Exception, match="not a quarter"):
        build(first_raw, tmp_path, "--quarter", "2026-q9")
    build(first_raw, tmp_path, "--quarter", "2027-q2")
    assert DataRelease.objects.get().label == "2027 Q2"


def test_a_release_with_one_invalid_edition_publishes_nothing(
    sectors, tmp_path, first_raw, client, publisher
):
    build(first_raw, tmp_path)
    release = DataRelease.objects.get()
    broken = Edition.objects.get(release=release, role__soc_code="11-1011")
    Edition.objects.filter(pk=broken.pk).update(headline="")
    client.force_login(publisher)
    response = publish_in_admin(client, release)
    text = response.content.decode()
    assert "was not published" in text
    assert "Chief Executives (11-1011): Write the headline." in text
    release.refresh_from_db()
    assert release.status == DataRelease.Status.DRAFT
    assert not Edition.objects.public().filter(release=release).exists()


def test_an_editor_cannot_publish_a_release(
    sectors, tmp_path, first_raw, client, editor_user
):
    build(first_raw, tmp_path)
    release = DataRelease.objects.get()
    client.force_login(editor_user)
    assert (
        client.get(f"/admin/roles/datarelease/{release.pk}/change/").status_code == 200
    )
    assert publish_in_admin(client, release).status_code == 403
    assert (
        client.post(f"/admin/roles/datarelease/{release.pk}/unpublish/").status_code
        == 403
    )
    release.refresh_from_db()
    assert release.status == DataRelease.Status.DRAFT


def test_unpublishing_a_release_restores_the_previous_one(
    two_releases, client, publisher
):
    second = two_releases[1]
    client.force_login(publisher)
    client.post(f"/admin/roles/datarelease/{second.pk}/unpublish/")
    client.logout()
    second.refresh_from_db()
    assert second.status == DataRelease.Status.DRAFT
    assert client.get("/roles/electricians/").status_code == 200
    assert client.get("/roles/software-developers/").status_code == 404
    text = visible_text(client.get("/roles/data-entry-keyers/").content.decode())
    assert "Edition 2026 Q4" in text
    assert "Data Entry Keyers." in text
    assert "Edition 2026 Q4" in visible_text(client.get("/").content.decode())


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database: concurrent writers need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_publishers_publishing_at_once_publish_it_once(
    sectors_committed, tmp_path, first_raw
):
    build(first_raw, tmp_path)
    release = DataRelease.objects.get()
    outcomes = []

    def press():
        try:
            publishing.publish_release(release, None)
            outcomes.append("published")
        except publishing.PublishingError as error:
            outcomes.append(error.reasons[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["The 2026 Q4 release is not a draft.", "published"]


def test_the_review_page_keeps_a_fixed_query_count(
    sectors,
    tmp_path,
    first_raw,
    second_raw,
    client,
    publisher,
    django_assert_num_queries,
):
    client.force_login(publisher)
    build(first_raw, tmp_path)  # four new roles
    release = DataRelease.objects.get()
    page = f"/admin/roles/datarelease/{release.pk}/change/"
    client.get(page)  # fills the admin's per-process content-type cache first
    with django_assert_num_queries(QUERIES_ON_REVIEW_PAGE):
        client.get(page)
    publishing.publish_release(release, None)
    build(second_raw, tmp_path)  # revised, new, retired and unchanged roles
    release = DataRelease.objects.drafts().get()
    page = f"/admin/roles/datarelease/{release.pk}/change/"
    client.get(page)
    with django_assert_num_queries(QUERIES_ON_REVIEW_PAGE):
        response = client.get(page)
    text = visible_text(response.content.decode())
    assert "View on site" not in text  # a draft has no notes page yet
    assert "Biggest movers up" in text
    assert "Chief Executives" in text
    assert "Electricians" in text  # retired
    assert "Software Developers" in text  # new


# Session, user, two for permissions, the release (the admin reads it twice),
# its editions, the retired roles and the problems: none grows with the roles.
QUERIES_ON_REVIEW_PAGE = 9


def test_an_editors_words_survive_the_next_release(
    sectors, tmp_path, first_raw, second_raw, client, editor_user
):
    build(first_raw, tmp_path)
    publishing.publish_release(DataRelease.objects.get(), None)
    role = Role.objects.get(soc_code="11-1011")
    draft, _ = publishing.start_next_quarter(role, editor_user, take_over=False)
    draft.headline = "Our own headline, checked by an editor."
    draft.save()
    task = draft.tasks.filter(kind="ai").first()
    task.kind, task.reason = "human", "Boards still want a person to answer for it."
    task.save()
    publishing.publish(draft, editor_user)
    assert draft.label == "2027 Q1"  # the quarter after the 2026 Q4 release
    build(second_raw, tmp_path, "--quarter", "2027-q2")
    release = DataRelease.objects.drafts().get()
    new = Edition.objects.get(release=release, role=role)
    assert new.headline == "Our own headline, checked by an editor."
    assert new.us_workers == 250_000  # the figures update
    moved = new.tasks.get(onet_task_id=task.onet_task_id)
    assert (moved.kind, moved.reason) == ("human", task.reason)
    assert any(flag["slug"] == role.slug for flag in release.flags)
    assert role.origin == Role.Origin.DATASET


def test_default_quarter_follows_the_calendar(db):
    assert releases.default_quarter(datetime.date(2026, 12, 2)) == (2026, 4)
    assert releases.quarter_of(datetime.date(2027, 4, 1)) == (2027, 2)
    assert releases.next_quarter(2026, 4) == (2027, 1)


def test_publishing_a_release_refreshes_the_cache_once(
    sectors, tmp_path, first_raw, second_raw, django_capture_on_commit_callbacks
):
    build(first_raw, tmp_path)
    publishing.publish_release(DataRelease.objects.get(), None)
    build(second_raw, tmp_path)  # a retitle, a new role and a retirement
    with django_capture_on_commit_callbacks() as callbacks:
        publishing.publish_release(DataRelease.objects.drafts().get(), None)
    assert callbacks == [bump_content_version]


def test_an_editors_open_draft_takes_the_release_figures(
    sectors, tmp_path, first_raw, second_raw, editor_user
):
    build(first_raw, tmp_path)
    publishing.publish_release(DataRelease.objects.get(), None)
    role = Role.objects.get(soc_code="11-1011")
    draft, _ = publishing.start_next_quarter(role, editor_user, take_over=False)
    draft.brief = "An editor's brief, still being written."
    draft.save()
    build(second_raw, tmp_path)
    release = DataRelease.objects.drafts().get()
    assert release.label == draft.label
    draft.refresh_from_db()
    assert draft.release == release
    assert draft.us_workers == 250_000
    assert draft.brief == "An editor's brief, still being written."
    assert Edition.objects.filter(role=role, year=2027, quarter=1).count() == 1
    assert release.counts["editor drafts updated"] == 1


@pytest.fixture
def only_retiring(sectors, tmp_path, first_raw, make_role, make_edition):
    """A published release, then a role the data dropped: builds the next one."""
    build(first_raw, tmp_path / "one")
    publishing.publish_release(DataRelease.objects.get(), None)
    gone = make_role("typesetters", title="Typesetters", origin=Role.Origin.DATASET)
    make_edition(gone, year=2026, quarter=3)
    return lambda: build(first_raw, tmp_path / "two")


def test_a_release_that_only_retires_has_release_notes(only_retiring, client):
    only_retiring()
    release = DataRelease.objects.drafts().get()
    assert (release.counts["retired"], release.counts["unchanged"]) == (1, 4)
    assert not release.editions.exists()
    publishing.publish_release(release, None)
    notes = visible_text(client.get("/updates/2027-q1/").content.decode())
    assert "Typesetters" in notes
    assert "The 2027 Q1 data release" in notes
    assert "2027 Q1" in visible_text(client.get("/updates/").content.decode())
    assert client.get("/roles/typesetters/").status_code == 301
    assert "/updates/2027-q1/" in client.get("/sitemap.xml").content.decode()


def test_shipping_dates_published_files_and_undates_withdrawn_ones(
    two_releases, client, publisher
):
    first, second, _, derived = two_releases
    DataRelease.objects.filter(pk=second.pk).update(notes="Our own notes.")
    run_import("--ship", "--derived", str(derived))
    meta, _ = read_derived(release_path(derived, 2027, 1))
    assert meta["release"]["published_on"] == second.published_on.isoformat()
    assert meta["release"]["notes"] == "Our own notes."
    client.force_login(publisher)
    client.post(f"/admin/roles/datarelease/{second.pk}/unpublish/")
    run_import("--ship", "--derived", str(derived))
    meta, _ = read_derived(release_path(derived, 2027, 1))
    assert meta["release"]["published_on"] is None


def test_open_data_validators_change_when_a_release_retires_a_role(
    only_retiring, client
):
    before = client.get("/api/roles.json")["ETag"]
    only_retiring()
    assert client.get("/api/roles.json")["ETag"] == before  # a draft changes nothing
    publishing.publish_release(DataRelease.objects.drafts().get(), None)
    response = client.get("/api/roles.json", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert "typesetters" not in response.content.decode()


def test_editors_edit_a_draft_releases_notes_but_not_a_published_ones(
    sectors, tmp_path, first_raw, client, editor_user
):
    build(first_raw, tmp_path)
    release = DataRelease.objects.get()
    client.force_login(editor_user)
    page = f"/admin/roles/datarelease/{release.pk}/change/"
    response = client.post(page, {"notes": "Our notes.\r\nSecond line."})
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.notes == "Our notes.\nSecond line."
    publishing.publish_release(release, None)
    assert client.post(page, {"notes": "Changed after."}).status_code == 403
    release.refresh_from_db()
    assert release.notes == "Our notes.\nSecond line."


def test_a_scheduled_retirement_survives_the_next_build(
    sectors, tmp_path, first_raw, second_raw, client
):
    build(first_raw, tmp_path)
    publishing.publish_release(DataRelease.objects.get(), None)
    build(second_raw, tmp_path)
    scheduled = DataRelease.objects.drafts().get()
    later = timezone.localdate() + datetime.timedelta(days=30)
    publishing.publish_release(scheduled, None, later)
    assert client.get("/roles/electricians/").status_code == 200  # not yet
    build(second_raw, tmp_path, "--quarter", "2027-q2")
    assert DataRelease.objects.drafts().get().counts.get("retired", 0) == 0
    assert Role.objects.get(soc_code=DROPPED_LATER).retired_in == scheduled
