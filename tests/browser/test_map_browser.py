"""The map in Chromium: no accessibility faults at either width, the table first on
a phone, the chart legible and every mark a working link (the CSP holds)."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTLOOK = {"outlook_period": "2024–34", "all_occupations_change_pct": Decimal("3.1")}


@pytest.fixture
def mapped(make_role, make_edition):
    """Forty roles across the four bands, growing and shrinking, and one left out."""
    for number in range(40):
        make_edition(
            make_role(f"role-{number}", title=f"Occupation number {number}"),
            skill_vulnerability=number * 2.5,
            task_automation=number * 2.5,
            ai_complementarity=100 - number * 2.5,
            us_workers=1_000 + number * 90_000,
            employment_change_pct=Decimal(number - 20),
            annual_openings=500 + number * 100,
            **OUTLOOK,
        )
    make_edition(make_role("no-outlook"))


def violations(page, source):
    page.evaluate(source)  # evaluated by the browser, not injected: CSP holds
    return page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => v.impact + ' ' + v.id + ': '"
        " + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", ["/map/", "/map/?band=high&sort=name"])
def test_the_map_has_no_accessibility_faults(
    live_server, page, mapped, axe_source, width, path
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{path}")
    assert violations(page, axe_source) == []


def test_a_phone_reads_the_table_first_and_scrolls_the_chart(live_server, page, mapped):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/map/")
    table = page.locator(".map-table").bounding_box()
    chart = page.locator(".map-chart").bounding_box()
    assert table["y"] < chart["y"]
    # The page never scrolls sideways; the chart does, inside its figure, at a
    # width where its 13-16px labels stay legible.
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert chart["width"] >= 760
    scroller = page.locator(".map-scroll")
    assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")
    # Every column of the table fits the phone's width.
    assert page.locator(".map-table-scroll").evaluate(
        "el => el.scrollWidth <= el.clientWidth"
    )


def test_a_wide_screen_shows_the_chart_first(live_server, page, mapped):
    page.goto(f"{live_server.url}/map/")
    table = page.locator(".map-table").bounding_box()
    chart = page.locator(".map-chart").bounding_box()
    assert chart["y"] < table["y"]
    assert page.locator(".map-points a").count() == 40


def test_a_mark_opens_its_role_file(live_server, page, mapped):
    page.goto(f"{live_server.url}/map/")
    page.locator('.map-points a[href="/roles/role-30/"]').click()
    page.wait_for_url(f"{live_server.url}/roles/role-30/")
    assert page.locator("h1").inner_text().startswith("Occupation number 30")


def test_the_index_links_to_the_map(live_server, page, mapped):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Map: AI risk against job growth").click()
    page.wait_for_url(f"{live_server.url}/map/")
    assert page.locator(".map-points a").count() == 40
