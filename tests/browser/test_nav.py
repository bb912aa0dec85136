"""The nav on a phone: one row inside the header, nothing wider than the screen,
and its search field works from the keyboard and from a tap."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def roles(make_role, make_edition):
    make_edition(make_role("medical-coder", other_titles=["Clinical Coder"]))
    make_edition(make_role("registered-nurse"), skill_vulnerability=10)


def nav_geometry(page):
    return page.evaluate(
        """() => {
        const header = document.querySelector('header.masthead').getBoundingClientRect();
        const nav = document.querySelector('.site-nav');
        const box = nav.getBoundingClientRect();
        // What shows: the desktop's quiz link is not drawn on a phone.
        const targets = [...nav.querySelectorAll('a, input, button')].filter(
            (el) => el.getClientRects().length
                && getComputedStyle(el).clipPath === 'none');
        return {
            page: [document.documentElement.scrollWidth, innerWidth],
            inHeader: box.top >= header.top && box.bottom <= header.bottom,
            navHeight: box.height,
            navRight: box.right,
            middles: targets.map((el) => {
                const r = el.getBoundingClientRect();
                return (r.top + r.bottom) / 2;
            }),
            small: targets.map((el) => el.getBoundingClientRect())
                .filter((r) => r.width < 24 || r.height < 24).length,
        };
    }"""
    )


@pytest.mark.parametrize("path", ["/", "/sectors/", "/skills/", "/sectors/finance/"])
def test_the_phone_nav_is_one_row_of_the_header(live_server, page, roles, path):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    found = nav_geometry(page)
    assert found["page"][0] <= found["page"][1]  # no page wider than the screen
    assert found["inHeader"]
    assert found["navHeight"] <= 48  # one row, not two
    # Every item on that row: their middles within a few pixels of each other.
    assert max(found["middles"]) - min(found["middles"]) <= 4, found["middles"]
    assert found["navRight"] <= PHONE["width"]
    assert found["small"] == 0  # every tap target at least 24 px
    # The row scrolls sideways inside the header: every link is reachable.
    for name in ("Index", "Sectors", "Skills", "Compare", "Toolkit", "Methodology"):
        link = page.get_by_role("navigation", name="Main").get_by_role(
            "link", name=name
        )
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
    assert nav_geometry(page)["page"][0] <= PHONE["width"]


def test_the_current_page_link_is_scrolled_into_view(live_server, page, roles):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/methodology/")
    current = page.locator(".site-nav a[aria-current]")
    expect(current).to_have_text("Methodology")
    expect(current).to_be_in_viewport(ratio=1)


def test_the_nav_search_from_the_keyboard(live_server, page, roles):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sectors/")
    field = page.get_by_role("searchbox", name="Search roles")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "nav-q":
            break
    expect(field).to_be_focused()
    # The field opens up, with a visible focus ring, and stays on screen.
    ring = page.evaluate(
        "getComputedStyle(document.querySelector('.nav-search')).outlineStyle"
    )
    assert ring == "solid"
    box = field.bounding_box()
    assert box["width"] >= 150 and box["x"] + box["width"] <= PHONE["width"]
    expect(page.get_by_role("button", name="Go")).to_be_visible()
    page.keyboard.type("clinical")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=clinical$"))
    expect(page.locator("#results .role-name a")).to_have_text(["Medical Coder"])
    assert nav_geometry(page)["page"][0] <= PHONE["width"]


def test_the_nav_search_from_a_tap_and_at_desktop_width(live_server, page, roles):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.locator("#nav-q").click()
    page.locator("#nav-q").fill("nurse")
    page.get_by_role("button", name="Go").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=nurse$"))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/skills/")
    field = page.get_by_role("searchbox", name="Search roles")
    expect(field).to_be_visible()
    assert field.bounding_box()["width"] >= 150  # a field, not an icon
    field.fill("coder")
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=coder$"))


@pytest.mark.parametrize("width", [390, 412, 700])
def test_no_nav_link_is_covered(live_server, page, roles, width):
    """Nothing lies over a link of the scrolling row (a pinned search field
    once covered "Updates" at 412 px: a tap target half hidden)."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/")
    covered = page.evaluate(
        """() => [...document.querySelectorAll('.site-nav a')].filter((link) => {
            const row = link.closest('ul') || link.parentElement;
            const box = link.getBoundingClientRect();
            const view = row.getBoundingClientRect();
            if (!link.getClientRects().length) return false;
            // Only the part of the link its row shows, a point at a time.
            const left = Math.max(box.left, view.left) + 1;
            const right = Math.min(box.right, view.right) - 1;
            if (right <= left) return false;
            const y = (box.top + box.bottom) / 2;
            return [left, (left + right) / 2, right].some(
                (x) => !link.contains(document.elementFromPoint(x, y)));
        }).map((link) => link.textContent.trim())"""
    )
    assert covered == []
