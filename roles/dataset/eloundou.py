"""Eloundou et al. (2024), GPTs are GPTs: how exposed each task is to LLMs.

Task labels (GPT-4 and human) and occupation-level exposure figures, by
O*NET-SOC code, and the split of a role's tasks by those labels.
"""

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


def split_tasks(role_tasks, labels):
    """Tasks both raters call exposed go to "AI will handle"; the rest stay human.

    Core tasks first; the AI column most exposed first, the human column least.
    """
    columns = {"ai": [], "human": []}
    seen = set()
    for code, task in role_tasks:
        if task["text"] in seen:
            continue
        seen.add(task["text"])
        gpt4, human = labels[code, task["id"]]
        exposure = (scoring.LABEL_BETA[gpt4] + scoring.LABEL_BETA[human]) / 2
        kind = "human" if "E0" in (gpt4, human) else "ai"
        columns[kind].append((task["type"] != "Core", task, exposure))
    columns["ai"].sort(key=lambda item: (item[0], -item[2], item[1]["id"]))
    columns["human"].sort(key=lambda item: (item[0], item[2], item[1]["id"]))
    kept = {
        kind: [
            {
                "id": task["id"],
                "text": task["text"],
                "exposure": str(scoring.to_percent(exposure)),
                "core": not supplemental,
            }
            for supplemental, task, exposure in items[:TASKS_PER_COLUMN]
        ]
        for kind, items in columns.items()
    }
    return kept, {kind: len(items) for kind, items in columns.items()}
