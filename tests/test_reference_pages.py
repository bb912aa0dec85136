"""The methodology and the toolkit: read from the code and the database."""

import pytest

from roles import scoring
from roles.models import Edition, Resource
from tests.html import visible_text


def test_the_methodology_prints_the_weights_from_scoring(
    client, medical_coder, monkeypatch
):
    text = visible_text(client.get("/methodology/").content.decode())
    for factor in scoring.FACTORS:
        assert factor.name in text
    assert "Risk = 0.5 × skill vulnerability + 0.3 × task automation proxy" in text
    for band in scoring.BANDS:
        assert f"{band.label} {band.range_label}" in text
    changed = tuple(
        scoring.Factor(f.field, f.name, f.meaning, f.weight / 2, f.raises_risk)
        for f in scoring.FACTORS
    )
    monkeypatch.setattr(scoring, "FACTORS", changed)
    text = visible_text(client.get("/methodology/").content.decode())
    assert "Risk = 0.25 × skill vulnerability + 0.15 × task automation proxy" in text


def test_the_panel_compares_our_score_with_the_indices(client, make_role, make_edition):
    make_edition(
        make_role("coder", title="Coder"),
        exposure_beta_gpt4="60",
        exposure_beta_human="45.5",
        ai_applicability="12",
    )
    response = client.get("/methodology/?role=coder")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Takeover Meter AI risk Our score, from the three factors. 50" in text
    assert "Eloundou β, GPT-4 rater" in text and " 60 " in text
    assert "45.5" in text
    # 60 (GPT-4) less 12 (Microsoft): the widest gap between the measures.
    assert "These measures span 48 points for this role." in text


def test_the_panel_finds_a_role_by_name(client, make_role, make_edition):
    make_edition(make_role("court-clerk", title="Court Clerk"))
    text = visible_text(client.get("/methodology/?role=court+clerk").content.decode())
    assert "Court Clerk 2026 Q1" in text


def test_an_unknown_or_hidden_role_in_the_panel_is_a_404_that_still_explains(
    client, make_role, make_edition
):
    make_edition(make_role("secret"), status=Edition.Status.DRAFT, published_on=None)
    for asked in ("nothing-like-it", "secret"):
        response = client.get(f"/methodology/?role={asked}")
        assert response.status_code == 404
        text = visible_text(response.content.decode())
        assert f"No published role matches “{asked}”" in text
        assert "How the score is made." in text


def test_an_overlong_panel_query_is_a_400(client):
    assert client.get("/methodology/?role=" + "x" * 101).status_code == 400


@pytest.fixture
def toolkit(medical_coder):
    """The shipped toolkit and a resource for a role nobody can see yet."""
    hidden = medical_coder.__class__.objects.create(
        slug="hidden-role", title="Hidden Role", sector=medical_coder.sector
    )
    resource = Resource.objects.create(
        title="Secret tool",
        url="https://example.com/secret",
        kind=Resource.Kind.TOOL,
        description="Only for a role without a public file.",
    )
    resource.roles.add(hidden)
    return resource


def test_the_shipped_toolkit_is_a_real_starting_list(toolkit):
    assert Resource.objects.count() >= 31
    urls = Resource.objects.values_list("url", flat=True)
    assert all(url.startswith("https://") for url in urls)
    editorial = ("medical-coder", "paralegal", "truck-driver", "translator")
    for slug in editorial:
        assert Resource.objects.filter(roles__slug=slug).count() >= 3, slug


def test_the_toolkit_filters_by_role_and_kind(client, toolkit):
    everything = client.get("/toolkit/")
    assert everything.status_code == 200
    coder = client.get("/toolkit/?role=medical-coder")
    text = visible_text(coder.content.decode())
    mine = Resource.objects.filter(roles__slug="medical-coder")
    assert f"{mine.count()} resources for a medical coder" in text
    for resource in mine:
        assert resource.title in text
    other = Resource.objects.exclude(roles__slug="medical-coder").first()
    assert other.title not in text
    guides = visible_text(
        client.get("/toolkit/?role=medical-coder&kind=guide").content.decode()
    )
    for resource in mine:
        assert (resource.title in guides) == (resource.kind == "guide")


def test_the_toolkit_never_names_a_hidden_role(client, toolkit):
    html = client.get("/toolkit/").content.decode()
    assert "Hidden Role" not in html
    assert 'value="hidden-role"' not in html
    assert client.get("/toolkit/?role=hidden-role").status_code == 400


@pytest.mark.parametrize(
    "query",
    ["?role=no-such-role", "?kind=weapon", "?role=%3Cscript%3E", "?kind=" + "x" * 300],
)
def test_bad_toolkit_filters_are_a_400(client, toolkit, query):
    assert client.get(f"/toolkit/{query}").status_code == 400


def test_the_role_file_opens_the_toolkit_filtered_to_it(client, toolkit):
    html = client.get("/roles/medical-coder/").content.decode()
    assert 'href="/toolkit/?role=medical-coder">Open the toolkit' in html
    assert client.get("/toolkit/?role=medical-coder").status_code == 200


@pytest.mark.parametrize(
    "path, queries",
    [
        ("/toolkit/", 3),
        ("/toolkit/?role=medical-coder", 4),
        # The panel, the horizons, the examples and the measures across every
        # role (one query, cached with the pages).
        ("/methodology/?role=medical-coder", 4),
        ("/data/", 2),
    ],
)
def test_reference_pages_keep_a_fixed_query_count(
    client, toolkit, django_assert_num_queries, path, queries
):
    with django_assert_num_queries(queries):
        client.get(path)
