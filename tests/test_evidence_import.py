"""Outlook, observed AI use and ESCO names: each source's reader on the raw
sample, checked against the files themselves, and what the release does with them."""

import csv
import shutil
from decimal import Decimal

import pytest
from django.core.management import CommandError

from roles.dataset.anthropic import read_automation, read_observed_exposure, task_key
from roles.dataset.build import build
from roles.dataset.esco import read_esco_occupations
from roles.models import DataRelease, Edition, Role, Task
from tests.test_dataset import SAMPLE, publish_raw, run_import

PROJECTIONS = SAMPLE / "bls_ep" / "ep_2024-34_table_1.2_occupational_projections.csv"
EXPOSURE = SAMPLE / "anthropic" / "labor_market_impacts" / "job_exposure.csv"
PENETRATION = SAMPLE / "anthropic" / "labor_market_impacts" / "task_penetration.csv"


def raw_rows(path, key):
    with path.open(newline="", encoding="utf-8") as handle:
        return {row[key].strip(): row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def records():
    _, records, _ = build(SAMPLE)
    return {record["soc"]: record for record in records}


def test_outlook_is_the_bls_table_in_people(records):
    raw = raw_rows(PROJECTIONS, "2024 National Employment Matrix code")
    for soc, record in records.items():
        row, outlook = raw[soc], record["outlook"]
        thousands = Decimal(row["Employment, 2024"])
        assert outlook["employment_base"] == thousands * 1000
        assert (
            outlook["employment_projected"] == Decimal(row["Employment, 2034"]) * 1000
        )
        assert (
            outlook["employment_change_pct"]
            == row["Employment change, percent, 2024–34"]
        )
        assert (
            outlook["annual_openings"]
            == Decimal(row["Occupational openings, 2024–34 annual average"]) * 1000
        )
        assert outlook["entry_education"] == row["Typical education needed for entry"]
    assert records["29-2072"]["outlook"]["employment_change"] == 13_800


def test_observed_exposure_keeps_value_zero_and_no_data_apart(records):
    raw = raw_rows(EXPOSURE, "occ_code")
    assert (
        records["29-2072"]["observed"]["exposure"]
        == raw["29-2072"]["observed_exposure"]
    )
    zero = records["47-2111"]["observed"]
    assert zero["exposure"] == "0.0000" and zero["rank"] is None
    assert "23-2011" not in raw and records["23-2011"]["observed"] is None


def test_the_rank_counts_only_occupations_with_any_use():
    observed = read_observed_exposure(SAMPLE)
    ranked = sorted(
        (item for item in observed.values() if item["rank"]),
        key=lambda item: item["rank"],
    )
    assert [item["rank"] for item in ranked] == list(range(1, len(ranked) + 1))
    assert all(item["ranked"] == len(ranked) for item in observed.values())
    assert Decimal(ranked[0]["exposure"]) == max(
        Decimal(item["exposure"]) for item in observed.values()
    )


def test_task_figures_come_from_both_anthropic_releases(records):
    penetration = {
        task_key(row["task"]): row["penetration"]
        for row in csv.DictReader(PENETRATION.open(encoding="utf-8"))
    }
    tasks = [task for column in records["29-2072"]["tasks"].values() for task in column]
    for task in tasks:
        raw = penetration.get(task_key(task["text"]))
        if raw is None:
            assert task["observed_use"] is None
        else:
            assert Decimal(task["observed_use"]) == Decimal(raw).quantize(
                Decimal("0.0001")
            )
    shared = [task for task in tasks if task["automation"] is not None]
    assert shared, "the March 2025 release has some of the medical coder's tasks"
    for task in shared:
        assert Decimal(task["automation"]) + Decimal(task["augmentation"]) <= 1


def test_automation_sums_directive_and_feedback_loop():
    by_id, by_key = read_automation(SAMPLE)
    path = (
        SAMPLE
        / "anthropic"
        / "release_2025_03_27"
        / "automation_vs_augmentation_by_task.csv"
    )
    row = next(csv.DictReader(path.open(encoding="utf-8")))
    automation, augmentation = by_key[task_key(row["task_name"])]
    expected = Decimal(row["directive"]) + Decimal(row["feedback_loop"])
    assert Decimal(automation) == expected.quantize(Decimal("0.0001"))
    expected = sum(
        Decimal(row[column]) for column in ("task_iteration", "validation", "learning")
    )
    assert Decimal(augmentation) == expected.quantize(Decimal("0.0001"))


def test_esco_names_come_through_the_crosswalk(records):
    codes = [item["code"] for item in records["29-2072"]["esco"]]
    assert {"3252.1", "3252.1.1"} <= set(codes)
    coder = next(
        item for item in records["29-2072"]["esco"] if item["code"] == "3252.1.1"
    )
    assert coder["label"] == "clinical coder" and coder["isco"] == "3252"
    assert "medical coder" in coder["alt"]


def test_a_repeated_esco_uri_keeps_its_latest_row(tmp_path):
    raw = copy_sample(tmp_path)
    path = raw / "esco" / "occupations_en_v1.2.1.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    older = dict(rows[0], preferredLabel="an older label", modifiedDate="2000-01-01")
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, fieldnames=list(rows[0])).writerow(older)
    assert (
        read_esco_occupations(raw)[rows[0]["code"]]["label"]
        == rows[0]["preferredLabel"]
    )


