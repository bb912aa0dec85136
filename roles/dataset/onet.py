"""O*NET 29.3 (skills from 29.2): descriptions, titles, tasks, skills and more.

The readers return each file by O*NET-SOC code; the rest reshapes those rows
into the fields of one SOC occupation, pooling its O*NET codes.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.text import slugify

from roles import scoring
from roles.dataset.raw import number, read_by_code, read_rows

RELATED_ROLES = 10

# --- Skills to build: the rules, each in one place ---------------------------
CORE_SKILLS = 6
LEAST_SKILL_IMPORTANCE = Decimal("3.0")  # "important" on O*NET's 1–5 scale
# A core skill stands at least this far above the skill's mean importance
# over every occupation O*NET rates: what the job needs more than most jobs
# do (and the two figures of its reason differ once rounded).
LEAST_SKILL_EXCESS = Decimal("0.25")
# No skill may sit in more than this share of the (non-empty) core lists.
CORE_SHARE_CAP = Fraction(1, 4)
# Technology: a product, or a commodity class, that O*NET flags (Hot
# Technology or In Demand) for more occupations than Tukey's upper fence of
# all flagged products' (classes') counts, Q3 + 1.5 × IQR, is ubiquitous.
UBIQUITY_FENCE = Decimal("1.5")
# And it belongs to the job's field: the occupations flagging it are at
# least this many times as often in the job's SOC major group as all are.
FIELD_CONCENTRATION = 2
TECHNOLOGIES = 3  # commodity classes shown, each with example products
TECHNOLOGY_EXAMPLES = 3
# O*NET Emerging Tasks: new tasks (not rewordings) recorded within this many
# years of the file's newest one.
EMERGING_TASK_YEARS = 3
EMERGING_TASKS = 3
MOVE_SKILLS = 2  # skills the best safer moves need more than this job does
EMERGING_SKILLS = TECHNOLOGIES + EMERGING_TASKS + MOVE_SKILLS
# The source of an emerging item; an emerging task is a task, not a Skill.
TECHNOLOGY, EMERGING_TASK, MOVE = "technology", "emerging_task", "move"


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

    A DWA's exposure is the weighted β of every labeled task, in any
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


# --- Skills to build ------------------------------------------------------------


def own_codes(soc, codes, data):
    """The O*NET codes whose data describe the job: its own code (the SOC
    code with ".00") where that has data, else every code of it that has."""
    own = f"{soc}.00"
    if own in codes and data.get(own):
        return [own]
    return [code for code in codes if data.get(code)]


def one_decimal(value):
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def month_year(date):
    """O*NET's "08/2024" as "August 2024"."""
    month, year = date.split("/")
    return f"{MONTHS[int(month) - 1]} {year}"


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def read_importance(raw_dir):
    """O*NET code -> {skill: importance on the 1–5 scale (Scale IM)}."""
    importance = defaultdict(dict)
    for line, row in read_rows(
        raw_dir, "skills", ["O*NET-SOC Code", "Element Name", "Scale ID", "Data Value"]
    ):
        if row["Scale ID"] == "IM":
            importance[row["O*NET-SOC Code"]][row["Element Name"]] = number(
                row["Data Value"], "skills", line
            )
    return importance


def read_technology(raw_dir):
    return read_by_code(
        raw_dir,
        "technology",
        [
            "O*NET-SOC Code",
            "Example",
            "Commodity Title",
            "Hot Technology",
            "In Demand",
        ],
    )


def read_emerging_tasks(raw_dir):
    return read_by_code(
        raw_dir, "emerging_tasks", ["O*NET-SOC Code", "Task", "Category", "Date"]
    )


def read_activities(raw_dir):
    """O*NET code -> the detailed work activities (DWA IDs) of its tasks."""
    activities = defaultdict(set)
    for _, row in read_rows(raw_dir, "task_dwas", ["O*NET-SOC Code", "DWA ID"]):
        activities[row["O*NET-SOC Code"]].add(row["DWA ID"])
    return activities


