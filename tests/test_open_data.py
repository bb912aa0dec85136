"""The open data: JSON API, CSV, licence texts, with conditional GET and CORS."""

import csv
import datetime
import io

import pytest

from roles import opendata
from roles.models import Edition, Role
from roles.views import open_data as open_data_views

SITE = "https://takeover-meter.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def hidden(make_role, make_edition, today):
    """A draft-only role, a scheduled-only role, and a public role with a newer draft."""
    make_edition(
        make_role("draft-only"), status=Edition.Status.DRAFT, published_on=None
    )
    make_edition(
        make_role("scheduled-only"), published_on=today + datetime.timedelta(days=3)
    )
    role = make_role("with-draft")
    public = make_edition(role, quarter=1, skill_vulnerability=40)
    make_edition(
        role, quarter=2, status=Edition.Status.DRAFT, published_on=None, tasks=5
    )
    return public


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_list_has_every_public_role_and_documented_fields_only(
    client, make_role, make_edition, hidden
):
    edition = make_edition(
        make_role("coder", soc_code="29-2072.00"),
        exposure_beta_gpt4="52.50",
        median_salary=48_000,
    )
    response = client.get("/api/roles.json")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [row["slug"] for row in data["roles"]] == ["coder", "with-draft"]
    row = data["roles"][0]
    # The evidence comes after the earlier fields, none of which moved.
    assert list(row) == [
        column.name for column in opendata.COLUMNS + opendata.EVIDENCE_COLUMNS
    ]
    assert row["soc_code"] == "29-2072"
    assert row["risk_score"] == edition.risk_score
    assert row["band"] == edition.band.label
    assert row["exposure_beta_gpt4"] == 52.5
    assert row["skill_vulnerability"] == 50
    assert row["median_salary"] == 48_000
    assert row["us_workers"] == edition.us_workers
    assert row["edition"] == "2026-q1"
    assert row["published_on"] == edition.published_on.isoformat()
    assert row["url"] == f"{SITE}/roles/coder/"
    assert row["api_url"] == f"{SITE}/api/roles/coder.json"
    # The public edition of a role with a newer draft, never the draft.
    assert data["roles"][1]["skill_vulnerability"] == 40
    assert data["licence"] == opendata.LICENCE
    assert data["attribution"] == list(opendata.ATTRIBUTION)
    assert data["licence_texts"] == f"{SITE}/data/licences.txt"


def test_the_list_is_paginated(client, make_role, make_edition, monkeypatch):
    monkeypatch.setattr(open_data_views, "API_PAGE_SIZE", 2)
    for slug in ("a-role", "b-role", "c-role"):
        make_edition(make_role(slug))
    first = client.get("/api/roles.json").json()
    assert (first["page"], first["pages"], first["count"]) == (1, 2, 3)
    assert first["previous"] is None
    assert first["next"] == f"{SITE}/api/roles.json?page=2"
    second = client.get("/api/roles.json?page=2").json()
    assert [row["slug"] for row in second["roles"]] == ["c-role"]
    assert second["next"] is None
    assert second["previous"] == f"{SITE}/api/roles.json?page=1"


@pytest.mark.parametrize(
    "query, status", [("?page=abc", 400), ("?page=0", 400), ("?page=9", 404)]
)
def test_bad_pages_get_a_json_error(client, make_role, make_edition, query, status):
    make_edition(make_role("coder"))
    response = client.get(f"/api/roles.json{query}")
    assert response.status_code == status
    assert "error" in response.json()


def test_a_role_document_has_its_contents_and_public_history(
    client, make_role, make_edition, hidden
):
    role = hidden.role
    role.alternate_titles.create(title="Other name", slug="other-name")
    response = client.get("/api/roles/with-draft.json")
    assert response.status_code == 200
    data = response.json()
    documented = [c.name for c in opendata.COLUMNS + opendata.EVIDENCE_COLUMNS]
    documented += [name for name, _, _ in opendata.DOCUMENT_FIELDS]
    documented += [
        c.name for c in opendata.EVIDENCE_DOCUMENT_FIELDS if "[]" not in c.name
    ]
    documented += [name for name, _, _ in opendata.ENVELOPE_FIELDS]
    assert set(data) == set(documented)
    assert data["edition"] == "2026-q1"
    assert data["alternate_titles"] == ["Other name"]
    assert data["brief"] == ["First paragraph.", "Second paragraph."]
    assert len(data["tasks"]) == 2  # the draft's five tasks stay hidden
    assert data["tasks"][0] == {
        "kind": "ai",
        "text": "with-draft task 0",
        "exposure": None,
        "time_share": None,
        # A task our editors wrote has no raters' labels and no specialty.
        "gpt4_label": None,
        "human_label": None,
        "specialty": None,
        # An edition built before the evidence says nothing about observed use.
        "observed_use": None,
        "observed_use_state": None,
        "automation_share": None,
        "augmentation_share": None,
        # No reader has answered about it yet.
        "readers": None,
    }
    assert [s["name"] for s in data["skills"]] == ["Skill 0", "Skill 1"]
    assert data["sources"][0]["publisher"] == "Publisher 0"
    assert [h["edition"] for h in data["history"]] == ["2026-q1"]
    assert data["history"][0]["url"] == f"{SITE}/roles/with-draft/2026-q1/"


