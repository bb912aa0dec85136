"""BLS Occupational Employment and Wage Statistics: the SOC occupations.

The detailed occupations of the national estimates, with their workers and
wages (May 2024, and May 2023 for the trend).
"""

from dataclasses import dataclass, field

from roles.dataset.raw import FILES, DatasetError, number, read_rows


def oews_number(value, name, line):
    """OEWS figures: '*', '**' and '#' mean not published or top-coded, so None."""
    if value in ("*", "**", "#", ""):
        return None
    return int(number(value, name, line))


@dataclass
class Occupation:
    """One SOC occupation (an OEWS 2024 detailed code) and its O*NET codes."""

    soc: str
    title: str
    workers: int | None
    mean_wage: int | None
    median_wage: int | None
    onet_codes: list = field(default_factory=list)


def read_oews(raw_dir, name):
    rows = {}
    for line, row in read_rows(
        raw_dir,
        name,
        ["OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEAN", "A_MEDIAN"],
    ):
        if row["O_GROUP"] != "detailed":
            continue
        rows[row["OCC_CODE"]] = Occupation(
            soc=row["OCC_CODE"],
            title=row["OCC_TITLE"],
            workers=oews_number(row["TOT_EMP"], name, line),
            mean_wage=oews_number(row["A_MEAN"], name, line),
            median_wage=oews_number(row["A_MEDIAN"], name, line),
        )
    if not rows:
        raise DatasetError(f"{FILES[name]}: no detailed occupations.")
    return rows