def skill_means(importance):
    """Each skill's mean importance over every occupation the file rates."""
    values = defaultdict(list)
    for ratings in importance.values():
        for name, value in ratings.items():
            values[name].append(value)
    return {name: sum(items) / len(items) for name, items in values.items()}


def skill_profile(soc, codes, importance):
    """The job's importance of each skill: its own code's, else the mean over
    its codes; empty where O*NET rates none of its codes."""
    rated = own_codes(soc, codes, importance)
    values = defaultdict(list)
    for code in rated:
        for name, value in importance[code].items():
            values[name].append(value)
    return {name: sum(items) / len(items) for name, items in values.items()}


def distinctive_skills(profile, means):
    """The job's skills rated important (3 or more of 5) that stand at least
    LEAST_SKILL_EXCESS above the average occupation's, furthest above first."""
    ranked = sorted(
        (
            (value - means[name], name)
            for name, value in profile.items()
            if value >= LEAST_SKILL_IMPORTANCE
            and value - means[name] >= LEAST_SKILL_EXCESS
        ),
        key=lambda item: (-item[0], item[1]),
    )
    return [name for _, name in ranked]


def cap_core_lists(candidates, excess):
    """Each job's core list: its first CORE_SKILLS distinctive skills, with no
    skill in more than CORE_SHARE_CAP of the non-empty lists.

    `candidates` maps a job to its distinctive skills, best first; `excess`
    maps (job, skill) to how far the job's importance stands above the mean.
    A skill over the cap leaves the lists where it stands least above the
    mean (ties: the lower SOC code first) until it fits; those lists take
    their next distinctive skill, and the check runs again until no skill is
    over the cap.
    """
    dropped = set()
    while True:
        lists = {
            job: [name for name in names if (job, name) not in dropped][:CORE_SKILLS]
            for job, names in candidates.items()
        }
        # At least one: a quarter of fewer than four lists is less than one.
        cap = max(1, int(sum(1 for names in lists.values() if names) * CORE_SHARE_CAP))
        holders = defaultdict(list)
        for job, names in lists.items():
            for name in names:
                holders[name].append(job)
        over = {name: jobs for name, jobs in holders.items() if len(jobs) > cap}
        if not over:
            return lists
        for name, jobs in over.items():
            jobs.sort(key=lambda job: (excess[job, name], job))
            dropped.update((job, name) for job in jobs[: len(jobs) - cap])


def core_reason(importance, mean):
    return (
        f"Importance {one_decimal(importance)} of 5 here, "
        f"{one_decimal(mean)} on average across occupations"
    )


@dataclass
class TechnologySpread:
    """How widely O*NET flags each product and commodity class (Hot
    Technology or In Demand), over every occupation of the file."""

    products: dict = field(default_factory=lambda: defaultdict(set))
    classes: dict = field(default_factory=lambda: defaultdict(set))
    groups: Counter = field(default_factory=Counter)  # codes per SOC major group
    occupations: int = 0
    product_fence: Decimal = Decimal(0)
    class_fence: Decimal = Decimal(0)

    def is_ubiquitous(self, product, commodity):
        return (
            len(self.products[product]) > self.product_fence
            or len(self.classes[commodity]) > self.class_fence
        )

    def is_of_field(self, product, soc):
        """Whether the occupations flagging the product are at least
        FIELD_CONCENTRATION times as often in the job's major group as all are."""
        flagging = self.products[product]
        inside = sum(1 for code in flagging if code[:2] == soc[:2])
        return inside * self.occupations >= FIELD_CONCENTRATION * self.groups[
            soc[:2]
        ] * len(flagging)


def upper_fence(counts):
    """Tukey's upper fence of a list of counts: Q3 + 1.5 × IQR."""
    if len(counts) < 2:
        return Decimal(max(counts, default=0))
    q1, _, q3 = (
        Decimal(str(value))
        for value in statistics.quantiles(sorted(counts), n=4, method="inclusive")
    )
    return q3 + UBIQUITY_FENCE * (q3 - q1)


