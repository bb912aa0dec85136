"""O*NET 29.3 (skills from 29.2): descriptions, titles, tasks, skills and more.

The readers return each file by O*NET-SOC code; the rest reshapes those rows
into the fields of one SOC occupation, pooling its O*NET codes.
"""

import statistics
from collections import defaultdict
from decimal import Decimal

from django.utils.text import slugify

from roles import scoring
from roles.dataset.raw import number, read_by_code, read_rows

CORE_SKILLS = 6
EMERGING_SKILLS = 8
LEAST_SKILL_IMPORTANCE = Decimal("3.0")  # "important" on O*NET's 1–5 scale
RELATED_ROLES = 10


def read_occupations(raw_dir):
    """O*NET code -> its row of Occupation Data (title and description)."""
    return {
        row["O*NET-SOC Code"]: row
        for _, row in read_rows(
            raw_dir, "occupations", ["O*NET-SOC Code", "Title", "Description"]
        )
    }


def read_tasks(raw_dir):
    """O*NET code -> its current task statements, in file order."""
    tasks = defaultdict(list)
    for line, row in read_rows(
        raw_dir, "tasks", ["O*NET-SOC Code", "Task ID", "Task", "Task Type"]
    ):
        task_id = int(number(row["Task ID"], "tasks", line))
        tasks[row["O*NET-SOC Code"]].append(
            {"id": task_id, "text": row["Task"].strip(), "type": row["Task Type"]}
        )
    return tasks


def dwa_exposure(raw_dir, tasks, labels):
    """Task -> mean economy-wide exposure of its detailed work activities.

    A DWA's exposure is the weighted β of every labelled task, in any
    occupation, that performs it (Core tasks weigh 2, others 1).
    """
    task_types = {
        (code, task["id"]): task["type"]
        for code, items in tasks.items()
        for task in items
    }
    task_dwas = defaultdict(list)
    dwa_pairs = defaultdict(list)
    for line, row in read_rows(
        raw_dir, "task_dwas", ["O*NET-SOC Code", "Task ID", "DWA ID"]
    ):
        key = (row["O*NET-SOC Code"], int(number(row["Task ID"], "task_dwas", line)))
        task_dwas[key].append(row["DWA ID"])
        if key in labels:
            beta = scoring.LABEL_BETA[labels[key][0]]
            dwa_pairs[row["DWA ID"]].append(
                (beta, scoring.task_weight(task_types.get(key)))
            )
    exposure = {dwa: scoring.weighted_mean(pairs) for dwa, pairs in dwa_pairs.items()}
    return {
        key: statistics.fmean(float(exposure[dwa]) for dwa in dwas)
        for key, dwas in task_dwas.items()
        if all(dwa in exposure for dwa in dwas)
    }


def read_alternate_titles(raw_dir):
    return read_by_code(
        raw_dir, "alternate_titles", ["O*NET-SOC Code", "Alternate Title"]
    )


def read_reported_titles(raw_dir):
    return read_by_code(
        raw_dir,
        "reported_titles",
        ["O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"],
    )


def read_technology(raw_dir):
    return read_by_code(
        raw_dir,
        "technology",
        ["O*NET-SOC Code", "Example", "Hot Technology", "In Demand"],
    )


def read_skills(raw_dir):
    return read_by_code(
        raw_dir, "skills", ["O*NET-SOC Code", "Element Name", "Scale ID", "Data Value"]
    )


def read_job_zones(raw_dir):
    return read_by_code(raw_dir, "job_zones", ["O*NET-SOC Code", "Job Zone"])


def read_related(raw_dir):
    return read_by_code(
        raw_dir,
        "related",
        ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
    )


def alternate_titles_of(
    occupation, codes, occupations, reported_titles, alternate_titles
):
    """Other names of the job, most familiar first.

    The titles workers report (those My Next Move shows first) lead, then the
    O*NET titles of the SOC's other codes, then O*NET's alternate titles.
    """
    reported = sorted(
        (row for code in codes for row in reported_titles.get(code, [])),
        key=lambda row: row["Shown in My Next Move"] != "Y",
    )
    candidates = [row["Reported Job Title"] for row in reported]
    candidates += [occupations[code]["Title"] for code in codes]
    candidates += [
        row["Alternate Title"]
        for code in codes
        for row in alternate_titles.get(code, [])
    ]
    seen = {slugify(occupation.title)}
    titles = []
    for title in candidates:
        slug = slugify(title)
        if slug and slug not in seen and len(title) <= 200:
            seen.add(slug)
            titles.append(title.strip())
    return titles


def skills_of(codes, skills, technology):
    """Core: the most important O*NET skills. Emerging: in-demand and hot technologies."""
    importance = defaultdict(list)
    for code in codes:
        for row in skills.get(code, []):
            if row["Scale ID"] == "IM":
                importance[row["Element Name"]].append(Decimal(row["Data Value"]))
    ranked = sorted(
        ((statistics.mean(values), name) for name, values in importance.items()),
        key=lambda item: (-item[0], item[1]),
    )
    core = [name for value, name in ranked if value >= LEAST_SKILL_IMPORTANCE][
        :CORE_SKILLS
    ]

    in_demand, hot = [], []
    for code in codes:
        for row in technology.get(code, []):
            name = row["Example"].strip()
            if row["In Demand"] == "Y" and name not in in_demand:
                in_demand.append(name)
            elif row["Hot Technology"] == "Y" and name not in hot:
                hot.append(name)
    technologies = in_demand + [name for name in hot if name not in in_demand]
    if not core:
        # O*NET publishes no skill ratings for some roles (29-2072 among them):
        # their hot technologies are what the job asks for today.
        core, technologies = technologies[:CORE_SKILLS], technologies[CORE_SKILLS:]
    emerging = [name for name in technologies if name not in core][:EMERGING_SKILLS]
    return {"core": core, "emerging": emerging}


def job_zone_of(codes, job_zones):
    zones = [int(row["Job Zone"]) for code in codes for row in job_zones.get(code, [])]
    return max(zones) if zones else None


def related_of(codes, related, crosswalk, own_soc):
    """O*NET's related occupations as SOC codes, closest first, without repeats."""
    rows = [row for code in codes for row in related.get(code, [])]
    rows.sort(
        key=lambda row: (row["Relatedness Tier"] != "Primary-Short", int(row["Index"]))
    )
    socs = []
    for row in rows:
        soc = crosswalk.get(row["Related O*NET-SOC Code"])
        if soc and soc != own_soc and soc not in socs:
            socs.append(soc)
    return socs[:RELATED_ROLES]
