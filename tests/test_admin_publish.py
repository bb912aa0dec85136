"""The editorial workflow, driven through the admin as editors and publishers."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from roles import publishing
from roles.models import Edition, Role, Task
from tests.html import visible_text


def member_of(group, username):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return member_of("Editors", "eddie")


@pytest.fixture
def publisher(db):
    return member_of("Publishers", "pat")


@pytest.fixture
def role(make_role, make_edition, today):
    role = make_role()
    make_edition(role, year=2026, quarter=1, headline="The first reading.", tasks=4)
    return role


def start_draft(client, role):
    return client.post(f"/admin/roles/role/{role.pk}/start-next-quarter/", follow=True)


def test_the_groups_come_from_a_migration(db):
    editors = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    publishers = set(
        Group.objects.get(name="Publishers").permissions.values_list(
            "codename", flat=True
        )
    )
    assert "publish_edition" not in editors
    assert "publish_edition" in publishers
    assert {"add_edition", "change_edition"} <= editors <= publishers


def test_next_quarter_rolls_q4_into_the_next_year():
    assert publishing.next_quarter(2026, 1) == (2026, 2)
    assert publishing.next_quarter(2026, 4) == (2027, 1)


def test_an_editor_starts_next_quarters_draft(client, editor, role):
    client.force_login(editor)
    response = start_draft(client, role)
    draft = Edition.objects.get(role=role, year=2026, quarter=2)
    assert response.redirect_chain[-1][0] == f"/admin/roles/edition/{draft.pk}/change/"
    assert draft.status == Edition.Status.DRAFT
    assert draft.published_on is None
    assert draft.created_by == editor
    source = Edition.objects.get(role=role, quarter=1)
    assert list(draft.tasks.values_list("kind", "text")) == list(
        source.tasks.values_list("kind", "text")
    )
    assert draft.edition_skills.count() == source.edition_skills.count()
    assert draft.edition_sources.count() == source.edition_sources.count()
    assert draft.risk_score == source.risk_score


def test_a_second_draft_of_the_same_quarter_is_refused(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    response = start_draft(client, role)
    assert "already has a 2026 Q2 edition" in response.content.decode()
    assert Edition.objects.filter(role=role).count() == 2


def test_the_admin_action_starts_drafts_for_several_roles(
    client, editor, role, make_role, make_edition
):
    other = make_role("other-role")
    make_edition(other, year=2026, quarter=4)
    client.force_login(editor)
    client.post(
        "/admin/roles/role/",
        {"action": "start_next_quarter", "_selected_action": [role.pk, other.pk]},
    )
    assert Edition.objects.filter(role=role, year=2026, quarter=2).exists()
    assert Edition.objects.filter(role=other, year=2027, quarter=1).exists()


def test_starting_a_draft_takes_over_a_data_built_file(client, editor, role):
    Role.objects.filter(pk=role.pk).update(origin=Role.Origin.DATASET)
    client.force_login(editor)
    start_draft(client, role)
    role.refresh_from_db()
    assert role.origin == Role.Origin.EDITORIAL


def test_staff_preview_a_draft_and_anonymous_readers_get_404(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    response = client.get("/roles/analyst/2026-q2/")
    assert response.status_code == 200
    assert "Draft — not public." in visible_text(response.content.decode())
    assert "no-cache" in response["Cache-Control"]
    assert (
        '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    )
    client.logout()
    assert client.get("/roles/analyst/2026-q2/").status_code == 404
    assert "2026 Q2" not in client.get("/roles/analyst/").content.decode()


def publish(client, edition, on=""):
    return client.post(
        f"/admin/roles/edition/{edition.pk}/publish/", {"published_on": on}, follow=True
    )


def test_an_editor_cannot_publish_even_by_posting_the_form(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=2)
    response = client.post(
        f"/admin/roles/edition/{draft.pk}/publish/", {"published_on": ""}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    assert draft.published_on is None


def test_an_editor_cannot_publish_through_the_change_form(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=2)
    page = client.get(f"/admin/roles/edition/{draft.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert "Publishing is for the Publishers group." in page


def test_the_full_workflow(client, editor, publisher, role, today):
    # An editor drafts the next quarter and edits it.
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=2)
    Edition.objects.filter(pk=draft.pk).update(headline="The second reading.")
    Task.objects.filter(edition=draft, kind=Task.Kind.AI).update(kind=Task.Kind.HUMAN)
    Task.objects.create(
        edition=draft, kind=Task.Kind.AI, text="A new exposed task", position=9
    )
    Edition.objects.filter(pk=draft.pk).update(skill_vulnerability=80)
    draft.refresh_from_db()
    draft.save()  # the score follows the factors

    # A publisher publishes it.
    client.force_login(publisher)
    response = publish(client, draft)
    assert "is published on" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert draft.published_on == today

    # Readers see it, with the history of both editions and what changed.
    client.logout()
    page = visible_text(client.get("/roles/analyst/").content.decode())
    assert "The second reading." in page
    assert "Edition 2026 Q2" in page
    assert "What changed since 2026 Q1" in page
    assert "Task moved" in page and "A new exposed task" in page
    assert "Skill vulnerability 50 → 80" in page
    assert "Risk in every public edition of this file" in page
    old = client.get("/roles/analyst/2026-q1/").content.decode()
    assert "Archived edition." in old

    # The publisher unpublishes it: the page falls back to the first edition.
    client.force_login(publisher)
    client.post(f"/admin/roles/edition/{draft.pk}/unpublish/")
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    client.logout()
    page = visible_text(client.get("/roles/analyst/").content.decode())
    assert "The first reading." in page
    assert "The second reading." not in page

    # Every step is on the edition's audit trail.
    messages = list(
        LogEntry.objects.filter(object_id=str(draft.pk))
        .order_by("action_time")
        .values_list("change_message", flat=True)
    )
    assert messages == [
        "Started from 2026 Q1.",
        f"Published on {today.day} {today:%B %Y}.",
        "Unpublished: back to draft.",
    ]
    client.force_login(publisher)
    change_page = client.get(
        f"/admin/roles/edition/{draft.pk}/change/"
    ).content.decode()
    assert "Unpublished: back to draft." in change_page


def test_a_failed_validation_publishes_nothing_and_says_why(
    client, publisher, make_role, make_edition
):
    role = make_role()
    draft = make_edition(
        role,
        status=Edition.Status.DRAFT,
        published_on=None,
        tasks=1,
        sources=0,
        headline="",
        ai_complementarity=None,
    )
    client.force_login(publisher)
    before = Edition.objects.filter(pk=draft.pk).values().get()
    page = publish(client, draft).content.decode()
    assert Edition.objects.filter(pk=draft.pk).values().get() == before
    for reason in [
        "was not published",
        "Set all three factors",
        "Add at least one task to “You stay relevant”.",
        "Cite at least one source.",
        "Write the headline.",
    ]:
        assert reason in page
    assert not LogEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_a_future_date_schedules_without_a_cron(client, publisher, role, today):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=2)
    tomorrow = today + datetime.timedelta(days=1)
    response = publish(client, draft, tomorrow.isoformat())
    assert "is scheduled for" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED and draft.is_scheduled
    preview = visible_text(client.get("/roles/analyst/2026-q2/").content.decode())
    assert "Scheduled — not public yet." in preview
    client.logout()
    assert client.get("/roles/analyst/2026-q2/").status_code == 404
    assert "2026 Q2" not in client.get("/roles/analyst/").content.decode()


def test_a_malformed_publish_date_changes_nothing(client, publisher, role):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=2)
    response = publish(client, draft, "not-a-date")
    assert "Enter a valid date." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT


def test_an_editor_cannot_change_or_delete_a_published_edition(client, editor, role):
    edition = Edition.objects.get(role=role)
    client.force_login(editor)
    page = client.get(f"/admin/roles/edition/{edition.pk}/change/")
    assert page.status_code == 200
    assert 'name="headline"' not in page.content.decode()  # read-only view
    assert (
        client.post(
            f"/admin/roles/edition/{edition.pk}/change/", {"headline": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/admin/roles/edition/{edition.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/admin/roles/edition/{edition.pk}/unpublish/").status_code == 403
    )
    edition.refresh_from_db()
    assert edition.status == Edition.Status.PUBLISHED
    assert edition.headline == "The first reading."


def test_a_publisher_may_unpublish_then_delete_is_possible(client, publisher, role):
    edition = Edition.objects.get(role=role)
    client.force_login(publisher)
    assert (
        client.post(
            f"/admin/roles/edition/{edition.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    client.post(f"/admin/roles/edition/{edition.pk}/unpublish/")
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert client.get("/roles/analyst/").status_code == 404


def test_publishing_views_only_take_post(client, publisher, role):
    edition = Edition.objects.get(role=role)
    client.force_login(publisher)
    assert client.get(f"/admin/roles/edition/{edition.pk}/publish/").status_code == 405
    assert (
        client.get(f"/admin/roles/edition/{edition.pk}/unpublish/").status_code == 405
    )


def test_unknown_editions_are_404_for_publishers(client, publisher, db):
    client.force_login(publisher)
    assert client.post("/admin/roles/edition/999999/publish/").status_code == 404


def test_the_bulk_delete_action_spares_published_editions(client, publisher, role):
    edition = Edition.objects.get(role=role)
    client.force_login(publisher)
    response = client.post(
        "/admin/roles/edition/",
        {"action": "delete_selected", "_selected_action": [edition.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Edition.objects.filter(pk=edition.pk).exists()
