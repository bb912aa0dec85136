"""Which tasks a data-built role file shows, in which order (issue 17): the
occupation's own O*NET code first, Core before Supplemental, then the raters'
agreement and observed use, never the alphabet; and how the page shows each
task's evidence, its specialty and why a column is empty."""

import csv
import re
import shutil

import pytest

from roles.dataset.eloundou import TASKS_PER_COLUMN, own_code, split_tasks
from roles.models import Role, Task
from roles.releases import task_labels
from tests.html import visible_text
from tests.test_dataset import SAMPLE, publish_raw

TITLES = {
    "47-2152.00": "Plumbers, Pipefitters, and Steamfitters",
    "47-2152.04": "Solar Thermal Installers and Technicians",
    "13-1021.00": "Buyers and Purchasing Agents, Farm Products",
    "13-1022.00": "Wholesale and Retail Buyers, Except Farm Products",
}


class Tasks:
    """Synthetic labeled tasks: (code, task) pairs, their labels and observed use."""

    def __init__(self):
        self.role_tasks, self.labels, self.use = [], {}, {}

    def add(self, code, task_id, gpt4, human, core=True, use=None, text=None):
        task = {
            "id": task_id,
            "text": text or f"Task {task_id}",
            "type": "Core" if core else "Supplemental",
        }
        self.role_tasks.append((code, task))
        self.labels[code, task_id] = (gpt4, human)
        if use is not None:
            self.use[task["text"]] = use
        return self

    def split(self, soc):
        def evidence(task):
            return {"observed_use": self.use.get(task["text"])}

        return split_tasks(
            self.role_tasks, self.labels, own_code(soc), TITLES, evidence
        )


def ids(column):
    return [task["id"] for task in column]


def test_an_own_code_with_ten_tasks_shuts_out_the_other_codes():
    tasks = Tasks()
    for task_id in range(1, 11):
        tasks.add("47-2152.00", task_id, "E0", "E0")
    # The specialty's tasks are more exposed and more used: still left out.
    tasks.add("47-2152.04", 100, "E1", "E1", use="0.5000")
    tasks.add("47-2152.04", 101, "E0", "E0", use="0.0000")
    shown, counts = tasks.split("47-2152")
    assert shown["ai"] == []
    assert ids(shown["human"]) == list(range(1, 11))
    assert counts == {"ai": 0, "human": 10}
    assert all(task["specialty"] is None for task in shown["human"])


def test_an_own_code_with_fewer_tasks_comes_first_and_others_name_their_specialty():
    tasks = Tasks()
    for task_id in range(1, 4):
        tasks.add("47-2152.00", task_id, "E2", "E2", core=False)
    tasks.add("47-2152.04", 50, "E1", "E1", use="0.9000")
    shown, counts = tasks.split("47-2152")
    # Own Supplemental tasks lead a more exposed, more used Core task of
    # another code: the job's own list comes first.
    assert ids(shown["ai"]) == [1, 2, 3, 50]
    assert [task["specialty"] for task in shown["ai"]] == [
        None,
        None,
        None,
        "Solar Thermal Installers and Technicians",
    ]
    assert counts == {"ai": 4, "human": 0}


def test_a_soc_without_a_00_code_labels_every_task_with_its_specialty():
    tasks = Tasks()
    tasks.add("13-1021.00", 7, "E1", "E1", use="0.0100")
    tasks.add("13-1022.00", 3, "E1", "E1", use="0.2000")
    tasks.add("13-1022.00", 4, "E0", "E1")
    shown, counts = tasks.split("13-1020")
    assert ids(shown["ai"]) == [3, 7]
    assert [task["specialty"] for task in shown["ai"]] == [
        "Wholesale and Retail Buyers, Except Farm Products",
        "Buyers and Purchasing Agents, Farm Products",
    ]
    assert shown["human"][0]["specialty"] == (
        "Wholesale and Retail Buyers, Except Farm Products"
    )
    assert counts == {"ai": 2, "human": 1}