def test_the_history_lists_every_public_edition_newest_first(
    client, make_role, make_edition
):
    role = make_role("coder")
    make_edition(role, quarter=1, skill_vulnerability=30)
    make_edition(role, quarter=2, skill_vulnerability=70)
    data = client.get("/api/roles/coder.json").json()
    assert data["edition"] == "2026-q2"
    assert [h["edition"] for h in data["history"]] == ["2026-q2", "2026-q1"]
    assert data["history"][1]["risk_score"] < data["history"][0]["risk_score"]


@pytest.mark.parametrize("slug", ["draft-only", "scheduled-only", "no-such-role"])
def test_hidden_and_unknown_roles_are_a_json_404(client, hidden, slug):
    response = client.get(f"/api/roles/{slug}.json")
    assert response.status_code == 404
    assert response.json() == {"error": "No public role has this slug."}


def test_the_csv_round_trips_with_the_csv_module(
    client, make_role, make_edition, hidden
):
    edition = make_edition(
        make_role("coder", title='Coder, "senior"'), ai_applicability="5.71"
    )
    response = client.get("/data/roles.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [row["slug"] for row in rows] == ["coder", "with-draft"]
    # The earlier columns keep their places; the evidence is appended.
    assert list(rows[0]) == [c.name for c in opendata.COLUMNS] + [
        "licence",
        "attribution",
    ] + [c.name for c in opendata.EVIDENCE_COLUMNS]
    assert rows[0]["title"] == 'Coder, "senior"'
    assert int(rows[0]["risk_score"]) == edition.risk_score
    assert rows[0]["ai_applicability"] == "5.71"
    assert rows[0]["median_salary"] == ""
    assert rows[0]["licence"] == "CC BY 4.0"
    assert f"{SITE}/data/" in rows[0]["attribution"]
    assert "O*NET 29.3" in rows[0]["attribution"]


def test_the_licence_texts_travel_with_the_data(client):
    response = client.get("/data/licences.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Copyright (c) 2024 OpenAI" in text
    assert "Attribution 4.0 International" in text or "CC BY 4.0" in text
    # The notices of the outlook, observed use and European names too.
    assert "==> anthropic_economic_index_NOTICE.txt <==" in text
    assert "Data released under CC-BY" in text
    assert "==> ESCO_NOTICE.txt <==" in text
    assert (
        "This service uses the ESCO classification of the European Commission." in text
    )
    assert "==> BLS_public_domain.txt <==" in text


@pytest.mark.parametrize(
    "path", ["/api/roles.json", "/api/roles/coder.json", "/data/roles.csv"]
)
def test_open_data_is_open_to_any_origin_and_conditional(
    client, make_role, make_edition, path
):
    make_edition(make_role("coder"))
    response = client.get(path)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    preflight = client.options(path)
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert client.post(path).status_code == 405


def test_the_etag_changes_when_an_edition_is_published_or_withdrawn(
    client, make_role, make_edition, today
):
    edition = make_edition(make_role("coder"))
    first = client.get("/api/roles.json")["ETag"]
    draft = make_edition(
        make_role("newcomer"), status=Edition.Status.DRAFT, published_on=None
    )
    assert client.get("/api/roles.json")["ETag"] == first  # drafts change nothing
    draft.status, draft.published_on = Edition.Status.PUBLISHED, today
    draft.save()
    published = client.get("/api/roles.json")["ETag"]
    assert published != first
    edition.status = Edition.Status.DRAFT
    edition.save()
    assert client.get("/api/roles.json")["ETag"] not in (first, published)


@pytest.mark.parametrize(
    "path, queries",
    # Each with one query for the roles' ESCO names: for the page of the list,
    # for the role, and for the whole CSV before its rows stream. The role
    # also loads its safer moves and their current editions.
    [("/api/roles.json", 4), ("/api/roles/role-0.json", 12), ("/data/roles.csv", 3)],
)
def test_open_data_keeps_a_fixed_query_count(
    client, make_role, make_edition, django_assert_num_queries, path, queries
):
    role = make_role("role-0")
    make_edition(role, tasks=1, skills=1)
    with django_assert_num_queries(queries):
        b"".join(client.get(path))
    for quarter in (2, 3):
        make_edition(role, quarter=quarter, tasks=20, skills=10, sources=4)
    for number in range(1, 10):
        make_edition(make_role(f"role-{number}"), tasks=20, skills=10, sources=4)
    for other in Role.objects.all():
        for position in range(3):
            other.esco_titles.create(
                label=f"{other.slug} esco {position}",
                slug=f"{other.slug}-esco-{position}",
                esco_code=f"1234.{position}",
                isco_group="1234",
                preferred=position < 2,
                position=position,
            )
    with django_assert_num_queries(queries):
        b"".join(client.get(path))
