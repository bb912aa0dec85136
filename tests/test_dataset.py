"""Data-built role files: the join on a sample of the raw files, the shipped
derived file, and the import command's idempotence and error handling."""

import gzip
import json
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from roles import publishing
from roles.dataset.build import build
from roles.dataset.derived import (
    read_derived,
    release_path,
    write_credits,
    write_release,
)
from roles.dataset.eloundou import TASKS_PER_COLUMN
from roles.models import DataRelease, Edition, Role, Task

SAMPLE = Path(__file__).parent / "data" / "raw_sample"
FIXTURES = Path(__file__).parent.parent / "fixtures"
SHIPPED = release_path(FIXTURES / "dataset", 2026, 2)


@pytest.fixture(scope="module")
def built():
    meta, records, report = build(SAMPLE)
    return meta, {record["soc"]: record for record in records}, report


def test_it_joins_the_sample_through_the_crosswalk(built):
    meta, records, report = built
    assert set(records) == {
        "11-1011",
        "15-1252",
        "23-2011",
        "29-2072",
        "43-9021",
        "47-2111",
    }
    assert records["11-1011"]["onet_codes"] == ["11-1011.00", "11-1011.03"]
    assert report.skipped["no exposure data (O*NET has no tasks)"] == [
        "51-9199 Production Workers, All Other"
    ]
    assert meta["coverage"]["roles"] == 6


def test_it_takes_figures_from_oews_2024_and_keeps_2023(built):
    record = built[1]["29-2072"]
    assert record["title"] == "Medical Records Specialists"
    assert record["slug"] == "medical-records-specialists"
    assert record["sector"] == "healthcare"
    assert (record["us_workers"], record["mean_salary"], record["median_salary"]) == (
        187910,
        55970,
        50250,
    )
    assert (record["prior_us_workers"], record["prior_mean_salary"]) == (185690, 53690)


def test_task_automation_is_the_gpt4_beta(built):
    record = built[1]["29-2072"]
    assert record["task_automation"] == "61.76"  # dv_rating_beta 0.6176
    assert record["exposure_beta_human"] == "55.88"
    assert record["uncertainty"] == "5.88"
    assert record["horizon"] == [5, 7]


def test_several_onet_codes_combine_weighted_by_task_count(built):
    record = built[1]["11-1011"]
    # Chief Executives (β 0.46, 31 O*NET tasks) and Chief Sustainability
    # Officers (β 0.5556, 18 tasks): (0.46 × 31 + 0.5556 × 18) / 49 = 0.4951.
    assert Decimal(record["task_automation"]) == Decimal("49.51")


def test_every_factor_is_on_the_0_100_scale(built):
    for record in built[1].values():
        for key in (
            "skill_vulnerability",
            "task_automation",
            "ai_complementarity",
            "uncertainty",
        ):
            assert 0 <= Decimal(record[key]) <= 100, (record["soc"], key)


def test_tasks_split_by_both_raters_with_core_first(built):
    tasks = built[1]["47-2111"]["tasks"]
    assert tasks["ai"] and tasks["human"]
    assert all(Decimal(task["exposure"]) > 0 for task in tasks["ai"])
    for column in tasks.values():
        cores = [task["core"] for task in column]
        assert cores == sorted(cores, reverse=True)
        assert len(column) <= TASKS_PER_COLUMN


def test_a_role_without_skill_ratings_gets_no_core_list(built):
    record = built[1]["29-2072"]
    assert record["skill_ratings"] is False
    assert record["skills"]["core"] == []  # technology is never a core skill
    (medical,) = [
        item for item in record["skills"]["emerging"] if item["source"] == "technology"
    ]
    assert medical["name"] == "Medical software"
    assert "Epic Systems" in medical["reason"]


def test_reported_titles_come_first(built):
    titles = built[1]["29-2072"]["alternate_titles"]
    assert titles[0] != "Medical Records Specialists"
    assert "Medical Records Specialists" not in titles
    assert len(titles) == len(set(titles))


