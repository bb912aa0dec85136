"""The open data: what the JSON API and the CSV say about each public role.

The columns are written once, here, with their descriptions: the API, the CSV
and the documentation page all read them, so the docs cannot drift from the data.
"""

import csv
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from roles import evidence, next_moves, responses, scoring
from roles.dataset.anthropic import OBSERVED_RELEASE, TASK_RELEASE
from roles.dataset.esco import ACKNOWLEDGMENT
from roles.dataset.projections import PERIOD
from roles.dataset.raw import FILES
from roles.evidence import Observed
from roles.models import ContentStamp
from roles.querysets import OBSERVED_FILTERS

LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class DataSource:
    name: str
    url: str
    used_for: str
    licence: str
    credit: str
    short: str


DATA_SOURCES = (
    DataSource(
        "BLS Occupational Employment and Wage Statistics, May 2024",
        "https://www.bls.gov/oes/",
        "US workers and average pay (May 2023 for the trend)",
        "Public domain",
        "Employment and wages: U.S. Bureau of Labor Statistics, Occupational "
        "Employment and Wage Statistics (OEWS), May 2024 national estimates "
        "(May 2023 for the trend). Public domain.",
        "BLS OEWS May 2024 (public domain)",
    ),
    DataSource(
        "O*NET 29.3 Database",
        "https://www.onetcenter.org/database.html",
        "Titles, summaries, alternate titles, tasks and skills",
        "CC BY 4.0",
        "This file includes information from the O*NET 29.3 Database by the U.S. "
        "Department of Labor, Employment and Training Administration (USDOL/ETA). "
        "Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA. "
        "Takeover Meter has modified all or some of this information. USDOL/ETA "
        "has not approved, endorsed, or tested these modifications.",
        "O*NET 29.3 by USDOL/ETA (CC BY 4.0, modified)",
    ),
    DataSource(
        "Eloundou, Manning, Mishkin & Rock (2024), GPTs are GPTs",
        "https://github.com/openai/GPTs-are-GPTs",
        "Task exposure: the task automation proxy, skill vulnerability, "
        "the horizon and the uncertainty",
        "MIT",
        "Exposure scores: Eloundou, Manning, Mishkin & Rock (2024), GPTs are GPTs, "
        "Science 384(6702); data from github.com/openai/GPTs-are-GPTs (MIT license, "
        "(c) 2024 OpenAI).",
        "Eloundou et al. 2024 (MIT, (c) 2024 OpenAI)",
    ),
    DataSource(
        "Tomlinson, Jaffe, Wang, Counts & Suri (2025), Working with AI",
        "https://github.com/microsoft/working-with-ai",
        "AI applicability and its split between assisting and performing: "
        "AI complementarity",
        "CC BY 4.0",
        "AI applicability scores: Tomlinson, Jaffe, Wang, Counts & Suri (2025), "
        "Working with AI: Measuring the Applicability of Generative AI to "
        "Occupations, arXiv:2507.07935; data from github.com/microsoft/working-with-ai, "
        "CC BY 4.0.",
        "Tomlinson et al. 2025, Microsoft (CC BY 4.0)",
    ),
    DataSource(
        f"BLS Employment Projections {PERIOD}",
        "https://www.bls.gov/emp/",
        "The 10-year outlook: employment in 2024 and 2034, the change, annual "
        "openings, the self-employed share, typical entry education, work "
        "experience and on-the-job training",
        "Public domain",
        "Source: Employment Projections program, U.S. Bureau of Labor Statistics "
        f"({PERIOD}, Tables 1.2 and 1.10). Public domain.",
        f"BLS Employment Projections {PERIOD} (public domain)",
    ),
    DataSource(
        f"Anthropic Economic Index, {OBSERVED_RELEASE}: labor market impacts",
        "https://huggingface.co/datasets/Anthropic/EconomicIndex",
        "Observed AI use: each occupation’s observed exposure and rank, and each "
        "task’s observed use",
        "CC BY",
        f"Anthropic Economic Index (Anthropic, {OBSERVED_RELEASE}), CC BY. "
        "Massenkoff & McCrory, Labor market impacts of AI: a new measure and early "
        "evidence; files job_exposure.csv and task_penetration.csv of "
        "labor_market_impacts, unmodified.",
        f"Anthropic Economic Index (Anthropic, {OBSERVED_RELEASE}), CC BY",
    ),
    DataSource(
        f"Anthropic Economic Index, {TASK_RELEASE}: automation and augmentation",
        "https://huggingface.co/datasets/Anthropic/EconomicIndex",
        "How much of a task’s observed use automates rather than augments the work",
        "CC BY",
        f"Anthropic Economic Index (Anthropic, {TASK_RELEASE}), CC BY. Handa et al., "
        "Which Economic Tasks are Performed with AI? Evidence from Millions of Claude "
        "Conversations; file automation_vs_augmentation_by_task.csv of "
        "release_2025_03_27, whose columns Takeover Meter adds up into automation "
        "and augmentation shares.",
        f"Anthropic Economic Index (Anthropic, {TASK_RELEASE}), CC BY",
    ),
    DataSource(
        "ESCO v1.2.1 occupations and the ESCO–O*NET crosswalk",
        "https://esco.ec.europa.eu/",
        "European names of each job and their ISCO-08 groups",
        "ESCO reuse conditions (free reuse with acknowledgment)",
        f"{ACKNOWLEDGMENT} ESCO v1.2.1 occupations (English) and the joint European "
        "Commission / US Department of Labor ESCO–O*NET-SOC crosswalk. Takeover "
        "Meter has modified them: labels are matched to roles through the crosswalk.",
        f"ESCO v1.2.1 (European Commission, modified). {ACKNOWLEDGMENT}",
    ),
)
ATTRIBUTION = (
    "Takeover Meter, AI exposure role files, published under CC BY 4.0.",
    *(source.credit for source in DATA_SOURCES),
)
LICENCE_TEXTS_DIR = settings.BASE_DIR / "fixtures" / "dataset" / "LICENSES"


