"""Public pages come from the cache until anything public changes."""

import datetime
import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roles import caching, checks
from roles.models import Edition


@pytest.fixture
def analyst(make_role, make_edition):
    role = make_role("analyst", title="Analyst")
    make_edition(role, quarter=1, headline="The first reading.")
    return role


CACHED_PATHS = [
    "/",
    "/roles/analyst/",
    "/roles/analyst/2026-q1/",
    "/?band=moderate",
    "/search/?q=analyst",
    "/sectors/finance/",
    "/updates/",
    "/methodology/",
    "/toolkit/",
    "/data/",
    "/sitemap.xml",
    "/feeds/updates.xml",
    "/api/roles.json",
    "/api/roles/analyst.json",
    "/roles/analyst/badge.svg",
]


@pytest.mark.parametrize("path", CACHED_PATHS)
def test_a_cached_page_makes_no_queries(
    client, analyst, page_cache, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content


def test_htmx_and_full_renders_are_cached_apart(client, analyst, page_cache):
    partial = client.get("/", headers={"HX-Request": "true"}).content.decode()
    full = client.get("/").content.decode()
    assert "<html" not in partial
    assert "<html" in full
    restore = client.get(
        "/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


def test_browsers_revalidate_pages_and_get_a_304(client, analyst, page_cache):
    response = client.get("/roles/analyst/")
    assert "max-age=0" in response["Cache-Control"]
    assert "must-revalidate" in response["Cache-Control"]
    assert "Expires" not in response
    etag = response["ETag"]
    again = client.get("/roles/analyst/", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_pages_are_compressed(client, analyst, page_cache):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert b"Analyst" in gzip.decompress(response.content)


@pytest.mark.django_db(transaction=True)
def test_a_publish_changes_the_cached_page_at_once(
    client, admin_client, make_role, make_edition, page_cache, today
):
    role = make_role("analyst", title="Analyst")
    make_edition(role, quarter=1, headline="The first reading.")
    assert "The first reading." in client.get("/roles/analyst/").content.decode()
    draft = make_edition(
        role,
        quarter=2,
        status=Edition.Status.DRAFT,
        published_on=None,
        headline="The second reading.",
    )
    # A draft changes nothing readers see.
    assert "The second reading." not in client.get("/roles/analyst/").content.decode()

    response = admin_client.post(
        f"/admin/roles/edition/{draft.pk}/publish/",
        {"published_on": today.isoformat()},
    )
    assert response.status_code == 302
    page = client.get("/roles/analyst/").content.decode()
    assert "The second reading." in page
    assert "2026 Q2" in client.get("/api/roles/analyst.json").json()[
        "edition"
    ].upper().replace("-", " ")

    admin_client.post(f"/admin/roles/edition/{draft.pk}/unpublish/")
    assert "The second reading." not in client.get("/roles/analyst/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_edit_of_a_published_edition_shows_at_once(
    client, make_role, make_edition, page_cache
):
    edition = make_edition(make_role("analyst"), headline="Before the edit.")
    assert "Before the edit." in client.get("/roles/analyst/").content.decode()
    edition.headline = "After the edit."
    edition.save()
    assert "After the edit." in client.get("/roles/analyst/").content.decode()


def test_a_draft_preview_is_never_cached_nor_served_to_readers(
    client, admin_client, analyst, make_edition, page_cache
):
    make_edition(
        analyst,
        quarter=2,
        status=Edition.Status.DRAFT,
        published_on=None,
        headline="Draft words.",
    )
    assert client.get("/roles/analyst/2026-q2/").status_code == 404
    preview = admin_client.get("/roles/analyst/2026-q2/")
    assert preview.status_code == 200
    assert "Draft words." in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert client.get("/roles/analyst/2026-q2/").status_code == 404
    # Staff never get a reader's cached copy either.
    client.get("/roles/analyst/")
    staff_view = admin_client.get("/roles/analyst/").content.decode()
    assert "Scheduled" not in staff_view
    assert caching.is_staff_request(preview.wsgi_request)


def test_a_scheduled_edition_replaces_the_cached_page_on_its_day(
    client, analyst, make_edition, page_cache, today, monkeypatch
):
    tomorrow = today + datetime.timedelta(days=1)
    make_edition(
        analyst, quarter=2, published_on=tomorrow, headline="News of tomorrow."
    )
    assert "News of tomorrow." not in client.get("/roles/analyst/").content.decode()
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert "News of tomorrow." in client.get("/roles/analyst/").content.decode()


def test_the_version_lives_in_the_shared_cache(db, page_cache):
    first = caching.content_version()
    assert page_cache.get(caching.VERSION_KEY) == first
    caching.bump_content_version()
    assert caching.content_version() != first


def test_the_deploy_check_asks_for_a_shared_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert [w.id for w in checks.shared_cache_check(None)] == ["roles.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
        }
    }
    assert checks.shared_cache_check(None) == []


def test_the_redis_cache_keeps_one_client_per_pool(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "roles.redis_cache.PooledRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/5",
        }
    }
    from django.core.cache import cache

    client = cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    cache.set("pooled-check", 1)
    assert cache.get("pooled-check") == 1
    cache.delete("pooled-check")


def test_a_new_release_never_serves_the_old_pages(
    client, analyst, page_cache, monkeypatch
):
    client.get("/roles/analyst/")
    with CaptureQueriesContext(connection) as same_release:
        client.get("/roles/analyst/")
    monkeypatch.setattr(caching, "release", lambda: "next-release")
    with CaptureQueriesContext(connection) as next_release:
        client.get("/roles/analyst/")
    assert len(same_release) == 0  # from the cache
    assert len(next_release) > 0  # rendered again with the new code


def test_a_workers_copy_is_never_served_once_another_worker_bumps_the_version(
    client, analyst, page_cache
):
    client.get("/roles/analyst/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/roles/analyst/")
    # Another worker's publish moves the shared version on; this worker's
    # copy still holds the page, but under the old version.
    caching.bump_content_version()
    with CaptureQueriesContext(connection) as after_bump:
        client.get("/roles/analyst/")
    assert len(warm) == 0
    assert len(after_bump) > 0


def test_a_page_only_in_the_shared_cache_is_served_from_it(client, analyst, page_cache):
    first = client.get("/roles/analyst/")
    caching.worker_copies.clear()  # as in a worker that never served it
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/roles/analyst/")
    assert len(queries) == 0
    assert again.content == first.content


def test_cached_pages_are_stored_gzipped_for_browsers_that_accept_it(
    client, analyst, page_cache
):
    gzip_headers = {"Accept-Encoding": "gzip, deflate, br"}
    plain = client.get("/roles/analyst/")
    first = client.get("/roles/analyst/", headers=gzip_headers)
    again = client.get("/roles/analyst/", headers=gzip_headers)
    assert first.content == again.content  # compressed once, when stored
    assert gzip.decompress(again.content) == plain.content
    assert again["Content-Encoding"] == "gzip"
    assert int(again["Content-Length"]) == len(again.content) < len(plain.content)
    assert "Content-Encoding" not in plain
    for response in (plain, again):
        assert "Accept-Encoding" in response["Vary"]
    # The compressed bytes carry a weak form of the same ETag, and either
    # form is a 304.
    assert again["ETag"] == f"W/{plain['ETag']}"
    for etag in (plain["ETag"], again["ETag"]):
        revalidated = client.get(
            "/roles/analyst/", headers={**gzip_headers, "If-None-Match": etag}
        )
        assert revalidated.status_code == 304
