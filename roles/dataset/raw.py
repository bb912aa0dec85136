"""The raw files of ../shared/data: where each is, and reading their rows.

Every source's reader goes through `read_rows`, which checks the columns and
names the file and line of anything wrong (a `DatasetError`).
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

FILES = {
    "occupations": "onet/Occupation Data.txt",
    "tasks": "onet/Task Statements.txt",
    "alternate_titles": "onet/Alternate Titles.txt",
    "reported_titles": "onet/Sample of Reported Titles.txt",
    "technology": "onet/Technology Skills.txt",
    "skills": "onet/from_db_29_2/Skills.txt",
    "job_zones": "onet/Job Zones.txt",
    "related": "onet/Related Occupations.txt",
    "emerging_tasks": "onet/Emerging Tasks.txt",
    "task_dwas": "onet/Tasks to DWAs.txt",
    "labels": "eloundou/full_labelset.tsv",
    "exposure": "eloundou/occ_level.csv",
    "oews_2024": "oews/national_M2024_dl.csv",
    "oews_2023": "oews/national_M2023_dl.csv",
    "crosswalk": "crosswalk/nem_onet_to_soc_crosswalk.csv",
    "applicability": "microsoft/soc_metrics.csv",
    "projections": "bls_ep/ep_2024-34_table_1.2_occupational_projections.csv",
    "openings": "bls_ep/ep_2024-34_table_1.10_separations_openings.csv",
    "observed_exposure": "anthropic/labor_market_impacts/job_exposure.csv",
    "task_penetration": "anthropic/labor_market_impacts/task_penetration.csv",
    "task_statements_2025": "anthropic/release_2025_03_27/onet_task_statements.csv",
    "automation_2025": "anthropic/release_2025_03_27/automation_vs_augmentation_by_task.csv",
    "esco_occupations": "esco/occupations_en_v1.2.1.csv",
    "esco_crosswalk": "esco/esco_to_onet-soc_2019.csv",
}


class DatasetError(Exception):
    """A raw file is missing, malformed or does not join; names file and line."""


def read_rows(raw_dir, name, columns):
    """Yield (line number, row) of a raw file, checking its columns first."""
    path = Path(raw_dir) / FILES[name]
    delimiter = "," if path.suffix == ".csv" else "\t"
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as error:
        raise DatasetError(f"{path}: cannot open ({error.strerror}).") from error
    with handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [
            column for column in columns if column not in (reader.fieldnames or [])
        ]
        if missing:
            raise DatasetError(
                f"{path}, line 1: missing column(s) {', '.join(missing)}."
            )
        try:
            for row in reader:
                if None in row or any(row[column] is None for column in columns):
                    raise DatasetError(
                        f"{path}, line {reader.line_num}: wrong number of fields."
                    )
                yield reader.line_num, row
        except (csv.Error, UnicodeDecodeError) as error:
            raise DatasetError(f"{path}, line {reader.line_num}: {error}") from error


def number(value, path, line):
    try:
        return Decimal(value)
    except InvalidOperation:
        raise DatasetError(
            f"{FILES[path]}, line {line}: {value!r} is not a number."
        ) from None


def read_by_code(raw_dir, name, columns):
    grouped = defaultdict(list)
    for _, row in read_rows(raw_dir, name, columns):
        grouped[row["O*NET-SOC Code"]].append(row)
    return grouped


@dataclass
class Report:
    """What the build kept and why it skipped the rest."""

    skipped: dict = field(default_factory=lambda: defaultdict(list))
    notes: list = field(default_factory=list)

    def skip(self, reason, item):
        self.skipped[reason].append(item)
