"""One page of each public page family, on a small site built in about a second.

The Nu HTML Checker (tests/test_valid_html.py) and the phone-width check
(tests/browser/test_phone_width.py) both read these pages.
"""

import json
import shutil
from io import StringIO

from django.core.management import call_command
from django.test import RequestFactory

from roles.middleware import unavailable_page
from roles.models import DataRelease, Edition, EditionSkill, Role
from roles.views.index import INDEX_PAGE_SIZE
from roles.views.pages import server_error
from tests.conftest import SHIPPED_FIXTURES
from tests.test_dataset import SAMPLE, publish_raw

# Family -> (path, the status it answers). Paths name what `family_site` builds.
FAMILIES = {
    "index": ("/", 200),
    "index-page-2": ("/?page=2", 200),
    "index-filtered": ("/?band=high&sort=workers", 200),
    "search": ("/search/?q=legal", 200),
    "role-reference": ("/roles/medical-coder/", 200),
    "role-data-built": ("/roles/paralegals-and-legal-assistants/", 200),
    "edition": ("/roles/medical-coder/2026-q2/", 200),
    "sector": ("{sector}", 200),
    "skill": ("{skill}", 200),
    "sectors": ("/sectors/", 200),
    "skills": ("/skills/", 200),
    "compare": (
        "/compare/?roles=medical-coder,paralegals-and-legal-assistants,"
        "data-entry-keyers",
        200,
    ),
    "quiz-start": ("/quiz/", 200),
    "quiz-step": ("/quiz/?role=medical-coder", 200),
    "quiz-result": (
        "/quiz/result/?role=medical-coder&e=2026-q2&a=2222222000000"
        "&s=mid&p=some&u=sometimes",
        200,
    ),
    "quiz-error": ("/quiz/result/?role=medical-coder&e=2026-q2&a=x", 400),
    "map": ("/map/", 200),
    "updates": ("/updates/", 200),
    "updates-quarter": ("{quarter}", 200),
    "methodology": ("/methodology/?role=medical-coder", 200),
    "toolkit": ("/toolkit/?role=medical-coder", 200),
    "data": ("/data/", 200),
    "respond-form": ("{task_form}", 200),
    "respond-thanks": ("{task_thanks}", 200),
    "404": ("/no-such-page/", 404),
    "400": ("/?band=nonsense", 400),
}


def build_site(make_role, make_edition, tmp_path):
    """The reference Medical Coder file (two editions) and its toolkit, the raw
    sample's data-built files and release, and enough filler roles for a second
    index page. Returns the values the paths above are formatted with.
    """
    content = tmp_path / "content"
    (content / "editorial").mkdir(parents=True)
    shutil.copy(SHIPPED_FIXTURES / "sectors.json", content)
    shutil.copy(
        SHIPPED_FIXTURES / "editorial" / "medical-coder.json", content / "editorial"
    )
    toolkit = json.loads((SHIPPED_FIXTURES / "toolkit.json").read_text())
    (content / "toolkit.json").write_text(
        json.dumps([item for item in toolkit if item["roles"] == ["medical-coder"]])
    )
    call_command("load_editorial", "--path", str(content), stdout=StringIO())
    publish_raw(SAMPLE, tmp_path / "derived")
    sector = Role.objects.get(slug="medical-coder").sector
    for number in range(INDEX_PAGE_SIZE):
        role = make_role(f"filler-{number}", title=f"Filler occupation {number}")
        make_edition(role, tasks=0, skills=0, sources=0, skill_vulnerability=number)
    skill = EditionSkill.objects.filter(edition__role__slug="medical-coder").first()
    release = DataRelease.objects.get()
    task = Edition.objects.current_for("medical-coder").first().tasks.first()
    task_path = f"/roles/medical-coder/tasks/{task.pk}"
    return {
        "task_form": f"{task_path}/in-my-job/",
        "task_thanks": f"{task_path}/thanks/",
        "sector": sector.get_absolute_url(),
        "skill": skill.skill.get_absolute_url(),
        "quarter": f"/updates/{release.year}-q{release.quarter}/",
    }


def paths(values):
    """Family -> (path, status), formatted for the site `build_site` made."""
    return {
        name: (path.format(**values), status)
        for name, (path, status) in FAMILIES.items()
    }


def error_pages():
    """The pages no address reaches on a healthy site: the 503 (database down)
    and the 500, rendered as the handlers render them."""
    request = RequestFactory().get("/")
    return {
        "503": unavailable_page(request).content.decode(),
        "500": server_error(request).content.decode(),
    }
