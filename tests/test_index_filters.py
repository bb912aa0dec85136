"""The index's search, filters and sort: one GET form, two renders."""

import re

import pytest

from roles.models import Role
from tests.html import count_h1, visible_text


@pytest.fixture
def index(make_role, make_edition, sector):
    from roles.models import Sector

    health = Sector.objects.create(slug="health", name="Health")
    rows = [
        # slug, sector, SV (risk = 25 + SV/2 with TA = AC = 50), workers, salary, horizon, origin
        ("coder", health, 86, 185_000, 42_000, 5, Role.Origin.EDITORIAL),
        ("nurse", health, 20, 3_300_000, 98_000, 10, Role.Origin.DATASET),
        ("analyst", sector, 60, 330_000, 112_000, 3, Role.Origin.DATASET),
        ("clerk", sector, 100, 2_500_000, 45_000, 1, Role.Origin.DATASET),
    ]
    for slug, role_sector, sv, workers, salary, horizon, origin in rows:
        role = make_role(slug, sector=role_sector, origin=origin)
        make_edition(role, quarter=1, skill_vulnerability=50)
        make_edition(
            role,
            quarter=2,
            skill_vulnerability=sv,
            us_workers=workers,
            mean_salary=salary,
            horizon_min_years=horizon,
            horizon_max_years=horizon + 2,
        )


def names(response):
    return re.findall(
        r'class="role-name"><a href="/roles/([^/]+)/"', response.content.decode()
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["clerk", "coder", "analyst", "nurse"]),  # highest risk first
        ("sort=risk-asc", ["nurse", "analyst", "coder", "clerk"]),
        ("sort=name", ["analyst", "clerk", "coder", "nurse"]),
        ("sort=workers", ["nurse", "clerk", "analyst", "coder"]),
        ("sort=salary", ["analyst", "nurse", "clerk", "coder"]),
        ("sort=change", ["clerk", "coder", "analyst", "nurse"]),
        ("sector=health", ["coder", "nurse"]),
        ("band=very-high", ["clerk"]),
        ("band=high", ["coder", "analyst"]),
        ("origin=editorial", ["coder"]),
        ("origin=dataset&sort=name", ["analyst", "clerk", "nurse"]),
        ("horizon=near", ["clerk", "analyst"]),
        ("horizon=mid", ["coder"]),
        ("horizon=far", ["nurse"]),
        ("min_risk=50&max_risk=70", ["coder", "analyst"]),
        ("q=nurse", ["nurse"]),
        ("q=CLERK&band=very-high", ["clerk"]),
        ("q=nobody", []),
        ("unknown=1", ["clerk", "coder", "analyst", "nurse"]),
    ],
)
def test_filters_and_sorts(client, index, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_sort_by_change_puts_the_biggest_rise_first(client, index):
    # clerk 50 -> 75 (+25), coder 50 -> 68 (+18), analyst +5, nurse -15
    assert names(client.get("/?sort=change")) == ["clerk", "coder", "analyst", "nurse"]


def test_htmx_gets_the_results_and_a_browser_the_page(client, index):
    full = client.get("/?q=nurse")
    partial = client.get("/?q=nurse", headers={"HX-Request": "true"})
    for response in (full, partial):
        assert response.status_code == 200
        assert {"HX-Request", "HX-History-Restore-Request"} <= set(
            response["Vary"].split(", ")
        )
        assert names(response) == ["nurse"]
    assert "<html" in full.content.decode() and count_h1(full.content.decode()) == 1
    assert "<html" not in partial.content.decode()
    assert 'class="list-meta"' in partial.content.decode()


def test_a_history_restore_gets_the_whole_page(client, index):
    response = client.get(
        "/?q=nurse",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in response.content.decode()


def test_the_form_keeps_its_values_and_links_keep_the_filters(client, index):
    html = client.get("/?q=nur&sector=health&sort=name").content.decode()
    assert 'value="nur"' in html
    assert '<option value="health" selected>' in html
    assert "?q=nur&amp;sector=health&amp;sort=workers" in html  # the column sort link


@pytest.mark.parametrize(
    "query",
    [
        "band=bogus",
        "sector=atlantis",
        "origin=robots",
        "horizon=never",
        "sort=drop+table",
        "sort=-risk_score",
        "min_risk=-1",
        "max_risk=101",
        "min_risk=abc",
        "min_risk=80&max_risk=20",
        "page=0",
        "page=abc",
        "q=" + "x" * 10_000,
    ],
)
def test_bad_values_are_a_clear_400(client, index, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert count_h1(html) == 1
    assert "That request doesn’t add up." in html
    assert "x" * 200 not in html


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE roles_role; --",
        "☃ 日本語 ñandú",
        "%00",
        "  ",
    ],
)
def test_odd_searches_answer_calmly_and_escape_the_echo(client, index, query):
    response = client.get("/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    search = client.get("/search/", {"q": query})
    assert search.status_code == 200
    assert "<script>alert(1)</script>" not in search.content.decode()


def test_the_search_page_gives_the_same_results_as_the_index(client, index):
    response = client.get("/search/?q=coder")
    assert response.status_code == 200
    assert names(response) == names(client.get("/?q=coder")) == ["coder"]
    assert "Roles matching “coder”" in visible_text(response.content.decode())
    partial = client.get("/search/?q=coder", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert names(partial) == ["coder"]


def test_the_empty_search_page_invites_a_query(client, index):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a job title" in visible_text(response.content.decode())


def test_filtered_pages_keep_a_fixed_query_count(
    client, index, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        client.get("/?q=nurse&sector=health&band=low&sort=change")
    with django_assert_max_num_queries(4):
        client.get("/?sector=health", headers={"HX-Request": "true"})