@functools.cache
def licence_texts():
    """The license texts and notices that must travel with copies of the data."""
    parts = []
    for path in sorted(Path(LICENCE_TEXTS_DIR).iterdir()):
        parts.append(f"==> {path.name} <==\n\n{path.read_text().strip()}\n")
    return "\n\n".join(parts)


def number(value):
    """Decimals as JSON numbers: whole ones as integers, others as floats."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def absolute(path):
    """A path on SITE_URL, whatever host the request came to."""
    return f"{settings.SITE_URL}{path}"


def soc_2018(code):
    """A 2018 SOC code from either form: "29-2072" or O*NET-SOC "29-2072.00"."""
    return code.split(".")[0]


def edition_code(edition):
    return f"{edition.year}-q{edition.quarter}"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    value: Callable[[Any], Any]
    source: str = ""

    @property
    def source_parts(self):
        """The source path in pieces, after each / and _, where a line may break."""
        return re.split(r"(?<=[/_])", self.source)


def field(name, type_, description):
    """A column read straight from the edition, numbers made JSON-friendly."""
    return Column(name, type_, description, lambda e: number(getattr(e, name)))


# One row per role: the API's list, the head of each role document, the CSV.
COLUMNS = (
    Column(
        "slug", "string", "The role's address: /roles/<slug>/.", lambda e: e.role.slug
    ),
    Column("title", "string", "The occupation's title.", lambda e: e.role.title),
    Column(
        "soc_code",
        "string",
        "2018 SOC code (e.g. 29-2072); empty where the role has none.",
        lambda e: soc_2018(e.role.soc_code),
    ),
    Column("sector", "string", "The sector's name.", lambda e: e.role.sector.name),
    Column(
        "origin",
        "string",
        "editorial (written by the editors) or dataset (built from the data files).",
        lambda e: e.role.origin,
    ),
    Column(
        "edition",
        "string",
        "The current public edition, as yyyy-qN.",
        edition_code,
    ),
    Column(
        "published_on",
        "date",
        "The day the edition went public (ISO 8601).",
        lambda e: e.published_on.isoformat(),
    ),
    field("risk_score", "integer 0–100", "AI risk, computed from the three factors."),
    Column(
        "band",
        "string",
        "Risk band: "
        + ", ".join(f"{b.label} ({b.range_label})" for b in scoring.BANDS)
        + ".",
        lambda e: e.band.label if e.band else None,
    ),
    field(
        "horizon_min_years",
        "integer",
        "Fewest years until most of the work is exposed (data-built files: from "
        "Eloundou et al.'s α and γ over all the role's tasks, Core tasks twice).",
    ),
    field(
        "horizon_max_years",
        "integer",
        "Most years until most of the work is exposed (as horizon_min_years).",
    ),
    *(
        field(
            factor.field,
            "number 0–100",
            f"{factor.name}: {factor.meaning[:1].lower()}{factor.meaning[1:]} "
            f"(weight {factor.weight}, {'raises' if factor.raises_risk else 'lowers'} "
            f"risk). Data-built files: {factor.data_built}",
        )
        for factor in scoring.FACTORS
    ),
    field(
        "uncertainty",
        "number 0–100",
        "Spread between the GPT-4 and human-rated exposure, in points.",
    ),
    field(
        "exposure_beta_gpt4", "number 0–100", "Eloundou et al. β × 100, GPT-4 labels."
    ),
    field(
        "exposure_beta_human", "number 0–100", "Eloundou et al. β × 100, human labels."
    ),
    field(
        "ai_applicability", "number 0–100", "Microsoft's AI applicability score × 100."
    ),
    field("us_workers", "integer", "People employed in the role in the US."),
    field("mean_salary", "integer", "Average yearly pay, US dollars."),
    field(
        "median_salary", "integer", "Median yearly pay, US dollars, where published."
    ),
    field("data_vintage", "string", "The data behind the file."),
    Column(
        "url",
        "URL",
        "The role file on the site.",
        lambda e: absolute(e.role.get_absolute_url()),
    ),
    Column(
        "api_url",
        "URL",
        "This role's full JSON document.",
        lambda e: absolute(reverse("roles:api_role", args=[e.role.slug])),
    ),
)

# The evidence beside the score, in the same rows. The CSV appends these after
# its licence and attribution columns, so no earlier column moves.
PROJECTIONS_FILE = FILES["projections"]
OBSERVED_FILE = FILES["observed_exposure"]
TASK_PENETRATION_FILE = FILES["task_penetration"]
LABELS_FILE = FILES["labels"]
AUTOMATION_FILE = FILES["automation_2025"]
ESCO_FILES = f"{FILES['esco_occupations']} and {FILES['esco_crosswalk']}"
ESCO_TITLES_IN_ROW = 5
LIST_SEPARATOR = "; "


def observed_state(edition):
    """The edition's observed-use state; None: built before the evidence."""
    if not edition.observed_source:
        return None
    return evidence.observed_state(edition.observed_exposure)


