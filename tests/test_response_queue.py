"""The editors' queue of readers' responses and the tallies, through the admin."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import responses
from roles.models import Edition, TaskResponse, TaskTally
from tests.test_admin_publish import member_of

TALLIES = "/admin/roles/tasktally/"
RESPONSES = "/admin/roles/taskresponse/"
Answer = TaskResponse.Answer
Status = TaskResponse.Status


@pytest.fixture
def editor(client, db):
    client.force_login(member_of("Editors", "eddie"))
    return client


@pytest.fixture(params=["Editors", "Publishers"])
def reviewer(request, client, db):
    """An editor, then a publisher: both review responses."""
    user = member_of(request.param, "reviewer")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def role(make_role):
    return make_role("analyst")


def respond(role, answer=Answer.AI_DOES, comment="", task_key="task-1", **fields):
    return TaskResponse.objects.create(
        role=role,
        task_key=task_key,
        task_text=fields.pop("task_text", f"Task {task_key} of {role.title}"),
        answer=answer,
        comment=comment,
        **fields,
    )


def act(client, action, *answers):
    return client.post(
        RESPONSES,
        {"action": action, "_selected_action": [answer.pk for answer in answers]},
        follow=True,
    )


def rows(response):
    return list(response.context["cl"].result_list)


def test_an_editor_sees_the_tallies_with_their_shares(editor, role):
    respond(role, comment="Our tool drafts these.")
    respond(role)
    respond(role, Answer.AI_DOESNT)
    respond(role, Answer.NOT_MINE, status=Status.HIDDEN)  # counts nowhere
    respond(role, task_key="task-2")
    responses.refresh_role(role)

    response = editor.get(TALLIES)
    assert response.status_code == 200
    first, second = rows(response)  # most responses first
    assert (first.task_key, first.responses, first.awaiting) == ("task-1", 3, 1)
    assert (second.task_key, second.responses, second.awaiting) == ("task-2", 1, 0)
    page = response.content.decode()
    assert "2 (67%)" in page and "1 (33%)" in page and "0 (0%)" in page
    assert "every 10 minutes" in page and "from 20 responses" in page


def test_the_tallies_are_read_only(editor, role):
    respond(role)
    responses.refresh_role(role)
    assert editor.get(f"{TALLIES}add/").status_code == 403
    tally = TaskTally.objects.get()
    page = editor.get(f"{TALLIES}{tally.pk}/change/").content.decode()
    assert 'name="responses"' not in page
    assert editor.post(f"{TALLIES}{tally.pk}/delete/").status_code == 403


def test_a_tally_links_to_its_task_responses(editor, role, make_role):
    mine = [respond(role), respond(role, Answer.AI_DOESNT)]
    respond(role, task_key="task-2")
    respond(make_role("nurse"))  # the same key, another role
    responses.refresh_role(role)

    page = editor.get(f"{TALLIES}?q=analyst").content.decode()
    links = re.findall(r'href="([^"]*taskresponse/\?[^"]*)"', page)
    tally_link = html.unescape(links[0])
    assert "task_key=task-1" in tally_link
    listed = editor.get(tally_link)
    assert listed.status_code == 200
    assert {answer.pk for answer in rows(listed)} == {answer.pk for answer in mine}


def test_reviewers_approve_comments_in_bulk(reviewer, role):
    kind = respond(role, comment="It drafts the letters now.")
    rude = respond(role, comment="Spam")
    responses.refresh_role(role)
    assert TaskTally.objects.get().comments == []

    response = act(reviewer, "approve", kind)
    assert "Approved 1 response; recounted the tallies of 1 role." in (
        response.content.decode()
    )
    kind.refresh_from_db()
    assert kind.status == Status.APPROVED
    assert kind.reviewed_by == reviewer.user and kind.reviewed_at is not None
    comments = TaskTally.objects.get().comments
    assert [comment["text"] for comment in comments] == [kind.comment]
    rude.refresh_from_db()
    assert rude.status == Status.NEW


def test_reviewers_hide_responses_in_bulk_and_they_leave_the_counts(
    reviewer, role, make_role
):
    nurse = make_role("nurse")
    flood = [respond(role) for _ in range(3)] + [respond(nurse)]
    kept = respond(role, Answer.AI_DOESNT)
    responses.refresh_role(role)
    responses.refresh_role(nurse)

    response = act(reviewer, "hide", *flood)
    assert "Hid 4 responses; recounted the tallies of 2 roles." in (
        response.content.decode()
    )
    tally = TaskTally.objects.get(role=role)
    assert (tally.responses, tally.ai_does, tally.ai_doesnt) == (1, 0, 1)
    assert not TaskTally.objects.filter(role=nurse).exists()
    kept.refresh_from_db()
    assert kept.status == Status.NEW

    act(reviewer, "unhide", *flood)
    assert TaskTally.objects.get(role=role).responses == 4
    flood[0].refresh_from_db()
    assert flood[0].status == Status.NEW and flood[0].reviewed_by is None


def test_only_the_status_changes_on_a_response(reviewer, role):
    answer = respond(role, comment="As sent.")
    responses.refresh_role(role)
    assert reviewer.get(f"{RESPONSES}add/").status_code == 403
    page = reviewer.get(f"{RESPONSES}{answer.pk}/change/").content.decode()
    assert 'name="status"' in page and 'name="comment"' not in page

    reviewer.post(
        f"{RESPONSES}{answer.pk}/change/",
        {"status": Status.HIDDEN, "comment": "Changed."},
    )
    answer.refresh_from_db()
    assert (answer.status, answer.comment) == (Status.HIDDEN, "As sent.")
    assert not TaskTally.objects.exists()  # recounted without it


def test_deleting_a_response_recounts_its_role(reviewer, role):
    gone, _ = respond(role), respond(role)
    responses.refresh_role(role)
    reviewer.post(f"{RESPONSES}{gone.pk}/delete/", {"post": "yes"})
    assert not TaskResponse.objects.filter(pk=gone.pk).exists()
    assert TaskTally.objects.get().responses == 1


def test_the_queue_filters_by_comment(editor, role):
    with_comment = respond(role, comment="Yes.")
    respond(role)
    listed = rows(editor.get(f"{RESPONSES}?has_comment=yes"))
    assert listed == [with_comment]


@pytest.mark.parametrize("path", [TALLIES, RESPONSES])
def test_staff_outside_the_groups_see_nothing(client, db, path):
    client.force_login(
        get_user_model().objects.create_user("sam", "sam@example.com", is_staff=True)
    )
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", [TALLIES, RESPONSES])
def test_anonymous_visitors_go_to_the_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_next_draft_link_opens_the_draft_or_the_role(
    editor, role, make_role, make_edition
):
    make_edition(role, year=2026, quarter=1)
    make_edition(role, year=2026, quarter=2, status=Edition.Status.DRAFT)
    newest = make_edition(role, year=2026, quarter=3, status=Edition.Status.DRAFT)
    plain = make_role("nurse")
    respond(role)
    respond(plain)
    responses.refresh_role(role)
    responses.refresh_role(plain)

    page = editor.get(TALLIES).content.decode()
    assert f'href="/admin/roles/edition/{newest.pk}/change/">Next draft</a>' in page
    assert (
        f'href="/admin/roles/role/{plain.pk}/change/">Start next draft (role page)</a>'
        in page
    )


def fill(make_role, make_edition, count, start=0):
    """`count` roles, each with a tally, a comment to review and half a draft."""
    for number in range(start, start + count):
        role = make_role(f"role-{number}")
        if number % 2:
            make_edition(role, status=Edition.Status.DRAFT, tasks=0, skills=0)
        respond(role, comment="Waiting.")
        responses.refresh_role(role)


def test_the_tally_list_takes_the_same_queries_for_3_rows_or_30(
    editor, make_role, make_edition, django_assert_max_num_queries
):
    fill(make_role, make_edition, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(rows(editor.get(TALLIES))) == 3
    fill(make_role, make_edition, 27, start=3)
    with django_assert_max_num_queries(len(few)):
        page = editor.get(TALLIES)
    assert len(rows(page)) == 30
    assert page.content.decode().count(">Next draft</a>") == 15


def test_a_comment_is_shown_as_text_never_as_markup(editor, role):
    answer = respond(role, comment="<script>alert('x')</script> <b>bold</b>")
    for path in [RESPONSES, f"{RESPONSES}{answer.pk}/change/"]:
        page = editor.get(path).content.decode()
        assert "<script>alert" not in page and "<b>bold" not in page
        assert "&lt;script&gt;alert(" in page
