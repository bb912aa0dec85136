"""Completing the quiz for the Medical Coder in a real browser."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def medical_coder_file():
    call_command("load_editorial", verbosity=0)


def answer_the_rest(page, answer="None"):
    """Tick `answer` for every task of the step that has none yet."""
    for question in page.locator(".quiz-question").all():
        if not question.locator("input:checked").count():
            question.get_by_role("radio", name=answer).check()


def test_a_reader_completes_the_quiz(live_server, page, medical_coder_file):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/quiz/")
    page.locator("#id_q").fill("clinical coder")
    page.locator("#id_q").press("Enter")
    page.get_by_role("link", name="Medical Coder").click()
    expect(page.locator("h1")).to_have_text("Medical Coder: your week.")
    expect(page.locator(".quiz-progress")).to_have_text("Step 1 of 4")
    page.evaluate("window.stillTheSamePage = true")
    # No answer is preset: Next with none given stays on the step.
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 1 of 4")
    questions = page.locator(".quiz-question")
    for index in range(
        3
    ):  # the first three "AI will handle" tasks take a lot of the week
        questions.nth(index).get_by_role("radio", name="A lot").check()
    answer_the_rest(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 2 of 4")
    # Back and forward keep the answers, without a page load (htmx).
    page.get_by_role("link", name="Back").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 1 of 4")
    expect(
        page.locator(".quiz-question").nth(2).get_by_role("radio", name="A lot")
    ).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 2 of 4")
    answer_the_rest(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 3 of 4")
    answer_the_rest(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 4 of 4")
    assert page.evaluate("window.stillTheSamePage") is True
    page.get_by_role("radio", name="Experienced").check()
    page.get_by_role("radio", name="Some of it").check()
    page.get_by_role("radio", name="Every day").check()
    page.get_by_role("button", name="See my result").click()
    expect(page).to_have_url(
        re.compile(
            r"/quiz/result/\?role=medical-coder&e=2026-q2&a=2220000000000&s=mid&p=some&u=daily$"
        )
    )
    expect(page.locator("h1")).to_have_text("Your week scores 72.")
    expect(page.locator(".quiz-compare")).to_contain_text("68")
    # The link alone gives the same result: nothing was stored.
    page.reload()
    expect(page.locator("h1")).to_have_text("Your week scores 72.")