def observed_state_counts():
    """Aggregates counting the current editions in each observed state: the
    index's filters for the three states, and editions from before the evidence."""
    return {
        Observed.MEASURED: Count("pk", filter=OBSERVED_FILTERS["seen"]),
        Observed.NOT_SEEN: Count("pk", filter=OBSERVED_FILTERS["not-seen"]),
        Observed.NO_DATA: Count("pk", filter=OBSERVED_FILTERS["no-data"]),
        "before_evidence": Count("pk", filter=Q(observed_source="")),
    }


def outlook_value(edition, name):
    """An outlook figure; null where the edition has no projection or BLS gives none."""
    value = getattr(edition, name) if edition.has_outlook else None
    return None if value == "" else number(value)


def outlook_field(name, type_, description):
    return Column(
        name,
        type_,
        description,
        lambda e: outlook_value(e, name),
        PROJECTIONS_FILE,
    )


def observed_field(name, type_, description):
    """An observed-use figure, null where the edition predates the evidence."""
    return Column(
        name,
        type_,
        description,
        lambda e: number(getattr(e, name)) if e.has_observed_evidence else None,
        OBSERVED_FILE,
    )


def preferred_esco(edition):
    """The role's ESCO occupations by their preferred labels, most specific first.

    Read from a prefetch (views add `with_esco`), so a page of rows costs one query.
    """
    return edition.role.preferred_esco


