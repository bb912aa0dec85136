"""Join the sources into one plain record per SOC occupation.

`build(raw_dir)` returns (meta, records, report): the meta of the derived
file (vintage, edition, sources, credit lines, coverage, choices), the
records, and what was skipped and why.
"""

from decimal import Decimal

from django.utils.text import slugify

from roles import scoring
from roles.dataset import method
from roles.dataset.anthropic import (
    OBSERVED_RELEASE,
    TASK_RELEASE,
    read_automation,
    read_observed_exposure,
    read_task_penetration,
    task_evidence,
)
from roles.dataset.crosswalk import read_crosswalk
from roles.dataset.eloundou import (
    TASKS_PER_COLUMN,
    own_code,
    read_exposure,
    read_labels,
    split_tasks,
)
from roles.dataset.esco import ACKNOWLEDGMENT, esco_by_soc
from roles.dataset.microsoft import read_applicability
from roles.dataset.moves import MIN_OVERLAP, MIN_RISK_GAP, add_moves
from roles.dataset.oews import read_oews
from roles.dataset.onet import (
    CORE_SKILLS,
    EMERGING_SKILLS,
    SkillData,
    add_core_skills,
    alternate_titles_of,
    dwa_exposure,
    job_zone_of,
    read_alternate_titles,
    read_job_zones,
    read_occupations,
    read_related,
    read_reported_titles,
    read_tasks,
    related_of,
    skills_of,
)
from roles.dataset.projections import PERIOD, read_projections
from roles.dataset.raw import FILES, DatasetError, Report
from roles.dataset.spelling import respell_record

DATA_VINTAGE = (
    "O*NET 29.3, BLS OEWS May 2024, BLS Employment Projections 2024–34, "
    "Eloundou et al. 2024, Microsoft 2025, Anthropic Economic Index 2025–26, ESCO v1.2.1"
)
# The vintage of each source, recorded on the data release built from it.
OEWS_VINTAGE = "May 2024"
# Pairs, not a mapping: the order is the reading order (PostgreSQL's jsonb
# would sort a mapping's keys).
VINTAGES = [
    ["O*NET", "29.3 (skills 29.2)"],
    ["BLS OEWS", f"{OEWS_VINTAGE} (May 2023 for the trend)"],
    ["Eloundou et al.", "2024"],
    ["Microsoft Working with AI", "2025"],
    ["BLS Employment Projections", PERIOD],
    ["Anthropic Economic Index", f"{OBSERVED_RELEASE} (tasks: {TASK_RELEASE})"],
    ["ESCO", "v1.2.1 (crosswalk to O*NET-SOC 2019)"],
]

# Readable sectors from SOC major groups (the first two digits).
SECTOR_OF_MAJOR_GROUP = {
    "11": "management",
    "13": "business-finance",
    "15": "technology",
    "17": "engineering",
    "19": "science",
    "21": "community-social-services",
    "23": "legal",
    "25": "education",
    "27": "creative-media",
    "29": "healthcare",
    "31": "healthcare",
    "33": "protective-services",
    "35": "food-service",
    "37": "cleaning-grounds",
    "39": "personal-care",
    "41": "sales",
    "43": "office-admin",
    "45": "farming-forestry",
    "47": "trades",
    "49": "trades",
    "51": "manufacturing",
    "53": "transport",
}

