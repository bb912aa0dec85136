""" "In my job…": readers answer about a role file's tasks, through the public surface.

The role file stays cacheable for everyone (no token, no cookie); the form is
its own never-cached page; bad input is a 4xx that stores nothing; a flood is
a 429; tallies are counted on a bounded schedule and end only their role's
cached pages.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from roles import caching, responses
from roles.models import Edition, Role, Task, TaskResponse, TaskTally

READER = "198.51.100.23"


@pytest.fixture
def reader(db):
    """A browser that sends CSRF tokens as a real one must (checks enforced)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def current(medical_coder):
    return Edition.objects.current_for("medical-coder").first()


@pytest.fixture
def task(current):
    return current.tasks.order_by("kind", "position").first()


@pytest.fixture
def behind_one_proxy(settings):
    """As PROXY_COUNT=1 sets it: the reader is X-Forwarded-For's right-most entry."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"


def form_url(task, slug="medical-coder"):
    return f"/roles/{slug}/tasks/{task.pk}/in-my-job/"


def open_form(client, task, **headers):
    """GET the form; the token its page carries."""
    response = client.get(form_url(task), headers=headers)
    assert response.status_code == 200
    return re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    ).group(1)


def answer(client, task, token=None, headers=None, **fields):
    data = {"answer": "ai_does", "comment": "", "website": ""} | fields
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    return client.post(form_url(task), data, headers=headers or {})


# The role file stays cacheable -------------------------------------------


def test_the_role_file_links_each_task_to_its_form_and_sets_no_cookie(client, current):
    response = client.get("/roles/medical-coder/")
    html = response.content.decode()
    for task in current.tasks.all():
        assert f'href="{form_url(task)}"' in html
        assert f'id="task-{task.pk}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_an_archived_edition_and_a_preview_offer_no_form(
    client, admin_client, medical_coder, make_edition
):
    older = Edition.objects.current_for("medical-coder").first()
    make_edition(medical_coder, year=older.year + 1, quarter=1)
    archived = client.get(older.get_absolute_url()).content.decode()
    assert "/in-my-job/" not in archived
    draft = make_edition(
        medical_coder, year=older.year + 1, quarter=2, status=Edition.Status.DRAFT
    )
    preview = admin_client.get(draft.get_absolute_url()).content.decode()
    assert "/in-my-job/" not in preview


# The form ---------------------------------------------------------------


def test_the_form_is_never_cached_and_alone_sets_the_csrf_cookie(reader, task):
    response = reader.get(form_url(task))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "csrftoken" in response.cookies
    html = response.content.decode()
    assert task.text in html
    assert html.count('type="radio"') == 3
    assert 'maxlength="280"' in html


def test_htmx_gets_the_form_alone_to_put_in_place_of_the_link(reader, task):
    response = reader.get(form_url(task), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "<html" not in html
    assert "csrftoken" in response.cookies


def test_an_answer_is_stored_and_the_reader_is_sent_to_the_cached_thanks(
    reader, task, current
):
    token = open_form(reader, task)
    response = answer(reader, task, token, answer="ai_doesnt", comment=" We do it. ")
    thanks = f"/roles/medical-coder/tasks/{task.pk}/thanks/"
    assert response.status_code == 303
    assert response["Location"] == thanks
    stored = TaskResponse.objects.get()
    assert (stored.role, stored.edition, stored.answer, stored.comment) == (
        current.role,
        current,
        "ai_doesnt",
        "We do it.",
    )
    assert (stored.task_key, stored.task_text) == (task.response_key, task.text)
    assert stored.status == TaskResponse.Status.NEW
    page = Client().get(thanks)
    assert page.status_code == 200
    assert "public" in page["Cache-Control"]
    assert not page.cookies
    assert f"#task-{task.pk}" in page.content.decode()


def test_htmx_answers_in_place(reader, task):
    token = open_form(reader, task)
    response = answer(reader, task, token, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="respond-done"' in html and "<html" not in html
    assert TaskResponse.objects.count() == 1


# Bad input: a 4xx, and nothing stored -----------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"answer": "ai_will_do"}, "Select a valid choice"),
        ({"answer": ""}, "Pick one of the three answers"),
        ({"comment": "x" * 281}, "at most 280 characters"),
        ({"website": "http://spam.example"}, "must stay empty"),
    ],
)
def test_a_tampered_or_oversized_answer_is_a_400(reader, task, fields, message):
    token = open_form(reader, task)
    response = answer(reader, task, token, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TaskResponse.objects.exists()


def test_a_comment_of_280_characters_is_taken(reader, task):
    token = open_form(reader, task)
    assert answer(reader, task, token, comment="é" * 280).status_code == 303


def test_a_missing_or_wrong_csrf_token_is_a_403(reader, task):
    assert answer(reader, task).status_code == 403
    open_form(reader, task)  # the cookie, but a token of another browser
    response = answer(reader, task, "x" * 64)
    assert response.status_code == 403
    assert "Nothing was stored" in response.content.decode()
    assert not TaskResponse.objects.exists()


def test_a_task_not_on_the_current_public_file_is_a_404(
    reader, client, task, medical_coder, make_role, make_edition
):
    other = make_edition(make_role("other-role"))
    other_task = other.tasks.first()
    token = open_form(reader, task)
    # Another role's task under this role's address, and the reverse.
    assert reader.post(form_url(other_task), {"answer": "ai_does"}).status_code in (
        403,
        404,
    )
    for url in (
        form_url(other_task),
        form_url(task, slug="other-role"),
        "/roles/no-such-role/tasks/1/in-my-job/",
        f"/roles/medical-coder/tasks/{10**30}/in-my-job/",
        f"/roles/medical-coder/tasks/{task.pk}/thanks/".replace(
            str(task.pk), str(other_task.pk)
        ),
    ):
        assert client.get(url).status_code == 404, url
    data = {"answer": "ai_does", "csrfmiddlewaretoken": token}
    assert reader.post(form_url(other_task), data).status_code == 404
    assert not TaskResponse.objects.exists()


def test_a_task_of_an_archived_edition_is_a_404(
    reader, task, medical_coder, make_edition
):
    make_edition(medical_coder, year=timezone.localdate().year + 1, quarter=1)
    assert reader.get(form_url(task)).status_code == 404


def test_other_methods_are_refused(client, task):
    assert client.put(form_url(task)).status_code == 405
    assert client.delete(form_url(task)).status_code == 405


# The rate limit ---------------------------------------------------------


def test_one_answer_a_task_an_hour(reader, task, page_cache):
    token = open_form(reader, task)
    assert answer(reader, task, token).status_code == 303
    again = answer(reader, task, token, answer="not_mine")
    assert again.status_code == 409
    assert 0 < int(again["Retry-After"]) <= responses.WINDOW_SECONDS
    assert TaskResponse.objects.count() == 1


def test_a_flood_from_one_reader_is_a_429_with_retry_after(
    reader, current, page_cache, behind_one_proxy
):
    tasks = list(current.tasks.all())
    headers = {"X-Forwarded-For": READER}
    token = open_form(reader, tasks[0])
    statuses = [
        answer(reader, tasks[i % len(tasks)], token, headers=headers).status_code
        for i in range(responses.RESPONSES_PER_WINDOW + 5)
    ]
    assert set(statuses[: len(tasks)]) == {303}
    assert statuses[-5:] == [429] * 5
    assert 500 not in statuses
    flooded = answer(reader, tasks[0], token, headers=headers)
    assert flooded.status_code == 429
    assert int(flooded["Retry-After"]) > 0
    # Refused attempts count too, and store nothing.
    assert TaskResponse.objects.count() == len(tasks)
    # Another reader behind the same proxy is not held up.
    other = {"X-Forwarded-For": "203.0.113.40"}
    assert answer(reader, tasks[0], token, headers=other).status_code == 303


def test_bad_posts_count_against_the_limit_too(reader, task, page_cache):
    token = open_form(reader, task)
    for _ in range(responses.RESPONSES_PER_WINDOW):
        assert answer(reader, task, token, answer="bogus").status_code == 400
    assert answer(reader, task, token).status_code == 429
    assert not TaskResponse.objects.exists()


def test_the_cache_keeps_no_address_only_an_hourly_salted_hash(
    reader, task, page_cache, behind_one_proxy
):
    token = open_form(reader, task)
    answer(reader, task, token, headers={"X-Forwarded-For": READER})
    keys = list(page_cache._cache.keys())
    assert keys and not any(READER in key for key in keys)
    values = [str(value) for value in page_cache._cache.values()]
    assert not any(READER in value for value in values)
    field_names = {field.name for field in TaskResponse._meta.get_fields()}
    assert not field_names & {"ip", "address", "user_agent", "session", "user"}


def test_the_limit_holds_while_redis_is_down(reader, task, settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.05, "socket_timeout": 0.05},
        }
    }
    from roles import redis_cache

    monkeypatch.setattr(redis_cache, "breakers", {})
    responses.local_counts.clear()
    token = open_form(reader, task)
    assert answer(reader, task, token).status_code == 303
    assert answer(reader, task, token).status_code == 409
    statuses = {
        answer(reader, task, token).status_code
        for _ in range(responses.RESPONSES_PER_WINDOW)
    }
    assert statuses == {409, 429}
    assert TaskResponse.objects.count() == 1


# Tallies ----------------------------------------------------------------


def add_responses(edition, task, ai_does=0, ai_doesnt=0, not_mine=0, **fields):
    for answer_value, count in (
        ("ai_does", ai_does),
        ("ai_doesnt", ai_doesnt),
        ("not_mine", not_mine),
    ):
        for _ in range(count):
            TaskResponse.objects.create(
                role=edition.role,
                edition=edition,
                task_key=task.response_key,
                task_text=task.text,
                answer=answer_value,
                **fields,
            )


def test_shares_show_from_the_threshold_on_apart_from_the_score(client, current, task):
    add_responses(current, task, ai_does=11, ai_doesnt=5, not_mine=3)
    responses.refresh_role(current.role)
    html = client.get("/roles/medical-coder/").content.decode()
    assert "19 responses" not in html
    add_responses(current, task, ai_doesnt=1)
    responses.refresh_role(current.role)
    html = client.get("/roles/medical-coder/").content.decode()
    assert (
        "20 responses: 55% say AI already does this in their job, "
        "30% say it doesn’t, 15% don’t do this task." in html
    )
    assert "self-selected" in html
    score_before = current.risk_score
    current.refresh_from_db()
    assert current.risk_score == score_before


def test_shares_are_whole_percents_that_add_up_to_100():
    tally = TaskTally(responses=21, ai_does=7, ai_doesnt=7, not_mine=7)
    assert [share.percent for share in responses.shares(tally)] == [34, 33, 33]
    tally = TaskTally(responses=38, ai_does=23, ai_doesnt=11, not_mine=4)
    assert [share.percent for share in responses.shares(tally)] == [61, 29, 10]


def test_hidden_responses_count_nowhere_and_comments_wait_for_approval(
    client, current, task
):
    add_responses(current, task, ai_does=20)
    add_responses(current, task, ai_doesnt=30, status=TaskResponse.Status.HIDDEN)
    add_responses(current, task, ai_does=1, comment="Unread <b>comment</b>")
    add_responses(
        current,
        task,
        ai_doesnt=1,
        comment="Our coders check <i>every</i> claim.",
        status=TaskResponse.Status.APPROVED,
    )
    responses.refresh_role(current.role)
    tally = TaskTally.objects.get()
    assert (tally.responses, tally.ai_does, tally.ai_doesnt) == (22, 21, 1)
    html = client.get("/roles/medical-coder/").content.decode()
    assert "22 responses" in html
    assert "Unread" not in html
    assert "Our coders check &lt;i&gt;every&lt;/i&gt; claim." in html


def test_tallies_follow_the_task_into_the_next_edition_until_it_is_reworded(
    client, current, task, medical_coder, make_edition
):
    add_responses(current, task, ai_does=20)
    responses.refresh_role(medical_coder)
    newer = make_edition(medical_coder, year=current.year + 1, tasks=0)
    Task.objects.create(edition=newer, kind=task.kind, text=task.text)
    Task.objects.create(edition=newer, kind="human", text=task.text + " by hand")
    html = client.get("/roles/medical-coder/").content.decode()
    assert html.count("20 responses:") == 1


def test_the_api_gives_the_public_tallies_under_each_task(client, current, task):
    add_responses(current, task, ai_does=12, ai_doesnt=8)
    before = client.get("/api/roles/medical-coder.json")
    responses.refresh_role(current.role)
    after = client.get("/api/roles/medical-coder.json")
    tasks = {item["text"]: item for item in after.json()["tasks"]}
    readers = tasks[task.text]["readers"]
    assert readers["responses"] == 20
    assert readers["shares"] == {"ai_does": 60, "ai_doesnt": 40, "not_mine": 0}
    others = [item for text, item in tasks.items() if text != task.text]
    assert all(item["readers"] is None for item in others)
    assert after["ETag"] != before["ETag"]
    assert "readers" in client.get("/data/").content.decode()


# The bounded schedule, and only that role's pages ---------------------------


def test_a_count_ends_only_that_roles_cached_pages(
    client, page_cache, current, task, make_role, make_edition
):
    make_edition(make_role("other-role"))
    pages = ["/roles/medical-coder/", "/roles/other-role/", "/", "/api/roles.json"]
    first = {page: client.get(page)["ETag"] for page in pages}
    add_responses(current, task, ai_does=20)
    responses.refresh_role(current.role)
    second = {page: client.get(page)["ETag"] for page in pages}
    assert second["/roles/medical-coder/"] != first["/roles/medical-coder/"]
    for page in pages[1:]:
        assert second[page] == first[page], page


def test_an_answer_ends_no_other_cached_page(
    reader, page_cache, task, django_capture_on_commit_callbacks
):
    """Only its role's count ends pages: not every answer the whole site's."""
    site_version = caching.content_version()
    token = open_form(reader, task)
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(reader, task, token).status_code == 303
    assert caching.content_version() == site_version


def test_a_role_is_counted_at_most_once_an_interval(
    reader,
    client,
    page_cache,
    current,
    task,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    tasks = list(current.tasks.all())
    token = open_form(reader, tasks[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(reader, tasks[0], token).status_code == 303
    role = Role.objects.get(pk=current.role_id)
    counted_at = role.tallied_at
    assert counted_at is not None
    assert TaskTally.objects.get().responses == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(reader, tasks[1], token).status_code == 303
    # Within the interval: stored, not counted yet, and the page unchanged.
    assert TaskTally.objects.count() == 1
    assert Role.objects.get(pk=role.pk).tallied_at == counted_at
    assert client.get("/roles/medical-coder/").status_code == 200
    assert TaskTally.objects.count() == 1
    # Once it is due, the next view of the role's page counts it.
    later = timezone.now() + datetime.timedelta(seconds=responses.TALLY_INTERVAL + 1)
    monkeypatch.setattr(responses.time, "time", lambda: later.timestamp(), raising=True)
    monkeypatch.setattr(responses.timezone, "now", lambda: later)
    assert client.get("/roles/medical-coder/").status_code == 200
    assert TaskTally.objects.count() == 2


def test_refresh_tallies_counts_roles_with_new_answers(current, task, capsys):
    from django.core.management import call_command

    add_responses(current, task, ai_does=3)
    call_command("refresh_tallies")
    assert TaskTally.objects.get().responses == 3
    assert "1 role(s)" in capsys.readouterr().out
    call_command("refresh_tallies")
    assert "0 role(s)" in capsys.readouterr().out


def test_expired_answers_are_deleted(current, task):
    add_responses(current, task, ai_does=2)
    add_responses(current, task, ai_doesnt=1, status=TaskResponse.Status.HIDDEN)
    now = timezone.now()
    assert responses.prune(now + datetime.timedelta(days=10)) == 0
    assert responses.prune(now + datetime.timedelta(days=31)) == 1
    assert responses.prune(now + datetime.timedelta(days=731)) == 2
    assert not TaskResponse.objects.exists()


def test_the_methodology_says_how_answers_are_used_and_kept(client, medical_coder):
    html = client.get("/methodology/").content.decode()
    assert 'id="reader-responses"' in html
    assert f"{responses.PUBLIC_THRESHOLD} responses" in html
    assert "no tracking cookie" in html


@pytest.fixture
def admin_client(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("chief", "c@example.com", "pw")
    admin = Client()
    admin.force_login(user)
    return admin


def test_crawlers_are_kept_off_the_answer_forms(client, task, db):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /roles/*/tasks/" in robots
    html = client.get("/roles/medical-coder/").content.decode()
    link = re.search(r'<a class="respond-link"[^>]*>', html).group(0)
    assert 'rel="nofollow"' in link
    form_page = client.get(form_url(task)).content.decode()
    assert '<meta name="robots" content="noindex">' in form_page


def test_an_answer_never_ends_the_whole_sites_cache(
    reader,
    client,
    page_cache,
    current,
    make_role,
    make_edition,
    django_capture_on_commit_callbacks,
):
    make_edition(make_role("other-role"))
    tasks = list(current.tasks.all())
    pages = ["/", "/roles/other-role/", "/api/roles.json"]
    first = {page: client.get(page)["ETag"] for page in pages}
    stamp = client.get("/api/roles.json")["Last-Modified"]
    token = open_form(reader, tasks[0])
    for task in tasks[:3]:  # the first is counted at once, the others are due later
        with django_capture_on_commit_callbacks(execute=True):
            assert answer(reader, task, token).status_code == 303
    assert {page: client.get(page)["ETag"] for page in pages} == first
    assert client.get("/api/roles.json")["Last-Modified"] == stamp
