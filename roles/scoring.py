"""The risk score, its bands and the way figures are written.

Plain functions with no ORM, so they are tested without a database and are the
one place the weights live: models, pages and the methodology read them here.
"""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Factor:
    field: str
    name: str
    meaning: str
    weight: Decimal
    raises_risk: bool

    @property
    def term(self):
        """The name inside a sentence or a formula: "skill vulnerability", with
        "AI" kept: "AI complementarity"."""
        return " ".join(
            word if word.isupper() else word.lower() for word in self.name.split()
        )

    @property
    def data_built(self):
        """How a data-built file computes the factor, with its constants."""
        return DATA_BUILT_METHODS[self.field]


# The 3-factor model. Complementarity lowers risk, so it enters inverted.
FACTORS = (
    Factor(
        "skill_vulnerability",
        "Skill vulnerability",
        "How exposed the role’s kinds of work are to AI across the economy",
        Decimal("0.5"),
        raises_risk=True,
    ),
    Factor(
        "task_automation",
        "Task automation proxy",
        "Share of the role’s tasks exposed to AI, Core tasks counting twice",
        Decimal("0.3"),
        raises_risk=True,
    ),
    Factor(
        "ai_complementarity",
        "AI complementarity",
        "How much AI assists rather than performs the work",
        Decimal("0.2"),
        raises_risk=False,
    ),
)
WEIGHTS = {factor.field: factor.weight for factor in FACTORS}


@dataclass(frozen=True)
class Band:
    slug: str
    label: str
    low: int
    high: int
    pips: int

    @property
    def range_label(self):
        return f"{self.low}–{self.high}"

    @property
    def span(self):
        # Width of the band on a 0–100 scale; the top band ends at 100, not 99.
        return (100 if self.high == 100 else self.high + 1) - self.low


BANDS = (
    Band("low", "Low", 0, 34, 1),
    Band("moderate", "Moderate", 35, 54, 2),
    Band("high", "High", 55, 74, 3),
    Band("very-high", "Very high", 75, 100, 4),
)