def isco_groups(edition):
    """The role's ISCO-08 groups, each once, in the order of its ESCO occupations."""
    return list(dict.fromkeys(title.isco_group for title in preferred_esco(edition)))


STATES = (
    f"{Observed.MEASURED} (a value above 0), {Observed.NOT_SEEN} (a measured 0: "
    f"not seen in the conversations studied), {Observed.NO_DATA} (the release has "
    "no row for it), or null (built before the evidence)"
)

EVIDENCE_COLUMNS = (
    Column(
        "outlook_period",
        "string",
        "The projection decade, e.g. 2024–34; null where the edition has no outlook "
        "(built before the projections), and then every outlook field is null.",
        lambda e: e.outlook_period or None,
        PROJECTIONS_FILE,
    ),
    outlook_field(
        "employment_base",
        "integer",
        "Employment at the start of the decade (2024), people. Counts the "
        "self-employed, so it differs from us_workers (OEWS).",
    ),
    outlook_field(
        "employment_projected",
        "integer",
        "Projected employment at the end of the decade (2034), people.",
    ),
    outlook_field(
        "employment_change",
        "integer",
        "Projected change over the decade, people; negative for a decline.",
    ),
    outlook_field(
        "employment_change_pct",
        "number",
        "Projected change over the decade, percent, one decimal place.",
    ),
    outlook_field(
        "all_occupations_change_pct",
        "number",
        "Projected change for all occupations together, percent, to compare with.",
    ),
    outlook_field(
        "annual_openings",
        "integer",
        "Openings a year on average over the decade (growth plus workers who leave "
        "or change occupation), people.",
    ),
    outlook_field(
        "self_employed_pct", "number", "Percent of the 2024 employment self-employed."
    ),
    outlook_field(
        "entry_education",
        "string",
        "Typical education needed for entry, in BLS’s words; null where BLS gives none.",
    ),
    outlook_field(
        "work_experience",
        "string",
        "Work experience in a related occupation, in BLS’s words (None means none "
        "is needed).",
    ),
    outlook_field(
        "job_training",
        "string",
        "Typical on-the-job training to become competent, in BLS’s words.",
    ),
    observed_field(
        "observed_exposure",
        "number 0–1",
        "Observed exposure: the share of the occupation’s work seen in Claude "
        "conversations, weighted as its authors describe, exactly as published. "
        "0 is a measured zero (not seen); null is no data, or an edition built "
        "before the evidence: read observed_state. Evidence beside the score, not "
        "part of it.",
    ),
    Column(
        "observed_state",
        "string",
        f"What observed_exposure is: {STATES}.",
        observed_state,
        OBSERVED_FILE,
    ),
    observed_field(
        "observed_rank",
        "integer",
        "Rank of observed_exposure among the occupations with any (1 is highest); "
        "null for a measured zero and for no data.",
    ),
    observed_field(
        "observed_ranked",
        "integer",
        "How many occupations have any observed exposure: the rank is out of this.",
    ),
    Column(
        "observed_source",
        "string",
        "The release and file the observed figures were read from; null where the "
        "edition predates the evidence.",
        lambda e: e.observed_source or None,
        OBSERVED_FILE,
    ),
    Column(
        "isco_groups",
        "list of strings",
        "ISCO-08 unit groups (4 digits) of the role’s European (ESCO) names, through "
        "the ESCO–O*NET crosswalk; empty where the crosswalk names none.",
        isco_groups,
        ESCO_FILES,
    ),
    Column(
        "esco_titles",
        "list of strings",
        f"Up to {ESCO_TITLES_IN_ROW} ESCO preferred labels reaching the role, most "
        "specific first (the role’s JSON has them all). One ESCO occupation often "
        "reaches several roles.",
        lambda e: [title.label for title in preferred_esco(e)[:ESCO_TITLES_IN_ROW]],
        ESCO_FILES,
    ),
)

