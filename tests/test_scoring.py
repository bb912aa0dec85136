"""The formula, bands and figure formats: plain functions, no database."""

import datetime
from decimal import Decimal

import pytest

from roles import scoring


def test_it_scores_the_reference_medical_coder():
    assert scoring.risk_score(82.9, 64.29, 63.67) == 68


def test_it_accepts_decimals_and_strings_alike():
    assert (
        scoring.risk_score(Decimal("82.90"), Decimal("64.29"), Decimal("63.67")) == 68
    )
    assert scoring.risk_score("82.9", "64.29", "63.67") == 68


def test_it_weighs_the_factors_as_documented():
    assert scoring.risk_score(100, 0, 100) == 50
    assert scoring.risk_score(0, 100, 100) == 30
    assert scoring.risk_score(0, 0, 0) == 20
    assert scoring.risk_score(100, 100, 0) == 100
    assert scoring.risk_score(0, 0, 100) == 0
    assert sum(scoring.WEIGHTS.values()) == 1


@pytest.mark.parametrize(
    ("factors", "expected"),
    [
        ((35, 0, 100), 18),  # 17.5 rounds half up, not to even
        ((33, 0, 100), 17),  # 16.5
        ((0, 5, 100), 2),  # 1.5
        ((0, 15, 100), 5),  # 4.5
        ((1, 0, 100), 1),  # 0.5
        ((0.9, 0, 100), 0),  # 0.45
        ((69.98, 0, 100), 35),  # 34.99
    ],
)
def test_it_rounds_halves_up(factors, expected):
    assert scoring.risk_score(*factors) == expected


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (0, "Low"),
        (34, "Low"),
        (35, "Moderate"),
        (54, "Moderate"),
        (55, "High"),
        (74, "High"),
        (75, "Very high"),
        (100, "Very high"),
    ],
)
def test_band_edges(score, label):
    assert scoring.band(score).label == label


def test_bands_cover_the_scale_without_gaps():
    spans = [band.span for band in scoring.BANDS]
    assert sum(spans) == 100
    assert [band.pips for band in scoring.BANDS] == [1, 2, 3, 4]


@pytest.mark.parametrize("score", [-1, 101])
def test_band_rejects_scores_off_the_scale(score):
    with pytest.raises(ValueError):
        scoring.band(score)


def test_kicker():
    assert scoring.kicker(68) == "Role File · High Risk"
    assert scoring.kicker(80) == "Role File · Very High Risk"
    assert scoring.kicker(10) == "Role File · Low Risk"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (185_000, "185K"),
        (56_000, "56K"),
        (1_700_000, "1.7M"),
        (3_300_000, "3.3M"),
        (999_400, "999K"),
        (999_600, "1.0M"),
        (1_000, "1K"),
        (999, "999"),
        (0, "0"),
        (None, "—"),
    ],
)
def test_compact_number(value, text):
    assert scoring.compact_number(value) == text


def test_money():
    assert scoring.money(42_000) == "$42K"
    assert scoring.money(145_400) == "$145K"
    assert scoring.money(None) == "—"
    assert scoring.money_delta(38_000) == "+$38K"
    assert scoring.money_delta(-4_000) == "−$4K"
    assert scoring.money_delta(0) == "$0"


def test_horizon():
    assert scoring.horizon(5, 7) == "5–7 years"
    assert scoring.horizon(3, 3) == "3 years"
    assert scoring.horizon(1, 1) == "1 year"
    assert scoring.horizon(None, 4) == "—"


def test_dates():
    assert scoring.dateline(datetime.date(2026, 4, 16)) == "APR 16 · 2026"
    assert scoring.dateline(datetime.date(2026, 1, 5)) == "JAN 5 · 2026"
    assert scoring.long_date(datetime.date(2026, 4, 16)) == "16 April 2026"


def test_factor_prints_as_typed():
    assert scoring.factor(Decimal("82.90")) == "82.9"
    assert scoring.factor(Decimal("64.29")) == "64.29"
    assert scoring.factor(Decimal("70.00")) == "70"
    assert scoring.factor(100) == "100"
    assert scoring.factor(Decimal("0.5")) == "0.5"


def test_formula_line():
    assert scoring.formula(82.9, 64.29, 63.67) == (
        "Risk = 0.5 × 82.9 + 0.3 × 64.29 + 0.2 × (100 − 63.67) = 68"
    )


def test_the_quiz_uses_the_readers_week():
    role = (82.9, 64.29, 63.67)
    # All the week on exposed work, none on the human work.
    heavy = [(80, "alot"), (90, "some"), (20, "none")]
    risk, factors = scoring.personal_risk(role, heavy, "mid", "some", "sometimes")
    assert factors[1] == Decimal("82.5")  # (80*3 + 90*1) / 4
    assert risk == scoring.risk_score(82.9, Decimal("82.5"), 63.67) == 73


def test_the_quiz_keeps_the_role_figures_when_no_time_is_given():
    role = (82.9, 64.29, 63.67)
    risk, _ = scoring.personal_risk(
        role, [(80, "none"), (20, "none")], "mid", "some", "sometimes"
    )
    assert risk == 68


def test_people_work_ai_use_and_seniority_lower_the_risk():
    role = (50, 50, 50)
    week = [(60, "some"), (40, "some")]
    base, _ = scoring.personal_risk(role, week, "mid", "some", "sometimes")
    senior, _ = scoring.personal_risk(role, week, "senior", "most", "daily")
    junior, _ = scoring.personal_risk(role, week, "junior", "little", "never")
    assert senior < base < junior
    assert senior >= 0 and junior <= 100


def test_the_quiz_stays_on_the_scale():
    risk, factors = scoring.personal_risk(
        (100, 100, 0), [(100, "alot")], "junior", "little", "never"
    )
    assert risk == 100 and factors[1] == 100 and factors[2] == 0
