"""A role file's history says when the evidence beside the score arrived or moved."""

from decimal import Decimal

from tests.html import visible_text

OUTLOOK = {
    "outlook_period": "2024–34",
    "employment_base": 194_800,
    "employment_projected": 208_600,
    "employment_change": 13_800,
    "employment_change_pct": Decimal("7.1"),
    "all_occupations_change_pct": Decimal("3.1"),
    "annual_openings": 14_200,
    "entry_education": "Postsecondary nondegree award",
    "work_experience": "None",
    "job_training": "None",
}
OBSERVED = {
    "observed_source": "Anthropic Economic Index (March 2026), job_exposure.csv",
    "observed_exposure": Decimal("0.6674"),
    "observed_rank": 4,
    "observed_ranked": 345,
}


def history(client, slug):
    text = visible_text(client.get(f"/roles/{slug}/").content.decode())
    return text[text.index("What changed since") :]


def test_the_first_edition_with_evidence_says_it_is_new(
    client, make_role, make_edition
):
    role = make_role("medical-coder")
    make_edition(role, quarter=2)
    make_edition(role, quarter=4, **OUTLOOK, **OBSERVED)
    text = history(client, "medical-coder")
    # One "New" over both: the outlook, then observed use.
    assert (
        "New The BLS employment outlook, 2024–34, beside the score "
        "Observed AI use (Anthropic Economic Index), beside the score"
    ) in text


def test_a_new_reading_shows_before_and_after_in_its_state(
    client, make_role, make_edition
):
    role = make_role("medical-coder")
    make_edition(role, quarter=2, **OUTLOOK, **OBSERVED)
    make_edition(
        role,
        quarter=4,
        **(OUTLOOK | {"employment_change_pct": Decimal("-2.0")}),
        **(OBSERVED | {"observed_exposure": Decimal("0"), "observed_rank": None}),
    )
    text = history(client, "medical-coder")
    assert "Projected change +7.1% (2024–34) → −2% (2024–34)" in text
    assert "Observed exposure 66.74% → not seen" in text
    assert "New The BLS" not in text


def test_unchanged_evidence_adds_no_line(client, make_role, make_edition):
    role = make_role("medical-coder")
    make_edition(role, quarter=2, **OUTLOOK, **OBSERVED)
    make_edition(role, quarter=4, **OUTLOOK, **OBSERVED)
    text = history(client, "medical-coder")
    assert "Projected change" not in text and "Observed exposure 66" not in text
