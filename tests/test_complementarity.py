"""AI complementarity (issue 17): the shrunk assist share, ranked as a
percentile, with the median imputed where Microsoft has no applicability, and
every imputation disclosed on the role file and the methodology page."""

from decimal import Decimal
from pathlib import Path

import pytest

from roles import releases, scoring
from roles.dataset.build import build
from tests.html import visible_text

SAMPLE = Path(__file__).parent / "data" / "raw_sample"
IMPUTED_NOTE = (
    "Imputed: the median, because Microsoft’s data has no applicability for this "
    "occupation."
)


# --- The pure functions ------------------------------------------------------


def test_percentile_ranks_run_from_0_to_100_with_mid_ranks_for_ties():
    ranks = scoring.percentile_ranks({"a": 1, "b": 5, "c": 3, "d": 3, "e": 9})
    # Sorted a, c=d, b, e: positions 0, 1.5, 1.5, 3, 4 of 4.
    assert ranks == {
        "a": Decimal("0.00"),
        "c": Decimal("37.50"),
        "d": Decimal("37.50"),
        "b": Decimal("75.00"),
        "e": Decimal("100.00"),
    }
    assert scoring.percentile_ranks({"x": 7}) == {"x": Decimal("50.00")}
    # Two decimals, halves up: 1 of 3 is 33.33, 2 of 3 is 66.67.
    assert scoring.percentile_ranks({"a": 1, "b": 2, "c": 3, "d": 4})["b"] == Decimal(
        "33.33"
    )
    assert scoring.percentile_ranks({"a": 1, "b": 2, "c": 3, "d": 4})["c"] == Decimal(
        "66.67"
    )


def test_no_single_role_can_stretch_the_scale():
    """Min–max let one outlier squeeze everyone else; ranks do not move."""
    values = {"a": Decimal("0.60"), "b": Decimal("0.70"), "c": Decimal("0.80")}
    before = scoring.percentile_ranks(values)
    after = scoring.percentile_ranks(values | {"c": Decimal("0.999")})
    assert before == after


def test_a_measured_zero_share_is_not_missing():
    assert scoring.measured_share(0, Decimal("0.02")) == 0
    assert scoring.measured_share(Decimal("0.3"), 0) == 1
    assert scoring.measured_share(0, 0) is None


def test_the_share_shrinks_toward_the_median_more_the_less_was_measured():
    median = Decimal("0.7")
    tiny = scoring.assist_share(0, Decimal("0.01"), median)
    large = scoring.assist_share(0, Decimal("0.9"), median)
    assert 0 < large < tiny < median
    # At k = ASSIST_PRIOR_STRENGTH of applicability, the share goes halfway.
    k = scoring.ASSIST_PRIOR_STRENGTH
    assert scoring.assist_share(0, k, median) == median / 2
    # The median itself does not move, however little applicability.
    assert scoring.assist_share(Decimal("0.007"), Decimal("0.003"), median) == median


def test_complementarity_ranks_measured_roles_and_imputes_the_median():
    applicability = {
        "assists": (Decimal("0.4"), Decimal("0.1")),  # share 0.8
        "middle": (Decimal("0.3"), Decimal("0.2")),  # share 0.6
        "zero": (Decimal("0"), Decimal("0.05")),  # a measured 0
        "performs": (Decimal("0.1"), Decimal("0.4")),  # share 0.2
        "none": (Decimal("0"), Decimal("0")),  # no applicability at all
    }
    results, median, imputed = scoring.complementarity(applicability)
    assert median == Decimal("0.4")  # of 0.8, 0.6, 0, 0.2
    none = results["none"]
    assert (none.share, none.shrunk, none.imputed) == (None, None, True)
    # The median of the four ranked roles' AC (0, 33.33, 66.67, 100).
    assert none.score == imputed == Decimal("50.00")
    zero = results["zero"]
    assert zero.share == 0 and not zero.imputed
    assert zero.shrunk > 0  # pulled up toward the median: little was measured
    # The zero share still ranks as measured, not as the median.
    assert zero.score != imputed
    assert [key for key, _ in sorted(results.items(), key=lambda kv: kv[1].score)][
        :1
    ] == ["performs"]
    assert results["assists"].score == Decimal("100.00")


def test_complementarity_needs_some_applicability():
    with pytest.raises(ValueError):
        scoring.complementarity({"a": (0, 0)})


