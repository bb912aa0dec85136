"""The index's evidence sorts and filters (growth, openings, observed AI use),
on roles built from the raw sample as a data release builds them.

The sample's figures (bls_ep table 1.2; anthropic job_exposure.csv):

    role                          change %  openings  observed
    software-developers             15.8   115,200   0.2880
    electricians                     9.5    81,000   0.0      (measured zero)
    medical-coder (29-2072)          7.1    14,200   0.6674
    chief-executives                 4.3    22,200   0.0333
    paralegals-and-legal-assistants  0.2    39,300   no row   (no data)
    data-entry-keyers              -25.9     9,500   0.6707

All occupations: +3.1 %. "archivist" is a role whose edition predates the
evidence: no projection and no observed-use file at all.
"""

import re
from decimal import Decimal

import pytest

from roles.models import Edition
from tests.html import count_h1, visible_text
from tests.test_dataset import SAMPLE, publish_raw
from tests.test_index_filters import names

PARALEGALS = "paralegals-and-legal-assistants"


@pytest.fixture
def sample(sectors, tmp_path, make_role, make_edition):
    publish_raw(SAMPLE, tmp_path)
    make_edition(make_role("archivist"))


def evidence_cells(response):
    """Each row's role and its evidence cell, as a reader sees them."""
    rows = re.findall(
        r'class="role-name"><a href="/roles/([^/]+)/".*?'
        r'<td class="num col-evidence">(.*?)</td>',
        response.content.decode(),
        flags=re.S,
    )
    return {slug: visible_text(cell).strip() for slug, cell in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A role with no figure goes last; ties and no-figure roles by name.
        (
            "sort=growth",
            [
                "software-developers",
                "electricians",
                "medical-coder",
                "chief-executives",
                PARALEGALS,
                "data-entry-keyers",
                "archivist",
            ],
        ),
        (
            "sort=openings",
            [
                "software-developers",
                "electricians",
                PARALEGALS,
                "chief-executives",
                "medical-coder",
                "data-entry-keyers",
                "archivist",
            ],
        ),
        # The measured zero (electricians) is a figure: before both kinds of none.
        (
            "sort=observed",
            [
                "data-entry-keyers",
                "medical-coder",
                "software-developers",
                "chief-executives",
                "electricians",
                "archivist",
                PARALEGALS,
            ],
        ),
        # Against the all-occupations change (+3.1 %), then zero.
        (
            "growth=faster&sort=name",
            [
                "chief-executives",
                "electricians",
                "medical-coder",
                "software-developers",
            ],
        ),
        (
            "growth=growing&sort=name",
            [
                "chief-executives",
                "electricians",
                "medical-coder",
                PARALEGALS,
                "software-developers",
            ],
        ),
        ("growth=declining", ["data-entry-keyers"]),
        # Observed use: three states, none folded into another.
        (
            "observed=seen&sort=observed",
            [
                "data-entry-keyers",
                "medical-coder",
                "software-developers",
                "chief-executives",
            ],
        ),
        ("observed=not-seen", ["electricians"]),
        ("observed=no-data", [PARALEGALS]),
        # With other filters and a search.
        (
            "observed=seen&growth=faster&sort=growth",
            ["software-developers", "medical-coder", "chief-executives"],
        ),
        ("q=electricians&observed=not-seen&sort=openings", ["electricians"]),
        ("q=electricians&observed=no-data", []),
    ],
)
def test_evidence_sorts_and_filters(client, sample, query, expected):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_a_measured_zero_and_no_data_are_kept_apart(client, sample):
    cells = evidence_cells(client.get("/?sort=observed"))
    assert cells["data-entry-keyers"] == "Observed AI use 0.6707"
    assert cells["electricians"] == "Observed AI use not seen"
    assert cells[PARALEGALS] == "Observed AI use no data"
    assert cells["archivist"] == "Observed AI use —"  # built before the evidence
    # The edition without an observed-use file is in none of the three states.
    for state in ("seen", "not-seen", "no-data"):
        assert "archivist" not in names(client.get(f"/?observed={state}"))


def test_the_evidence_column_follows_the_sort(client, sample):
    response = client.get("/?sort=openings")
    assert ">Openings a year</a></th>" in response.content.decode()
    assert evidence_cells(response)["software-developers"] == "Openings a year 115K"
    response = client.get("/")
    assert ">Projected growth</a></th>" in response.content.decode()
    cells = evidence_cells(response)
    assert cells["medical-coder"] == "Projected growth +7.1%"
    assert cells["data-entry-keyers"] == "Projected growth −25.9%"
    assert cells["archivist"] == "—"