# What /api/roles/<slug>.json adds to the row above.
DOCUMENT_FIELDS = (
    ("summary", "string", "What the job is."),
    ("alternate_titles", "list of strings", "Other names of the job."),
    ("headline", "string", "The assessment in one sentence."),
    ("brief", "list of strings", "The assessment, one paragraph per item."),
    ("key_takeaways", "list of strings", "The takeaways, one per item."),
    ("workers_note", "string", "Where the worker count comes from."),
    ("salary_note", "string", "Where the pay figure comes from."),
    ("prior_us_workers", "integer", "US workers a year earlier."),
    ("prior_mean_salary", "integer", "Average pay a year earlier."),
    ("change_note", "string", "What changed in this edition."),
    (
        "tasks",
        "list of objects",
        "kind (ai: AI will handle, human: stays human), text, exposure and "
        "time_share (0–100 or null), the raters’ labels and specialty, the "
        "observed-use fields below, and readers: what readers who chose to answer "
        "say of the task in their own job, apart from the score (responses, then "
        "shares ai_does, ai_doesnt and not_mine in whole percents, from "
        f"{responses.PUBLIC_THRESHOLD} responses on, else null; comments an editor "
        "approved, newest first; counted_at), null while nothing of it is public.",
    ),
    (
        "skills",
        "list of objects",
        "kind (core or emerging), name, url and reason (why it is on the list, in "
        "one line; empty on older editions and on editors' lists).",
    ),
    (
        "emerging_tasks",
        "list of objects",
        "New tasks O*NET has recorded for the job but not yet rated (Emerging "
        "Tasks, category New, of the last three years): text and reason.",
    ),
    (
        "safer_moves",
        "list of objects",
        "Roles a worker could move to, best first, each at least "
        f"{next_moves.MIN_RISK_GAP} points lower in AI risk than this edition: slug, "
        "title, url, risk_score, band, risk_gap, overlap (0–100: shared "
        "above-average skills and less common work activities), reason, and "
        "pay_gap (their mean annual wage minus this role's, null unless both are "
        "the BLS OEWS mean of the same year).",
    ),
    ("sources", "list of objects", "publisher, title, url, year and detail."),
    (
        "history",
        "list of objects",
        "Every public edition, newest first: edition, published_on, risk_score, "
        "band and url.",
    ),
)

# What the role document adds for the evidence, with the file behind each.
EVIDENCE_DOCUMENT_FIELDS = (
    Column(
        "esco_occupations",
        "list of objects",
        "Every ESCO occupation reaching the role, most specific first: label (its "
        "preferred label), esco_code and isco_group (ISCO-08).",
        lambda e: [
            {
                "label": title.label,
                "esco_code": title.esco_code,
                "isco_group": title.isco_group,
            }
            for title in preferred_esco(e)
        ],
        ESCO_FILES,
    ),
    Column(
        "tasks[].gpt4_label",
        "string",
        "The task’s GPT-4 exposure label in Eloundou et al. (2024): E0 not "
        "exposed, E1 directly exposed (an LLM alone at least halves the time), "
        "E2 exposed once tools are built on LLMs. Null for tasks our editors wrote "
        "and in editions built before the labels were kept.",
        None,
        LABELS_FILE,
    ),
    Column(
        "tasks[].human_label",
        "string",
        "The human annotators’ label of the task (human_exposure_agg), E0 to E2 as "
        "above; null where gpt4_label is. Both exposed (E1 or E2) puts a data-built "
        "task under AI will handle.",
        None,
        LABELS_FILE,
    ),
    Column(
        "tasks[].specialty",
        "string",
        "The O*NET title of the code the task comes from when that is not the "
        "occupation’s own (.00) code, shown only where the own code is missing or "
        "has fewer than ten labeled tasks; null for the occupation’s own tasks.",
        None,
        FILES["occupations"],
    ),
    Column(
        "tasks[].observed_use",
        "number 0–1",
        "Each task’s observed use (task penetration), joined by the task’s O*NET "
        "29.3 text; 0 is a measured zero, null no data: read observed_use_state.",
        None,
        TASK_PENETRATION_FILE,
    ),
    Column(
        "tasks[].observed_use_state",
        "string",
        f"What observed_use is: {STATES}. Tasks our editors wrote are not O*NET "
        "statements, so the file has no row for them.",
        None,
        TASK_PENETRATION_FILE,
    ),
    Column(
        "tasks[].automation_share",
        "number 0–1",
        "Of the task’s observed use, the share that automates (directive plus "
        f"feedback loop), {TASK_RELEASE} release; null where that release does not "
        "have the task.",
        None,
        AUTOMATION_FILE,
    ),
    Column(
        "tasks[].augmentation_share",
        "number 0–1",
        "The share that augments (task iteration plus validation plus learning); "
        "with automation_share it leaves out the conversations the release could not "
        "classify. Null where that release does not have the task.",
        None,
        AUTOMATION_FILE,
    ),
    Column(
        "tasks_observed_source",
        "string",
        "The release and file of the tasks’ observed_use; null before the evidence.",
        lambda e: source_of(e, OBSERVED_RELEASE, TASK_PENETRATION_FILE),
        TASK_PENETRATION_FILE,
    ),
    Column(
        "tasks_automation_source",
        "string",
        "The release and file of the automation and augmentation shares; null "
        "before the evidence.",
        lambda e: source_of(e, TASK_RELEASE, AUTOMATION_FILE),
        AUTOMATION_FILE,
    ),
)


