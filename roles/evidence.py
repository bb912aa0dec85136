"""The role file's evidence beside the score: the outlook, observed AI use and
European names, as the page prints them.

Plain functions on an edition the view has already fetched: no queries. Every
figure is the stored one, written in full (194,800, not 195K; 0.6674 as
66.74%). Observed use keeps its three states apart: a measured value, a
measured zero and no data, never a silent 0.
"""

import re
from decimal import Decimal

from roles.dataset.anthropic import OBSERVED_RELEASE, TASK_RELEASE
from roles.dataset.raw import FILES
from roles.dataset.spelling import american

BLS_CREDIT = "Source: Employment Projections program, U.S. Bureau of Labor Statistics"
# A projected change this close to the all-occupations figure reads "about the
# same as"; the page states the rule.
ABOUT_THE_SAME = Decimal("1.0")
# "Also called, in Europe": a handful of ESCO's preferred labels, no more.
EUROPEAN_TITLES_SHOWN = 5
# The release files behind the task figures, named on the page.
TASK_USE_FILE = FILES["task_penetration"].removeprefix("anthropic/")
TASK_SPLIT_FILE = FILES["automation_2025"].removeprefix("anthropic/")
MINUS = "\u2212"


def has_evidence(edition):
    """Whether the edition came with the evidence release (outlook, observed use,
    European names). An older edition shows none of it, not empty boxes."""
    return edition.has_outlook or edition.has_observed_evidence


class Observed:
    """The three states of observed AI use, as pages, the API and the CSV name them."""

    MEASURED = "measured"
    NOT_SEEN = "not_seen"
    NO_DATA = "no_data"


def observed_state(value):
    """measured, not_seen (a measured 0) or no_data (None)."""
    if value is None:
        return Observed.NO_DATA
    return Observed.NOT_SEEN if value == 0 else Observed.MEASURED


def plain(value):
    """A Decimal as stored, without trailing zeros: 0.2880 is "0.288", 10.0 is "10"."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_percent(share):
    """A 0–1 share as an exact percent, no rounding: 0.6674 is "66.74%"."""
    return f"{plain(Decimal(share) * 100)}%"


def people(value):
    """A count of people in full, US style: 194800 is "194,800"."""
    return "—" if value is None else f"{value:,}"


def signed(value, text=None):
    """+13,800 / −36,700 / 0, with a true minus sign."""
    text = text if text is not None else f"{abs(value):,}"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text.lstrip('-')}"
    return text


def signed_percent(value, places=None):
    """+7.1% / −25.9%: the stored figure as it is, or with `places` decimals."""
    text = plain(abs(value)) if places is None else f"{abs(value):.{places}f}"
    return f"{signed(value, text)}%"


def pace(change_pct, all_pct):
    """How the projected change compares with all occupations, by the page's rule.

    Negative is declining, whatever the all-occupations figure; 0.0 is no
    change; within ABOUT_THE_SAME points of the all-occupations figure is
    about the same; otherwise faster or slower.
    """
    if change_pct < 0:
        return "declining"
    if change_pct == 0:
        return "flat"
    if all_pct is None:
        return "growing"
    if abs(change_pct - all_pct) < ABOUT_THE_SAME:
        return "same"
    return "faster" if change_pct > all_pct else "slower"


PACE_LABELS = {
    "faster": "Faster than all occupations",
    "same": "About the same as all occupations",
    "slower": "Slower than all occupations",
    "flat": "No change projected",
    "declining": "Declining",
    "growing": "Growing",
}


def period_years(period):
    """ "2024–34" -> ("2024", "2034")."""
    match = re.fullmatch(r"(\d{4})\s*[–-]\s*(\d{2,4})", period.strip())
    if match is None:
        return period, period
    start, end = match.groups()
    return start, start[: 4 - len(end)] + end


def outlook_lead(change_pct, all_pct, start, end):
    """The outlook in one sentence, set against all occupations."""
    kind = pace(change_pct, all_pct)
    span = f"from {start} to {end}"
    all_text = f"{plain(all_pct)}%" if all_pct is not None else ""
    if kind == "declining":
        text = f"Employment is projected to decline {plain(abs(change_pct))}% {span}"
        if all_pct is not None:
            text += f", while employment in all occupations grows {all_text}"
        return text + "."
    if kind == "flat":
        text = f"Employment is projected to stay level {span} (0.0% change)"
        if all_pct is not None:
            text += f", against {all_text} growth for all occupations"
        return text + "."
    text = f"Employment is projected to grow {plain(change_pct)}% {span}"
    comparison = {
        "faster": "faster than",
        "same": "about the same as",
        "slower": "slower than",
    }.get(kind)
    if comparison:
        text += f", {comparison} the {all_text} for all occupations"
    return text + "."


def comparison_bars(change_pct, all_pct):
    """Two bars on one axis from zero: the occupation and all occupations.

    x and width are percent strings for SVG attributes (no inline styles).
    """
    values = [change_pct] + ([all_pct] if all_pct is not None else [])
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = (high - low) or Decimal(1)

    def position(value):
        return (value - low) / span * 100

    zero = position(Decimal(0))
    bars = []
    labels = ["This occupation", "All occupations"]
    for label, value in zip(labels, values, strict=False):
        end = position(value)
        bars.append(
            {
                "label": label,
                "value": signed_percent(value),
                "x": f"{plain(round(min(zero, end), 2))}%",
                "width": f"{plain(round(abs(end - zero), 2))}%",
                "negative": value < 0,
                "is_role": label == labels[0],
            }
        )
    return {"bars": bars, "zero": f"{plain(round(zero, 2))}%"}


def work_experience(value):
    """BLS's "None" reads "None required"."""
    return "None required" if value == "None" else value


