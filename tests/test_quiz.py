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


def test_step_two_asks_about_every_task(client, coder):
    response = client.get("/quiz/?role=medical-coder")
    html = response.content.decode()
    assert count_h1(html) == 1
    for index in range(1, 14):
        assert f'name="t{index}"' in html
    assert 'name="t14"' not in html


def test_the_plain_form_becomes_a_short_shareable_link(client, coder):
    fields = {f"t{index}": "alot" if index <= 7 else "none" for index in range(1, 14)}
    response = client.get(
        "/quiz/result/", {"role": "medical-coder", "e": "2026-q2", **fields, **ANSWERS}
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == "/quiz/result/?role=medical-coder&e=2026-q2&a=2222222000000&s=mid&p=some&u=sometimes"
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
