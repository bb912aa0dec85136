"""The editorial workflow, driven through the admin as editors and publishers."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from roles import publishing, releases
from roles.models import Edition, Role, Task
from tests.admin_forms import form_as_shown
from tests.html import visible_text

# Drafts follow the calendar, so every test here runs on one known day.
TODAY = datetime.date(2026, 12, 2)  # 2026 Q4


@pytest.fixture(autouse=True)
def on_a_known_day(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr(timezone, "localdate", localdate)


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


def start_draft(client, role, **data):
    return client.post(
        f"/admin/roles/role/{role.pk}/start-next-quarter/", data, follow=True
    )


def change_form_data(client, edition):
    """What the edition's change form posts back when nobody touches it."""
    return form_as_shown(client, f"/admin/roles/edition/{edition.pk}/change/")


def save_and_publish(client, edition, on="2026-12-02", **changes):
    """Press "Save and publish" under the change form, with some fields edited."""
    data = change_form_data(client, edition) | changes
    data |= {"_publish": "Save and publish", "publish_on": on}
    return client.post(f"/admin/roles/edition/{edition.pk}/change/", data, follow=True)


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
    assert releases.next_quarter(2026, 1) == (2026, 2)
    assert releases.next_quarter(2026, 4) == (2027, 1)


@pytest.mark.parametrize(
    ("last", "day", "draft"),
    [
        ((2026, 1), datetime.date(2026, 2, 10), (2026, 2)),  # the next quarter
        ((2026, 1), datetime.date(2026, 12, 2), (2026, 4)),  # the calendar's
        ((2025, 3), datetime.date(2026, 12, 2), (2026, 4)),  # never a past one
        ((2026, 4), datetime.date(2026, 12, 2), (2027, 1)),
        ((2026, 4), datetime.date(2027, 1, 1), (2027, 1)),
    ],
)
def test_a_draft_is_for_the_next_quarter_or_the_current_one(last, day, draft):
    source = Edition(year=last[0], quarter=last[1])
    assert publishing.draft_quarter(source, today=day) == draft


def test_a_draft_after_an_old_edition_is_for_this_quarter_and_says_so(
    client, editor, role
):
    client.force_login(editor)
    response = start_draft(client, role)
    draft = Edition.objects.get(role=role, status=Edition.Status.DRAFT)
    assert draft.label == "2026 Q4"
    assert response.redirect_chain[-1][0] == f"/admin/roles/edition/{draft.pk}/change/"
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "Started the 2026 Q4 draft of Analyst.",
        "The last edition is 2026 Q1, so the draft is for the current quarter, "
        "2026 Q4.",
    ]
    assert messages[1] in visible_text(response.content.decode())


def test_a_draft_after_this_quarters_edition_is_for_the_next_one(
    client, editor, make_role, make_edition
):
    role = make_role("current-role")
    make_edition(role, year=2026, quarter=4)
    client.force_login(editor)
    response = start_draft(client, role)
    draft = Edition.objects.get(role=role, status=Edition.Status.DRAFT)
    assert draft.label == "2027 Q1"
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["Started the 2027 Q1 draft of Current Role."]


def test_start_next_quarter_returns_the_draft_and_its_note(editor, role):
    draft, note = publishing.start_next_quarter(role, editor)
    assert (draft.year, draft.quarter) == (2026, 4)
    assert note == (
        "The last edition is 2026 Q1, so the draft is for the current quarter, 2026 Q4."
    )


def test_an_editor_starts_next_quarters_draft(client, editor, role):
    client.force_login(editor)
    response = start_draft(client, role)
    draft = Edition.objects.get(role=role, year=2026, quarter=4)
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
    assert "already has a 2026 Q4 edition" in response.content.decode()
    assert Edition.objects.filter(role=role).count() == 2


def test_the_admin_action_starts_drafts_for_several_roles(
    client, editor, role, make_role, make_edition
):
    other = make_role("other-role")
    make_edition(other, year=2026, quarter=4)
    client.force_login(editor)
    response = client.post(
        "/admin/roles/role/",
        {"action": "start_next_quarter", "_selected_action": [role.pk, other.pk]},
        follow=True,
    )
    assert Edition.objects.filter(role=role, year=2026, quarter=4).exists()
    assert Edition.objects.filter(role=other, year=2027, quarter=1).exists()
    text = visible_text(response.content.decode())
    assert (
        "The last edition is 2026 Q1, so the draft is for the current quarter, "
        "2026 Q4." in text
    )


@pytest.fixture
def data_built(role):
    Role.objects.filter(pk=role.pk).update(origin=Role.Origin.DATASET)
    role.refresh_from_db()
    return role


