"""Anthropic Economic Index: observed AI use, beside the modeled score.

Three states are kept apart throughout: a measured value, a measured zero
(not seen in the conversations studied) and no data (no row in the file).
A missing key means no data; a zero is kept as Decimal("0.0000").
"""

import re
from collections import defaultdict
from decimal import Decimal

from roles.dataset.raw import FILES, DatasetError, number, read_rows

OBSERVED_RELEASE = "March 2026"
TASK_RELEASE = "March 2025"
FOUR_PLACES = Decimal("0.0001")
AUTOMATION = ("directive", "feedback_loop")
AUGMENTATION = ("task_iteration", "validation", "learning")


def task_key(text):
    """Task text as the releases write it: lower-cased, whitespace collapsed."""
    return re.sub(r"\s+", " ", text).strip().lower()


def share(value, name, line):
    figure = number(value, name, line)
    if not 0 <= figure <= 1:
        raise DatasetError(
            f"{FILES[name]}, line {line}: {value} is not between 0 and 1."
        )
    return figure


def read_observed_exposure(raw_dir):
    """SOC code -> {"exposure", "rank", "ranked"}; rank only for a value above 0."""
    name = "observed_exposure"
    exposure = {
        row["occ_code"].strip(): share(row["observed_exposure"], name, line)
        for line, row in read_rows(raw_dir, name, ["occ_code", "observed_exposure"])
    }
    used = sorted((value for value in exposure.values() if value > 0), reverse=True)
    # Ties share a rank: one more than the number of occupations above.
    rank_of = {}
    for position, value in enumerate(used, start=1):
        rank_of.setdefault(value, position)
    return {
        code: {
            "exposure": str(value.quantize(FOUR_PLACES)),
            "rank": rank_of.get(value) if value > 0 else None,
            "ranked": len(used),
        }
        for code, value in exposure.items()
    }


def read_task_penetration(raw_dir):
    """Task key -> penetration (0–1). A task written twice keeps its higher figure."""
    name = "task_penetration"
    penetration = {}
    for line, row in read_rows(raw_dir, name, ["task", "penetration"]):
        key = task_key(row["task"])
        value = share(row["penetration"], name, line)
        penetration[key] = max(value, penetration.get(key, value))
    return penetration


def read_automation(raw_dir):
    """O*NET task ID and task key -> (automation, augmentation) shares, March 2025.

    The release names tasks by their lower-cased text from an older O*NET;
    its own task statements give their IDs, which O*NET keeps across releases.
    """
    name = "automation_2025"
    by_key = {}
    for line, row in read_rows(
        raw_dir, name, ["task_name", *AUTOMATION, *AUGMENTATION]
    ):
        automation = sum(share(row[column], name, line) for column in AUTOMATION)
        augmentation = sum(share(row[column], name, line) for column in AUGMENTATION)
        by_key[task_key(row["task_name"])] = (
            str(automation.quantize(FOUR_PLACES)),
            str(augmentation.quantize(FOUR_PLACES)),
        )
    ids = defaultdict(set)
    for line, row in read_rows(raw_dir, "task_statements_2025", ["Task ID", "Task"]):
        ids[task_key(row["Task"])].add(
            int(number(row["Task ID"], "task_statements_2025", line))
        )
    by_id = {
        task_id: shares
        for key, shares in by_key.items()
        for task_id in ids.get(key, ())
    }
    return by_id, by_key


def task_evidence(task, penetration, automation):
    """The observed-use fields of one task: None where the release has no row."""
    by_id, by_key = automation
    key = task_key(task["text"])
    value = penetration.get(key)
    shares = by_id.get(task.get("id")) or by_key.get(key)
    return {
        "observed_use": None if value is None else str(value.quantize(FOUR_PLACES)),
        "automation": shares[0] if shares else None,
        "augmentation": shares[1] if shares else None,
    }