def source_of(edition, release, path):
    """A task file, named as observed_source names the occupation file."""
    if not edition.has_observed_evidence:
        return None
    return f"Anthropic Economic Index ({release}), {path.removeprefix('anthropic/')}"


def task_state(edition, value):
    if not edition.has_observed_evidence:
        return None
    return evidence.observed_state(value)


# What every response carries besides the data.
ENVELOPE_FIELDS = (
    ("licence", "object", "name and url of the license the data is published under."),
    ("attribution", "list of strings", "The credit lines to show with the data."),
    ("licence_texts", "URL", "The license texts and notices that travel with copies."),
)


def row(edition):
    return {column.name: column.value(edition) for column in COLUMNS + EVIDENCE_COLUMNS}


def envelope():
    return {
        "licence": LICENCE,
        "attribution": list(ATTRIBUTION),
        "licence_texts": absolute(reverse("roles:licences")),
    }


def paragraphs(text):
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def document(edition, history):
    """A role's current edition in full, with its public history."""
    return (
        row(edition)
        | {
            "summary": edition.role.summary,
            "alternate_titles": [
                t.title for t in edition.role.ordered_alternate_titles
            ],
            "headline": edition.headline,
            "brief": paragraphs(edition.brief),
            "key_takeaways": lines(edition.key_takeaways),
            "workers_note": edition.workers_note,
            "salary_note": edition.salary_note,
            "prior_us_workers": edition.prior_us_workers,
            "prior_mean_salary": edition.prior_mean_salary,
            "change_note": edition.change_note,
            "tasks": [
                {
                    "kind": task.kind,
                    "text": task.text,
                    "exposure": number(task.exposure),
                    "time_share": number(task.time_share),
                    "gpt4_label": task.gpt4_label or None,
                    "human_label": task.human_label or None,
                    "specialty": task.specialty or None,
                    "observed_use": number(task.observed_use),
                    "observed_use_state": task_state(edition, task.observed_use),
                    "automation_share": number(task.automation_share),
                    "augmentation_share": number(task.augmentation_share),
                    "readers": readers(task),
                }
                for task in edition.ordered_tasks
            ],
            "skills": [
                {
                    "kind": item.kind,
                    "name": item.skill.name,
                    "url": absolute(item.skill.get_absolute_url()),
                    "reason": item.reason,
                }
                for item in edition.ordered_skills
            ],
            "emerging_tasks": (edition.generated or {}).get("emerging_tasks", []),
            "safer_moves": [
                {
                    "slug": other.role.slug,
                    "title": other.role.title,
                    "url": absolute(other.role.get_absolute_url()),
                    "risk_score": other.risk_score,
                    "band": other.band.label if other.band else None,
                    "risk_gap": other.risk_gap,
                    "overlap": other.overlap,
                    "reason": other.reason,
                    "pay_gap": other.pay_gap,
                }
                for other in next_moves.safer_roles(edition, limit=None)
            ],
            "sources": [
                {
                    "publisher": item.source.publisher,
                    "title": item.source.title,
                    "url": item.source.url,
                    "year": item.source.year,
                    "detail": item.detail,
                }
                for item in edition.ordered_sources
            ],
            "history": [
                {
                    "edition": edition_code(past),
                    "published_on": past.published_on.isoformat(),
                    "risk_score": past.risk_score,
                    "band": past.band.label if past.band else None,
                    "url": absolute(past.get_absolute_url()),
                }
                for past in history
            ],
        }
        | {
            column.name: column.value(edition)
            for column in EVIDENCE_DOCUMENT_FIELDS
            if column.value is not None
        }
    )


