"""What a hostile test of the production setup found, each kept fixed.

Cache busting, stale validators, a deploy that changes static files only,
feed text, spreadsheet formulas, NUL bytes, cache headers and the cache's keys.
"""

import csv
import datetime
import io
import os
import subprocess
import sys
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roles import caching
from roles.models import ContentStamp, Edition, Sector, Skill, Source


@pytest.fixture
def analyst(make_role, make_edition):
    role = make_role("analyst", title="Analyst")
    make_edition(role, quarter=1, headline="The first reading.")
    return role


def queries_of(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, len(queries)


# Finding 4: parameters a view does not read make no page of their own.


@pytest.mark.parametrize(
    "path",
    ["/sitemap.xml", "/roles/analyst/", "/data/roles.csv", "/api/roles.json", "/"],
)
def test_unknown_parameters_never_make_a_new_cache_entry(
    client, analyst, page_cache, path
):
    first, _ = queries_of(client, f"{path}?zz=1")
    assert first.status_code == 200
    for junk in ("?zz=2", "?zz=3&utm_source=x", ""):
        again, count = queries_of(client, f"{path}{junk}")
        assert count == 0, junk
        assert again.content == first.content


def test_the_order_of_parameters_makes_no_page_of_its_own(client, analyst, page_cache):
    client.get("/?band=moderate&sort=risk")
    _, count = queries_of(client, "/?sort=risk&band=moderate")
    assert count == 0


def test_a_parameter_the_view_reads_still_makes_its_page(client, analyst, page_cache):
    everything = client.get("/").content
    moderate, count = queries_of(client, "/?band=high")
    assert count > 0
    assert moderate.content != everything


def test_unknown_parameters_never_reach_the_page(client, analyst, page_cache):
    html = client.get("/map/?zz=planted&band=moderate").content.decode()
    assert "planted" not in html
    assert "zz=" not in html


def test_the_csv_is_built_once_per_content_version(client, analyst, page_cache):
    first, built = queries_of(client, "/data/roles.csv")
    again, count = queries_of(client, "/data/roles.csv")
    assert built > 0
    assert count == 0
    assert again.content == first.content
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in again["Content-Disposition"]


# Finding 6: validators change whenever a body does, and never go back.


OPEN_DATA = ["/api/roles.json", "/api/roles/analyst.json", "/data/roles.csv"]


def rename(model, **lookup):
    item = model.objects.get(**lookup)
    item.name = "Renamed " + item.name
    item.save()


@pytest.mark.parametrize("path", OPEN_DATA)
@pytest.mark.parametrize(
    "change",
    [
        lambda: rename(Sector, slug="finance"),
        lambda: rename(Skill, slug="skill-0"),
        lambda: Source.objects.filter(publisher="Publisher 0").first().save(),
    ],
    ids=["sector", "skill", "source"],
)
def test_a_change_to_what_a_body_shows_changes_its_etag(
    client, analyst, django_capture_on_commit_callbacks, path, change
):
    old = client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        change()
    new = client.get(path, headers={"If-None-Match": old["ETag"]})
    assert new.status_code == 200
    assert new["ETag"] != old["ETag"]


def test_a_retracted_edition_moves_last_modified_forward(
    client, make_role, make_edition, django_capture_on_commit_callbacks
):
    role = make_role("analyst")
    make_edition(role, quarter=1)
    newer = make_edition(role, quarter=2)
    hours_ago = [timezone.now() - datetime.timedelta(hours=n) for n in (0, 1, 2)]
    Edition.objects.filter(quarter=1).update(updated_at=hours_ago[2])
    Edition.objects.filter(pk=newer.pk).update(updated_at=hours_ago[1])
    type(role).objects.update(updated_at=hours_ago[2])
    ContentStamp.objects.update(changed_at=hours_ago[2])
    before = client.get("/api/roles/analyst.json")

    with django_capture_on_commit_callbacks(execute=True):
        newer.status = Edition.Status.DRAFT
        newer.save()

    after = client.get(
        "/api/roles/analyst.json",
        headers={"If-Modified-Since": before["Last-Modified"]},
    )
    assert after.status_code == 200  # not the retracted edition's 304
    assert after.json()["edition"] == "2026-q1"
    moved = parsedate_to_datetime(after["Last-Modified"])
    assert moved > parsedate_to_datetime(before["Last-Modified"])


def test_the_content_stamp_moves_on_every_change(
    analyst, django_capture_on_commit_callbacks
):
    ContentStamp.objects.update(changed_at=timezone.now() - datetime.timedelta(days=1))
    before = ContentStamp.objects.get().changed_at
    with django_capture_on_commit_callbacks(execute=True):
        rename(Sector, slug="finance")
    assert ContentStamp.objects.get().changed_at > before


# Finding 7: a deploy that changes static files only changes every page's key.


def test_the_release_digest_covers_the_static_manifest(monkeypatch):
    monkeypatch.setattr(caching, "static_manifest", lambda: '{"paths": {"a": "1"}}')
    caching.release.cache_clear()
    one = caching.release()
    monkeypatch.setattr(caching, "static_manifest", lambda: '{"paths": {"a": "2"}}')
    caching.release.cache_clear()
    other = caching.release()
    caching.release.cache_clear()
    assert one != other


def test_the_release_digest_covers_every_template(monkeypatch, tmp_path, settings):
    (tmp_path / "templates" / "roles").mkdir(parents=True)
    badge = tmp_path / "templates" / "roles" / "badge.svg"
    badge.write_text("<svg>one</svg>")
    settings.BASE_DIR = tmp_path
    caching.release.cache_clear()
    one = caching.release()
    badge.write_text("<svg>two</svg>")
    caching.release.cache_clear()
    other = caching.release()
    caching.release.cache_clear()
    assert one != other


# Finding 8: feed summaries are text, as editors wrote them.


ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_summaries_are_plain_text(client, make_role, make_edition):
    make_edition(make_role("analyst"), headline='<img src=x onerror="alert(1)"> & co')
    feed = ElementTree.fromstring(client.get("/feeds/updates.xml").content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "text"
    # After the change since the previous edition, the headline as typed.
    assert summary.text.endswith(' <img src=x onerror="alert(1)"> & co')


# Finding 9: no CSV cell is a formula, whatever a title starts with.


@pytest.mark.parametrize(
    "title", ["=1+1", "+1 Plain", "-2+3", "@SUM(A1)", " =1+1", "\n@SUM(A1)"]
)
def test_no_csv_cell_is_a_formula(client, make_role, make_edition, title):
    make_edition(make_role("formula", title=title))
    text = client.get("/data/roles.csv").content.decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == f"'{title}"
    assert client.get("/api/roles/formula.json").json()["title"] == title


# Finding 10: a NUL byte is a 400 everywhere, on every database.


@pytest.mark.parametrize(
    "path",
    [
        "/quiz/?role=a%00b",
        "/quiz/?role=medical-coder&step=2&t1=%00",
        "/?q=%00",
        "/search/?q=nurse%00",
        "/compare/?roles=medical-coder%00",
        "/api/roles.json?page=1%00",
        "/roles/medical%00coder/",
        "/methodology/?role=%00",
        "/?%00=1",
    ],
)
def test_a_nul_byte_is_a_bad_request(client, medical_coder, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_nul_page_names_the_parameter(client, db):
    response = client.get("/?growth=faster%00")
    assert response.status_code == 400
    assert "The value of “growth” holds a NUL character" in response.content.decode()


def test_a_nul_byte_in_a_form_post_changes_nothing(client, db):
    response = client.post(
        "/admin/login/", {"username": "editor\x00", "password": "x\x00y"}
    )
    assert response.status_code == 400


# Finding 11: every response says how caches may keep it, in valid directives.


@pytest.mark.parametrize(
    "path",
    [
        "/api/roles.json",
        "/api/roles/analyst.json",
        "/data/roles.csv",
        "/roles/analyst/badge.svg",
        "/roles/analyst/share.png",
    ],
)
def test_open_data_and_images_are_public_for_a_while(client, analyst, path):
    response = client.get(path)
    directives = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "public" in directives
    assert any(
        part.startswith("max-age=") and part != "max-age=0" for part in directives
    )
    assert all("=False" not in part and "=True" not in part for part in directives)


@pytest.mark.parametrize(
    "path",
    [
        "/api/roles/nobody.json",
        "/roles/nobody/",
        "/roles/nobody/badge.svg",
        "/no/such/page/",
        "/?band=nonsense",
        "/api/roles.json?page=99",
    ],
)
def test_errors_are_never_kept_by_a_shared_cache(client, analyst, path):
    response = client.get(path)
    assert response.status_code in (400, 404)
    cache_control = response["Cache-Control"]
    assert "public" not in cache_control
    assert "max-age=300" not in cache_control
    assert "no-cache" in cache_control or "no-store" in cache_control


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/roles/analyst/",
        "/robots.txt",
        "/data/licences.txt",
        "/healthz",
        "/admin/",
    ],
)
def test_every_response_says_how_it_may_be_kept(client, analyst, path):
    assert client.get(path).has_header("Cache-Control")


def test_a_staff_preview_is_private(admin_client, analyst):
    response = admin_client.get("/roles/analyst/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


# Finding 12: every key names the site and its database.


def cache_prefix(**env):
    environment = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    environment |= {"SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:6379/9", **env}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import meter.settings as s; print(s.CACHES['default']['KEY_PREFIX'])",
        ],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_cache_keys_name_the_site_and_its_database():
    one = cache_prefix(SITE_URL="https://a.example", DATABASE_URL="postgres://h/one")
    same = cache_prefix(SITE_URL="https://a.example", DATABASE_URL="postgres://h/one")
    site = cache_prefix(SITE_URL="https://b.example", DATABASE_URL="postgres://h/one")
    database = cache_prefix(
        SITE_URL="https://a.example", DATABASE_URL="postgres://h/two"
    )
    assert one == same
    assert len({one, site, database}) == 3
