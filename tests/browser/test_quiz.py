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


PHONE = {"width": 390, "height": 844}
RESULT = (
    "/quiz/result/?role=medical-coder&e=2026-q2&a=2220000000000&s=mid&p=some&u=daily"
)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_steps_name_their_progress(live_server, page, medical_coder_file):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/quiz/?role=medical-coder")
    bar = page.get_by_role("progressbar", name="Quiz progress")
    expect(bar).to_have_attribute("aria-valuenow", "1")
    expect(bar).to_have_attribute("aria-valuemax", "4")
    expect(bar).to_have_attribute("aria-valuetext", "Step 1 of 4: tasks 1–5")
    expect(page.locator(".quiz-steps li")).to_have_text(
        ["Tasks 1–5 (this step)", "Tasks 6–10", "Tasks 11–13", "How you work"]
    )
    answer_the_rest(page, "Some")
    page.get_by_role("button", name="Next").click()
    # htmx swaps the step and, out of band, the bar above the heading.
    expect(bar).to_have_attribute("aria-valuenow", "2")
    expect(bar).to_have_attribute("aria-valuetext", "Step 2 of 4: tasks 6–10")
    expect(page.locator(".quiz-progress")).to_have_text("Step 2 of 4")
    expect(page.locator(".quiz-progress-left")).to_have_text("8 tasks to go")
    expect(page.locator(".quiz-steps li").first).to_have_text("✓ Tasks 1–5 (done)")
    expect(page.locator(".quiz-progress-block")).to_have_count(1)


def segment_boxes(page):
    """Each question's box, its segments' box and its answers' boxes."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.quiz-question')].map(q => {
            const style = getComputedStyle(q);
            const box = q.getBoundingClientRect();
            return {
                content: box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                segments: q.querySelector('.segments').getBoundingClientRect().width,
                answers: [...q.querySelectorAll('.segment')].map(s => s.getBoundingClientRect().width),
                heights: [...q.querySelectorAll('.segment')].map(s => s.getBoundingClientRect().height),
            };
        })"""
    )


@pytest.mark.parametrize("step", ["step=1&a=", "step=4&a=2220000000000"])
def test_the_answers_span_the_card_on_a_phone(
    live_server, page, medical_coder_file, step
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/quiz/?role=medical-coder&{step}")
    assert page_width(page) <= 390
    boxes = segment_boxes(page)
    assert len(boxes) in (3, 5)
    for box in boxes:
        assert box["segments"] == pytest.approx(box["content"], abs=1)
        assert box["segments"] >= 300
        # None / Some / A lot share the width equally, each a full touch target.
        assert max(box["answers"]) - min(box["answers"]) < 1
        assert sum(box["answers"]) >= box["segments"] - 10
        assert min(box["heights"]) >= 44
    expect(page.locator(".quiz-question input:checked")).to_have_count(0)


def test_the_answers_are_radios_a_keyboard_works(live_server, page, medical_coder_file):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/quiz/?role=medical-coder")
    first = page.locator(".quiz-question").first
    first.get_by_role("radio", name="None").focus()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio", name="Some")).to_be_checked()
    expect(first.get_by_role("radio", name="Some")).to_be_focused()
    ring = (
        first.locator(".segment")
        .nth(1)
        .evaluate(
            "label => [getComputedStyle(label).outlineStyle, getComputedStyle(label).outlineWidth]"
        )
    )
    assert ring == ["solid", "2px"]
    # The next group is one Tab away; its answer is not preset.
    page.keyboard.press("Tab")
    second = page.locator(".quiz-question").nth(1)
    expect(second.get_by_role("radio", name="None")).to_be_focused()
    expect(second.locator("input:checked")).to_have_count(0)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_result_sets_you_beside_the_role(
    live_server, page, medical_coder_file, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{RESULT}")
    assert page_width(page) <= width
    # The role file's rhythm: numbered labels over sentence headings.
    labels = page.locator(".file-section .section-label")
    expect(labels).to_have_count(3)
    numbers = labels.evaluate_all(
        "labels => labels.map(label => getComputedStyle(label, '::before').content)"
    )
    assert numbers == ["counter(section, decimal-leading-zero)"] * 3
    assert (
        page.locator(".quiz-result").evaluate(
            "page => getComputedStyle(page).counterReset"
        )
        == "section 0"
    )
    expect(page.locator(".file-section h2")).to_have_count(3)
    table = page.locator(".quiz-factors")
    you = table.get_by_role("columnheader", name="You").bounding_box()
    figures = [
        cell.bounding_box() for cell in table.locator("tbody td:last-child").all()
    ]
    factor = table.get_by_role("columnheader", name="Factor").bounding_box()
    # "You" heads its own figures, right-aligned with them, and the table stays
    # compact rather than spread across the page.
    for box in figures:
        assert abs((box["x"] + box["width"]) - (you["x"] + you["width"])) < 1
    assert you["x"] + you["width"] - factor["x"] <= 520
    assert you["x"] + you["width"] <= width - 20
    expect(table.locator("tfoot")).to_contain_text("72")


def test_a_new_step_starts_at_its_top(live_server, page, medical_coder_file):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/quiz/?role=medical-coder")
    answer_the_rest(page, "Some")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".quiz-progress")).to_have_text("Step 2 of 4")
    # The view is back at the progress bar and the keyboard at the step's
    # questions: the next Tab reaches the first answer, not the masthead.
    expect(page.locator(".quiz-group")).to_be_focused()
    assert page.locator("#quiz-progress").evaluate(
        "block => Math.abs(block.getBoundingClientRect().top) < 2"
    )
    page.keyboard.press("Tab")
    expect(
        page.locator(".quiz-question").first.get_by_role("radio", name="None")
    ).to_be_focused()
