"""Two to four roles side by side; every other request gets a clear answer."""

import csv
import re
from decimal import Decimal

import pytest

from roles.models import Edition, RoleRedirect
from tests.html import count_h1, visible_text
from tests.test_dataset import SAMPLE, publish_raw


@pytest.fixture
def roles(make_role, make_edition):
    for slug, sv in [
        ("alpha", 20),
        ("beta", 50),
        ("gamma", 80),
        ("delta", 40),
        ("epsilon", 60),
    ]:
        make_edition(make_role(slug), skill_vulnerability=sv, skills=2, tasks=2)
    make_edition(make_role("hidden"), status=Edition.Status.DRAFT, published_on=None)


def test_two_roles_side_by_side_with_what_they_share(client, roles):
    response = client.get("/compare/?roles=alpha,gamma")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert count_h1(html) == 1
    assert text.index("Alpha") < text.index("Gamma")
    assert (
        "Skills they all list: Skill 0 Skill 1" in text
    )  # the factory gives every role the same skills
    assert "No task is shared by all of them." in text
    assert 'href="/compare/?roles=gamma"' in html  # remove alpha
    assert 'href="/compare/?roles=alpha"' in html  # remove gamma


def test_four_roles_is_the_most(client, roles):
    assert client.get("/compare/?roles=alpha,beta,gamma,delta").status_code == 200
    response = client.get("/compare/?roles=alpha,beta,gamma,delta,epsilon")
    assert response.status_code == 400
    assert "Compare at most 4 roles at a time." in response.content.decode()


def test_one_role_invites_another(client, roles):
    response = client.get("/compare/?roles=alpha")
    assert response.status_code == 200
    assert "Add one to three more roles to compare with Alpha." in visible_text(
        response.content.decode()
    )


def test_no_role_explains_the_page(client, roles):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert "Pick two to four roles" in visible_text(response.content.decode())