def test_a_text_two_codes_share_is_shown_once_as_the_own_codes():
    tasks = Tasks()
    tasks.add("47-2152.04", 9, "E1", "E1", text="Keep records.")
    tasks.add("47-2152.00", 20, "E1", "E1", text="Keep records.")
    shown, counts = tasks.split("47-2152")
    assert ids(shown["ai"]) == [20]
    assert shown["ai"][0]["specialty"] is None
    assert counts["ai"] == 1


def test_ai_column_ranks_core_then_agreement_then_observed_use_then_id():
    tasks = Tasks()
    # Alphabetical order of the texts would be the reverse of the expected one.
    tasks.add("47-2152.00", 1, "E2", "E2", use="0.9000", text="A")
    tasks.add("47-2152.00", 2, "E1", "E2", use="0.0100", text="B")
    tasks.add("47-2152.00", 3, "E2", "E1", use="0.0200", text="C")
    tasks.add("47-2152.00", 4, "E1", "E1", text="D")  # no data: after measured
    tasks.add("47-2152.00", 5, "E1", "E1", use="0.0000", text="E")  # not seen
    tasks.add("47-2152.00", 6, "E1", "E1", use="0.3000", text="F")
    tasks.add("47-2152.00", 7, "E1", "E1", core=False, use="0.9900", text="G")
    tasks.add("47-2152.00", 8, "E1", "E1", text="H")  # no data: by task ID
    tasks.add("47-2152.00", 9, "E0", "E0", text="I")
    tasks.add("47-2152.00", 10, "E0", "E0", text="J")
    shown, _ = tasks.split("47-2152")
    assert ids(shown["ai"]) == [6, 5, 4, 8, 3, 2, 1, 7]
    first = shown["ai"][0]
    assert (first["gpt4"], first["human"], first["observed_use"]) == (
        "E1",
        "E1",
        "0.3000",
    )
    assert first["core"] is True and shown["ai"][-1]["core"] is False


def test_a_tie_in_labels_is_broken_by_observed_use_not_by_the_text():
    tasks = Tasks()
    tasks.add("47-2152.00", 1, "E1", "E2", use="0.0100", text="Analyze bids.")
    tasks.add("47-2152.00", 2, "E2", "E1", use="0.0400", text="Write reports.")
    tasks.add("47-2152.00", 3, "E0", "E1", use="0.0400", text="Assemble pipes.")
    tasks.add("47-2152.00", 4, "E1", "E0", use="0.0100", text="Bend pipes.")
    shown, _ = tasks.split("47-2152")
    assert ids(shown["ai"]) == [2, 1]  # more observed use first
    assert ids(shown["human"]) == [4, 3]  # less observed use first


def test_human_column_ranks_core_then_both_e0_then_least_use_then_id():
    tasks = Tasks()
    tasks.add("47-2152.00", 1, "E0", "E1", use="0.0000")
    tasks.add("47-2152.00", 2, "E0", "E0", use="0.0500")
    tasks.add("47-2152.00", 3, "E0", "E0", use="0.0010")
    tasks.add("47-2152.00", 4, "E0", "E0")
    tasks.add("47-2152.00", 5, "E2", "E0", use="0.0000")
    tasks.add("47-2152.00", 6, "E0", "E0", core=False, use="0.0000")
    tasks.add("47-2152.00", 7, "E0", "E0", use="0.0010")
    shown, counts = tasks.split("47-2152")
    assert ids(shown["human"]) == [3, 7, 2, 4, 1, 5, 6]
    assert counts == {"ai": 0, "human": 7}


def test_each_column_keeps_ten_and_counts_every_task_considered():
    tasks = Tasks()
    for task_id in range(1, 26):
        tasks.add("47-2152.00", task_id, "E1", "E1")
    shown, counts = tasks.split("47-2152")
    assert ids(shown["ai"]) == list(range(1, TASKS_PER_COLUMN + 1))
    assert counts == {"ai": 25, "human": 0}