def technology_spread(technology):
    spread = TechnologySpread()
    for code, rows in technology.items():
        spread.groups[code[:2]] += 1
        for row in rows:
            if is_flagged(row):
                spread.products[row["Example"].strip()].add(code)
                spread.classes[row["Commodity Title"].strip()].add(code)
    spread.occupations = len(technology)
    spread.product_fence = upper_fence([len(c) for c in spread.products.values()])
    spread.class_fence = upper_fence([len(c) for c in spread.classes.values()])
    return spread


def is_flagged(row):
    return row["Hot Technology"] == "Y" or row["In Demand"] == "Y"


def technology_items(soc, codes, technology, spread):
    """Technology to build next: products O*NET flags for this job that are
    neither ubiquitous nor outside its field, shown by their commodity class
    (a product name alone often means nothing to a reader) with the products
    as examples. Classes with more such products first."""
    found = defaultdict(dict)  # class -> product -> (hot, in demand here)
    for code in own_codes(soc, codes, technology):
        for row in technology[code]:
            product, commodity = row["Example"].strip(), row["Commodity Title"].strip()
            if (
                is_flagged(row)
                and not spread.is_ubiquitous(product, commodity)
                and spread.is_of_field(product, soc)
            ):
                hot, demand = found[commodity].get(product, (False, False))
                found[commodity][product] = (
                    hot or row["Hot Technology"] == "Y",
                    demand or row["In Demand"] == "Y",
                )
    ranked = sorted(
        found.items(),
        key=lambda item: (
            -len(item[1]),
            min(len(spread.products[p]) for p in item[1]),
            item[0],
        ),
    )
    return [
        {
            "name": commodity,
            "reason": technology_reason(products, spread),
            "source": TECHNOLOGY,
        }
        for commodity, products in ranked[:TECHNOLOGIES]
    ]


def technology_reason(products, spread):
    """Which products O*NET flags for the job, and how few occupations share them."""
    # The best-known examples first: those flagged for more occupations.
    examples = sorted(products, key=lambda p: (-len(spread.products[p]), p))
    for count in range(min(TECHNOLOGY_EXAMPLES, len(examples)), 0, -1):
        reason = products_reason(examples[:count], products, spread)
        if len(reason) <= 300 or count == 1:
            return reason[:300]


def products_reason(examples, products, spread):
    hot = [p for p in examples if products[p][0]]
    demand = [p for p in examples if products[p][1]]
    if not hot:
        kind = "in demand"
    elif len(hot) == len(examples):
        kind = "hot technology"
    else:
        kind = "hot or in-demand technology"
    if hot and demand:
        kind += f" (in demand in this job’s postings: {', '.join(demand)})"
    widest = max(len(spread.products[p]) for p in examples)
    if len(examples) == 1:
        return (
            f"O*NET lists {examples[0]} for this job as {kind}; it is flagged for "
            f"{widest} of {spread.occupations} occupations"
        )
    names = ", ".join(examples[:-1]) + f" and {examples[-1]}"
    return (
        f"O*NET lists {names} for this job as {kind}; none is flagged for more "
        f"than {widest} of {spread.occupations} occupations"
    )


def emerging_since(emerging_tasks):
    """(year, month) from which an emerging task counts: EMERGING_TASK_YEARS
    before the newest date in the file."""
    dates = [
        (int(row["Date"][3:]), int(row["Date"][:2]))
        for rows in emerging_tasks.values()
        for row in rows
    ]
    if not dates:
        return None
    year, month = max(dates)
    return year - EMERGING_TASK_YEARS, month