def test_adding_a_role_by_name_redirects_to_the_comparison(client, roles):
    response = client.get("/compare/?roles=alpha&add=Gamma")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?roles=alpha%2Cgamma"
    assert client.get("/compare/?roles=alpha&add=nothing-like-it").status_code == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("roles=alpha,alpha", "Each role can be compared once"),
        ("roles=alpha,atlantis", "No published role at: atlantis."),
        ("roles=alpha,hidden", "No published role at: hidden."),
        ("roles=<script>alert(1)</script>", "Roles are named by their address"),
        ("roles=" + "a," * 400, "at most 500 characters"),
        ("roles=alpha,beta,gamma,delta&add=epsilon", "Compare at most 4 roles"),
    ],
)
def test_bad_comparisons_are_a_clear_400(client, roles, query, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html


def test_the_comparison_keeps_a_fixed_query_count(
    client, roles, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get("/compare/?roles=alpha,beta")
    with django_assert_num_queries(6):
        client.get("/compare/?roles=alpha,beta,gamma,delta")


# The outlook and observed-use rows, on roles built from the raw sample.

EP_TABLE = SAMPLE / "bls_ep" / "ep_2024-34_table_1.2_occupational_projections.csv"
JOB_EXPOSURE = SAMPLE / "anthropic" / "labor_market_impacts" / "job_exposure.csv"
FOUR = "medical-coder,data-entry-keyers,electricians,paralegals-and-legal-assistants"


@pytest.fixture
def sample(sectors, tmp_path, make_role, make_edition):
    publish_raw(SAMPLE, tmp_path)
    make_edition(make_role("archivist"))  # built before the evidence


def raw_rows(path, key):
    with path.open(newline="", encoding="utf-8") as file:
        return {row[key].strip(): row for row in csv.DictReader(file)}


def thousands(value):
    """BLS table 1.2 counts thousands: "194.8" is 194,800 people."""
    return f"{round(Decimal(value) * 1000):,}"


def signed(value):
    number = Decimal(value)
    return f"+{number}%" if number > 0 else f"−{-number}%"


def compare_rows(response):
    """Each row's heading and its cells, as a reader sees them."""
    rows = re.findall(
        r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>',
        response.content.decode(),
        flags=re.S,
    )
    return {
        visible_text(heading).strip(): [
            visible_text(cell).strip()
            for cell in re.findall(r"<td>(.*?)</td>", cells, flags=re.S)
        ]
        for heading, cells in rows
    }


def test_compare_shows_the_raw_outlook_for_each_role(client, sample):
    table = raw_rows(EP_TABLE, "2024 National Employment Matrix code")
    response = client.get(f"/compare/?roles={FOUR}")
    assert response.status_code == 200
    rows = compare_rows(response)
    total = table["00-0000"]["Employment change, percent, 2024–34"]
    assert f"Projected change, 2024–34 All occupations {signed(total)}" in rows
    change = rows[f"Projected change, 2024–34 All occupations {signed(total)}"]
    codes = ["29-2072", "43-9021", "47-2111", "23-2011"]
    for cell, code in zip(change, codes, strict=True):
        raw = table[code]
        people = Decimal(raw["Employment change, numeric, 2024–34"])
        assert cell == (
            f"{signed(raw['Employment change, percent, 2024–34'])} "
            f"{thousands(raw['Employment, 2024'])} → {thousands(raw['Employment, 2034'])} "
            f"people ({'+' if people > 0 else '−'}{thousands(abs(people))})"
        )
    assert rows["Openings a year"] == [
        thousands(table[code]["Occupational openings, 2024–34 annual average"])
        for code in codes
    ]
    assert rows["Typical entry education"] == [
        table[code]["Typical education needed for entry"] for code in codes
    ]
    # The reference role, spelled out.
    assert change[0] == "+7.1% 194,800 → 208,600 people (+13,800)"
    assert rows["Openings a year"][0] == "14,200"
    assert rows["Typical entry education"][0] == "Postsecondary nondegree award"


def test_compare_shows_observed_use_in_its_three_states(client, sample):
    exposure = raw_rows(JOB_EXPOSURE, "occ_code")
    used = sorted(
        (Decimal(row["observed_exposure"]) for row in exposure.values()),
        reverse=True,
    )
    used = [value for value in used if value > 0]

    def measured(code):
        value = exposure[code]["observed_exposure"]
        rank = used.index(Decimal(value)) + 1
        return f"{value} rank {rank} of {len(used)}"

    observed = compare_rows(client.get(f"/compare/?roles={FOUR}"))["Observed AI use"]
    assert observed == [
        measured("29-2072"),
        measured("43-9021"),
        "0 not seen in the conversations studied",  # electricians: a measured 0.0
        "No data: the release has no row for this occupation",  # no 23-2011 row
    ]
    assert "23-2011" not in exposure
    assert exposure["47-2111"]["observed_exposure"] == "0.0"


def test_compare_notes_the_self_employed_and_credits_the_sources(client, sample):
    text = visible_text(client.get(f"/compare/?roles={FOUR}").content.decode())
    assert (
        "Its counts include the self-employed, so they differ from the US workers"
        in text
    )
    assert (
        "Source: Employment Projections program, U.S. Bureau of Labor Statistics."
        in text
    )
    assert (
        "Source: Anthropic Economic Index (March 2026), "
        "labor_market_impacts/job_exposure.csv. Anthropic, CC BY." in text
    )
    assert "beside the AI risk score and is not part of it" in text


def test_an_edition_without_the_evidence_says_so(client, sample):
    rows = compare_rows(client.get("/compare/?roles=electricians,archivist"))
    assert rows["Openings a year"] == ["81,000", "No projection in this edition"]
    assert rows["Observed AI use"][1] == "Not in this edition"


def test_editions_without_any_evidence_have_no_evidence_rows(client, roles):
    text = visible_text(client.get("/compare/?roles=alpha,beta").content.decode())
    assert "Projected change" not in text
    assert "Observed AI use" not in text
    assert "Employment Projections" not in text


def test_the_evidence_rows_keep_a_fixed_query_count(
    client, sample, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get("/compare/?roles=medical-coder,electricians")
    with django_assert_num_queries(6):
        client.get(f"/compare/?roles={FOUR}")


def test_outlooks_of_different_decades_each_name_their_own(
    client, sample, make_role, make_edition
):
    make_edition(
        make_role("older-outlook"),
        outlook_period="2023–33",
        employment_base=100_000,
        employment_projected=104_000,
        employment_change=4_000,
        employment_change_pct="4.0",
        all_occupations_change_pct="4.0",
        annual_openings=9_000,
        entry_education="Bachelor's degree",
    )
    rows = compare_rows(client.get("/compare/?roles=medical-coder,older-outlook"))
    assert rows["Projected change"] == [
        "+7.1% 194,800 → 208,600 people (+13,800), 2024–34; all occupations +3.1%",
        "+4.0% 100,000 → 104,000 people (+4,000), 2023–33; all occupations +4.0%",
    ]


def test_another_address_of_a_role_leads_to_the_canonical_comparison(
    client, make_role, make_edition
):
    coder = make_role("medical-coder", other_titles=["Clinical Coder"])
    make_edition(coder)
    make_edition(make_role("paralegals", title="Paralegals"))
    RoleRedirect.objects.create(role=coder, old_slug="coding-specialist")
    for query in (
        "clinical-coder,paralegals",
        "coding-specialist,paralegals",
        "medical-coder,paralegals,clinical-coder",  # the same role twice: once
    ):
        response = client.get(f"/compare/?roles={query}")
        assert response.status_code == 301, query
        assert response["Location"] == "/compare/?roles=medical-coder%2Cparalegals"
    assert client.get(response["Location"]).status_code == 200


def test_an_address_no_role_has_is_still_refused(client, make_role, make_edition):
    make_edition(make_role("medical-coder", other_titles=["Clinical Coder"]))
    response = client.get("/compare/?roles=clinical-coder,nobody")
    assert response.status_code == 400
    assert "No published role at: nobody." in response.content.decode()
