"""The words of a data-built file.

Written by us, filled in with the record's own figures.
"""

from decimal import Decimal

from roles import scoring

HEADLINES = {
    "low": "Little of the core work is exposed to AI; most exposure is {horizon} away.",
    "moderate": "Partial exposure: some core tasks are within AI’s reach in {horizon}.",
    "high": "Substantial exposure across core tasks within {horizon}.",
    "very-high": "Most of the core work is exposed to AI within {horizon}.",
}


def headline(record, risk):
    horizon = scoring.horizon(*record["horizon"])
    return HEADLINES[scoring.band(risk).slug].format(horizon=horizon)


def brief(record):
    """Three paragraphs of facts from the record, each naming its source."""
    title = record["title"]
    paragraphs = []
    if record["us_workers"]:
        people = f"{record['us_workers']:,}"
        pay = (
            f", at a mean annual wage of ${record['mean_salary']:,}"
            if record["mean_salary"]
            else "; BLS publishes only hourly wages for it"
        )
        trend = ""
        if record["prior_us_workers"]:
            change = record["us_workers"] - record["prior_us_workers"]
            direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
            trend = (
                f" Employment was {record['prior_us_workers']:,} a year earlier ({direction}"
                + (f" {abs(change):,})." if change else ").")
            )
        paragraphs.append(
            f"The BLS counts {people} people employed as {title.lower()} in the US in May 2024 "
            f"(SOC {record['soc']}){pay}.{trend}"
        )
    counts = record["task_counts"]
    total = counts["ai"] + counts["human"]
    paragraphs.append(
        f"O*NET lists {total} task statements for this occupation that Eloundou et al. (2024) rated. "
        f"Both GPT-4 and human annotators rated {counts['ai']} of them exposed to large language "
        f"models; at least one rater found {counts['human']} not exposed. Weighting Core tasks "
        f"twice, the exposure measure β is {scoring.factor(record['exposure_beta_gpt4'])} with GPT-4 "
        f"labels and {scoring.factor(record['exposure_beta_human'])} with human labels; the gap of "
        f"{scoring.factor(record['uncertainty'])} points is this file’s uncertainty."
    )
    paragraphs.append(
        f"Microsoft’s study of Copilot conversations (Tomlinson et al., 2025) puts the occupation’s "
        f"AI applicability at {scoring.factor(record['ai_applicability'])} out of 100. In "
        f"{scoring.factor(Decimal(record['assist_share']).quantize(Decimal('1')))}% of that "
        f"applicability AI assists the worker rather than doing the work itself, which places its "
        f"complementarity at {scoring.factor(record['ai_complementarity'])} on our 0–100 scale."
    )
    return "\n\n".join(paragraphs)
