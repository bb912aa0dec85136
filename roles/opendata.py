"""The open data: what the JSON API and the CSV say about each public role.

The columns are written once, here, with their descriptions: the API, the CSV
and the documentation page all read them, so the docs cannot drift from the data.
"""

import csv
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from roles import scoring

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
        "Science 384(6702); data from github.com/openai/GPTs-are-GPTs (MIT licence, "
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
)
ATTRIBUTION = (
    "Takeover Meter, AI exposure role files, published under CC BY 4.0.",
    *(source.credit for source in DATA_SOURCES),
)
LICENCE_TEXTS_DIR = settings.BASE_DIR / "fixtures" / "dataset" / "LICENSES"


@functools.cache
def licence_texts():
    """The licence texts and notices that must travel with copies of the data."""
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
        "Fewest years until most core tasks are exposed.",
    ),
    field(
        "horizon_max_years", "integer", "Most years until most core tasks are exposed."
    ),
    *(
        field(
            factor.field,
            "number 0–100",
            f"{factor.name}: {factor.meaning.lower()} "
            f"(weight {factor.weight}, {'raises' if factor.raises_risk else 'lowers'} risk).",
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
        "time_share (0–100 or null).",
    ),
    ("skills", "list of objects", "kind (core or emerging), name and url."),
    ("sources", "list of objects", "publisher, title, url, year and detail."),
    (
        "history",
        "list of objects",
        "Every public edition, newest first: edition, published_on, risk_score, "
        "band and url.",
    ),
)

# What every response carries besides the data.
ENVELOPE_FIELDS = (
    ("licence", "object", "name and url of the licence the data is published under."),
    ("attribution", "list of strings", "The credit lines to show with the data."),
    ("licence_texts", "URL", "The licence texts and notices that travel with copies."),
)


def row(edition):
    return {column.name: column.value(edition) for column in COLUMNS}


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
    return row(edition) | {
        "summary": edition.role.summary,
        "alternate_titles": [t.title for t in edition.role.ordered_alternate_titles],
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
            }
            for task in edition.ordered_tasks
        ],
        "skills": [
            {
                "kind": item.kind,
                "name": item.skill.name,
                "url": absolute(item.skill.get_absolute_url()),
            }
            for item in edition.ordered_skills
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


class Echo:
    """A file-like object that hands each written line straight back."""

    def write(self, value):
        return value


def short_credit():
    """The credit in one line for each CSV row; the full lines are on /data/."""
    sources = "; ".join(source.short for source in DATA_SOURCES)
    return (
        f"Takeover Meter ({LICENCE['name']}). Sources: {sources}. "
        f"Credit lines and licence texts: {absolute(reverse('roles:data'))}"
    )


def csv_lines(editions):
    """The CSV, one line at a time, with the licence and credit on every row."""
    writer = csv.writer(Echo())
    credit = short_credit()
    yield writer.writerow([c.name for c in COLUMNS] + ["licence", "attribution"])
    for edition in editions:
        values = ["" if v is None else v for v in row(edition).values()]
        yield writer.writerow(values + [LICENCE["name"], credit])


@dataclass(frozen=True)
class Freshness:
    """When the public data last changed, for ETag and Last-Modified."""

    etag: str
    last_modified: datetime | None


def freshness(editions):
    """One aggregate over the public editions (and their roles) being served.

    The count catches an edition leaving the public set; the day catches a
    scheduled edition going live without a save.
    """
    stamp = editions.aggregate(
        count=Count("pk"),
        edited=Max("updated_at"),
        role_edited=Max("role__updated_at"),
        published=Max("published_on"),
    )
    moments = [stamp["edited"], stamp["role_edited"]]
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