def emerging_task_items(soc, codes, emerging_tasks, since):
    """O*NET's new emerging tasks for the job, newest first: work it is
    starting to include, not yet among its rated task statements."""
    rows = [
        row
        for code in own_codes(soc, codes, emerging_tasks)
        for row in emerging_tasks[code]
        if row["Category"] == "New"
        and (int(row["Date"][3:]), int(row["Date"][:2])) >= since
    ]
    rows.sort(key=lambda row: (-int(row["Date"][3:]), -int(row["Date"][:2])))
    items = []
    for row in rows:
        text = " ".join(row["Task"].split())
        if text and text not in (item["name"] for item in items):
            items.append(
                {
                    "name": text,
                    "reason": f"A new task O*NET recorded for this occupation in "
                    f"{month_year(row['Date'])}, not yet among its rated tasks",
                    "source": EMERGING_TASK,
                }
            )
    return items[:EMERGING_TASKS]


@dataclass
class SkillData:
    """The O*NET files behind skills, technology and safer moves."""

    importance: dict
    means: dict
    technology: dict
    spread: TechnologySpread
    emerging_tasks: dict
    since: tuple | None
    activities: dict

    @classmethod
    def read(cls, raw_dir):
        importance = read_importance(raw_dir)
        technology = read_technology(raw_dir)
        emerging_tasks = read_emerging_tasks(raw_dir)
        return cls(
            importance=importance,
            means=skill_means(importance),
            technology=technology,
            spread=technology_spread(technology),
            emerging_tasks=emerging_tasks,
            since=emerging_since(emerging_tasks),
            activities=read_activities(raw_dir),
        )

    def profile(self, soc, codes):
        return skill_profile(soc, codes, self.importance)

    def job_activities(self, soc, codes):
        found = set()
        for code in own_codes(soc, codes, self.activities):
            found |= self.activities[code]
        return found

    def choices(self):
        """The thresholds the data set, for the release's meta."""
        return {
            "core_skill_least_excess": str(LEAST_SKILL_EXCESS),
            "core_skill_share_cap": str(CORE_SHARE_CAP),
            "technology_ubiquity_fence": {
                "products": str(self.spread.product_fence),
                "classes": str(self.spread.class_fence),
                "occupations": self.spread.occupations,
            },
            "emerging_tasks_since": "{1:02d}/{0}".format(*self.since)
            if self.since
            else None,
        }


def skills_of(soc, codes, data):
    """The job's own skill lists before the all-roles steps: technology and
    emerging tasks to build next. Core skills (capped across all roles) and
    the skills safer moves need come in add_core_skills and moves.add_moves."""
    emerging = technology_items(soc, codes, data.technology, data.spread)
    if data.since is not None:
        emerging += emerging_task_items(soc, codes, data.emerging_tasks, data.since)
    return {"core": [], "emerging": emerging}


def add_core_skills(records, data):
    """Every record's core skills, the quarter cap applied over all records."""
    profiles = {
        record["soc"]: data.profile(record["soc"], record["onet_codes"])
        for record in records
    }
    candidates = {
        soc: distinctive_skills(profile, data.means)
        for soc, profile in profiles.items()
    }
    excess = {
        (soc, name): profiles[soc][name] - data.means[name]
        for soc, names in candidates.items()
        for name in names
    }
    lists = cap_core_lists(candidates, excess)
    for record in records:
        soc = record["soc"]
        record["skill_ratings"] = bool(profiles[soc])
        record["skills"]["core"] = [
            {"name": name, "reason": core_reason(profiles[soc][name], data.means[name])}
            for name in lists[soc]
        ]
    return profiles


def skill_entries(skills, kind):
    """A record's skills of one kind as {"name", "reason", "source"} items.

    Release files before 2027 list plain names; they are replayed by this
    code, so both shapes are read.
    """
    return [
        {"name": item, "reason": "", "source": ""}
        if isinstance(item, str)
        else {"reason": "", "source": "", **item}
        for item in (skills or {}).get(kind, [])
    ]


def is_skill(entry):
    """Whether an entry is stored as a Skill (an emerging task is not)."""
    return entry["source"] != EMERGING_TASK