# --- The build ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built():
    meta, records, _ = build(SAMPLE)
    return meta, {record["soc"]: record for record in records}


def test_records_hold_the_shares_and_whether_ac_is_imputed(built):
    meta, records = built
    for record in records.values():
        assert record["ac_imputed"] is False
        assert Decimal(record["assist_share"]) >= 0
        assert Decimal(record["assist_share_shrunk"]) > 0
        assert Decimal("0") <= Decimal(record["ai_complementarity"]) <= 100
    # Six roles: percentiles 0, 20, 40, 60, 80, 100.
    assert sorted(Decimal(r["ai_complementarity"]) for r in records.values()) == [
        Decimal(n) for n in ("0.00", "20.00", "40.00", "60.00", "80.00", "100.00")
    ]
    choices = meta["choices"]
    assert choices["ac_scale"] == "percentile"
    assert choices["assist_prior_strength"] == str(scoring.ASSIST_PRIOR_STRENGTH)
    assert choices["ac_imputed_roles"] == 0


def test_the_release_stores_the_flags_the_page_needs(built):
    _, records = built
    record = dict(records["29-2072"])
    generated = releases.generated_text(record, "digest", "1")
    assert generated["ac_imputed"] is False
    assert generated["assist_share"] == record["assist_share"]
    assert generated["assist_share_shrunk"] == record["assist_share_shrunk"]
    assert len(generated["key_takeaways"].splitlines()) in (3, 4)
    # A record of an older release has none of it, and the text still builds.
    old = {
        key: value
        for key, value in record.items()
        if key not in ("ac_imputed", "assist_share_shrunk")
    }
    generated = releases.generated_text(old, "digest", "1")
    assert "ac_imputed" not in generated
    assert "of that applicability" not in generated["brief"]


# --- The pages --------------------------------------------------------------------


def test_the_role_file_says_when_complementarity_is_imputed(
    client, make_role, make_edition
):
    imputed = make_edition(
        make_role("dredge-operators", origin="dataset"),
        generated={"ac_imputed": True, "assist_share": None},
    )
    measured = make_edition(
        make_role("plumbers", origin="dataset"),
        generated={"ac_imputed": False, "assist_share": "77.30"},
    )
    text = visible_text(client.get(imputed.role.get_absolute_url()).content.decode())
    assert IMPUTED_NOTE in text
    text = visible_text(client.get(measured.role.get_absolute_url()).content.decode())
    assert "Imputed" not in text


def test_the_methodology_explains_each_factor_and_lists_the_imputed(
    client, make_role, make_edition
):
    make_edition(
        make_role("dredge-operators", title="Dredge Operators", origin="dataset"),
        generated={"ac_imputed": True, "assist_share": None},
    )
    make_edition(
        make_role("plumbers", title="Plumbers", origin="dataset"),
        ai_complementarity="70.84",
        generated={
            "ac_imputed": False,
            "assist_share": "77.30",
            "assist_share_shrunk": "72.56",
        },
    )
    text = visible_text(client.get("/methodology/?role=plumbers").content.decode())
    # The formula keeps "AI" in capitals.
    assert "0.2 × (100 − AI complementarity)" in text
    assert " ai complementarity" not in text
    assert (
        "From O*NET’s detailed work activities (DWAs), not from skill ratings" in text
    )
    assert "not of working time" in text
    assert f"k = {scoring.ASSIST_PRIOR_STRENGTH}" in text
    assert "Imputed today: Dredge Operators (1 file)" in text
    assert (
        "in 77.3% of this occupation’s Microsoft applicability AI assists the worker "
        "rather than doing the work; shrunk toward the median share of all "
        "occupations, 72.56%, that ranks at 70.84 of 100." in text
    )
    text = visible_text(
        client.get("/methodology/?role=dredge-operators").content.decode()
    )
    assert (
        "AI complementarity 50 is imputed: the median, because Microsoft’s data has "
        "no applicability for this occupation." in text
    )


def test_factor_meanings_say_what_the_code_does():
    meanings = {factor.field: factor.meaning for factor in scoring.FACTORS}
    assert "skills" not in meanings["skill_vulnerability"]
    assert "working time" not in meanings["task_automation"]
    assert "tasks" in meanings["task_automation"]
    assert [factor.term for factor in scoring.FACTORS] == [
        "skill vulnerability",
        "task automation proxy",
        "AI complementarity",
    ]
