""" "In my job…" in a real browser: in place with htmx, and as plain pages without."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from roles.models import TaskResponse
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def medical_coder_file():
    call_command("load_editorial", verbosity=0)


def test_a_reader_answers_in_place(
    live_server, page, medical_coder_file, page_cache, axe_source
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/roles/medical-coder/")
    page.evaluate("window.stillTheSamePage = true")
    assert page.context.cookies() == []  # the role file sets none
    first = page.locator(".task-list li").first
    first.get_by_role("link", name="In my job…").click()
    form = first.locator("form.respond")
    expect(form).to_be_visible()
    expect(first.get_by_role("radio", name="AI already does this")).to_be_focused()
    assert serious_violations(page, axe_source) == []
    # Sent with no answer: the browser asks for one, nothing is stored.
    form.get_by_role("button", name="Send").click()
    assert TaskResponse.objects.count() == 0
    first.get_by_role("radio", name="AI doesn’t do this").check()
    form.get_by_role("textbox").fill("We still read every chart by hand.")
    form.get_by_role("button", name="Send").click()
    expect(first.locator(".respond-done")).to_contain_text("your answer is in")
    assert page.evaluate("window.stillTheSamePage") is True
    stored = TaskResponse.objects.get()
    assert (stored.answer, stored.comment) == (
        "ai_doesnt",
        "We still read every chart by hand.",
    )
    assert page.evaluate("document.documentElement.scrollWidth") == 390


def test_a_second_answer_to_a_task_is_refused_in_place(
    live_server, browser, medical_coder_file, page_cache
):
    # Its own page: the browser logs the expected 409 as a console error.
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    for _ in range(2):
        page.goto(f"{live_server.url}/roles/medical-coder/")
        first = page.locator(".task-list li").first
        first.get_by_role("link", name="In my job…").click()
        first.get_by_role("radio", name="I don’t do this task").check()
        first.get_by_role("button", name="Send").click()
        expect(first.locator(".respond-done")).to_be_visible()
    expect(first.locator(".respond-refused")).to_contain_text(
        "answered about this task"
    )
    assert TaskResponse.objects.count() == 1
    context.close()


def test_without_javascript_the_form_is_a_page_and_thanks_another(
    live_server, page_without_js, medical_coder_file
):
    page = page_without_js
    page.goto(f"{live_server.url}/roles/medical-coder/")
    page.locator(".task-column-human .respond-link").first.click()
    expect(page.locator("h1")).to_have_text("Where does your job differ?")
    page.get_by_role("radio", name="AI already does this").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_have_text("Thank you: your answer is in.")
    assert page.url.endswith("/thanks/")
    page.get_by_role("link", name="← Back to the Medical Coder file").click()
    assert "#task-" in page.url
    assert TaskResponse.objects.get().answer == "ai_does"
