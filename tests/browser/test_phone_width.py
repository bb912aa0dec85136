"""On a 390 px phone no page of any family is wider than the screen: nothing
pans sideways. A failure names the page and what sticks out."""

import pytest

from tests.page_families import (
    FAMILIES,
    build_site,
    error_pages,
    paths,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Above the one breakpoint (640 px) a tablet gets the desktop layout with
# less room: the tables are what could run wider than its screen.
TABLET_WIDTHS = (641, 768, 1000)
TABLE_FAMILIES = ("index", "search", "skill", "methodology", "data", "compare")

# What sticks out past the screen, innermost first: "tag.class ends at N px".
# An element's own box or its content that overflows it visibly both count.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const right = element => {
    const box = element.getBoundingClientRect();
    const spills = getComputedStyle(element).overflowX === 'visible';
    return box.left + (spills ? Math.max(box.width, element.scrollWidth) : box.width);
  };
  const wide = [...document.body.querySelectorAll('*')].filter(
    element => element.getClientRects().length && right(element) > width + 0.5);
  return wide.filter(element => !wide.some(other => other !== element && element.contains(other)))
    .slice(0, 5).map(element => element.tagName.toLowerCase()
      + (element.id ? '#' + element.id : '')
      + [...element.classList].map(name => '.' + name).join('')
      + ' ends at ' + Math.round(right(element)) + ' px');
}"""


@pytest.fixture
def phone(browser):
    """A page at phone width. Unlike `page`, a 404 or 400 is not a console error."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def site(make_role, make_edition, tmp_path):
    return paths(build_site(make_role, make_edition, tmp_path))


def assert_fits(phone, name):
    phone.evaluate("document.fonts.ready")
    width, screen = phone.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= screen, (
        f"{name} is {width} px wide on a {screen} px phone: "
        + "; ".join(phone.evaluate(OVERFLOWING))
    )


@pytest.mark.parametrize("name", list(FAMILIES))
def test_no_page_is_wider_than_a_phone(live_server, phone, site, name):
    path, status = site[name]
    response = phone.goto(f"{live_server.url}{path}")
    assert response.status == status, path
    assert_fits(phone, name)


@pytest.mark.parametrize("width", TABLET_WIDTHS)
def test_no_table_page_is_wider_than_a_tablet(live_server, phone, site, width):
    phone.set_viewport_size({"width": width, "height": 1024})
    for name in TABLE_FAMILIES:
        path, status = site[name]
        assert phone.goto(f"{live_server.url}{path}").status == status, path
        assert_fits(phone, f"{name} at {width} px")


@pytest.mark.parametrize("name", ["503", "500"])
def test_no_error_page_is_wider_than_a_phone(live_server, phone, db, name):
    """The pages no address reaches, served as their handlers render them."""
    markup = error_pages()[name]
    address = f"{live_server.url}/error-{name}/"
    phone.route(address, lambda route: route.fulfill(body=markup, status=int(name)))
    phone.goto(address)
    assert_fits(phone, name)
