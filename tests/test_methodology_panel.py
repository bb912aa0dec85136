"""The methodology's comparison of our score with the published measures."""

import pytest

from roles import measures
from roles.models import Edition
from tests.html import visible_text

SOURCE = "Anthropic Economic Index (March 2026), labor_market_impacts/job_exposure.csv"


def test_average_ranks_share_ties():
    assert measures.average_ranks([10, 30, 20, 30]) == [1, 3.5, 2, 3.5]
    assert measures.average_ranks([]) == []


def test_spearman_is_pearson_on_ranks():
    assert measures.spearman([1, 2, 3, 4, 5], [10, 30, 20, 40, 50]) == pytest.approx(
        0.9
    )
    assert measures.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    # Too few roles, or one measure the same for all: no correlation to give.
    assert measures.spearman([1, 2], [1, 2]) is None
    assert measures.spearman([1, 2, 3], [5, 5, 5]) is None


def test_quartiles_use_the_inclusive_method():
    assert measures.spread([20, 35, 50, 50, 65, 80]) == {
        "low": 20,
        "q1": 38.75,
        "median": 50,
        "q3": 61.25,
        "high": 80,
    }
    assert measures.spread([7])["median"] == 7
    assert measures.spread([])["median"] is None


@pytest.fixture
def known(make_role, make_edition):
    """Six roles with figures worked out by hand.

    Equal factors x give a risk of 0.6x + 20: 20, 35, 50, 65, 80 and 50.
    Observed use: a and e are measured zeros, b has no data, f predates the
    evidence.
    """
    rows = [
        # slug, factor, β GPT-4, Microsoft, observed exposure, workers
        ("a-role", 0, "10", "5", "0", 100),
        ("b-role", 25, "30", None, None, 200),
        ("c-role", 50, "20", "15", "0.2", 300),
        ("d-role", 75, "40", "10", "0.5", 400),
        ("e-role", 100, "50", "20", "0", 500),
        ("f-role", 50, None, None, "before", 500),
    ]
    for slug, x, beta, applicability, observed, workers in rows:
        evidence = {}
        if observed != "before":
            used = observed not in (None, "0")
            evidence = {
                "observed_source": SOURCE,
                "observed_exposure": observed,
                "observed_rank": {"0.5": 1, "0.2": 2}.get(observed) if used else None,
                "observed_ranked": 2,
            }
        make_edition(
            make_role(slug),
            skill_vulnerability=x,
            task_automation=x,
            ai_complementarity=x,
            exposure_beta_gpt4=beta,
            ai_applicability=applicability,
            us_workers=workers,
            **evidence,
        )


def test_the_panel_is_computed_from_every_current_role(known):
    panel = measures.panel(Edition.objects.current())
    assert (panel["roles"], panel["workers"]) == (6, 2000)
    score, beta, applicability, observed = panel["measures"]
    assert score["roles"] == 6 and score["workers_share"] == 100
    assert (score["q1"], score["median"], score["q3"]) == (38.75, 50, 61.25)
    assert "spearman" not in score
    assert (beta["roles"], beta["workers"], beta["workers_share"]) == (5, 1500, 75)
    assert (beta["q1"], beta["median"], beta["q3"]) == (20, 30, 40)
    assert beta["spearman"] == pytest.approx(0.9)
    assert (applicability["roles"], applicability["workers_share"]) == (4, 65)
    assert (applicability["q1"], applicability["median"]) == (8.75, 12.5)
    assert applicability["q3"] == 16.25
    assert applicability["spearman"] == pytest.approx(0.8)
    # Observed × 100, the two measured zeros in, no data and the older file out.
    assert (observed["roles"], observed["workers_share"]) == (4, 65)
    assert (observed["low"], observed["q1"], observed["median"]) == (0, 0, 10)
    assert (observed["q3"], observed["high"]) == (27.5, 50)
    assert observed["spearman"] == pytest.approx(0.105409255)
    assert panel["observed"] == {
        "not_seen": 2,
        "not_seen_share": 50,
        "q1": 0,
        "median": 10,
        "no_data": 1,
        "before_evidence": 1,
    }


