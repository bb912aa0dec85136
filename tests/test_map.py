"""The exposure × outlook map: every current role's risk against its projected growth."""

import datetime
import gzip
import re
from decimal import Decimal

import pytest

from roles.models import Edition, Role, Sector
from roles.views import map as exposure_map
from tests.html import count_h1, visible_text
from tests.test_full_data import full_site  # noqa: F401 (a module-scoped fixture)

OUTLOOK = {"outlook_period": "2024–34", "all_occupations_change_pct": Decimal("3.1")}
# What the page reads however many roles it shows: the roles, the scales'
# extent, and the sectors for the filter form's select.
MAP_QUERIES = 3

POINT = re.compile(
    r'<a href="(/roles/[^"]+/)"><title>([^<]+)</title><(circle|rect|path) '
)
ROW = re.compile(
    r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>'
    r'<td class="([^"]+)">([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>'
)


@pytest.fixture
def roles(make_role, make_edition, sector):
    """Four roles with a projection, one a quarter behind, and one without any."""
    health = Sector.objects.create(slug="health", name="Health")
    rows = [
        # slug, sector, skill vulnerability (risk = 25 + SV / 2), workers, change %, openings
        ("coder", health, 86, 185_000, "7.1", 14_200),
        ("nurse", health, 10, 3_300_000, "5.2", 190_000),
        ("analyst", sector, 60, 330_000, "-1.0", 30_000),
        ("clerk", sector, 100, 2_500_000, "-25.9", 90_000),
    ]
    for slug, role_sector, sv, workers, change, openings in rows:
        role = make_role(slug, sector=role_sector)
        make_edition(role, quarter=1, skill_vulnerability=50)  # older: no outlook
        make_edition(
            role,
            quarter=2,
            skill_vulnerability=sv,
            us_workers=workers,
            employment_change_pct=Decimal(change),
            annual_openings=openings,
            **OUTLOOK,
        )
    make_edition(make_role("courier"), quarter=2, skill_vulnerability=40)


def points(response):
    html = response.content.decode()
    start = html.index('<g class="map-points">')
    chart = html[start : html.index("</svg>", start)]
    return POINT.findall(chart)


def rows(response):
    return ROW.findall(response.content.decode())


def slugs(found):
    return sorted(item[0].split("/")[2] for item in found)


def test_every_point_links_to_a_role_file(client, roles):
    response = client.get("/map/")
    assert response.status_code == 200
    html = response.content.decode()
    assert count_h1(html) == 1
    found = points(response)
    assert slugs(found) == ["analyst", "clerk", "coder", "nurse"]
    for url, title, _ in found:
        assert client.get(url).status_code == 200
        assert title.startswith(Role.objects.get(slug=url.split("/")[2]).title)


def test_a_point_names_its_role_and_figures(client, roles):
    by_url = {url: title for url, title, _ in points(client.get("/map/"))}
    # risk = 0.5 × 86 + 0.3 × 50 + 0.2 × (100 − 50) = 68
    assert by_url["/roles/coder/"] == (
        "Coder: AI risk 68 (High), projected change +7.1%, 185K US workers"
    )
    assert "projected change −25.9%" in by_url["/roles/clerk/"]


def test_each_band_has_its_own_shape(client, roles):
    shapes = {url: shape for url, _, shape in points(client.get("/map/"))}
    assert shapes["/roles/nurse/"] == "circle"  # low, 30
    html = client.get("/map/").content.decode()
    assert '<path class="high"' in html  # coder and analyst
    assert '<path class="very-high"' in html  # clerk
    assert 'class="moderate"' not in html.split('<g class="map-points">')[1]


def test_the_table_and_the_chart_agree(client, roles):
    response = client.get("/map/")
    table = {row[0]: row for row in rows(response)}
    chart = {url: title for url, title, _ in points(response)}
    assert set(table) == set(chart)
    for url, title in chart.items():
        _, name, risk, band_slug, band, change, workers, _ = table[url]
        assert title == (
            f"{name}: AI risk {risk} ({band}), projected change {change}, "
            f"{workers} US workers"
        )
    assert table["/roles/coder/"][2:] == (
        "68",
        "high",
        "High",
        "+7.1%",
        "185K",
        "14K",
    )


