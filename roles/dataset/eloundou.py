"""Eloundou et al. (2024), GPTs are GPTs: how exposed each task is to LLMs.

Task labels (GPT-4 and human) and occupation-level exposure figures, by
O*NET-SOC code, and the split of a role's tasks by those labels.
"""

from decimal import Decimal

from roles import scoring
from roles.dataset.raw import FILES, DatasetError, number, read_rows

TASKS_PER_COLUMN = 10


def read_labels(raw_dir):
    """(O*NET code, task id) -> (GPT-4 label, human label)."""
    labels = {}
    for line, row in read_rows(
        raw_dir,
        "labels",
        ["O*NET-SOC Code", "Task ID", "gpt4_exposure", "human_exposure_agg"],
    ):
        gpt4, human = row["gpt4_exposure"], row["human_exposure_agg"]
        if gpt4 not in scoring.LABEL_BETA or human not in scoring.LABEL_BETA:
            raise DatasetError(
                f"{FILES['labels']}, line {line}: unknown exposure label."
            )
        # Written as a float ("8823.0") in this file.
        task_id = int(number(row["Task ID"], "labels", line))
        labels[row["O*NET-SOC Code"], task_id] = (gpt4, human)
    return labels


def read_exposure(raw_dir):
    columns = ["O*NET-SOC Code", "dv_rating_alpha", "dv_rating_beta", "dv_rating_gamma"]
    columns += ["human_rating_beta"]
    return {
        row["O*NET-SOC Code"]: {
            key: number(row[key], "exposure", line) for key in columns[1:]
        }
        for line, row in read_rows(raw_dir, "exposure", columns)
    }


def own_code(soc):
    """The occupation's own O*NET code: the SOC code with ".00"."""
    return f"{soc}.00"


def candidate_tasks(role_tasks, own):
    """The tasks a role file chooses from: its own O*NET code's when that has
    enough, else every code's (own first). Each text once, its first code's."""
    seen = set()
    candidates = []
    for code, task in sorted(role_tasks, key=lambda item: item[0] != own):
        if task["text"] not in seen:
            seen.add(task["text"])
            candidates.append((code, task))
    mine = [item for item in candidates if item[0] == own]
    return mine if len(mine) >= TASKS_PER_COLUMN else candidates


def column_of(gpt4, human):
    """Both raters exposed (E1 or E2): "ai"; at least one says E0: "human"."""
    return "human" if "E0" in (gpt4, human) else "ai"


def agreement(kind, gpt4, human):
    """0 where the raters agree most: both E1 in the AI column, both E0 in the
    human one; then mixed E1/E2 (1) and both E2 (2), or a split E0 rating (1)."""
    if kind == "ai":
        return (gpt4, human).count("E2")
    return 2 - (gpt4, human).count("E0")


def use_key(kind, observed_use):
    """Measured observed use first (a measured zero included), the AI column's
    highest first, the human column's lowest; tasks without data last."""
    if observed_use is None:
        return (1, Decimal(0))
    value = Decimal(observed_use)
    return (0, -value if kind == "ai" else value)


def rank_key(kind, own, item):
    """The documented order of a column: own code, Core, agreement, use, task ID."""
    return (
        item["code"] != own,
        not item["core"],
        agreement(kind, item["gpt4"], item["human"]),
        use_key(kind, item.get("observed_use")),
        item["id"],
    )


def split_tasks(role_tasks, labels, own, titles, evidence=None):
    """The role file's two columns of tasks and how many tasks each column had.

    `role_tasks` are (O*NET code, task) pairs of the labeled tasks of every
    code of the SOC; `own` is its own code (`own_code`), `titles` each code's
    O*NET title, `evidence(task)` the task's observed-use fields. Tasks both
    raters call exposed go to "AI will handle"; the rest stay human. A task of
    another code carries that code's title as its specialty.
    """
    columns = {"ai": [], "human": []}
    for code, task in candidate_tasks(role_tasks, own):
        gpt4, human = labels[code, task["id"]]
        exposure = (scoring.LABEL_BETA[gpt4] + scoring.LABEL_BETA[human]) / 2
        kind = column_of(gpt4, human)
        columns[kind].append(
            {
                "id": task["id"],
                "text": task["text"],
                "exposure": str(scoring.to_percent(exposure)),
                "core": task["type"] == "Core",
                "gpt4": gpt4,
                "human": human,
                "specialty": None if code == own else titles[code].strip(),
                **(evidence(task) if evidence else {}),
                "code": code,
            }
        )
    kept = {}
    for kind, items in columns.items():
        items.sort(key=lambda item, kind=kind: rank_key(kind, own, item))
        kept[kind] = [
            {key: value for key, value in item.items() if key != "code"}
            for item in items[:TASKS_PER_COLUMN]
        ]
    return kept, {kind: len(items) for kind, items in columns.items()}
