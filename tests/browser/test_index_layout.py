"""The index against its comps (issue 19): the filter row at 1366 px, the
phone's order and grid at 390 px, nothing wider than the viewport."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The comp's row: sector, band chips, horizon, sort, Apply.
ROW = [
    "#id_sector",
    ".band-filter .segments",
    "#id_horizon",
    "#id_sort",
    ".filter-apply",
]
LABELS = [
    "label[for=id_sector]",
    ".band-filter legend",
    "label[for=id_horizon]",
    "label[for=id_sort]",
]


@pytest.fixture
def roles(make_role, make_edition):
    for number, vulnerability in enumerate((10, 40, 70, 95)):
        role = make_role(f"role-{number}", title=f"Role number {number}")
        make_edition(role, quarter=1, skill_vulnerability=50)
        make_edition(role, quarter=2, skill_vulnerability=vulnerability)


def tops(page, selectors):
    return [page.locator(selector).bounding_box()["y"] for selector in selectors]


def widest(page):
    """The page's width, and any element of the main content whose right edge
    passes the viewport (leaving out what a clip hides, as the phone's column
    names; the nav's links scroll inside their own row)."""
    return page.evaluate(
        """() => {
          const clipped = (element) => {
            for (let e = element; e; e = e.parentElement) {
              if (getComputedStyle(e).clipPath !== 'none') return true;
            }
            return false;
          };
          return [
            document.documentElement.scrollWidth,
            [...document.querySelectorAll('main *')]
              .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
              .filter(e => !clipped(e))
              .map(e => e.tagName + '.' + e.className),
          ];
        }"""
    )


@pytest.mark.parametrize("query", ["", "?origin=editorial&min_risk=10"])
def test_the_filters_sit_in_one_row_at_1366(live_server, page, roles, query):
    page.goto(f"{live_server.url}/{query}")
    controls = tops(page, ROW)
    assert max(controls) - min(controls) <= 3, controls
    labels = tops(page, LABELS)
    assert max(labels) - min(labels) <= 3, labels
    # The folded filters, when open, make a second row of their own.
    if query:
        more = tops(
            page,
            [
                "#id_origin",
                "#id_min_risk",
                "#id_max_risk",
                "#id_growth",
                "#id_observed",
            ],
        )
        assert max(more) - min(more) <= 3, more
        assert min(more) > max(controls) + 40
    # Every band chip but "All" carries its pips.
    assert page.locator(".band-filter .segment .band-mark").count() == 4
    assert widest(page) == [1366, []]


def test_a_phone_puts_search_before_the_glance(live_server, page, roles):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/?origin=editorial")
    search = page.locator(".search-field").bounding_box()
    apply = page.locator(".filter-apply").bounding_box()
    glance = page.locator(".glance").bounding_box()
    assert search["y"] + search["height"] <= glance["y"]
    assert apply["y"] + apply["height"] <= glance["y"]
    assert widest(page) == [390, []]
    # A grid of two columns: horizon beside sort, the five chips on one line.
    horizon, sort = (
        page.locator(s).bounding_box() for s in ("#id_horizon", "#id_sort")
    )
    assert abs(horizon["y"] - sort["y"]) <= 1 and sort["x"] > horizon["x"] + 100
    chips = [chip.bounding_box()["y"] for chip in page.locator(".segment").all()]
    assert max(chips) - min(chips) <= 1
    # The whole placeholder shows, and Chromium draws no clear button.
    fits = page.evaluate(
        """() => {
          const input = document.querySelector('#id_q');
          const style = getComputedStyle(input);
          const context = document.createElement('canvas').getContext('2d');
          context.font = `${style.fontSize} ${style.fontFamily}`;
          return context.measureText(input.placeholder).width <= input.clientWidth;
        }"""
    )
    assert fits
    assert no_clear_button(page)


def no_clear_button(page):
    """The field with a value looks the same as with the clear button forced
    off; forced on, it looks different (so the comparison can see one)."""
    field = page.locator("#id_q")
    field.fill("role")
    page.mouse.move(0, 0)
    shown = field.screenshot(animations="disabled")
    styles = {
        "off": "display: none !important",
        "on": "display: block !important; -webkit-appearance: searchfield-cancel-button"
        " !important; appearance: auto !important",
    }
    looks = {}
    for name, rule in styles.items():
        # A constructed sheet: the site's CSP refuses inline styles.
        page.evaluate(
            """rule => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync(`#id_q::-webkit-search-cancel-button { ${rule} }`);
              document.adoptedStyleSheets = [sheet];
            }""",
            rule,
        )
        looks[name] = field.screenshot(animations="disabled")
    page.evaluate("document.adoptedStyleSheets = []")
    assert looks["on"] != looks["off"], "the comparison cannot see a clear button"
    return shown == looks["off"]


def test_the_search_page_fits_a_phone(live_server, page, roles):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/search/", "/search/?q=role"):
        page.goto(f"{live_server.url}{path}")
        assert widest(page) == [390, []]
    # The change mark sits under the risk figure, inside the row.
    cell = page.locator(".role-table tbody tr").first.locator(".col-change")
    box = cell.bounding_box()
    assert box["x"] + box["width"] <= 390
