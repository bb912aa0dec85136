"""Search engines see every public page and nothing else."""

import datetime
import re

from roles.models import Edition


def test_the_sitemap_lists_public_pages_only(
    client, make_role, make_edition, today, settings
):
    settings.SITE_URL = "https://takeover-meter.example"
    make_edition(make_role("visible"), published_on=datetime.date(2026, 4, 16))
    make_edition(
        make_role("draft-role"), status=Edition.Status.DRAFT, published_on=None
    )
    make_edition(
        make_role("scheduled-role"), published_on=today + datetime.timedelta(days=1)
    )
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    urls = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "https://takeover-meter.example/roles/visible/" in urls
    assert "https://takeover-meter.example/" in urls
    assert "https://takeover-meter.example/sectors/finance/" in urls
    assert "https://takeover-meter.example/skills/skill-0/" in urls
    assert "https://takeover-meter.example/updates/2026-q1/" in urls
    assert "<lastmod>2026-04-16</lastmod>" in xml
    assert not [url for url in urls if "draft-role" in url or "scheduled-role" in url]


def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://takeover-meter.example"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: https://takeover-meter.example/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_the_sitemap_keeps_a_fixed_query_count(
    client, make_role, make_edition, django_assert_num_queries
):
    # A count for the paginator and the items, per section (pages: none);
    # the updates' items read the editions' quarters and the data releases.
    make_edition(make_role("first"), skills=3)
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    for number in range(20):
        make_edition(make_role(f"role-{number}"), skills=3)
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