def _decimal(value):
    # str() first so that a float such as 64.29 is taken as written, not as
    # its binary approximation.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_half_up(value):
    """Round to a whole number, halves up (67.5 is 68), as readers expect."""
    return int(_decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def weighted_risk(skill_vulnerability, task_automation, ai_complementarity):
    """The unrounded score: 0.5 × SV + 0.3 × TA + 0.2 × (100 − AC)."""
    return (
        WEIGHTS["skill_vulnerability"] * _decimal(skill_vulnerability)
        + WEIGHTS["task_automation"] * _decimal(task_automation)
        + WEIGHTS["ai_complementarity"] * (100 - _decimal(ai_complementarity))
    )


def risk_score(skill_vulnerability, task_automation, ai_complementarity):
    """The published 0–100 risk score of an edition."""
    return round_half_up(
        weighted_risk(skill_vulnerability, task_automation, ai_complementarity)
    )


def band(score):
    """The band a 0–100 score falls in."""
    if score is None:
        return None
    if not 0 <= score <= 100:
        raise ValueError(f"A risk score runs from 0 to 100, not {score}.")
    for candidate in BANDS:
        if score <= candidate.high:
            return candidate
    raise AssertionError("unreachable: the bands cover 0–100")


def kicker(score):
    """The role file's kicker: "Role File · High Risk"."""
    return f"Role File · {band(score).label.title()} Risk"


def compact_number(value):
    """Head counts as the strip shows them: 185000 is "185K", 1700000 "1.7M"."""
    if value is None:
        return "—"
    if value < 1000:
        return str(value)
    thousands = round_half_up(Decimal(value) / 1000)
    if thousands < 1000:
        return f"{thousands}K"
    millions = (Decimal(value) / 1_000_000).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{millions}M"


def money(value):
    """US dollars per year, compact: 42000 is "$42K"."""
    if value is None:
        return "—"
    return f"${compact_number(value)}"


def money_delta(value):
    """A signed pay difference: "+$38K", "−$4K", "$0"."""
    if not value:
        return "$0"
    sign = "+" if value > 0 else "−"
    return f"{sign}{money(abs(value))}"


def percent_change(now, before):
    """Change from `before` to `now` in percent, one decimal; None if unknown."""
    if not now or not before:
        return None
    return (100 * (_decimal(now) - _decimal(before)) / _decimal(before)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def horizon_span(low, high):
    """The horizon's years without the unit: "5–7", "3"."""
    if low is None or high is None:
        return "—"
    return str(low) if low == high else f"{low}–{high}"


def horizon(low, high):
    """The horizon in years: "5–7 years", "1 year"."""
    if low is None or high is None:
        return "—"
    return f"{horizon_span(low, high)} {'year' if high == 1 else 'years'}"


def dateline(day):
    """The edition's dateline: "APR 16 · 2026"."""
    return f"{day:%b} {day.day} · {day.year}".upper()


def long_date(day):
    """A date in running text: "16 April 2026"."""
    return f"{day.day} {day:%B %Y}"


def factor(value):
    """A factor as printed: 82.90 is "82.9", 64.29 stays "64.29", 70.00 is "70"."""
    if value is None:
        return "—"
    text = f"{_decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def formula_parts(skill_vulnerability, task_automation, ai_complementarity):
    """The worked formula's left side in the pieces a line may break between:
    ("Risk =", "0.5 × 82.9", "+ 0.3 × 64.29", "+ 0.2 × (100 − 63.67)")."""
    w = WEIGHTS
    return (
        "Risk =",
        f"{factor(w['skill_vulnerability'])} × {factor(skill_vulnerability)}",
        f"+ {factor(w['task_automation'])} × {factor(task_automation)}",
        f"+ {factor(w['ai_complementarity'])} × (100 − {factor(ai_complementarity)})",
    )


def formula_terms(skill_vulnerability, task_automation, ai_complementarity):
    """The left side of the worked formula: "Risk = 0.5 × 82.9 + …"."""
    return " ".join(
        formula_parts(skill_vulnerability, task_automation, ai_complementarity)
    )


def formula(skill_vulnerability, task_automation, ai_complementarity):
    """The worked formula line under the factor bars, with its result."""
    terms = formula_terms(skill_vulnerability, task_automation, ai_complementarity)
    return f"{terms} = {risk_score(skill_vulnerability, task_automation, ai_complementarity)}"


# --- Factors of data-built role files ---------------------------------------
# Each function takes figures already read from the bundled data (see
# roles/dataset/) and docs/methodology.md explains every choice.

# Eloundou et al.'s exposure labels as numbers for β: E1 (an LLM alone halves
# the task's time) counts fully, E2 (exposed once tools are built) half.
LABEL_BETA = {"E0": Decimal("0"), "E1": Decimal("1"), "E2": Decimal("0.5")}

# Eloundou et al. weigh Core tasks twice as much as Supplemental or untyped ones.
CORE_TASK_WEIGHT = 2

# AI complementarity (AC) from Microsoft's AI applicability scores. A role's
# assist share, user / (user + AI), is pulled toward the median share of all
# occupations by a Bayesian average in which the median counts as this much
# applicability. 0.1 is about the total applicability (user + AI score) of the
# occupation at the tenth percentile (0.099 in the 2025 file): a role with that
# little is pulled halfway to the median, the median occupation (0.30) keeps
# three quarters of its own share, the most applicable (0.98) nine tenths.
ASSIST_PRIOR_STRENGTH = Decimal("0.1")
# AC is the shrunk share's percentile among the occupations Microsoft scores,
# with two decimals: rank-based, so no single role can stretch the scale.
AC_PLACES = Decimal("0.01")


# How each factor of a data-built file is computed, as the methodology page,
# the data dictionary and docs/methodology.md say it.
DATA_BUILT_METHODS = {
    "skill_vulnerability": (
        "From O*NET’s detailed work activities (DWAs), not from skill ratings: each "
        "DWA takes the exposure of every task in the economy that performs it "
        "(Eloundou et al.’s GPT-4 label as β: E1 counts 1, E2 0.5, E0 0; Core tasks "
        f"weigh {CORE_TASK_WEIGHT}, others 1); each of the role’s tasks takes the mean "
        "exposure of its DWAs; SV is the mean over the role’s tasks, Core tasks "
        f"weighing {CORE_TASK_WEIGHT}, × 100."
    ),
    "task_automation": (
        "Eloundou et al.’s β with GPT-4 labels, × 100: a weighted share of the "
        "role’s O*NET task statements, not of working time. A directly exposed task "
        f"(E1) counts 1, one exposed once tools are built (E2) 0.5; Core tasks weigh "
        f"{CORE_TASK_WEIGHT}, Supplemental ones 1."
    ),
    "ai_complementarity": (
        "From Microsoft’s AI applicability scores (Tomlinson et al., 2025): the "
        "assist share is the user-goal score (AI helping a person do the work) over "
        "the user-goal plus the AI-action score (AI doing it). Each share is shrunk "
        "toward the median share of all occupations, (user + k × median) / "
        f"(user + AI + k) with k = {ASSIST_PRIOR_STRENGTH}, so that little "
        "applicability moves it a lot and much applicability hardly at all. AC is "
        "the shrunk share’s percentile among the occupations Microsoft scores, "
        "(mid-rank − 1) / (n − 1) × 100 with ties sharing their mean rank. Where "
        "Microsoft’s data has no applicability for an occupation (both scores 0) "
        "there is no share: AC is imputed as the median of all occupations’ AC, "
        "and the file says so."
    ),
}


def task_weight(task_type):
    return CORE_TASK_WEIGHT if task_type == "Core" else 1


def weighted_mean(pairs):
    """Mean of (value, weight) pairs; None when there is no weight at all."""
    pairs = [(_decimal(value), _decimal(weight)) for value, weight in pairs]
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    return sum(value * weight for value, weight in pairs) / total


def measured_share(user_score, ai_score):
    """Share of a role's AI applicability where AI assists the worker, as
    measured: 0 is a measured zero; None where Microsoft's data has no
    applicability at all for the occupation (both scores 0)."""
    user, ai = _decimal(user_score), _decimal(ai_score)
    return user / (user + ai) if user + ai else None


def assist_share(user_score, ai_score, prior_share):
    """The assist share shrunk toward the median share (the prior).

    Microsoft's "user goal" score measures AI helping a person do the work and
    the "AI action" score AI doing it. Where both are tiny the ratio is noise,
    so it is pulled toward the median share (a Bayesian average with weight
    ASSIST_PRIOR_STRENGTH); where both are large it barely moves.
    """
    user, ai, prior = _decimal(user_score), _decimal(ai_score), _decimal(prior_share)
    return (user + ASSIST_PRIOR_STRENGTH * prior) / (user + ai + ASSIST_PRIOR_STRENGTH)


def percentile_ranks(values):
    """Each key's percentile rank 0–100 among the values, two decimals.

    (mid-rank − 1) / (n − 1) × 100, where tied values share the mean of the
    ranks they occupy: the lowest value is 0 and the highest 100 unless tied.
    One value alone is 50.
    """
    keys = sorted(values, key=lambda key: (values[key], key))
    count = len(keys)
    ranks = {}
    start = 0
    while start < count:
        end = start
        while end + 1 < count and values[keys[end + 1]] == values[keys[start]]:
            end += 1
        for position in range(start, end + 1):
            # 0-based positions: mid-rank − 1 is their mean.
            ranks[keys[position]] = Decimal(start + end) / 2
        start = end + 1
    if count == 1:
        return {keys[0]: Decimal("50.00")}
    return {
        key: (rank * 100 / (count - 1)).quantize(AC_PLACES, rounding=ROUND_HALF_UP)
        for key, rank in ranks.items()
    }


@dataclass(frozen=True)
class Complementarity:
    """A role's AC and what it was made from (shares are 0–1 Decimals)."""

    score: Decimal
    share: Decimal | None  # measured; None where there is no applicability
    shrunk: Decimal | None
    imputed: bool


def complementarity(applicability):
    """AC for every role from {key: (user score, AI score)}.

    Returns ({key: Complementarity}, median share, imputed AC). Roles with
    applicability are ranked by their shrunk share (percentile_ranks); a role
    with none (both scores 0) has no share to rank and gets the median of the
    ranked roles' AC, marked as imputed.
    """
    shares = {key: measured_share(*scores) for key, scores in applicability.items()}
    measured = [share for share in shares.values() if share is not None]
    if not measured:
        raise ValueError("No role has any AI applicability to rank.")
    median_share = statistics.median(measured)
    shrunk = {
        key: assist_share(*applicability[key], median_share)
        for key, share in shares.items()
        if share is not None
    }
    ranks = percentile_ranks(shrunk)
    imputed_score = _decimal(statistics.median(ranks.values())).quantize(
        AC_PLACES, rounding=ROUND_HALF_UP
    )
    results = {
        key: Complementarity(
            score=ranks.get(key, imputed_score),
            share=shares[key],
            shrunk=shrunk.get(key),
            imputed=key not in ranks,
        )
        for key in applicability
    }
    return results, median_share, imputed_score


def to_percent(value):
    """A 0–1 share as a 0–100 figure with two decimals, as the models store it."""
    return (_decimal(value) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Years until most of the work is exposed, from the mix of directly exposed
# (E1, alpha) and tool-dependent (E2, gamma − alpha) tasks. Alpha and gamma are
# Eloundou et al.'s occupation shares over all the role's tasks, Core tasks
# weighing twice. First match wins.
HORIZON_TIERS = (
    # (least alpha, least gamma, years)
    (Decimal("0.5"), Decimal("0"), (1, 3)),  # most tasks exposed to an LLM alone
    (Decimal("0.25"), Decimal("0.5"), (3, 5)),  # many direct, most with tools
    (Decimal("0"), Decimal("0.5"), (5, 7)),  # most tasks wait on tools
    (Decimal("0"), Decimal("0.25"), (8, 12)),  # a minority of tasks exposed
    (Decimal("0"), Decimal("0"), (15, 20)),  # little of the work is exposed
)


def horizon_years(alpha, gamma):
    """(min, max) years from the role's E1 share (alpha) and E1+E2 share (gamma)."""
    alpha, gamma = _decimal(alpha), _decimal(gamma)
    for least_alpha, least_gamma, years in HORIZON_TIERS:
        if alpha >= least_alpha and gamma >= least_gamma:
            return years
    raise AssertionError("unreachable: the last tier takes everything")


# --- The personal diagnostic (the quiz) ---------------------------------------
# The role's own factors, with the task automation proxy recomputed from the
# reader's week and complementarity moved by how they work. Explained on the
# result page; every constant is here.

TIME_WEIGHTS = {
    "none": 0,
    "some": 1,
    "alot": 3,
}  # "a lot" of the week weighs three "some"
# A task with no measured exposure counts by its column.
DEFAULT_TASK_EXPOSURE = {"ai": Decimal("80"), "human": Decimal("20")}
# Points of complementarity for work with people and for using AI tools already.
PEOPLE_SHIFT = {"little": Decimal("-10"), "some": Decimal("0"), "most": Decimal("10")}
AI_USE_SHIFT = {
    "never": Decimal("-5"),
    "sometimes": Decimal("0"),
    "daily": Decimal("5"),
}
# Senior work holds more judgment: the exposed share of the week shrinks.
SENIORITY_FACTOR = {
    "junior": Decimal("1.1"),
    "mid": Decimal("1"),
    "senior": Decimal("0.85"),
}


def clamp(value, low=0, high=100):
    return max(Decimal(low), min(Decimal(high), _decimal(value)))


def personal_task_automation(answers):
    """The exposed share of the reader's week: (exposure, time answer) pairs, 0–100."""
    pairs = [(exposure, TIME_WEIGHTS[time]) for exposure, time in answers]
    mean = weighted_mean(pairs)
    return None if mean is None else clamp(mean)


def personal_risk(role_factors, answers, seniority, people, ai_use):
    """The reader's risk and the factors behind it.

    `role_factors` is (SV, TA, AC) of the role's edition; `answers` pairs each
    task's exposure (0–100) with how much of the week it takes. With no time
    on any task, the role's own task automation stands.
    """
    skill_vulnerability, task_automation, complementarity = (
        _decimal(v) for v in role_factors
    )
    week = personal_task_automation(answers)
    if week is not None:
        task_automation = clamp(week * SENIORITY_FACTOR[seniority])
    complementarity = clamp(
        complementarity + PEOPLE_SHIFT[people] + AI_USE_SHIFT[ai_use]
    )
    factors = (skill_vulnerability, task_automation, complementarity)
    return risk_score(*factors), factors