def readers(task):
    """A task's public reader evidence (responses.attach_evidence), or None."""
    evidence = getattr(task, "readers", None)
    if evidence is None or not (evidence.public or evidence.comments):
        return None
    return {
        "responses": evidence.responses if evidence.public else None,
        "shares": {share.answer: share.percent for share in evidence.shares}
        if evidence.public
        else None,
        "comments": [
            {
                "answer": comment["answer"],
                "text": comment["text"],
                "date": comment["date"].isoformat(),
            }
            for comment in evidence.comments
        ],
        "counted_at": evidence.refreshed_at.isoformat(),
    }


class Echo:
    """A file-like object that hands each written line straight back."""

    def write(self, value):
        return value


def short_credit():
    """The credit in one line for each CSV row; the full lines are on /data/."""
    sources = "; ".join(source.short for source in DATA_SOURCES)
    end = "" if sources.endswith(".") else "."
    return (
        f"Takeover Meter ({LICENCE['name']}). Sources: {sources}{end} "
        f"Credit lines and license texts: {absolute(reverse('roles:data'))}"
    )


# A spreadsheet runs a cell that starts with one of these as a formula, and
# some trim leading spaces and line breaks first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value as a CSV cell: empty for null, lists joined, text never a formula.

    Numbers stay numbers (a fall is -25.9); text that a spreadsheet would run
    gets a leading apostrophe, which it shows as plain text.
    """
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return f"'{value}"
    return value


CSV_HEADER = (
    [c.name for c in COLUMNS]
    + ["licence", "attribution"]
    + [c.name for c in EVIDENCE_COLUMNS]
)


def csv_lines(editions):
    """The CSV, one line at a time, with the license and credit on every row.

    The evidence columns come after the credit, so that no column a reader
    already uses moves.
    """
    writer = csv.writer(Echo())
    credit = short_credit()
    yield writer.writerow(CSV_HEADER)
    for edition in editions:
        values = row(edition)
        cells = [values[c.name] for c in COLUMNS]
        cells += [LICENCE["name"], credit]
        cells += [values[c.name] for c in EVIDENCE_COLUMNS]
        yield writer.writerow([csv_cell(value) for value in cells])


@dataclass(frozen=True)
class Freshness:
    """When the public data last changed, for ETag and Last-Modified."""

    etag: str
    last_modified: datetime | None


def freshness(editions):
    """One aggregate over the public editions (and their roles) being served.

    The content stamp moves on any change a reader could see, a renamed
    sector or a retracted edition included, so the ETag changes whenever a
    body does and Last-Modified never goes back. The count catches an edition
    leaving the public set; the day catches a scheduled edition going live
    without a save.
    """
    stamp = editions.aggregate(
        count=Count("pk"),
        edited=Max("updated_at"),
        role_edited=Max("role__updated_at"),
        # Readers' tallies are counted on their own schedule (responses.py).
        tallied=Max("role__tallied_at"),
        published=Max("published_on"),
        changed=Max(Subquery(ContentStamp.objects.filter(pk=1).values("changed_at"))),
    )
    moments = [stamp[name] for name in ("edited", "role_edited", "tallied", "changed")]
    if stamp["published"]:
        moments.append(
            timezone.make_aware(datetime.combine(stamp["published"], time.min))
        )
    known = [moment for moment in moments if moment]
    key = "|".join(str(value) for value in stamp.values()) + str(timezone.localdate())
    return Freshness(
        etag=hashlib.md5(key.encode(), usedforsecurity=False).hexdigest(),
        last_modified=max(known) if known else None,
    )
