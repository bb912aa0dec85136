"""The role file's embed code: copied with one click where the browser allows."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def medical_coder_file():
    call_command("load_editorial", verbosity=0)


def test_a_reader_copies_the_badge_embed_code(live_server, browser, medical_coder_file):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/roles/medical-coder/")
    badge = page.locator(".embed img")
    badge.scroll_into_view_if_needed()
    expect(badge).to_have_js_property("complete", True)
    assert page.evaluate("document.querySelector('.embed img').naturalWidth") > 0
    page.get_by_role("button", name="Copy the code").click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#embed-code").input_value()
    assert "/roles/medical-coder/badge.svg" in copied
    context.close()


def test_without_javascript_the_code_is_there_to_select(
    live_server, page_without_js, medical_coder_file
):
    page_without_js.goto(f"{live_server.url}/roles/medical-coder/")
    expect(page_without_js.locator("#embed-code")).to_be_visible()
    expect(page_without_js.get_by_role("button", name="Copy the code")).to_be_hidden()
