"""The tasks of all 784 roles built from ../shared/data (issue 17): each role
shows its own O*NET code's tasks where that code has ten or more, names the
specialty of any other, and orders each column by the documented key,
checked against the raw files read here on their own."""

import csv
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.conftest import RAW_DATA

ENOUGH = 10  # the "ten or more"

pytestmark = pytest.mark.skipif(
    not RAW_DATA.exists(), reason="needs the raw data in ../shared"
)


def tsv(name):
    with (RAW_DATA / name).open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


@pytest.fixture(scope="module")
def records(full_build):
    _, records = full_build
    return records


@pytest.fixture(scope="module")
def raw():
    """Task ID -> (code, type); (code, task ID) -> labels; code -> title."""
    tasks = {
        int(row["Task ID"]): (row["O*NET-SOC Code"], row["Task Type"])
        for row in tsv("onet/Task Statements.txt")
    }
    labels = {
        (row["O*NET-SOC Code"], int(float(row["Task ID"]))): (
            row["gpt4_exposure"],
            row["human_exposure_agg"],
        )
        for row in tsv("eloundou/full_labelset.tsv")
    }
    labeled = defaultdict(int)
    for task_id, (code, _) in tasks.items():
        labeled[code] += (code, task_id) in labels
    titles = {
        row["O*NET-SOC Code"]: row["Title"] for row in tsv("onet/Occupation Data.txt")
    }
    return tasks, labels, labeled, titles


def shown(record):
    return [task for column in record["tasks"].values() for task in column]


def test_a_role_whose_own_code_has_ten_tasks_shows_no_other_codes(records, raw):
    tasks, _, labeled, _ = raw
    checked = 0
    for record in records:
        own = f"{record['soc']}.00"
        if labeled[own] < ENOUGH:
            continue
        checked += 1
        for task in shown(record):
            assert tasks[task["id"]][0] == own, (record["soc"], task["text"])
            assert task["specialty"] is None
    assert checked > 700


def test_plumbers_show_plumbers_tasks(records):
    plumbers = next(record for record in records if record["soc"] == "47-2152")
    texts = " ".join(task["text"] for task in shown(plumbers))
    assert "solar" not in texts.lower()
    assert plumbers["task_counts"] == {"ai": 3, "human": 27}


def test_a_task_of_another_code_names_its_specialty(records, raw):
    tasks, _, labeled, titles = raw
    with_specialty = set()
    for record in records:
        own = f"{record['soc']}.00"
        for task in shown(record):
            code = tasks[task["id"]][0]
            if code == own:
                assert task["specialty"] is None
            else:
                assert labeled[own] < ENOUGH, record["soc"]
                assert task["specialty"] == titles[code].strip()
                with_specialty.add(record["soc"])
    # Chiefly the SOC codes without a .00 code (e.g. 13-1020 Buyers).
    assert "13-1020" in with_specialty
    assert len(with_specialty) < 50


def test_each_task_keeps_the_raw_labels_and_sits_in_the_rule_column(records, raw):
    tasks, labels, _, _ = raw
    for record in records:
        for kind, column in record["tasks"].items():
            for task in column:
                gpt4, human = labels[tasks[task["id"]][0], task["id"]]
                assert (task["gpt4"], task["human"]) == (gpt4, human)
                assert kind == ("human" if "E0" in (gpt4, human) else "ai")


def documented_key(kind, own, task, code):
    """The order methodology.md describes, written here on its own."""
    if kind == "ai":
        agreement = {"E1": 0, "E2": 1}[task["gpt4"]] + {"E1": 0, "E2": 1}[task["human"]]
    else:
        agreement = 0 if task["gpt4"] == task["human"] == "E0" else 1
    use = task["observed_use"]
    if use is None:
        evidence = (1, 0)
    else:
        evidence = (0, -Decimal(use) if kind == "ai" else Decimal(use))
    return (code != own, not task["core"], agreement, evidence, task["id"])


def test_each_column_follows_the_documented_order(records, raw):
    tasks = raw[0]
    for record in records:
        own = f"{record['soc']}.00"
        for kind, column in record["tasks"].items():
            cores = [task["core"] for task in column]
            assert cores == sorted(cores, reverse=True), record["soc"]
            for task in column:
                assert task["core"] == (tasks[task["id"]][1] == "Core")
            keys = [
                documented_key(kind, own, task, tasks[task["id"]][0]) for task in column
            ]
            assert keys == sorted(keys), (record["soc"], kind)
            assert len(keys) == len(set(keys))