def test_the_table_keeps_the_index_order(client, roles):
    assert [row[1] for row in rows(client.get("/map/"))] == [
        "Clerk",
        "Coder",
        "Analyst",
        "Nurse",
    ]
    names = [row[1] for row in rows(client.get("/map/?sort=name"))]
    assert names == ["Analyst", "Clerk", "Coder", "Nurse"]


def test_roles_without_an_outlook_are_counted_as_left_out(client, roles):
    response = client.get("/map/")
    text = visible_text(response.content.decode())
    assert "4 roles on the map, 1 left out" in text
    assert "Left out of the map: 1 role" in text
    assert "1 with no employment projection" in text
    html = response.content.decode()
    left_out = html[html.index('id="left-out"') :]
    assert 'href="/roles/courier/"' in left_out
    assert "courier" not in slugs(points(response))
    assert "/roles/courier/" not in [row[0] for row in rows(response)]


def test_a_page_with_every_role_projected_leaves_none_out(client, roles):
    Edition.objects.filter(role__slug="courier").delete()
    text = visible_text(client.get("/map/").content.decode())
    assert "4 roles on the map." in text
    assert "left out" not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("band=high", ["analyst", "coder"]),
        ("band=very-high", ["clerk"]),
        ("sector=health", ["coder", "nurse"]),
        ("q=coder", ["coder"]),
        ("min_risk=50&max_risk=70", ["analyst", "coder"]),
        ("band=low&sector=finance", []),
        ("unknown=1", ["analyst", "clerk", "coder", "nurse"]),
    ],
)
def test_the_index_filters_narrow_the_points_and_the_table(
    client, roles, query, expected
):
    response = client.get(f"/map/?{query}")
    assert response.status_code == 200
    assert slugs(points(response)) == expected
    assert slugs(rows(response)) == expected


def test_the_active_filters_are_named_with_links_back(client, roles):
    html = client.get("/map/?sector=health&band=high&page=3").content.decode()
    assert (
        "filtered by Sector: <strong>Health</strong>; Band: <strong>High</strong>."
        in html
    )
    # Parameters come in one order whatever the address (one cached page).
    assert 'href="/?band=high&amp;sector=health">The same roles on the index' in html
    assert 'href="/map/">Clear the filters' in html
    # The filter form is the index's, filled in with the same values.
    assert '<option value="health" selected>' in html
    assert 'value="high" id="id_band_3" checked' in html


def test_a_filter_that_matches_nothing_says_so(client, roles):
    text = visible_text(client.get("/map/?q=astronaut").content.decode())
    assert "0 roles on the map" in text
    assert "No role on the map matches these filters." in text


@pytest.mark.parametrize(
    "query",
    [
        "band=nope",
        "sector=atlantis",
        "sort=bogus",
        "min_risk=abc",
        "min_risk=-5",
        "max_risk=101",
        "min_risk=80&max_risk=10",
        "page=0",
        "q=" + "x" * 101,
        "sector=%00",
    ],
)
def test_a_bad_query_is_a_400_like_the_index(client, roles, query):
    response = client.get(f"/map/?{query}")
    index = client.get(f"/?{query}")
    assert response.status_code == index.status_code == 400
    assert "That request doesn’t add up." in response.content.decode()


def test_drafts_and_scheduled_editions_stay_off_the_map(
    client, roles, make_role, make_edition, today
):
    draft = make_role("draft-role")
    make_edition(draft, status=Edition.Status.DRAFT, published_on=None, **OUTLOOK)
    scheduled = make_role("scheduled-role")
    make_edition(
        scheduled,
        published_on=today + datetime.timedelta(days=1),
        employment_change_pct=Decimal("1.0"),
        **OUTLOOK,
    )
    # A newer draft of a public role leaves its public edition on the map.
    make_edition(
        Role.objects.get(slug="coder"),
        quarter=3,
        status=Edition.Status.DRAFT,
        published_on=None,
        skill_vulnerability=0,
        employment_change_pct=Decimal("40.0"),
        **OUTLOOK,
    )
    response = client.get("/map/")
    html = response.content.decode()
    assert "draft-role" not in html
    assert "scheduled-role" not in html
    assert slugs(points(response)) == ["analyst", "clerk", "coder", "nurse"]
    titles = {url: title for url, title, _ in points(response)}
    assert "+7.1%" in titles["/roles/coder/"]


