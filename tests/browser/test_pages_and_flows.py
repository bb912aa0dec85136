"""Every page family in Chromium: no serious accessibility faults (axe-core),
no console errors (the CSP included), and the compare and publish flows."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from roles.models import Edition, EditionSkill
from tests.browser.conftest import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content():
    call_command("load_editorial", verbosity=0)
    skill = EditionSkill.objects.filter(edition__role__slug="medical-coder").first()
    task = Edition.objects.current_for("medical-coder").first().tasks.first()
    return {
        "skill": skill.skill.get_absolute_url(),
        "task": f"/roles/medical-coder/tasks/{task.pk}",
    }


PAGES = [
    "/",
    "/?band=high&sort=workers",
    "/roles/medical-coder/",
    "/roles/paralegal/2026-q1/",
    "/sectors/",
    "/sectors/healthcare/",
    "/skills/",
    "{skill}",
    "/search/?q=nurse",
    "/compare/?roles=medical-coder,paralegal",
    "/quiz/",
    "/quiz/?role=medical-coder",
    "/updates/",
    "/updates/2026-q2/",
    "/methodology/?role=paralegal",
    "/toolkit/?role=medical-coder",
    "/data/",
    "{task}/in-my-job/",
    "{task}/thanks/",
]


@pytest.mark.parametrize("width", [1366, 390])
def test_no_page_family_has_serious_accessibility_faults(
    live_server, page, content, axe_source, width
):
    page.set_viewport_size({"width": width, "height": 900})
    faults = {}
    for path in PAGES:
        page.goto(f"{live_server.url}{path.format(**content)}")
        found = serious_violations(page, axe_source)
        if found:
            faults[path] = found
    assert faults == {}


def test_a_reader_builds_a_comparison(live_server, page, content):
    page.goto(f"{live_server.url}/compare/?roles=medical-coder")
    page.locator("#id_add").fill("paralegal")
    page.locator("#id_add").press("Enter")
    expect(page.locator(".compare-name")).to_have_count(2)
    expect(page.locator(".compare-name").nth(1)).to_contain_text("Paralegal")


def test_a_reader_opens_a_role_file_from_the_index(live_server, page, content):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Medical Coder").first.click()
    expect(page.locator("h1")).to_contain_text("Medical Coder")
    expect(page.locator(".figure-risk")).to_contain_text("68")
    page.get_by_role("link", name="Open the toolkit").click()
    expect(page.locator("h1")).to_have_text("Tools for a medical coder.")


def test_a_publisher_publishes_through_the_admin(live_server, page, content):
    get_user_model().objects.create_superuser(
        "pat", "pat@example.com", "a-long-password-1"
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill("pat")
    page.locator("#id_password").fill("a-long-password-1")
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("pat", ignore_case=True)

    role = Edition.objects.current_for("paralegal").first().role
    page.goto(f"{live_server.url}/admin/roles/role/{role.pk}/change/")
    page.get_by_role("button", name="Start next quarter’s draft").click()
    draft = Edition.objects.get(role=role, status=Edition.Status.DRAFT)
    expect(page).to_have_url(
        f"{live_server.url}/admin/roles/edition/{draft.pk}/change/"
    )
    # "Save and publish" saves the edit on screen first, then publishes it.
    page.locator("#id_headline").fill("Published from the browser.")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".messagelist")).to_contain_text(f"{draft} is published on")

    page.goto(f"{live_server.url}/roles/paralegal/")
    expect(page.locator(".edition-line")).to_contain_text(draft.label)
    expect(page.locator(".headline")).to_have_text("Published from the browser.")