def copy_sample(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    return raw


def spoil(raw, name, old, new):
    path = raw / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        (
            "bls_ep/ep_2024-34_table_1.2_occupational_projections.csv",
            "194.8",
            "lots",
            "ep_2024-34_table_1.2_occupational_projections.csv, line",
        ),
        (
            "bls_ep/ep_2024-34_table_1.10_separations_openings.csv",
            "12.9,14.2",
            "12.9,99.9",
            "openings for 29-2072 differ from Table 1.2",
        ),
        (
            "anthropic/labor_market_impacts/job_exposure.csv",
            "0.6674",
            "1.6674",
            "job_exposure.csv, line",
        ),
        (
            "anthropic/labor_market_impacts/job_exposure.csv",
            "occ_code",
            "soc",
            "job_exposure.csv, line 1: missing column(s) occ_code",
        ),
        (
            "esco/esco_to_onet-soc_2019.csv",
            "O*NET-SOC 2019 Code",
            "O*NET Code",
            "esco_to_onet-soc_2019.csv, line 1",
        ),
    ],
)
def test_a_bad_source_file_stops_the_import_naming_file_and_line(
    sectors, tmp_path, name, old, new, message
):
    raw = copy_sample(tmp_path)
    spoil(raw, name, old, new)
    with pytest.raises(CommandError) as error:
        run_import("--raw", str(raw), "--derived", str(tmp_path / "derived"))
    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert not DataRelease.objects.exists()
    assert not Role.objects.filter(origin=Role.Origin.DATASET).exists()


def test_a_missing_source_file_stops_the_import(sectors, tmp_path):
    raw = copy_sample(tmp_path)
    (raw / "esco" / "occupations_en_v1.2.1.csv").unlink()
    with pytest.raises(CommandError, match="occupations_en_v1.2.1.csv: cannot open"):
        run_import("--raw", str(raw), "--derived", str(tmp_path / "derived"))
    assert not DataRelease.objects.exists()
    assert not Role.objects.filter(origin=Role.Origin.DATASET).exists()


def test_the_release_writes_the_evidence_onto_editions_and_tasks(sectors, tmp_path):
    publish_raw(SAMPLE, tmp_path)
    coder = Edition.objects.current().get(role__slug="medical-coder")  # editorial
    assert coder.employment_base == 194_800 and coder.employment_projected == 208_600
    assert coder.employment_change_pct == Decimal("7.1")
    assert coder.all_occupations_change_pct == Decimal("3.1")
    assert coder.observed_exposure == Decimal("0.6674") and coder.observed_rank == 2
    assert "job_exposure.csv" in coder.observed_source
    electricians = Edition.objects.current().get(role__soc_code="47-2111")
    assert electricians.observed_exposure == 0 and electricians.observed_rank is None
    paralegals = Edition.objects.current().get(role__soc_code="23-2011")
    assert paralegals.observed_exposure is None and paralegals.observed_source
    dentry = Edition.objects.current().get(role__soc_code="43-9021")
    assert Task.objects.filter(edition=dentry, observed_use__gt=0).exists()
    assert Task.objects.filter(edition=dentry, automation_share__isnull=False).exists()
    # An editorial file's tasks are its editors': no task-level figures.
    assert not Task.objects.filter(edition=coder, observed_use__isnull=False).exists()


def test_an_editorial_file_gets_the_evidence_only_in_a_new_edition(sectors, tmp_path):
    coder = Role.objects.get(slug="medical-coder")  # the shipped editorial file
    published = Edition.objects.current().get(role=coder)
    names = set(coder.alternate_titles.values_list("title", flat=True))
    publish_raw(SAMPLE, tmp_path)
    published.refresh_from_db()
    assert not published.has_outlook  # a published edition is never rewritten
    current = Edition.objects.current().get(role=coder)
    assert current.pk != published.pk
    assert current.release is not None and current.is_public
    assert current.headline == published.headline
    assert current.brief == published.brief
    assert current.risk_score == published.risk_score
    assert current.employment_base == 194_800
    assert current.tasks.count() == published.tasks.count()
    coder.refresh_from_db()
    assert coder.origin == Role.Origin.EDITORIAL
    assert set(coder.alternate_titles.values_list("title", flat=True)) == names
    assert coder.esco_titles.filter(
        label="picture archiving and communication systems administrator"
    ).exists()