def test_the_query_count_is_fixed_however_many_roles(
    client, roles, make_role, make_edition, django_assert_num_queries
):
    with django_assert_num_queries(MAP_QUERIES):
        client.get("/map/")
    for number in range(30):
        make_edition(
            make_role(f"role-{number}"),
            quarter=2,
            employment_change_pct=Decimal(number - 10),
            **OUTLOOK,
        )
    with django_assert_num_queries(MAP_QUERIES):
        response = client.get("/map/")
    assert len(points(response)) == 34
    # Naming a sector adds its look-up, as on the index; search adds nothing.
    with django_assert_num_queries(MAP_QUERIES + 1):
        client.get("/map/?sector=health&q=coder&sort=change")


def test_the_scales_hold_still_under_a_filter(client, roles):
    """Axes and sizes come from every current role, so a filter moves no point."""
    everything = {url: title for url, title, _ in points(client.get("/map/"))}
    html = client.get("/map/").content.decode()
    narrowed = client.get("/map/?band=very-high").content.decode()
    mark = re.compile(r'<a href="/roles/clerk/"><title>[^<]+</title>(<[^>]+>)')
    assert mark.search(html).group(1) == mark.search(narrowed).group(1)
    ticks = re.compile(r'class="y-tick"[^>]*>([^<]+)<')
    assert ticks.findall(html) == ticks.findall(narrowed)
    assert ticks.findall(html)[0] == "−30%"  # the clerk's −25.9%, rounded out
    assert "/roles/clerk/" in everything


def test_the_reference_line_is_the_change_for_all_occupations(client, roles):
    html = client.get("/map/").content.decode()
    assert "All occupations +3.1%" in html
    assert '<g class="map-reference"' in html


def test_the_page_explains_its_axes_sources_and_budget(client, roles):
    text = visible_text(client.get("/map/").content.decode())
    assert "three-factor model" in text
    assert "Employment Projections" in text
    assert "include the self-employed" in text
    assert "The score is not a forecast" in text
    budget = exposure_map.WEIGHT_BUDGET_GZIP // 1000
    assert f"under {budget} KB gzipped" in text


def test_the_map_is_cached_like_the_other_public_pages(
    client, roles, page_cache, django_assert_num_queries
):
    first = client.get("/map/?band=high")
    with django_assert_num_queries(0):
        again = client.get("/map/?band=high")
    assert again.content == first.content
    assert "must-revalidate" in again["Cache-Control"]


def test_the_canonical_drops_the_filters(client, roles, settings):
    settings.SITE_URL = "https://takeover-meter.example"
    html = client.get("/map/?band=high").content.decode()
    assert '<link rel="canonical" href="https://takeover-meter.example/map/">' in html


def test_the_index_links_to_the_map(client, roles):
    html = client.get("/").content.decode()
    assert 'href="/map/">Map: AI risk against job growth' in html


def test_the_sitemap_lists_the_map(client, roles, settings):
    settings.SITE_URL = "https://takeover-meter.example"
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://takeover-meter.example/map/</loc>" in xml


def test_an_empty_site_draws_an_empty_chart(client, db):
    response = client.get("/map/")
    assert response.status_code == 200
    assert points(response) == []
    assert "0 roles on the map" in visible_text(response.content.decode())


@pytest.mark.usefixtures("full_site")  # loaded once, for this last test
def test_the_whole_shipped_site_fits_the_weight_budget(
    client, db, page_cache, django_assert_num_queries
):
    """Every current role on one page: a size check, not a timing one."""
    with django_assert_num_queries(MAP_QUERIES):
        response = client.get("/map/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    current = Edition.objects.current()
    projected = current.exclude(outlook_period="").count()
    assert len(POINT.findall(html)) == projected == current.count() == 784
    assert len(ROW.findall(html)) == projected
    assert len(html.encode()) < exposure_map.WEIGHT_BUDGET_RAW
    assert len(response.content) < exposure_map.WEIGHT_BUDGET_GZIP
