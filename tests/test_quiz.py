"""The personal diagnostic: role, week, result in the URL, and bad links."""

import pytest

from roles.models import Edition, Task
from tests.html import count_h1, visible_text

ANSWERS = {"s": "mid", "p": "some", "u": "sometimes"}


@pytest.fixture
def coder(medical_coder):
    return Edition.objects.get(role=medical_coder)


def result(client, answers, **extra):
    return client.get(
        "/quiz/result/",
        {"role": "medical-coder", "e": "2026-q2", "a": answers, **ANSWERS, **extra},
    )


def test_step_one_finds_the_role_by_any_name(client, coder):
    response = client.get("/quiz/?q=clinical coder")
    assert response.status_code == 200
    assert 'href="/quiz/?role=medical-coder"' in response.content.decode()


def test_the_week_is_asked_five_tasks_at_a_time(client, coder):
    html = client.get("/quiz/?role=medical-coder").content.decode()
    assert count_h1(html) == 1
    assert "Step 1 of 4" in html  # 13 tasks: 5, 5, 3, then how you work
    assert [f'name="t{n}"' in html for n in range(1, 7)] == [True] * 5 + [False]


def walk(client, *groups):
    """Answer the task steps as a browser without JavaScript would."""
    codes, step = "", 1
    for group in groups:
        first = len(codes)
        fields = {f"t{first + i + 1}": digit for i, digit in enumerate(group)}
        response = client.get(
            "/quiz/", {"role": "medical-coder", "step": step + 1, "a": codes, **fields}
        )
        assert response.status_code == 200
        codes, step = codes + group, step + 1
    return response


def test_each_step_carries_the_answers_so_far(client, coder):
    html = walk(client, "22222", "22000", "000").content.decode()
    assert "Step 4 of 4" in html
    assert 'action="/quiz/result/"' in html
    assert 'name="a" value="2222222000000"' in html


def test_back_keeps_the_answers_given(client, coder):
    html = walk(client, "21021", "22000").content.decode()
    assert "Step 3 of 4" in html
    back = client.get(
        "/quiz/", {"role": "medical-coder", "step": 2, "a": "2102122000"}
    ).content.decode()
    assert "Step 2 of 4" in back
    assert 'name="a" value="21021"' in back
    assert 'name="t6" value="2" checked' in back