def test_a_record_without_labels_writes_blank_fields():
    old = {"id": 1, "text": "Task", "exposure": "50.00", "core": True}
    assert task_labels(old) == {"gpt4_label": "", "human_label": "", "specialty": ""}
    new = old | {"gpt4": "E1", "human": "E2", "specialty": "Solar"}
    assert task_labels(new) == {
        "gpt4_label": "E1",
        "human_label": "E2",
        "specialty": "Solar",
    }


# Through the page: a sample whose Chief Executives keep only their
# Chief Sustainability Officers' tasks (no own list), and whose Data Entry
# Keyers are all rated not exposed by both raters.
CHIEF_EXECUTIVES = "11-1011.00"
KEYERS = "43-9021.00"


def rewrite(path, keep=None, change=None):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        fields, rows = reader.fieldnames, list(reader)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            if keep is None or keep(row):
                writer.writerow(change(row) if change else row)


def zero_keyers(row):
    if row["O*NET-SOC Code"] == KEYERS:
        row.update(gpt4_exposure="E0", human_exposure_agg="E0")
    return row


@pytest.fixture
def changed_sample(sectors, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    rewrite(
        raw / "onet" / "Task Statements.txt",
        keep=lambda row: row["O*NET-SOC Code"] != CHIEF_EXECUTIVES,
    )
    rewrite(raw / "eloundou" / "full_labelset.tsv", change=zero_keyers)
    publish_raw(raw, tmp_path / "derived")


def page_text(client, slug):
    response = client.get(f"/roles/{slug}/")
    assert response.status_code == 200
    return response.content.decode(), visible_text(response.content.decode())


def test_the_page_shows_each_tasks_labels_and_its_specialty(client, changed_sample):
    role = Role.objects.get(soc_code="11-1011")
    tasks = list(Task.objects.filter(edition__role=role))
    assert tasks and all(
        task.specialty == "Chief Sustainability Officers" for task in tasks
    )
    html, text = page_text(client, role.slug)
    # One specialty for every task is said once, in the key.
    assert "Specialty: Chief Sustainability Officers" not in text
    assert (
        "Every task shown comes from O*NET’s Chief Sustainability Officers: "
        "O*NET has no rated task list of its own" in text
    )
    for task in tasks:
        assert task.gpt4_label in {"E0", "E1", "E2"}
        item = re.search(
            r"<li[^>]*>(?:(?!</li>).)*?" + re.escape(task.text) + r".*?</li>",
            html,
            re.S,
        )
        assert item, task.text
        line = visible_text(item.group(0))
        assert f"GPT-4 {task.gpt4_label} Human {task.human_label}" in line
    # The key explains the labels once.
    assert "E1 directly exposed, an LLM alone at least halves the time" in text
    assert "then both raters E1, one E1, both E2" in text


def test_tasks_of_several_specialties_each_name_theirs(client, changed_sample):
    role = Role.objects.get(soc_code="11-1011")
    tasks = list(Task.objects.filter(edition__role=role))
    Task.objects.filter(pk=tasks[0].pk).update(specialty="Chief Executives")
    _, text = page_text(client, role.slug)
    assert text.count("Specialty: Chief Sustainability Officers") == len(tasks) - 1
    assert text.count("Specialty: Chief Executives") == 1
    assert "Specialty The O*NET occupation a task comes from" in text


def test_an_editors_reason_reads_placed_by_our_editors(client, changed_sample):
    role = Role.objects.get(soc_code="15-1252")
    task = Task.objects.filter(edition__role=role).first()
    Task.objects.filter(pk=task.pk).update(reason="The raters disagree on it.")
    _, text = page_text(client, role.slug)
    assert "Placed by our editors: The raters disagree on it." in text
    assert "Placed here" not in text


def test_an_empty_column_says_why(client, changed_sample):
    role = Role.objects.get(soc_code="43-9021")
    assert not Task.objects.filter(edition__role=role, kind=Task.Kind.AI).exists()
    _, text = page_text(client, role.slug)
    assert "AI will handle 0 tasks" in text
    assert "No task of this occupation is rated exposed by both raters." in text
    # An own-code file names no specialty and its key does not explain one.
    assert "Specialty:" not in text
    assert "a task comes from" not in text
