"""The index's live search in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roles(make_role, make_edition):
    make_edition(
        make_role("medical-coder", other_titles=["Clinical Coder", "Medical Biller"])
    )
    make_edition(make_role("registered-nurse"), skill_vulnerability=10)
    make_edition(make_role("truck-driver"), skill_vulnerability=30)


def rows(page):
    return page.locator("#results .role-name a")


def test_typing_updates_the_results_without_a_page_load(live_server, page, roles):
    page.goto(f"{live_server.url}/")
    expect(rows(page)).to_have_count(3)
    page.evaluate("window.stillTheSamePage = true")
    page.locator("#id_q").press_sequentially("clinical", delay=40)
    expect(rows(page)).to_have_text(["Medical Coder"])
    expect(page).to_have_url(re.compile(r"/\?q=clinical$"))
    assert page.evaluate("window.stillTheSamePage") is True
    # A filter change swaps the results too.
    page.locator("#id_q").fill("")
    page.locator("#id_sort").select_option("name")
    expect(rows(page)).to_have_text(
        ["Medical Coder", "Registered Nurse", "Truck Driver"]
    )
    assert page.evaluate("window.stillTheSamePage") is True


def test_the_same_search_works_without_javascript(live_server, page_without_js, roles):
    page = page_without_js
    page.goto(f"{live_server.url}/")
    page.locator("#id_q").fill("medical biller")
    page.locator("#id_q").press("Enter")
    expect(page).to_have_url(re.compile(r"/\?q=medical\+biller"))
    expect(rows(page)).to_have_text(["Medical Coder"])
    expect(page.locator("h1")).to_have_count(1)