def test_a_step_with_a_missing_answer_is_asked_again(client, coder):
    response = client.get(
        "/quiz/", {"role": "medical-coder", "step": 2, "a": "", "t1": "2", "t3": "9"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Step 1 of 4" in html
    assert (
        "Answer every task below with none, some or a lot: 4 have no answer yet."
        in html
    )
    assert html.count("No answer yet") == 4
    assert 'name="t1" value="2" checked' in html  # what was given is kept
    assert 'name="a" value=""' in html


def test_no_answer_is_preset(client, coder):
    first = client.get("/quiz/", {"role": "medical-coder"}).content.decode()
    last = walk(client, "21021", "22000", "010").content.decode()
    assert "Step 1 of 4" in first
    assert "Step 4 of 4" in last
    for html in (first, last):
        assert " checked" not in html
        assert "required" in html


def test_a_step_past_the_end_is_refused(client, coder):
    assert client.get("/quiz/", {"role": "medical-coder", "step": 9}).status_code == 400


def test_an_edited_link_missing_earlier_answers_starts_again(client, coder):
    html = client.get(
        "/quiz/", {"role": "medical-coder", "step": 3, "a": "2"}
    ).content.decode()
    assert "Step 1 of 4" in html


def test_htmx_gets_the_step_alone(client, coder):
    response = client.get("/quiz/?role=medical-coder", headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "Step 1 of 4" in response.content.decode()
    assert {"HX-Request", "HX-History-Restore-Request"} <= set(
        response["Vary"].split(", ")
    )


def test_a_week_of_exposed_tasks_scores_above_the_role(client, coder):
    text = visible_text(result(client, "2222222000000").content.decode())
    assert (
        "Your week scores 73." in text
    )  # TA 80 (no measured exposure: the AI column's 80)
    assert "The Medical Coder role scores 68 (High)" in text


def test_a_week_of_human_tasks_scores_below_the_role(client, coder):
    text = visible_text(result(client, "0000000222222", p="most").content.decode())
    assert "Your week scores 53." in text  # TA 20, AC 73.67: 41.45 + 6 + 5.27


def test_the_same_link_gives_the_same_result(client, coder):
    first = result(client, "2101210122012").content
    assert first == result(client, "2101210122012").content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"a": "22"}, "This role file has 13 tasks; the link answers 2."),
        ({"a": "2222222000000" + "0"}, "This role file has 13 tasks"),
        ({"a": "22222220000x0"}, "answers"),
        ({"a": "3333333333333"}, "answers"),
        ({"e": "2026-q9"}, "edition"),
        ({"e": "2025-q1"}, "This role or edition is not published."),
        ({"role": "atlantis"}, "This role or edition is not published."),
        ({"role": "<script>"}, "role"),
        ({"s": "emperor"}, "seniority"),
        ({"u": ""}, "AI tools"),
    ],
)
def test_tampered_links_get_a_400_that_explains(client, coder, params, message):
    query = {
        "role": "medical-coder",
        "e": "2026-q2",
        "a": "2222222000000",
        **ANSWERS,
        **params,
    }
    response = client.get("/quiz/result/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Start the quiz again" in html
    assert "<script>" not in html.split("<body")[1].replace("<script src=", "")


def test_a_draft_edition_cannot_be_scored(client, coder):
    Edition.objects.filter(pk=coder.pk).update(
        status=Edition.Status.DRAFT, published_on=None
    )
    assert result(client, "2222222000000").status_code == 400


def test_an_unknown_role_in_step_two_is_a_404(client, coder):
    assert client.get("/quiz/?role=atlantis").status_code == 404


def test_the_result_runs_a_fixed_number_of_queries(
    client, coder, django_assert_max_num_queries
):
    Task.objects.filter(edition=coder).update(exposure=50)
    with django_assert_max_num_queries(6):
        assert result(client, "2222222000000").status_code == 200


def test_each_step_names_its_progress(client, coder):
    html = walk(client, "21021").content.decode()
    assert (
        '<div class="quiz-bar" role="progressbar" aria-label="Quiz progress" '
        'aria-valuemin="1" aria-valuemax="4" aria-valuenow="2" '
        'aria-valuetext="Step 2 of 4: tasks 6–10">'
    ) in html
    assert html.count('class="quiz-bar-step') == 4
    assert "<legend>Tasks 6–10 of 13</legend>" in html
    assert "8 tasks to go" in html
    text = visible_text(html)
    assert "✓ Tasks 1–5 (done) Tasks 6–10 (this step) Tasks 11–13 How you work" in text
    last = walk(client, "21021", "22000", "010").content.decode()
    assert 'aria-valuenow="4"' in last
    assert 'aria-valuetext="Step 4 of 4: how you work"' in last
    assert "Last step" in last


def test_htmx_replaces_the_progress_out_of_band(client, coder):
    full = client.get("/quiz/?role=medical-coder").content.decode()
    assert full.count('id="quiz-progress"') == 1
    assert "data-hx-swap-oob" not in full
    partial = client.get(
        "/quiz/?role=medical-coder", headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        '<div class="quiz-progress-block" id="quiz-progress" data-hx-swap-oob="true">'
        in partial
    )


def test_the_result_follows_the_role_files_sections(client, coder):
    html = result(client, "2222222000000").content.decode()
    assert html.count('<section class="file-section"') == 3
    assert html.count('class="section-heading"') == 3
    text = visible_text(html)
    assert "What drives it The tasks that weigh most in your week." in text
    assert "Factor The role You" in text
    assert "AI risk 68 73" in text  # the role's score, then yours


def test_your_factors_print_as_the_roles_do(client, coder):
    # A factor the answers leave alone prints exactly as the role's (63.67,
    # not 63.7), and a whole one without a trailing ".0".
    text = visible_text(result(client, "2222222000000").content.decode())
    assert "Task automation proxy 64.29 80 AI complementarity 63.67 63.67" in text
    same = visible_text(result(client, "0000000000000").content.decode())
    assert "Task automation proxy 64.29 64.29" in same