def test_the_role_page_offers_a_review_or_a_take_over_of_a_data_built_file(
    client, editor, data_built
):
    client.force_login(editor)
    page = client.get(f"/admin/roles/role/{data_built.pk}/change/").content.decode()
    assert '<input type="submit" value="Review this file">' in page
    assert (
        '<input type="submit" name="take_over" value="Take it over as an editorial file">'
        in page
    )
    assert "Start next quarter’s draft" not in page


def test_reviewing_a_data_built_file_keeps_it_data_built(client, editor, data_built):
    client.force_login(editor)
    response = start_draft(client, data_built)
    draft = Edition.objects.get(role=data_built, status=Edition.Status.DRAFT)
    assert response.redirect_chain[-1][0] == f"/admin/roles/edition/{draft.pk}/change/"
    data_built.refresh_from_db()
    assert data_built.origin == Role.Origin.DATASET


def test_taking_over_a_data_built_file_makes_it_editorial(client, editor, data_built):
    client.force_login(editor)
    response = start_draft(client, data_built, take_over="Take it over")
    draft = Edition.objects.get(role=data_built, status=Edition.Status.DRAFT)
    assert response.redirect_chain[-1][0] == f"/admin/roles/edition/{draft.pk}/change/"
    data_built.refresh_from_db()
    assert data_built.origin == Role.Origin.EDITORIAL


def test_the_admin_action_reviews_data_built_files_without_taking_them_over(
    client, editor, data_built
):
    client.force_login(editor)
    client.post(
        "/admin/roles/role/",
        {"action": "start_next_quarter", "_selected_action": [data_built.pk]},
    )
    assert Edition.objects.filter(role=data_built, year=2026, quarter=4).exists()
    data_built.refresh_from_db()
    assert data_built.origin == Role.Origin.DATASET


def test_saving_a_reviewed_data_built_draft_marks_it_reviewed(
    client, editor, data_built
):
    client.force_login(editor)
    start_draft(client, data_built)
    draft = Edition.objects.get(role=data_built, status=Edition.Status.DRAFT)
    assert draft.reviewed_at is None
    data = change_form_data(client, draft) | {"headline": "An editor's reading."}
    client.post(f"/admin/roles/edition/{draft.pk}/change/", data)
    draft.refresh_from_db()
    assert draft.headline == "An editor's reading."
    assert draft.reviewed_at is not None