SOURCES = [
    {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Occupational Employment and Wage Statistics, May 2024",
        "url": "https://www.bls.gov/oes/tables.htm",
        "year": 2025,
        "detail": "US workers and mean annual wage; May 2023 for the trend",
    },
    {
        "publisher": "National Center for O*NET Development (USDOL/ETA)",
        "title": "O*NET 29.3 Database",
        "url": "https://www.onetcenter.org/database.html",
        "year": 2025,
        "detail": "description, titles, tasks, skills; CC BY 4.0, modified by Takeover Meter",
    },
    {
        "publisher": "Eloundou, Manning, Mishkin & Rock",
        "title": "GPTs are GPTs: Labor market impact potential of LLMs",
        "url": "https://github.com/openai/GPTs-are-GPTs",
        "year": 2024,
        "detail": "task exposure labels; Science 384(6702), MIT license",
    },
    {
        "publisher": "Tomlinson, Jaffe, Wang, Counts & Suri (Microsoft Research)",
        "title": "Working with AI: Measuring the Applicability of Generative AI to Occupations",
        "url": "https://github.com/microsoft/working-with-ai",
        "year": 2025,
        "detail": "AI applicability, assisting vs performing; arXiv:2507.07935, CC BY 4.0",
    },
    {
        "publisher": "U.S. Bureau of Labor Statistics",
        "title": "Employment Projections 2024–34, Tables 1.2 and 1.10",
        "url": "https://www.bls.gov/emp/tables.htm",
        "year": 2025,
        "detail": "10-year outlook, openings, entry education and training",
    },
    {
        "publisher": "Anthropic (Massenkoff & McCrory)",
        "title": "Anthropic Economic Index: labor market impacts, March 2026",
        "url": "https://huggingface.co/datasets/Anthropic/EconomicIndex",
        "year": 2026,
        "detail": "observed exposure (job_exposure.csv) and task penetration "
        "(task_penetration.csv); CC BY",
    },
    {
        "publisher": "Anthropic (Handa et al.)",
        "title": "Anthropic Economic Index, release of 27 March 2025",
        "url": "https://huggingface.co/datasets/Anthropic/EconomicIndex",
        "year": 2025,
        "detail": "automation vs augmentation by task "
        "(automation_vs_augmentation_by_task.csv); CC BY",
    },
    {
        "publisher": "European Commission",
        "title": "ESCO v1.2.1 occupations and the ESCO–O*NET-SOC crosswalk",
        "url": "https://esco.ec.europa.eu/",
        "year": 2024,
        "detail": "European job titles and ISCO-08 groups; modified by Takeover Meter",
    },
]

# The licence texts of the sources above, copied beside the derived files.
LICENSE_FILES = [
    "BLS_public_domain.txt",
    "CC-BY-4.0_NOTICE.txt",
    "eloundou_GPTs-are-GPTs_LICENSE_MIT.txt",
    "microsoft_working-with-ai_LICENSE.txt",
    "microsoft_working-with-ai_NOTICE.md",
    "anthropic_economic_index_NOTICE.txt",
    "ESCO_NOTICE.txt",
]

ATTRIBUTION = [
    "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), "
    "May 2024 national estimates (May 2023 for the trend). Public domain.",
    "This file includes information from the O*NET 29.3 Database (skills from O*NET 29.2) by the "
    "U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the "
    "CC BY 4.0 license. O*NET(R) is a trademark of USDOL/ETA. Takeover Meter has modified all or "
    "some of this information. USDOL/ETA has not approved, endorsed, or tested these modifications.",
    "Exposure scores: Eloundou, Manning, Mishkin & Rock (2024), GPTs are GPTs, Science 384(6702); "
    "data from github.com/openai/GPTs-are-GPTs (MIT license, (c) 2024 OpenAI).",
    "AI applicability scores: Tomlinson, Jaffe, Wang, Counts & Suri (2025), Working with AI: "
    "Measuring the Applicability of Generative AI to Occupations, arXiv:2507.07935; data from "
    "github.com/microsoft/working-with-ai, CC BY 4.0.",
    "Source: Employment Projections program, U.S. Bureau of Labor Statistics (2024–34, "
    "Tables 1.2 and 1.10). Public domain.",
    "Observed AI use: Anthropic Economic Index (Anthropic, March 2026: Massenkoff & McCrory, "
    "labor market impacts; March 2025: Handa et al., automation vs augmentation by task), CC BY.",
    f"{ACKNOWLEDGMENT} ESCO v1.2.1 and the ESCO–O*NET crosswalk; Takeover Meter has "
    "modified them (labels matched to roles through the crosswalk, and spelled the American way).",
]


def assist_fields(complementarity):
    """The record's AC inputs: the measured assist share (None where Microsoft
    has no applicability, 0 where it measured none), the shrunk share that was
    ranked, and whether AC is the imputed median; shares as 0–100 figures."""

    def percent(share):
        return None if share is None else str(scoring.to_percent(share))

    return {
        "assist_share": percent(complementarity.share),
        "assist_share_shrunk": percent(complementarity.shrunk),
        "ac_imputed": complementarity.imputed,
    }