def test_the_derived_file_is_byte_for_byte_reproducible(tmp_path, built):
    meta, records, _ = build(SAMPLE)
    meta["release"] = {"year": 2026, "quarter": 4, "published_on": None}
    one = write_release(tmp_path / "one", meta, records).read_bytes()
    assert one == write_release(tmp_path / "two", meta, records).read_bytes()
    write_credits(tmp_path / "one", SAMPLE)
    assert (tmp_path / "one" / "LICENSES" / "CC-BY-4.0_NOTICE.txt").exists()
    assert "O*NET 29.3" in (tmp_path / "one" / "ATTRIBUTION.md").read_text()


def test_the_shipped_derived_file_covers_98_percent_of_employment():
    with gzip.open(SHIPPED, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    coverage = data["meta"]["coverage"]
    assert coverage["roles"] == len(data["roles"]) == 784
    assert coverage["us_workers_covered"] == 152_091_610
    assert (
        coverage["us_workers_covered"] / coverage["us_workers_in_detailed_occupations"]
        > 0.986
    )
    assert len({record["slug"] for record in data["roles"]}) == 784
    assert len(data["meta"]["attribution"]) == 4
    assert data["meta"]["release"] == {
        "year": 2026,
        "quarter": 2,
        "published_on": "2026-04-16",
    }
    licences = SHIPPED.parent.parent / "LICENSES"
    assert {path.name for path in licences.iterdir()} >= {
        "BLS_public_domain.txt",
        "CC-BY-4.0_NOTICE.txt",
        "eloundou_GPTs-are-GPTs_LICENSE_MIT.txt",
        "microsoft_working-with-ai_LICENSE.txt",
    }


def run_import(*args):
    out = StringIO()
    call_command("import_dataset", *args, stdout=out)
    return out.getvalue()


def publish_raw(raw, derived):
    """Build a release from raw data, publish it today and date its file."""
    output = run_import("--raw", str(raw), "--derived", str(derived))
    publishing.publish_release(DataRelease.objects.drafts().get(), None)
    run_import("--ship", "--derived", str(derived))
    return output


def test_importing_the_sample_twice_changes_nothing(sectors, tmp_path):
    first = publish_raw(SAMPLE, tmp_path)
    assert "0 changed, 5 new, 0 unchanged" in first
    counts = (Role.objects.count(), Edition.objects.count(), Task.objects.count())
    second = run_import("--derived", str(tmp_path))
    assert "2026 Q4: already published, unchanged." in second
    third = run_import("--raw", str(SAMPLE), "--derived", str(tmp_path))
    assert "0 changed, 0 new, 5 unchanged" in third
    assert (
        Role.objects.count(),
        Edition.objects.count(),
        Task.objects.count(),
    ) == counts


def test_imported_roles_are_public_data_built_files(sectors, tmp_path):
    publish_raw(SAMPLE, tmp_path)
    role = Role.objects.get(slug="paralegals-and-legal-assistants")
    assert role.origin == Role.Origin.DATASET
    edition = Edition.objects.public().get(role=role)
    assert edition.risk_score is not None
    assert edition.us_workers == 367_220
    assert edition.label == "2026 Q4"
    assert edition.title == role.title
    assert edition.tasks.exclude(onet_task_id=None).count() == edition.tasks.count()
    assert not Role.objects.filter(slug="medical-records-specialists").exists()


def test_a_data_built_file_that_becomes_editorial_keeps_its_address(
    sectors, tmp_path, client
):
    publish_raw(SAMPLE, tmp_path)
    assert client.get("/roles/data-entry-keyers/").status_code == 200
    role = Role.objects.get(slug="paralegals-and-legal-assistants")
    Role.objects.create(
        slug="data-entry-keyer",
        title="Data Entry Keyer",
        soc_code="43-9021",
        sector=role.sector,
        summary="Ours.",
    )
    output = publish_raw(SAMPLE, tmp_path / "next")
    assert "1 retired" in output
    response = client.get("/roles/data-entry-keyers/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/data-entry-keyer/"
    # Its published edition is archived, not deleted.
    assert client.get("/roles/data-entry-keyers/2026-q4/").status_code == 200


def test_an_editor_taking_over_a_file_stops_the_import_touching_it(sectors, tmp_path):
    publish_raw(SAMPLE, tmp_path)
    Role.objects.filter(slug="electricians").update(
        origin=Role.Origin.EDITORIAL, summary="Ours now."
    )
    output = run_import("--raw", str(SAMPLE), "--derived", str(tmp_path / "next"))
    assert "0 changed" in output
    assert Role.objects.get(slug="electricians").summary == "Ours now."


@pytest.fixture
def broken_sample(tmp_path):
    copy = tmp_path / "raw"
    shutil.copytree(SAMPLE, copy)
    return copy


def assert_fails_and_changes_nothing(raw, message):
    before = (Role.objects.count(), Edition.objects.count())
    with pytest.raises(CommandError, match=message):
        run_import("--raw", str(raw), "--derived", str(raw.parent / "derived"))
    assert (Role.objects.count(), Edition.objects.count()) == before


def test_a_missing_file_stops_the_import(sectors, broken_sample):
    (broken_sample / "oews" / "national_M2024_dl.csv").unlink()
    assert_fails_and_changes_nothing(
        broken_sample, r"national_M2024_dl\.csv: cannot open"
    )


def test_a_missing_column_stops_the_import(sectors, broken_sample):
    path = broken_sample / "eloundou" / "occ_level.csv"
    path.write_text(path.read_text().replace("dv_rating_beta", "dv_beta", 1))
    assert_fails_and_changes_nothing(
        broken_sample, r"occ_level\.csv, line 1: missing column\(s\) dv_rating_beta"
    )


def test_a_malformed_number_names_its_line(sectors, broken_sample):
    path = broken_sample / "eloundou" / "occ_level.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines[2] = lines[2].replace(",0.", ",zero.", 1)
    path.write_text("".join(lines))
    assert_fails_and_changes_nothing(broken_sample, r"occ_level\.csv, line 3: 'zero\.")


def test_a_code_that_does_not_join_stops_the_import(sectors, broken_sample):
    path = broken_sample / "crosswalk" / "nem_onet_to_soc_crosswalk.csv"
    path.write_text("".join(line for line in path.open() if "47-2111.00" not in line))
    assert_fails_and_changes_nothing(
        broken_sample, r"O\*NET code 47-2111\.00 has no SOC code"
    )


def test_a_failure_after_loading_began_rolls_everything_back(
    sectors, tmp_path, broken_sample
):
    publish_raw(SAMPLE, tmp_path)
    # A release file whose second role names an unknown sector fails mid-load.
    path = release_path(tmp_path, 2026, 4)
    meta, records = read_derived(path)
    meta["release"]["quarter"] = 3
    records[0]["summary"] = "Changed before the failure."
    records[1]["sector"] = "no-such-sector"
    with gzip.open(release_path(tmp_path, 2026, 3), "wt", encoding="utf-8") as handle:
        json.dump({"meta": meta, "roles": records}, handle)
    path.unlink()
    summaries = dict(Role.objects.values_list("slug", "summary"))
    with pytest.raises(CommandError, match="no-such-sector"):
        run_import("--derived", str(tmp_path))
    assert dict(Role.objects.values_list("slug", "summary")) == summaries


def test_a_corrupt_derived_file_is_a_clear_error(sectors, tmp_path):
    path = release_path(tmp_path, 2026, 2)
    path.parent.mkdir()
    path.write_bytes(b"not gzip")
    with pytest.raises(CommandError, match="cannot read the derived data set"):
        run_import("--derived", str(tmp_path))
