"""The comparison at phone and desktop widths: nothing wider than the window."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREE = "medical-coder,paralegal,customer-service-representative"
FOUR = THREE + ",translator"

# Everything whose right edge passes the window's, by tag and class.
OVERFLOWING = """width => [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + '.' + e.className)"""


@pytest.fixture
def editorial():
    call_command("load_editorial", verbosity=0)


@pytest.mark.parametrize("roles", [THREE, FOUR])
def test_the_comparison_fits_a_phone(live_server, page, editorial, roles):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/compare/?roles={roles}")
    names = page.locator(".compare-name")
    expect(names).to_have_count(roles.count(",") + 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Not hidden in a scroll box either: every cell is in the window.
    assert page.evaluate(OVERFLOWING, 390) == []
    # The roles stand side by side, one column each, in the page's order.
    boxes = [name.bounding_box() for name in names.all()]
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    assert len({round(box["y"]) for box in boxes}) == 1
    # Each row's name heads a line of its own, over the roles' figures.
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="AI risk")
    )
    head = row.get_by_role("rowheader").bounding_box()
    cells = [cell.bounding_box() for cell in row.get_by_role("cell").all()]
    assert all(cell["y"] >= head["y"] + head["height"] for cell in cells)
    assert cells[0]["x"] == pytest.approx(boxes[0]["x"], abs=1)


def test_the_comparison_is_a_table_at_both_widths(live_server, page, editorial):
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/compare/?roles={THREE}")
        table = page.get_by_role("table", name="The compared roles’ figures")
        expect(table.get_by_role("columnheader")).to_have_count(3)
        expect(table.get_by_role("rowheader", name="Horizon")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    # On a desktop the row names keep their column, left of the figures.
    head = table.get_by_role("rowheader", name="Horizon").bounding_box()
    first = table.get_by_role("row").filter(has_text="Horizon")
    cell = first.get_by_role("cell").first.bounding_box()
    assert cell["x"] > head["x"] + head["width"] - 1
    assert cell["y"] == pytest.approx(head["y"], abs=1)
