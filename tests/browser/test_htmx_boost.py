"""htmx reads its attributes as data-hx-* (valid HTML): the index's boosted
pager and sort headings swap the results in place and keep the address."""

import re

import pytest
from playwright.sync_api import expect

from roles.views.index import INDEX_PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_pages(make_role, make_edition):
    for number in range(INDEX_PAGE_SIZE + 3):
        make_edition(
            make_role(f"role-{number:02}", title=f"Occupation {number:02}"),
            tasks=0,
            skills=0,
            sources=0,
            skill_vulnerability=number,
        )


def test_the_pager_and_the_sort_headings_swap_the_results(live_server, page, two_pages):
    page.goto(f"{live_server.url}/")
    assert page.locator("[hx-get], [hx-boost], [hx-target]").count() == 0
    page.evaluate("window.stillTheSamePage = true")
    results = page.locator("#results")

    results.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/\?page=2$"))
    expect(results.locator(".role-name")).to_have_count(3)

    results.get_by_role("link", name="Role", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?sort=name$"))
    expect(results.locator(".role-name a").first).to_have_text("Occupation 00")
    assert page.evaluate("window.stillTheSamePage") is True
