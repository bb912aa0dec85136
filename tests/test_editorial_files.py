"""The shipped editorial role files: complete, and honest about their figures."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from roles.dataset.derived import read_derived, release_path

FIXTURES = Path(__file__).parent.parent / "fixtures"
# The data release the editorial files' figures were taken from (OEWS May 2024).
RELEASE = release_path(FIXTURES / "dataset", 2026, 2)
FILES = sorted((FIXTURES / "editorial").glob("*.json"))
# The reference file's figures are typed from the reference, not the data.
REFERENCE = {"medical-coder"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records():
    _, roles = read_derived(RELEASE)
    return {record["soc"]: record for record in roles}


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
        for kind in ("ai", "human"):
            assert 5 <= len(edition["tasks"][kind]) <= 9, kind
        assert not set(edition["tasks"]["ai"]) & set(edition["tasks"]["human"])
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
    record = records[data["soc_code"]]
    for edition in data["editions"]:
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