def readable_title(title):
    """BLS writes a dash as two hyphens ("Helpers--Electricians"); readers see a dash.

    The slug stays made from BLS's own spelling, so addresses do not move.
    """
    return title.replace("--", "—")


def build(raw_dir):
    """Read the raw files and return (meta, records, report)."""
    report = Report()
    oews = read_oews(raw_dir, "oews_2024")
    oews_2023 = read_oews(raw_dir, "oews_2023")
    crosswalk = read_crosswalk(raw_dir)
    occupations = read_occupations(raw_dir)
    exposure = read_exposure(raw_dir)
    labels = read_labels(raw_dir)
    tasks = read_tasks(raw_dir)
    applicability = read_applicability(raw_dir)
    task_sv = dwa_exposure(raw_dir, tasks, labels)
    alternate_titles = read_alternate_titles(raw_dir)
    reported_titles = read_reported_titles(raw_dir)
    skill_data = SkillData.read(raw_dir)
    job_zones = read_job_zones(raw_dir)
    related = read_related(raw_dir)
    outlook, all_occupations_change = read_projections(raw_dir)
    observed = read_observed_exposure(raw_dir)
    penetration = read_task_penetration(raw_dir)
    automation = read_automation(raw_dir)

    for code in sorted(exposure):
        soc = crosswalk.get(code)
        if soc is None:
            raise DatasetError(
                f"{FILES['crosswalk']}: O*NET code {code} has no SOC code."
            )
        if soc in oews:
            oews[soc].onet_codes.append(code)
        else:
            report.skip("not a detailed OEWS May 2024 occupation", f"{code} -> {soc}")

    joined = []
    for soc, occupation in sorted(oews.items()):
        if not occupation.onet_codes:
            report.skip(
                "no exposure data (O*NET has no tasks)", f"{soc} {occupation.title}"
            )
        elif soc not in applicability:
            report.skip("no Microsoft applicability score", f"{soc} {occupation.title}")
        else:
            joined.append(occupation)

    # AI complementarity: the percentile of each role's assist share, shrunk
    # toward the median; the median AC where Microsoft has no applicability.
    assist, median_share, imputed_ac = scoring.complementarity(
        {occupation.soc: applicability[occupation.soc] for occupation in joined}
    )
    report.notes.append(f"median assist share {median_share:.4f}")

    slugs = {}
    records = []
    for occupation in joined:
        codes = occupation.onet_codes
        weights = [len(tasks.get(code, [])) or 1 for code in codes]
        factor = {
            key: scoring.weighted_mean(
                (exposure[code][key], weight)
                for code, weight in zip(codes, weights, strict=True)
            )
            for key in exposure[codes[0]]
        }
        role_tasks = [
            (code, task)
            for code in codes
            for task in tasks.get(code, [])
            if (code, task["id"]) in labels
        ]
        sv = scoring.weighted_mean(
            (task_sv[code, task["id"]], scoring.task_weight(task["type"]))
            for code, task in role_tasks
            if (code, task["id"]) in task_sv
        )
        if sv is None:
            report.skip(
                "no task is linked to a work activity",
                f"{occupation.soc} {occupation.title}",
            )
            continue
        slug = slugify(occupation.title)[:120]
        if slug in slugs:
            raise DatasetError(
                f"{FILES['oews_2024']}: {occupation.soc} and {slugs[slug]} share the slug {slug}."
            )
        slugs[slug] = occupation.soc
        prior = oews_2023.get(occupation.soc)
        # Shown tasks are the job's own O*NET code's where it has enough,
        # ranked by the raters' agreement and then by observed use.
        tasks_split, task_counts = split_tasks(
            role_tasks,
            labels,
            own_code(occupation.soc),
            {code: occupations[code]["Title"] for code in codes},
            lambda task: task_evidence(task, penetration, automation),
        )
        main_code = next((code for code in codes if code.endswith(".00")), codes[0])
        records.append(
            {
                "soc": occupation.soc,
                "onet_codes": codes,
                "slug": slug,
                "title": readable_title(occupation.title),
                "sector": SECTOR_OF_MAJOR_GROUP[occupation.soc[:2]],
                "summary": occupations[main_code]["Description"].strip(),
                "alternate_titles": alternate_titles_of(
                    occupation, codes, occupations, reported_titles, alternate_titles
                ),
                "us_workers": occupation.workers,
                "mean_salary": occupation.mean_wage,
                "median_salary": occupation.median_wage,
                "prior_us_workers": prior.workers if prior else None,
                "prior_mean_salary": prior.mean_wage if prior else None,
                "skill_vulnerability": str(scoring.to_percent(sv)),
                "task_automation": str(scoring.to_percent(factor["dv_rating_beta"])),
                "ai_complementarity": str(assist[occupation.soc].score),
                "uncertainty": str(
                    scoring.to_percent(
                        abs(factor["dv_rating_beta"] - factor["human_rating_beta"])
                    )
                ),
                "exposure_beta_gpt4": str(scoring.to_percent(factor["dv_rating_beta"])),
                "exposure_beta_human": str(
                    scoring.to_percent(factor["human_rating_beta"])
                ),
                "ai_applicability": str(
                    scoring.to_percent(sum(applicability[occupation.soc]) / 2)
                ),
                "horizon": list(
                    scoring.horizon_years(
                        factor["dv_rating_alpha"], factor["dv_rating_gamma"]
                    )
                ),
                "tasks": tasks_split,
                "task_counts": task_counts,
                **assist_fields(assist[occupation.soc]),
                "skills": skills_of(occupation.soc, codes, skill_data),
                "job_zone": job_zone_of(codes, job_zones),
                "related_soc": related_of(codes, related, crosswalk, occupation.soc),
                "outlook": outlook.get(occupation.soc),
                "observed": observed.get(occupation.soc),
            }
        )
    # Over all roles at once: the core lists' cap, then the safer moves, on
    # the final scores (keep this after any step that changes a factor).
    add_moves(records, add_core_skills(records, skill_data), skill_data)
    international = esco_by_soc(
        raw_dir, {record["soc"]: record["onet_codes"] for record in records}
    )
    for record in records:
        record["esco"] = international.get(record["soc"], [])
        respell_record(record)  # a US site: "Orthopaedic", "tyre fitter" respelled
    covered = sum(record["us_workers"] or 0 for record in records)
    total = sum(occupation.workers or 0 for occupation in oews.values())

    def coverage_of(has):
        kept = [record for record in records if has(record)]
        return {
            "roles": len(kept),
            "us_workers": sum(record["us_workers"] or 0 for record in kept),
        }

    meta = {
        "data_vintage": DATA_VINTAGE,
        "vintages": VINTAGES,
        "oews_vintage": OEWS_VINTAGE,
        "sources": SOURCES,
        "attribution": ATTRIBUTION,
        "coverage": {
            "roles": len(records),
            "oews_detailed_occupations": len(oews),
            "us_workers_covered": covered,
            "us_workers_in_detailed_occupations": total,
            "outlook": coverage_of(lambda record: record["outlook"]),
            "observed_exposure": coverage_of(lambda record: record["observed"]),
            "observed_use_above_zero": coverage_of(
                lambda record: record["observed"] and record["observed"]["rank"]
            ),
            "esco": coverage_of(lambda record: record["esco"]),
        },
        "outlook": {
            "period": PERIOD,
            "all_occupations_change_pct": all_occupations_change,
        },
        "observed": {
            "exposure_file": "labor_market_impacts/job_exposure.csv",
            "exposure_release": OBSERVED_RELEASE,
            "task_file": "labor_market_impacts/task_penetration.csv",
            "automation_file": "release_2025_03_27/automation_vs_augmentation_by_task.csv",
            "automation_release": TASK_RELEASE,
        },
        "method": {"version": method.VERSION, "note": method.NOTE},
        "choices": {
            "tasks_per_column": TASKS_PER_COLUMN,
            "core_skills": CORE_SKILLS,
            "emerging_skills": EMERGING_SKILLS,
            **skill_data.choices(),
            "move_min_risk_gap": MIN_RISK_GAP,
            "move_min_overlap": MIN_OVERLAP,
            "assist_prior_strength": str(scoring.ASSIST_PRIOR_STRENGTH),
            "median_assist_share": str(median_share.quantize(Decimal("0.0001"))),
            "ac_scale": "percentile",
            "ac_imputed": str(imputed_ac),
            "ac_imputed_roles": sum(1 for record in records if record["ac_imputed"]),
        },
    }
    return meta, records, report
