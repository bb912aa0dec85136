"""What a new reader trips over (issue 19), kept fixed."""

import os
import subprocess
import sys

from roles.views import index


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