def test_the_panel_names_the_roles_ranked_furthest_apart(known):
    panel = measures.panel(Edition.objects.current())
    _, beta, _, observed = panel["measures"]
    # Percentiles by our score 0, 25, 50, 75, 100; by β 0, 50, 25, 75, 100.
    assert [role["slug"] for role in beta["disagreements"]] == [
        "b-role",
        "c-role",
        "a-role",
    ]
    first = beta["disagreements"][0]
    assert (first["ours"], first["theirs"]) == (35, 30)
    assert (first["ours_percentile"], first["theirs_percentile"]) == (25, 50)
    assert first["url"] == "/roles/b-role/"
    # e-role: our highest score, a measured zero of observed use.
    assert [role["slug"] for role in observed["disagreements"]] == [
        "e-role",
        "c-role",
        "d-role",
    ]
    assert observed["disagreements"][0]["theirs"] == 0


def test_the_page_prints_the_panel_and_its_coverage(client, known):
    response = client.get("/methodology/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert "The same comparison over all 6 current public role files" in text
    assert "their 2,000 US workers" in text
    assert (
        "Eloundou β, GPT-4 labels Share of tasks an LLM exposes, β × 100 "
        "5 75.0% 20.0 30.0 40.0 0.90"
    ) in text
    assert (
        "Anthropic observed exposure Published on 0–1, shown × 100 to compare "
        "4 65.0% 0.0 10.0 27.5 0.11"
    ) in text
    assert "It is evidence of use beside the score, not part of it." in text
    assert (
        "Its 2 zeros, 50.0% of the roles with a value, count in these figures, "
        "which is why its lower quartile is 0."
    ) in text
    assert (
        "The 1 role with no data (no row in the release) is left out, and so is "
        "the 1 role file built before the evidence."
    ) in text
    assert 'href="/roles/e-role/">E Role</a>' in html
    assert "E Role Anthropic observed exposure 80 0 100 / 17" in text


def test_the_methodology_explains_and_credits_the_evidence(client, known):
    text = visible_text(client.get("/methodology/").content.decode())
    assert "include the self-employed, so they differ" in text
    assert "0 of the 6 role files have an outlook" in text
    assert "we join each task by its text" in text
    assert "O*NET 29.3 task statements" in text
    assert "that release’s own task statements" in text
    assert "many to many" in text
    assert "ranks them below the role’s own names" in text
    assert "This service uses the ESCO classification of the European Commission." in (
        text
    )
    assert "Our use of ESCO is modified" in text
    for credit in (
        "Source: Employment Projections program, U.S. Bureau of Labor Statistics",
        "Anthropic Economic Index (Anthropic, March 2026), CC BY",
        "Anthropic Economic Index (Anthropic, March 2025), CC BY",
    ):
        assert credit in text


@pytest.mark.parametrize(
    "slug, shown",
    [
        (
            "d-role",
            "Share of the work seen in Claude conversations (0–1, × 100); "
            "rank 1 of the 2 occupations with any. 50",
        ),
        ("a-role", "A measured zero: not seen in the conversations studied. 0"),
        ("b-role", "No data: the release has no row for this occupation. no data"),
    ],
)
def test_one_roles_panel_shows_observed_use_in_its_state(client, known, slug, shown):
    text = visible_text(client.get(f"/methodology/?role={slug}").content.decode())
    assert f"Anthropic observed exposure {shown}" in " ".join(text.split())


def test_a_file_before_the_evidence_has_no_observed_row(client, known):
    text = visible_text(client.get("/methodology/?role=f-role").content.decode())
    assert "Anthropic observed exposure Share" not in text
    assert "A measured zero" not in text


@pytest.mark.parametrize("size", [1, 20])
def test_the_methodology_keeps_a_fixed_query_count(
    client, make_role, make_edition, django_assert_num_queries, size
):
    for number in range(size):
        make_edition(make_role(f"role-{number}"), observed_source=SOURCE)
    # The asked role, the horizons, the editorial examples and the panel.
    with django_assert_num_queries(4):
        assert client.get("/methodology/?role=role-0").status_code == 200


def test_the_panel_is_computed_once_per_content_version(
    client, page_cache, known, django_assert_num_queries
):
    with django_assert_num_queries(4):
        client.get("/methodology/?role=a-role")
    # Another role's panel is another page, but the measures come from the cache.
    with django_assert_num_queries(3):
        text = visible_text(client.get("/methodology/?role=b-role").content.decode())
    assert "The same comparison over all 6 current public role files" in text