def job_training(value):
    """BLS's "None" reads "None typically needed"."""
    return "None typically needed" if value == "None" else value


def outlook(edition):
    """The BLS projection as the page prints it; None where the edition has none."""
    if not edition.has_outlook:
        return None
    start, end = period_years(edition.outlook_period)
    change_pct = edition.employment_change_pct
    all_pct = edition.all_occupations_change_pct
    data = {
        "period": edition.outlook_period,
        "start": start,
        "end": end,
        "base": people(edition.employment_base),
        "projected": people(edition.employment_projected),
        "openings": people(edition.annual_openings),
        "self_employed_pct": plain(edition.self_employed_pct)
        if edition.self_employed_pct is not None
        else None,
        "all_pct": plain(all_pct) if all_pct is not None else None,
        "entry_education": edition.entry_education,
        "work_experience": work_experience(edition.work_experience),
        "job_training": job_training(edition.job_training),
        "credit": BLS_CREDIT,
        "about_the_same": plain(ABOUT_THE_SAME),
        "change": None,
    }
    if edition.employment_change is not None and change_pct is not None:
        kind = pace(change_pct, all_pct)
        data.update(
            change=signed(edition.employment_change),
            change_pct=signed_percent(change_pct),
            pace=kind,
            compared=kind in ("faster", "same", "slower"),
            pace_label=PACE_LABELS[kind],
            lead=outlook_lead(change_pct, all_pct, start, end),
            chart=comparison_bars(change_pct, all_pct),
        )
    return data


def source_parts(source):
    """ "Anthropic Economic Index (March 2026), labor_market_impacts/job_exposure.csv"
    -> ("March 2026", "labor_market_impacts/job_exposure.csv")."""
    match = re.fullmatch(r".*?\(([^)]+)\),\s*(.+)", source.strip())
    if match is None:
        return OBSERVED_RELEASE, source
    return match.group(1), match.group(2)


def anthropic_credit(release):
    return f"Anthropic Economic Index (Anthropic, {release}), CC BY"


def observed(edition):
    """The occupation's observed exposure in its state; None before the evidence."""
    if not edition.has_observed_evidence:
        return None
    release, file = source_parts(edition.observed_source)
    value = edition.observed_exposure
    data = {
        "state": observed_state(value),
        "release": release,
        "file": file,
        "credit": anthropic_credit(release),
        "ranked": edition.observed_ranked,
    }
    if value is not None:
        data.update(value=as_percent(value), raw=plain(value))
    if data["state"] == Observed.MEASURED:
        data["rank"] = edition.observed_rank
    return data


def task_evidence(task):
    """A task's observed use and, where the March 2025 release has it, how its
    conversations split between automating and augmenting."""
    data = {"state": observed_state(task.observed_use)}
    if task.observed_use is not None:
        data["use"] = as_percent(task.observed_use)
    automation, augmentation = task.automation_share, task.augmentation_share
    if automation is not None and augmentation is not None:
        data["split"] = {
            "automation": as_percent(automation),
            "augmentation": as_percent(augmentation),
            # The bar's second part starts where the first ends; the rest of
            # the track is the unclassified remainder.
            "augmentation_x": as_percent(automation),
            # Each row sums to 1: neither share means the rest, all of it.
            "unclassified": automation == 0 and augmentation == 0,
        }
    return data


def task_notes():
    """What the per-task line means and where it comes from."""
    return {
        "use_file": TASK_USE_FILE,
        "use_release": OBSERVED_RELEASE,
        "split_file": TASK_SPLIT_FILE,
        "split_release": TASK_RELEASE,
        "use_credit": anthropic_credit(OBSERVED_RELEASE),
        "split_credit": anthropic_credit(TASK_RELEASE),
    }


def european_titles(titles):
    """ESCO preferred labels grouped by ISCO-08 unit group, in their order.

    [("3252", ["clinical coder", "medical records clerk"]), ...]
    """
    groups = {}
    for title in titles[:EUROPEAN_TITLES_SHOWN]:
        # Stored as ESCO spells them; a US site shows them the American way.
        groups.setdefault(title.isco_group, []).append(american(title.label))
    return list(groups.items())
