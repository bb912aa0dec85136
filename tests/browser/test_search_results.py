"""Search results in a real browser: the name a result matched, on a phone too."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roles(make_role, make_edition):
    make_edition(make_role("registered-nurses"), us_workers=3_300_000)
    make_edition(
        make_role(
            "nursing-assistants",
            other_titles=[
                "Nurse Aide",
                "Radiation Oncology Registered Nurse (Radiation Oncology RN) Aide",
            ],
        ),
        us_workers=1_400_000,
    )
    make_edition(
        make_role(
            "speech-language-pathologists",
            title="Speech-Language Pathologists and Audiology Clinic Coordinators",
            other_titles=[
                "SNF RN Liaison (Skilled Nursing Facility Registered Nurse Liaison)"
            ],
        ),
        us_workers=5_000_000,
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_a_result_found_by_another_name_says_which(live_server, page, roles, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_server.url}/search/?q=nurse")
    names = page.locator("#results .role-name")
    expect(names.locator("a")).to_have_text(
        [
            "Registered Nurses",
            "Speech-Language Pathologists and Audiology Clinic Coordinators",
            "Nursing Assistants",
        ]
    )
    expect(names.nth(0).locator(".matched-name")).to_have_count(0)
    expect(names.nth(2).locator(".matched-name")).to_have_text("matched: Nurse Aide")
    long_name = names.nth(1).locator(".matched-name")
    expect(long_name).to_contain_text("matched: SNF RN Liaison")
    # Under the title, inside the page: a long name wraps, nothing pans sideways.
    title_box = names.nth(1).locator("a").bounding_box()
    name_box = long_name.bounding_box()
    assert name_box["y"] >= title_box["y"] + title_box["height"] - 1
    assert name_box["x"] + name_box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
