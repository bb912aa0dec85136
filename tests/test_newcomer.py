"""What a new reader trips over (issue 19), kept fixed."""

import os
import re
import subprocess
import sys

import pytest

from roles.views import browse, index


def test_the_404_page_offers_a_search(client, db):
    response = client.get("/roles/no-such-job/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'action="/search/"' in html
    assert 'name="q"' in html
    assert 'role="search"' in html


def test_later_index_pages_have_their_own_title(
    client, make_role, make_edition, monkeypatch
):
    monkeypatch.setattr(index, "INDEX_PAGE_SIZE", 2)
    for number in range(5):
        make_edition(make_role(f"role-{number}"))
    titles = [
        client.get(path).content.decode().split("<title>")[1].split("</title>")[0]
        for path in ("/", "/?page=2", "/?page=3")
    ]
    assert titles[0].startswith("Takeover Meter: how much")
    assert titles[1] == "The Index, page 2 of 3 · Takeover Meter"
    assert titles[2] == "The Index, page 3 of 3 · Takeover Meter"


def test_the_trimmed_roles_address_leads_to_the_index(client, db):
    response = client.get("/roles/")
    assert response.status_code == 301
    assert response["Location"] == "/"


@pytest.mark.parametrize("trimmed", ["/api/", "/api/roles/", "/feeds/", "/data/roles/"])
def test_the_trimmed_open_data_addresses_lead_to_their_page(client, db, trimmed):
    response = client.get(trimmed)
    assert response.status_code == 301
    assert response["Location"] == "/data/"


def test_a_log_line_is_printed_once_in_development():
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "meter.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup();"
            "logging.getLogger('django.request').warning('Not Found: /x')",
        ],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.stderr.count("Not Found: /x") == 1


@pytest.fixture
def common_skill(make_role, make_edition, monkeypatch):
    """A core skill of five roles, shown two to a page."""
    monkeypatch.setattr(browse, "SKILL_PAGE_ROLES", 2)
    for number in range(5):
        make_edition(make_role(f"role-{number}"), skill_vulnerability=10 * number)
    return "/skills/skill-0/"


def role_links(html):
    return re.findall(r'href="/roles/(role-\d)/"', html)


def test_a_skill_page_turns_its_pages_to_every_role(client, common_skill):
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"{common_skill}?page={number}")
        assert response.status_code == 200
        seen += dict.fromkeys(role_links(response.content.decode()))
    assert sorted(seen) == [f"role-{n}" for n in range(5)]
    first = client.get(common_skill).content.decode()
    assert 'href="?page=2" rel="next"' in first
    assert "Page 1 of 3" in first


@pytest.mark.parametrize(("query", "status"), [("page=4", 404), ("page=x", 400)])
def test_a_skill_page_refuses_a_bad_page(client, common_skill, query, status):
    assert client.get(f"{common_skill}?{query}").status_code == status
