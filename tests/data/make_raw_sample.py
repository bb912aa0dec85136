"""Cut a small sample of the raw research data for the import tests.

    python tests/data/make_raw_sample.py ../shared/data tests/data/raw_sample

Keeps every row of each raw file that belongs to a handful of occupations
(plus header rows and the OEWS total), in the raw files' own layout, so the
tests exercise the real readers and joins without ../shared. Each kept row is
copied unchanged.
"""

import csv
import shutil
import sys
from pathlib import Path

ONET_CODES = {
    "11-1011.00",  # Chief Executives: one SOC, two O*NET codes
    "11-1011.03",
    "15-1252.00",  # Software Developers
    "23-2011.00",  # Paralegals and Legal Assistants
    "29-2072.00",  # Medical Records Specialists: no O*NET skill ratings
    "43-9021.00",  # Data Entry Keyers
    "47-2111.00",  # Electricians
}
SOC_CODES = {
    "00-0000",
    "11-1011",
    "15-1252",
    "23-2011",
    "29-2072",
    "43-9021",
    "47-2111",
}
SOC_CODES.add("51-9199")  # an OEWS occupation with no exposure data: skipped

BY_ONET = {
    "onet/Occupation Data.txt": "O*NET-SOC Code",
    "onet/Task Statements.txt": "O*NET-SOC Code",
    "onet/Alternate Titles.txt": "O*NET-SOC Code",
    "onet/Sample of Reported Titles.txt": "O*NET-SOC Code",
    "onet/Technology Skills.txt": "O*NET-SOC Code",
    "onet/Emerging Tasks.txt": "O*NET-SOC Code",
    "onet/from_db_29_2/Skills.txt": "O*NET-SOC Code",
    "onet/Job Zones.txt": "O*NET-SOC Code",
    "onet/Related Occupations.txt": "O*NET-SOC Code",
    "onet/Tasks to DWAs.txt": "O*NET-SOC Code",
    "eloundou/full_labelset.tsv": "O*NET-SOC Code",
    "eloundou/occ_level.csv": "O*NET-SOC Code",
    "crosswalk/nem_onet_to_soc_crosswalk.csv": "O*NET-SOC Code",
}
BY_SOC = {
    "oews/national_M2024_dl.csv": "OCC_CODE",
    "oews/national_M2023_dl.csv": "OCC_CODE",
    "microsoft/soc_metrics.csv": "SOC Code",
    "bls_ep/ep_2024-34_table_1.2_occupational_projections.csv": "2024 National Employment Matrix code",
    "bls_ep/ep_2024-34_table_1.10_separations_openings.csv": "2024 National Employment Matrix code",
}
# Paralegals keep no observed-exposure row: the "no data" state.
OBSERVED_SOC = SOC_CODES - {"23-2011"}
TASK_FILES = {
    "anthropic/labor_market_impacts/task_penetration.csv": "task",
    "anthropic/release_2025_03_27/automation_vs_augmentation_by_task.csv": "task_name",
    "anthropic/release_2025_03_27/onet_task_statements.csv": "Task",
}


def cut(source, target, column, keep):
    delimiter = "," if source.suffix == ".csv" else "\t"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open(newline="", encoding="utf-8") as handle:
        lines = handle.read().splitlines(keepends=True)
    header = next(csv.reader([lines[0]], delimiter=delimiter))
    index = header.index(column)
    kept = [lines[0]]
    for line in lines[1:]:
        row = next(csv.reader([line], delimiter=delimiter))
        if row[index] in keep:
            kept.append(line)
    with target.open("w", newline="", encoding="utf-8") as handle:
        handle.writelines(kept)


def task_key(text):
    return " ".join(text.split()).lower()


def cut_rows(source, target, keep_row):
    """Like cut, for files whose quoted fields hold newlines (rows rewritten as CSV)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    with target.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [rows[0], *(row for row in rows[1:] if keep_row(rows[0], row))]
        )


def main(raw, sample):
    raw, sample = Path(raw), Path(sample)
    for name, column in BY_ONET.items():
        cut(raw / name, sample / name, column, ONET_CODES)
    for name, column in BY_SOC.items():
        cut(raw / name, sample / name, column, SOC_CODES)
    name = "anthropic/labor_market_impacts/job_exposure.csv"
    cut(raw / name, sample / name, "occ_code", OBSERVED_SOC)
    with (raw / "onet/Task Statements.txt").open(encoding="utf-8") as handle:
        tasks = {
            task_key(row["Task"])
            for row in csv.DictReader(handle, delimiter="\t")
            if row["O*NET-SOC Code"] in ONET_CODES
        }
    for name, column in TASK_FILES.items():
        cut_rows(
            raw / name,
            sample / name,
            lambda header, row, column=column: (
                task_key(row[header.index(column)]) in tasks
            ),
        )
    crosswalk = "esco/esco_to_onet-soc_2019.csv"
    cut(raw / crosswalk, sample / crosswalk, "O*NET-SOC 2019 Code", ONET_CODES)
    with (sample / crosswalk).open(newline="", encoding="utf-8") as handle:
        esco_codes = {row["ESCO/ISCO Code"] for row in csv.DictReader(handle)}
    cut_rows(
        raw / "esco/occupations_en_v1.2.1.csv",
        sample / "esco/occupations_en_v1.2.1.csv",
        lambda header, row: row[header.index("code")] in esco_codes,
    )
    shutil.copytree(raw / "LICENSES", sample / "LICENSES", dirs_exist_ok=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