def test_the_role_admin_page_links_to_each_edition(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    page = client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    editions = list(Edition.objects.filter(role=role).newest_first())
    assert [edition.label for edition in editions] == ["2026 Q4", "2026 Q1"]
    links = [
        page.index(f'href="/admin/roles/edition/{edition.pk}/change/"')
        for edition in editions
    ]
    assert links == sorted(links)  # newest first
    text = visible_text(page)
    assert "2026 Q4 Draft" in text and "2026 Q1 Published" in text


def test_staff_preview_a_draft_and_anonymous_readers_get_404(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    response = client.get("/roles/analyst/2026-q4/")
    assert response.status_code == 200
    assert "Draft — not public." in visible_text(response.content.decode())
    assert "no-cache" in response["Cache-Control"]
    assert (
        '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    )
    client.logout()
    assert client.get("/roles/analyst/2026-q4/").status_code == 404
    assert "2026 Q4" not in client.get("/roles/analyst/").content.decode()


def test_a_draft_preview_links_back_to_its_edit_page(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, status=Edition.Status.DRAFT)
    html = client.get("/roles/analyst/2026-q4/").content.decode()
    assert f'<a href="/admin/roles/edition/{draft.pk}/change/">' in html
    assert "Edit this edition in the admin" in visible_text(html)
    # The public file has no way into the admin, even for staff.
    public = client.get("/roles/analyst/").content.decode()
    assert "/admin/" not in public


def publish(client, edition, on=""):
    """The publish endpoint beside the form (it publishes what is saved)."""
    return client.post(
        f"/admin/roles/edition/{edition.pk}/publish/", {"published_on": on}, follow=True
    )


def test_an_editor_cannot_publish_even_by_posting_the_form(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
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
    draft = Edition.objects.get(role=role, quarter=4)
    page = client.get(f"/admin/roles/edition/{draft.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert 'name="_publish"' not in page
    assert "Publishing is for the Publishers group." in page


def test_an_editor_posting_save_and_publish_gets_403(client, editor, role):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    response = save_and_publish(client, draft, headline="Published by an editor?")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    assert draft.published_on is None
    assert not LogEntry.objects.filter(
        object_id=str(draft.pk), change_message__startswith="Published"
    ).exists()
    client.logout()
    assert client.get("/roles/analyst/2026-q4/").status_code == 404
    assert (
        "Published by an editor?" not in client.get("/roles/analyst/").content.decode()
    )


def test_a_publisher_sees_save_and_publish_under_the_form(client, publisher, role):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    page = client.get(f"/admin/roles/edition/{draft.pk}/change/").content.decode()
    assert (
        '<input type="submit" class="default" name="_publish" value="Save and publish">'
        in page
    )
    assert 'name="publish_on" id="id_publish_on" value="2026-12-02"' in page
    assert "Publish or schedule" not in page


def test_save_and_publish_publishes_what_was_posted(client, publisher, role):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    response = save_and_publish(client, draft, headline="The posted reading.")
    assert response.redirect_chain[-1][0] == f"/admin/roles/edition/{draft.pk}/change/"
    assert "Analyst · 2026 Q4 is published on 2 December 2026." in visible_text(
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert draft.published_on == TODAY
    assert draft.headline == "The posted reading."
    client.logout()
    page = visible_text(client.get("/roles/analyst/").content.decode())
    assert "The posted reading." in page
    assert "The first reading." not in page
    assert "Edition 2026 Q4" in page


def test_the_full_workflow(client, editor, publisher, role):
    # An editor drafts the next quarter and edits it.
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    Task.objects.filter(edition=draft, kind=Task.Kind.AI).update(kind=Task.Kind.HUMAN)
    Task.objects.create(
        edition=draft, kind=Task.Kind.AI, text="A new exposed task", position=9
    )
    Edition.objects.filter(pk=draft.pk).update(skill_vulnerability=80)
    draft.refresh_from_db()
    draft.save()  # the score follows the factors

    # A publisher rewrites the headline and presses "Save and publish".
    client.force_login(publisher)
    response = save_and_publish(client, draft, headline="The second reading.")
    assert "is published on 2 December 2026." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED
    assert draft.published_on == TODAY

    # Readers see it, with the history of both editions and what changed.
    client.logout()
    page = visible_text(client.get("/roles/analyst/").content.decode())
    assert "The second reading." in page
    assert "Edition 2026 Q4" in page
    assert "What changed since 2026 Q1" in page
    assert re.search(r"Tasks? moved", page) and "A new exposed task" in page
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
    messages = [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(draft.pk)).order_by(
            "action_time", "pk"
        )
    ]
    assert messages == [
        "Started from 2026 Q1.",
        "Changed Headline.",
        "Published on 2 December 2026.",
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


def test_save_and_publish_saves_the_edits_when_publishing_is_refused(
    client, publisher, make_role, make_edition
):
    role = make_role()
    draft = make_edition(
        role, status=Edition.Status.DRAFT, published_on=None, sources=0, headline=""
    )
    client.force_login(publisher)
    response = save_and_publish(client, draft, headline="Written at last.")
    text = visible_text(response.content.decode())
    assert "Analyst · 2026 Q1 was not published." in text
    assert "Cite at least one source." in text
    assert "Write the headline." not in text  # the posted headline counts
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT and draft.published_on is None
    assert draft.headline == "Written at last."
    assert not LogEntry.objects.filter(
        object_id=str(draft.pk), change_message__startswith="Published"
    ).exists()


def test_a_future_date_schedules_without_a_cron(client, publisher, role):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    response = save_and_publish(client, draft, on="2026-12-03")
    assert "Analyst · 2026 Q4 is scheduled for 3 December 2026." in visible_text(
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED and draft.is_scheduled
    preview = visible_text(client.get("/roles/analyst/2026-q4/").content.decode())
    assert "Scheduled — not public yet." in preview
    client.logout()
    assert client.get("/roles/analyst/2026-q4/").status_code == 404
    assert "2026 Q4" not in client.get("/roles/analyst/").content.decode()


def test_a_malformed_publish_date_publishes_nothing(client, publisher, role):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    response = save_and_publish(client, draft, on="not-a-date")
    assert "Enter a valid date." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    assert draft.published_on is None


def test_the_publish_endpoint_still_publishes_the_saved_edition(
    client, publisher, role
):
    client.force_login(publisher)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    response = publish(client, draft, "2026-12-02")
    assert "Analyst · 2026 Q4 is published on 2 December 2026." in visible_text(
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED and draft.published_on == TODAY
    response = publish(client, Edition.objects.get(role=role, quarter=1), "bad")
    assert "Enter a valid date." in response.content.decode()


def test_an_untouched_brief_with_windows_line_endings_is_not_logged_as_changed(
    client, editor, role
):
    client.force_login(editor)
    start_draft(client, role)
    draft = Edition.objects.get(role=role, quarter=4)
    assert "\n" in draft.brief
    data = change_form_data(client, draft) | {
        "brief": draft.brief.replace("\n", "\r\n"),  # as a browser's textarea posts it
        "headline": "A changed headline.",
    }
    response = client.post(f"/admin/roles/edition/{draft.pk}/change/", data)
    assert response.status_code == 302
    entry = LogEntry.objects.filter(object_id=str(draft.pk)).latest("action_time")
    assert entry.get_change_message() == "Changed Headline."
    assert "Brief" not in entry.change_message
    draft.refresh_from_db()
    assert draft.brief == "First paragraph.\n\nSecond paragraph."
    assert "\r" not in draft.brief


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