def test_the_form_explains_the_growth_and_observed_rules(client, sample):
    text = visible_text(client.get("/").content.decode())
    assert (
        "Faster than all occupations: at least one point above the change "
        "projected for all occupations together (closer reads “about the same”). "
        "Growing: above zero. Declining: below zero." in text
    )
    assert "Not seen: a measured zero, not seen in the conversations studied." in text
    assert "No data: the release has no row for the occupation." in text
    assert (
        "Source: Employment Projections program, U.S. Bureau of Labor Statistics"
        in text
    )


def test_the_form_keeps_the_evidence_choices(client, sample):
    html = client.get("/?growth=declining&observed=seen&sort=growth").content.decode()
    assert '<option value="declining" selected>' in html
    assert '<option value="seen" selected>' in html
    assert '<option value="growth" selected>' in html
    # Column sort links keep the evidence filters.
    assert "?growth=declining&amp;observed=seen&amp;sort=workers" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("growth=up", "Projected growth"),
        ("growth=FASTER", "Projected growth"),
        ("observed=0", "Observed AI use"),
        ("observed=none", "Observed AI use"),
        ("observed=no+data", "Observed AI use"),
        ("sort=employment_change_pct", "Sort"),
        ("sort=-observed", "Sort"),
        ("sort=observed_exposure", "Sort"),
    ],
)
def test_bad_evidence_values_are_a_400_that_names_the_field(
    client, sample, query, field
):
    editions = list(Edition.objects.values_list("pk", "updated_at"))
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"/?{query}", headers=headers)
        assert response.status_code == 400
        html = response.content.decode()
        assert count_h1(html) == 1
        assert f"<strong>{field}</strong>: Select a valid choice." in html
    assert list(Edition.objects.values_list("pk", "updated_at")) == editions


def test_htmx_gets_the_sorted_and_filtered_rows_only(client, sample):
    query = "/?observed=seen&sort=observed"
    full = client.get(query)
    partial = client.get(query, headers={"HX-Request": "true"})
    for response in (full, partial):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
        assert names(response)[:2] == ["data-entry-keyers", "medical-coder"]
        assert ">Observed AI use</a></th>" in response.content.decode()
    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert 'class="filter-notes"' not in partial.content.decode()


QUERIES = [
    "/?sort=growth",
    "/?sort=openings",
    "/?observed=no-data&sort=observed",
    "/?growth=faster&observed=seen&sort=observed&q=e",
]


@pytest.mark.parametrize("query", QUERIES)
def test_evidence_pages_keep_a_fixed_query_count(
    client, sample, make_role, make_edition, django_assert_max_num_queries, query
):
    with django_assert_max_num_queries(5) as few:
        assert client.get(query).status_code == 200
    with django_assert_max_num_queries(4) as few_partial:
        client.get(query, headers={"HX-Request": "true"})
    for number in range(30):
        make_edition(
            make_role(f"extra-{number}"),
            year=2026,
            quarter=4,
            outlook_period="2024–34",
            employment_change_pct=number - 10,
            all_occupations_change_pct="3.1",
            annual_openings=1000 * number,
            observed_source="Anthropic Economic Index (March 2026)",
            observed_exposure=None if number % 3 == 0 else f"0.{number:02d}",
            observed_rank=None,
        )
    with django_assert_max_num_queries(5) as many:
        assert client.get(query).status_code == 200
    with django_assert_max_num_queries(4) as many_partial:
        client.get(query, headers={"HX-Request": "true"})
    assert len(many) == len(few)
    assert len(many_partial) == len(few_partial)


def test_faster_follows_the_role_files_about_the_same_rule(
    client, sample, make_role, make_edition
):
    """3.5 % against 3.1 % reads "about the same" on the role file: not faster."""
    close = make_role("close-to-average")
    make_edition(
        close,
        outlook_period="2024–34",
        employment_base=100_000,
        employment_projected=103_500,
        employment_change=3_500,
        employment_change_pct=Decimal("3.5"),
        all_occupations_change_pct=Decimal("3.1"),
        annual_openings=9_000,
        entry_education="High school diploma or equivalent",
        work_experience="None",
        job_training="Moderate-term on-the-job training",
    )
    faster = client.get("/", {"growth": "faster"}).context["editions"]
    growing = client.get("/", {"growth": "growing"}).context["editions"]
    assert close not in [edition.role for edition in faster]
    assert close in [edition.role for edition in growing]
    page = visible_text(client.get("/roles/close-to-average/").content.decode())
    assert "about the same as" in page.lower()
