"""The shipped editorial role files: complete, and honest about their figures."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from roles.dataset.derived import read_derived, release_path

FIXTURES = Path(__file__).parent.parent / "fixtures"
# The data release the editorial files' figures were taken from (OEWS May 2024).
RELEASE = release_path(FIXTURES / "dataset", 2026, 2)
# Editions of 2027 Q1 on were recomputed with method 2, from its release.
METHOD_2_RELEASE = release_path(FIXTURES / "dataset", 2027, 1)
FILES = sorted((FIXTURES / "editorial").glob("*.json"))
# The reference file's figures are typed from the reference, not the data.
REFERENCE = {"medical-coder"}


def task_text(item):
    return item if isinstance(item, str) else item["text"]


def latest(data):
    return max(
        data["editions"], key=lambda edition: (edition["year"], edition["quarter"])
    )


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def by_soc(path):
    _, roles = read_derived(path)
    return {record["soc"]: record for record in roles}


@pytest.fixture(scope="module")
def records():
    """Each edition's data: the 2026 Q2 release's, or method 2's from 2027 Q1."""
    return {"1": by_soc(RELEASE), "2": by_soc(METHOD_2_RELEASE)}


def test_the_editorial_roles_have_history():
    files = [load(path) for path in FILES if path.stem not in REFERENCE]
    assert len(files) >= 12
    for data in files:
        quarters = {
            (edition["year"], edition["quarter"]) for edition in data["editions"]
        }
        assert {(2026, 1), (2026, 2)} <= quarters, data["slug"]


def test_there_are_at_least_12_editorial_files_across_6_sectors():
    files = [load(path) for path in FILES]
    assert len(files) >= 13
    assert len({data["sector"] for data in files}) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_file_is_complete(path):
    data = load(path)
    assert data["slug"] == path.stem
    for edition in data["editions"]:
        texts = {
            kind: [task_text(item) for item in edition["tasks"][kind]]
            for kind in edition["tasks"]
        }
        for kind in ("ai", "human"):
            # Data entry keyers have two tasks the raters see unexposed: no padding.
            assert 2 <= len(texts[kind]) <= 9, kind
        assert not set(texts["ai"]) & set(texts["human"])
        assert edition["skills"]["core"] and edition["skills"]["emerging"]
        assert len(edition["sources"]) >= 2
        assert edition["headline"] and len(edition["brief"]) >= 2
        assert edition["horizon_min_years"] <= edition["horizon_max_years"]


@pytest.mark.parametrize(
    "path",
    [path for path in FILES if path.stem not in REFERENCE],
    ids=lambda path: path.stem,
)
def test_figures_come_from_the_data(path, records):
    data = load(path)
    for edition in data["editions"]:
        record = records[edition.get("method", "1")][data["soc_code"]]
        for key in (
            "skill_vulnerability",
            "task_automation",
            "ai_complementarity",
            "uncertainty",
        ):
            assert Decimal(edition[key]) == Decimal(record[key]), key
        assert [edition["horizon_min_years"], edition["horizon_max_years"]] == record[
            "horizon"
        ]
        # An edition carries the OEWS figures its notes name: May 2024, or May 2023 before.
        prefix = "prior_" if "May 2023" in edition["workers_note"] else ""
        assert edition["us_workers"] == record[f"{prefix}us_workers"]
        assert edition["mean_salary"] == record[f"{prefix}mean_salary"]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_task_sits_where_the_raters_labels_put_it_or_says_why(path):
    """Both raters exposed: "AI will handle"; else "You stay relevant" (the data-built rule)."""
    edition = latest(load(path))
    for kind, items in edition["tasks"].items():
        for item in items:
            if isinstance(item, str) or "gpt4_label" not in item:
                continue
            labels = (item["gpt4_label"], item["human_label"])
            rule = "human" if "E0" in labels else "ai"
            assert rule == kind or item.get("reason"), item["text"]


def test_the_files_name_the_onet_task_behind_most_tasks():
    matched = [
        item
        for path in FILES
        if path.stem not in REFERENCE
        for items in latest(load(path))["tasks"].values()
        for item in items
        if not isinstance(item, str) and "onet_task_id" in item
    ]
    assert len(matched) >= 100


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_an_edition_after_a_release_carries_its_evidence(path):
    for edition in load(path)["editions"]:
        if (edition["year"], edition["quarter"]) > (2026, 4):
            assert edition["follows"] == "2026-q4"
