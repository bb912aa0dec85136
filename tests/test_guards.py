"""Site-wide guards: migrations, one <h1> per page, clean 404s for bad paths."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from roles.models import Edition
from tests.html import count_h1

# A sample path for every public URL name. A new URL without one fails below.
SAMPLE_PATHS = {
    "roles:index": "/",
    "roles:detail": "/roles/medical-coder/",
    "roles:edition": "/roles/medical-coder/2026-q2/",
    "roles:search": "/search/?q=coder",
    "roles:map": "/map/",
    "roles:compare": "/compare/?roles=medical-coder",
    "roles:quiz": "/quiz/?role=medical-coder",
    "roles:quiz_result": "/quiz/result/?role=medical-coder&e=2026-q2&a=2222222000000&s=mid&p=some&u=sometimes",
    "roles:sectors": "/sectors/",
    "roles:sector": "/sectors/healthcare/",
    "roles:skills": "/skills/",
    "roles:skill": "/skills/payer-billing-rules-and-compliance/",
    "roles:updates": "/updates/",
    "roles:updates_quarter": "/updates/2026-q2/",
    "roles:methodology": "/methodology/?role=medical-coder",
    "roles:toolkit": "/toolkit/?role=medical-coder",
    "roles:data": "/data/",
    # {task}: a task of the Medical Coder's current file.
    "roles:task_response": "/roles/medical-coder/tasks/{task}/in-my-job/",
    "roles:response_thanks": "/roles/medical-coder/tasks/{task}/thanks/",
}


# Public URLs that are not HTML pages (no <h1> to count).
DATA_PATHS = {
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "healthz": "/healthz",
    "roles:feed": "/feeds/updates.xml",
    "roles:role_feed": "/roles/medical-coder/feed.xml",
    "roles:sector_feed": "/sectors/healthcare/feed.xml",
    "roles:api_roles": "/api/roles.json",
    "roles:api_role": "/api/roles/medical-coder.json",
    "roles:roles_csv": "/data/roles.csv",
    "roles:licences": "/data/licences.txt",
    "roles:badge": "/roles/medical-coder/badge.svg",
    "roles:share_image": "/roles/medical-coder/share.png",
}


def public_url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            prefix = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from public_url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_no_migrations_are_missing(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_every_public_url_name_has_a_sample_path():
    assert set(public_url_names()) == set(SAMPLE_PATHS) | set(DATA_PATHS)


@pytest.mark.parametrize("path", sorted(SAMPLE_PATHS.values()))
def test_every_public_page_has_exactly_one_h1(client, medical_coder, path):
    task = Edition.objects.current_for("medical-coder").first().tasks.first()
    response = client.get(path.format(task=task.pk))
    assert response.status_code == 200
    assert count_h1(response.content.decode()) == 1


@pytest.mark.parametrize("path", sorted(DATA_PATHS.values()))
def test_every_public_data_address_answers(client, medical_coder, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response) if response.streaming else response.content


@pytest.mark.parametrize(
    "path",
    [
        "/roles/no-such-role/",
        "/roles/medical-coder/2025-q4/",
        "/roles/medical-coder/2026-q5/",
        "/roles/medical-coder/2026-q0/",
        "/roles/medical-coder/26-q1/",
        "/roles/medical-coder/2026-Q2x/",
        "/roles/medical-coder/2026-Q2/",
        "/roles/medical-coder/99999-q1/",
        "/roles/Medical%20Coder/",
        "/roles/medical-coder/2026-q2/extra/",
        "/roles/%3Cscript%3E/",
        "/no-such-page/",
        "/updates/2026-q5/",
        "/updates/1999-q1/",
        "/updates/2026-Q2/",
        "/sectors/atlantis/",
        "/skills/no-such-skill/",
        "/sectors/%3Cb%3E/",
        "/roles/no-such-role/badge.svg",
        "/roles/no-such-role/share.png",
        "/toolkit/extra/",
        "/roles/medical-coder/tasks/0/in-my-job/",
        "/roles/medical-coder/tasks/x/in-my-job/",
        "/roles/no-such-role/tasks/1/thanks/",
    ],
)
def test_bad_paths_get_a_404_in_the_site_design(client, medical_coder, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "No file at this address." in html
    assert 'class="wordmark"' in html
    assert count_h1(html) == 1
    assert "<script>" not in html


def test_the_500_page_is_in_the_site_design(client, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side." in html
    assert 'class="wordmark"' in html
    assert "deliberate failure" not in html


def test_the_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".png")
