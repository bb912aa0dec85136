"""The words of a data-built file (issue 17): the summary about people, the
brief under a reader's questions, key takeaways and headline, all following
the record's facts and nothing else."""

import copy
import re

import pytest
from django.template import Context, Template
from django.utils.html import linebreaks

from roles import scoring
from roles.dataset import prose

META = {"outlook": {"period": "2024–34", "all_occupations_change_pct": "3.1"}}
PLUMBERS = "Plumbers, Pipefitters, and Steamfitters"


def task(text, exposure="75.00"):
    return {"id": 1, "text": text, "exposure": exposure, "core": True}


def make_record(**changes):
    record = {
        "soc": "47-2152",
        "title": PLUMBERS,
        "summary": "Assemble, install, alter, and repair pipelines or pipe systems. "
        "May install heating and cooling equipment. Includes sprinkler fitters.",
        "us_workers": 455940,
        "mean_salary": 69940,
        "median_salary": 62970,
        "prior_us_workers": 436160,
        "prior_mean_salary": 67840,
        "skill_vulnerability": "9.63",
        "task_automation": "8.00",
        "ai_complementarity": "70.84",
        "uncertainty": "1.72",
        "exposure_beta_gpt4": "8.00",
        "exposure_beta_human": "6.28",
        "ai_applicability": "8.05",
        "assist_share": "77.30",
        "assist_share_shrunk": "75.54",
        "ac_imputed": False,
        "horizon": [15, 20],
        "tasks": {
            "ai": [task("Keep records of work assignments.")],
            "human": [
                task("Cut, thread, or hammer pipes to specifications.", "0.00"),
                task("Inspect installed systems.", "0.00"),
            ],
        },
        "task_counts": {"ai": 3, "human": 27},
        "skills": {"core": ["Installation", "Troubleshooting"], "emerging": []},
        "outlook": {
            "period": "2024–34",
            "employment_change_pct": "4.5",
            "annual_openings": 44000,
            "entry_education": "High school diploma or equivalent",
            "work_experience": "None",
            "job_training": "Apprenticeship",
        },
        "observed": {"exposure": "0.0116", "rank": 336, "ranked": 345},
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(record.get(key), dict):
            record[key] = {**record[key], **value}
        else:
            record[key] = value
    return record


def sentences(text):
    text = re.sub(r"^### .*$", "", text, flags=re.M)
    return {part for part in re.split(r"(?<=[.?!])\s+", text) if part.strip()}


def masked(text):
    """The brief's sentences with every number masked: only the words count."""
    return {re.sub(r"\d[\d,.]*", "#", sentence) for sentence in sentences(text)}


# --- Titles and summaries ------------------------------------------------------


@pytest.mark.parametrize(
    "title, text",
    [
        (PLUMBERS, "plumbers, pipefitters, and steamfitters"),
        ("Helpers--Electricians", "helpers of electricians"),
        ("Engineers, All Other", "other engineers"),
        ("Cooks, Fast Food", "cooks (fast food)"),
        (
            "Architects, Except Landscape and Naval",
            "architects (except landscape and naval)",
        ),
        (
            "Bookkeeping, Accounting, and Auditing Clerks",
            "bookkeeping, accounting, and auditing clerks",
        ),
        (
            "Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
            "farmworkers and laborers (crop, nursery, and greenhouse)",
        ),
        (
            "Lifeguards, Ski Patrol, and Other Recreational Protective Service Workers",
            "lifeguards, ski patrol, and other recreational protective service workers",
        ),
        (
            "English Language and Literature Teachers, Postsecondary",
            "English language and literature teachers (postsecondary)",
        ),
        ("Roustabouts, Oil and Gas", "roustabouts (oil and gas)"),
    ],
)
def test_titles_read_as_people_in_running_text(title, text):
    assert prose.people(title) == text


@pytest.mark.parametrize(
    "title, description, summary",
    [
        (
            "Bookkeeping, Accounting, and Auditing Clerks",
            "Compute, classify, and record numerical data to keep financial records "
            "complete. May also check the accuracy of figures.",
            "Bookkeeping, accounting, and auditing clerks compute, classify, and record "
            "numerical data to keep financial records complete. They may also check "
            "the accuracy of figures.",
        ),
        (
            "Physical Therapist Aides",
            "Under close supervision of a physical therapist, perform only delegated "
            "tasks. Duties include preparing the patient.",
            "Under close supervision of a physical therapist, physical therapist aides "
            "perform only delegated tasks. Duties include preparing the patient.",
        ),
        (
            "First-Line Supervisors of Police and Detectives",
            "Directly supervise and coordinate activities of members of police force.",
            "First-line supervisors of police and detectives directly supervise and "
            "coordinate activities of members of police force.",
        ),
        (
            PLUMBERS,
            "Assemble pipe systems. Includes sprinkler fitters.",
            "Plumbers, pipefitters, and steamfitters assemble pipe systems. The "
            "occupation includes sprinkler fitters.",
        ),
        (
            "Heating Mechanics",
            "HVAC systems installed and serviced.",
            "Heating mechanics HVAC systems installed and serviced.",
        ),
    ],
)
def test_the_summary_is_a_sentence_about_people(title, description, summary):
    assert prose.summary(title, description) == summary


def test_a_summary_already_about_people_stays_as_it_is():
    text = "Plumbers, pipefitters, and steamfitters assemble pipe systems."
    assert prose.summary(PLUMBERS, text) == text
    assert prose.summary(PLUMBERS, prose.summary(PLUMBERS, "Assemble pipe.")) == (
        "Plumbers, pipefitters, and steamfitters assemble pipe."
    )


# --- The brief ------------------------------------------------------------------------


def test_the_brief_answers_four_questions_in_plural():
    brief = prose.brief(make_record(), META)
    headings = [line for line in brief.splitlines() if line.startswith("### ")]
    assert headings == [
        "### What do plumbers, pipefitters, and steamfitters do?",
        "### How is AI changing the work?",
        "### Will AI replace plumbers, pipefitters, and steamfitters?",
        "### What should plumbers, pipefitters, and steamfitters do next?",
    ]
    assert not re.search(r"\ban? plumbers\b|What does", brief)
    for source in (
        "BLS",
        "O*NET",
        "Eloundou et al.",
        "Microsoft",
        "Anthropic Economic Index",
    ):
        assert source in brief
    assert "Plumbers, pipefitters, and steamfitters assemble, install, alter" in brief


def test_identical_facts_give_identical_text():
    one, two = make_record(), copy.deepcopy(make_record())
    assert prose.brief(one, META) == prose.brief(two, META)
    assert prose.key_takeaways(one, META) == prose.key_takeaways(two, META)
    risk = prose.risk_of(one)
    assert prose.headline(one, risk) == prose.headline(two, risk)


VARIANTS = {
    "outlook": [
        {"outlook": {"employment_change_pct": "9.5"}},  # faster
        {"outlook": {"employment_change_pct": "3.4"}},  # about the same
        {"outlook": {"employment_change_pct": "1.2"}},  # slower
        {"outlook": {"employment_change_pct": "0.0"}},  # flat
        {"outlook": {"employment_change_pct": "-5.8"}},  # declining
    ],
    "raters": [
        {"uncertainty": "0.00", "exposure_beta_human": "8.00"},
        {"uncertainty": "1.72"},
        {"uncertainty": "11.11", "exposure_beta_human": "19.11"},
        {"uncertainty": "48.84", "exposure_beta_human": "56.84"},
    ],
    "observed use": [
        {"observed": {"exposure": "0.3104", "rank": 62, "ranked": 345}},
        {"observed": {"exposure": "0.0524", "rank": 170, "ranked": 345}},
        {"observed": {"exposure": "0.0116", "rank": 336, "ranked": 345}},
        {"observed": {"exposure": "0.0000", "rank": None, "ranked": 345}},
        {"observed": None},
    ],
    "horizon": [
        {"horizon": [1, 3]},
        {"horizon": [3, 5]},
        {"horizon": [5, 7]},
        {"horizon": [8, 12]},
        {"horizon": [15, 20]},
    ],
    "band": [
        {"skill_vulnerability": "9.63"},
        {"skill_vulnerability": "60"},
        {"skill_vulnerability": "95", "task_automation": "60"},
        {
            "skill_vulnerability": "100",
            "task_automation": "100",
            "ai_complementarity": "0",
        },
    ],
    "complementarity": [
        {"assist_share": "77.30", "assist_share_shrunk": "75.54"},
        {
            "assist_share": "0.00",
            "assist_share_shrunk": "56.51",
            "ai_complementarity": "1.16",
        },
        {
            "assist_share": "100.00",
            "assist_share_shrunk": "93.77",
            "ai_complementarity": "100",
        },
        {
            "assist_share": None,
            "assist_share_shrunk": None,
            "ac_imputed": True,
            "ai_applicability": "0.00",
            "ai_complementarity": "50.00",
        },
    ],
}


@pytest.mark.parametrize("fact", VARIANTS)
def test_each_fact_that_differs_gives_a_different_sentence(fact):
    briefs = [
        masked(prose.brief(make_record(**variant), META)) for variant in VARIANTS[fact]
    ]
    for i, one in enumerate(briefs):
        for other in briefs[i + 1 :]:
            assert one != other, fact


def test_the_band_and_horizon_change_the_headline():
    headlines = set()
    for variant in VARIANTS["band"] + VARIANTS["horizon"]:
        record = make_record(**variant)
        headlines.add(prose.headline(record, prose.risk_of(record)))
    assert len(headlines) == len(VARIANTS["band"]) + len(VARIANTS["horizon"]) - 1
    record = make_record()
    assert prose.headline(record, prose.risk_of(record)) == (
        "Low risk: little of the work is exposed to AI; most of it is 15–20 years away."
    )
    assert "core" not in " ".join(headlines)


def test_no_brief_claims_a_share_the_data_does_not_have():
    imputed = prose.brief(make_record(**VARIANTS["complementarity"][3]), META)
    assert "of that applicability" not in imputed
    assert (
        "Its AI complementarity, 50, is imputed: the median, because Microsoft’s "
        "data has no applicability for this occupation." in imputed
    )
    zero = prose.brief(make_record(**VARIANTS["complementarity"][1]), META)
    assert "of that applicability" not in zero
    assert "in none of it does AI assist the worker" in zero
    assert "to 56.51%" in zero  # the shrinkage is said
    assert (
        "Anthropic"
        not in prose.brief(make_record(observed=None), META)
        .split("Microsoft")[0]
        .split("### How is AI")[1]
    )


def test_an_older_record_still_reads_true():
    """Replayed releases: no shrunk share, skills as names, nothing imputed said."""
    record = make_record()
    del record["assist_share_shrunk"], record["ac_imputed"]
    record["assist_share"] = "69.95"  # the old median stand-in
    brief = prose.brief(record, None)
    assert "69.95" not in brief and "of that applicability" not in brief
    assert (
        "O*NET rates Installation and Troubleshooting among its most important skills."
        in brief
    )
    old_imputed = make_record(ai_applicability="0.00")
    del old_imputed["ac_imputed"]
    assert "is imputed: the median" in prose.brief(old_imputed, None)


def test_skills_and_moves_of_either_shape():
    record = make_record(
        skills={
            "core": [
                {"name": "Installation", "reason": "Rated 4.2, well above the mean."}
            ],
            "emerging": [
                {
                    "name": "Building information modeling",
                    "reason": "Few roles use it.",
                    "source": "technology",
                }
            ],
        },
        moves=[{"soc": "47-2111", "overlap": 61, "reason": "Shares installation."}],
    )
    brief = prose.brief(record, META)
    assert "the skill that sets this job apart is Installation." in brief
    # The reasons stand beside each skill on the page, not in the brief.
    assert "Worth building next: Building information modeling." in brief
    assert "The safer roles further down" in brief
    assert "47-2111" not in brief and "61" not in brief
    bare = prose.brief(make_record(skills={"core": [], "emerging": []}), META)
    assert "O*NET has no skill ratings for this occupation." in bare
    assert "safer roles" not in bare
    rated = prose.brief(
        make_record(skills={"core": [], "emerging": []}, skill_ratings=True), META
    )
    assert "No skill O*NET rates for this job stands clearly above" in rated
    assert "no skill ratings" not in rated


def test_three_or_four_takeaways_from_the_facts():
    for fact, variants in VARIANTS.items():
        for variant in variants:
            lines = prose.key_takeaways(make_record(**variant), META).splitlines()
            assert 3 <= len(lines) <= 4, (fact, variant)
    lines = prose.key_takeaways(make_record(), META).splitlines()
    assert lines[0] == "AI risk 13 of 100, Low; horizon 15–20 years."
    assert (
        lines[2]
        == "Employment +4.5% projected for 2024–34 (BLS): faster than all occupations."
    )


# --- The brief on the page ----------------------------------------------------------------


def render(text):
    return Template("{% load brief %}{{ text|brief_html }}").render(
        Context({"text": text})
    )


def test_an_editorial_brief_renders_as_before():
    text = "First <b>paragraph</b>.\nSame one.\n\nSecond & last."
    assert render(text) == linebreaks(text, autoescape=True)


def test_questions_become_escaped_headings():
    html = render("### What do <cooks> do?\nThey cook.\n\n### Next?\n\nMore.")
    assert html == (
        '<h3 class="brief-question">What do &lt;cooks&gt; do?</h3>\n\n'
        "<p>They cook.</p>\n\n"
        '<h3 class="brief-question">Next?</h3>\n\n'
        "<p>More.</p>"
    )


def test_the_role_file_shows_the_questions(client, make_role, make_edition):
    record = make_record()
    edition = make_edition(
        make_role("plumbers", title=PLUMBERS, origin="dataset"),
        brief=prose.brief(record, META),
        key_takeaways=prose.key_takeaways(record, META),
    )
    html = client.get(edition.role.get_absolute_url()).content.decode()
    assert (
        '<h3 class="brief-question">What do plumbers, pipefitters, and steamfitters do?</h3>'
        in html
    )
    assert "<li>AI risk 13 of 100, Low; horizon 15–20 years.</li>" in html
    assert "### " not in html


def test_numbers_are_written_as_the_page_writes_them():
    brief = prose.brief(make_record(), META)
    assert "455,940" in brief and "$69,940" in brief
    assert f"β comes to {scoring.factor('8.00')} with GPT-4’s labels" in brief
    assert "1.16% of the work" in brief
