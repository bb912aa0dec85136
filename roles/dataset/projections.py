"""BLS Employment Projections 2024–34: is the job still growing?

Tables 1.2 (projections) and 1.10 (openings) of the National Employment
Matrix, by SOC code. Counts are in thousands in the files and include the
self-employed, so they differ from the OEWS head count.
"""

from roles.dataset.raw import FILES, DatasetError, number, read_rows

PERIOD = "2024–34"
CODE = "2024 National Employment Matrix code"
CHANGE_PCT = "Employment change, percent, 2024–34"
OPENINGS = "Occupational openings, 2024–34 annual average"
ALL_OCCUPATIONS = "00-0000"
PROJECTION_COLUMNS = [
    CODE,
    "Occupation type",
    "Employment, 2024",
    "Employment, 2034",
    "Employment change, numeric, 2024–34",
    CHANGE_PCT,
    "Percent self employed, 2024",
    OPENINGS,
    "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
]
NOT_AVAILABLE = "—"


def people(value, name, line):
    """Thousands with one decimal, as BLS writes them, to a head count."""
    if value == NOT_AVAILABLE:
        return None
    return int(number(value, name, line) * 1000)


def figure(value, name, line):
    return None if value == NOT_AVAILABLE else number(value, name, line)


def words(value):
    return "" if value == NOT_AVAILABLE else value.strip()


def read_projections(raw_dir):
    """SOC code -> the outlook record fields, and the all-occupations change (percent)."""
    name = "projections"
    outlook, everyone = {}, None
    for line, row in read_rows(raw_dir, name, PROJECTION_COLUMNS):
        code = row[CODE].strip()
        if code == ALL_OCCUPATIONS:
            everyone = figure(row[CHANGE_PCT], name, line)
        if row["Occupation type"] != "Line item":
            continue
        outlook[code] = {
            "period": PERIOD,
            "employment_base": people(row["Employment, 2024"], name, line),
            "employment_projected": people(row["Employment, 2034"], name, line),
            "employment_change": people(
                row["Employment change, numeric, 2024–34"], name, line
            ),
            "employment_change_pct": figure(row[CHANGE_PCT], name, line),
            "self_employed_pct": figure(row["Percent self employed, 2024"], name, line),
            "annual_openings": people(row[OPENINGS], name, line),
            "entry_education": words(row["Typical education needed for entry"]),
            "work_experience": words(row["Work experience in a related occupation"]),
            "job_training": words(
                row[
                    "Typical on-the-job training needed to attain competency in the occupation"
                ]
            ),
        }
    if everyone is None:
        raise DatasetError(
            f"{FILES[name]}: no row {ALL_OCCUPATIONS} (all occupations)."
        )
    if not outlook:
        raise DatasetError(f"{FILES[name]}: no line items.")
    check_openings(raw_dir, outlook)
    for record in outlook.values():
        for key in ("employment_change_pct", "self_employed_pct"):
            if record[key] is not None:
                record[key] = str(record[key])
    return outlook, str(everyone)


def check_openings(raw_dir, outlook):
    """Table 1.10 must give the same openings as Table 1.2 for every occupation."""
    name = "openings"
    for line, row in read_rows(raw_dir, name, [CODE, "Occupation type", OPENINGS]):
        code = row[CODE].strip()
        if row["Occupation type"] != "Line item":
            continue
        if code not in outlook:
            raise DatasetError(
                f"{FILES[name]}, line {line}: {code} is not in Table 1.2."
            )
        if people(row[OPENINGS], name, line) != outlook[code]["annual_openings"]:
            raise DatasetError(
                f"{FILES[name]}, line {line}: openings for {code} differ from Table 1.2."
            )
