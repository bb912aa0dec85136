"""Our score beside the published measures, across every current public role.

The methodology's comparison panel: for each measure, how many roles have a
value and what share of their workers they cover, its quartiles, how its
ranking agrees with our score's (Spearman), and the roles the two rank
furthest apart; and the files whose AI complementarity is imputed. Plain
Python over one query's rows.
"""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse

OBSERVED = "observed_exposure"


@dataclass(frozen=True)
class Measure:
    field: str
    name: str
    scale: str
    factor: Decimal = Decimal(1)


MEASURES = (
    Measure("risk_score", "Takeover Meter AI risk", "Our score, 0–100"),
    Measure(
        "exposure_beta_gpt4",
        "Eloundou β, GPT-4 labels",
        "Share of tasks an LLM exposes, β × 100",
    ),
    Measure(
        "ai_applicability",
        "Microsoft AI applicability",
        "Applicability score × 100",
    ),
    Measure(
        OBSERVED,
        "Anthropic observed exposure",
        "Published on 0–1, shown × 100 to compare",
        Decimal(100),
    ),
)
SCORE = MEASURES[0]
# Roles named where a measure and our score disagree most.
DISAGREEMENTS_SHOWN = 3
FIELDS = (
    "role__slug",
    "role__title",
    "us_workers",
    "observed_source",
    "outlook_period",
    "all_occupations_change_pct",
    "has_esco",
    "ac_imputed",
    *(measure.field for measure in MEASURES),
)


def average_ranks(values):
    """Ranks from 1 (lowest); tied values share the average of their ranks."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs, ys):
    """Spearman's rank correlation: Pearson's on average ranks. None if undefined."""
    if len(xs) < 3:
        return None
    rx, ry = average_ranks(xs), average_ranks(ys)
    if len(set(rx)) < 2 or len(set(ry)) < 2:
        return None
    return statistics.correlation(rx, ry)


def percentiles(values):
    """Percentile rank 0–100 of each value, ties averaged."""
    if len(values) < 2:
        return [50.0] * len(values)
    return [(rank - 1) / (len(values) - 1) * 100 for rank in average_ranks(values)]


def spread(values):
    """Quartiles as statistics.quantiles gives them with the inclusive method."""
    if len(values) < 2:
        only = values[0] if values else None
        return {"low": only, "q1": only, "median": only, "q3": only, "high": only}
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "low": min(values),
        "q1": q1,
        "median": median,
        "q3": q3,
        "high": max(values),
    }


def value_of(row, measure):
    """The measure on 0–100 as a float; None where the role has none.

    Observed exposure counts only where the edition was built with it: there a
    zero is a measured zero (not seen) and an empty value is no data.
    """
    value = row[measure.field]
    if value is None or (measure.field == OBSERVED and not row["observed_source"]):
        return None
    return float(Decimal(value) * measure.factor)


def panel(editions):
    """The comparison across the given editions (one per role), from one query."""
    from roles.models import EscoTitle

    has_esco = Exists(EscoTitle.objects.filter(role=OuterRef("role")))
    ac_imputed = ExpressionWrapper(
        Q(generated__ac_imputed=True), output_field=BooleanField()
    )
    rows = list(
        editions.annotate(has_esco=has_esco, ac_imputed=ac_imputed)
        .values(*FIELDS)
        .order_by("role__slug")
    )
    all_workers = sum(row["us_workers"] or 0 for row in rows)

    def coverage(kept):
        workers = sum(row["us_workers"] or 0 for row in kept)
        return {
            "roles": len(kept),
            "workers": workers,
            "workers_share": workers / all_workers * 100 if all_workers else None,
        }

    measures = []
    for measure in MEASURES:
        kept = [row for row in rows if value_of(row, measure) is not None]
        values = [value_of(row, measure) for row in kept]
        entry = {
            "field": measure.field,
            "name": measure.name,
            "scale": measure.scale,
            **coverage(kept),
            **spread(values),
        }
        if measure is not SCORE:
            entry |= agreement(kept, measure)
        measures.append(entry)
    observed = next(entry for entry in measures if entry["field"] == OBSERVED)
    with_evidence = [row for row in rows if row["observed_source"]]
    not_seen = sum(1 for row in with_evidence if row[OBSERVED] == 0)
    measured = sum(1 for row in with_evidence if row[OBSERVED] is not None)
    with_outlook = [row for row in rows if row["outlook_period"]]
    imputed = sorted(
        (row for row in rows if row["ac_imputed"]), key=lambda row: row["role__title"]
    )
    return {
        "ac_imputed": [
            {
                "title": row["role__title"],
                "url": reverse("roles:detail", args=[row["role__slug"]]),
            }
            for row in imputed
        ],
        "roles": len(rows),
        "workers": all_workers,
        "measures": measures,
        "outlook": coverage(with_outlook)
        | {
            "period": max((row["outlook_period"] for row in with_outlook), default=""),
            "all_occupations_change_pct": max(
                (row["all_occupations_change_pct"] for row in with_outlook),
                default=None,
            ),
        },
        "esco": coverage([row for row in rows if row["has_esco"]]),
        "observed": {
            "not_seen": not_seen,
            "not_seen_share": not_seen / measured * 100 if measured else None,
            "q1": observed["q1"],
            "median": observed["median"],
            "no_data": sum(1 for row in with_evidence if row[OBSERVED] is None),
            "before_evidence": len(rows) - len(with_evidence),
        },
    }


def agreement(kept, measure):
    """How the measure's ranking agrees with our score's, and where it least does."""
    pairs = [row for row in kept if value_of(row, SCORE) is not None]
    ours = [value_of(row, SCORE) for row in pairs]
    theirs = [value_of(row, measure) for row in pairs]
    gaps = [
        (abs(a - b), row, a, b)
        for row, a, b in zip(pairs, percentiles(ours), percentiles(theirs), strict=True)
    ]
    # Rounded, so that gaps equal but for float error tie and go by slug.
    gaps.sort(key=lambda gap: (-round(gap[0], 6), gap[1]["role__slug"]))
    return {
        "paired": len(pairs),
        "spearman": spearman(ours, theirs),
        "disagreements": [
            {
                "slug": row["role__slug"],
                "title": row["role__title"],
                "url": reverse("roles:detail", args=[row["role__slug"]]),
                "ours": value_of(row, SCORE),
                "theirs": value_of(row, measure),
                "ours_percentile": ours_pct,
                "theirs_percentile": theirs_pct,
            }
            for _, row, ours_pct, theirs_pct in gaps[:DISAGREEMENTS_SHOWN]
        ],
    }
