"""The words of a data-built file: its summary, headline, brief and key takeaways.

Written by us, from the record's own figures and nothing else. The same facts
always give the same text, and each fact that differs (the band, the horizon,
the raters' agreement, observed use, the outlook, complementarity) gives a
different sentence. Numbers are written as the page prints them, and every
sentence names its source. O*NET's occupation titles are plural ("plumbers,
pipefitters, and steamfitters"), so the text speaks of them as people in the
plural.

Records of older releases are replayed with this code, so every reader here
accepts their shapes too: no "ac_imputed" or "assist_share_shrunk", skills as
plain lists of names, no "moves", no "observed" or "outlook".
"""

import re
from decimal import Decimal

from roles import evidence, scoring

# --- Titles and the summary --------------------------------------------------

HELPERS = "Helpers--"
ALL_OTHER = ", All Other"
EXCEPT = ", Except "


def people(title):
    """An O*NET/BLS title as it reads in running text, lower case and plural.

    "Plumbers, Pipefitters, and Steamfitters" -> "plumbers, pipefitters, and
    steamfitters"; "Helpers--Electricians" -> "helpers of electricians";
    "Engineers, All Other" -> "other engineers"; "Cooks, Fast Food" -> "cooks
    (fast food)"; ", Except …" goes into brackets.
    """
    text = title.strip()
    other = text.endswith(ALL_OTHER)
    if other:
        text = text.removesuffix(ALL_OTHER)
    exception = ""
    if EXCEPT in text:
        text, exception = text.split(EXCEPT, 1)
    if text.startswith(HELPERS):
        text = "helpers of " + text.removeprefix(HELPERS)
    head, qualifier = split_qualifier(text)
    bracket = "; ".join(
        part for part in (qualifier, f"except {exception}" if exception else "") if part
    )
    text = f"{'other ' if other else ''}{head}{f' ({bracket})' if bracket else ''}"
    return re.sub(
        r"\b\w[\w'-]*",
        lambda word: word[0] if word[0] in PROPER_NOUNS else word[0].lower(),
        text,
    )


# Words of titles that keep their capital in running text.
PROPER_NOUNS = {"English"}
# Words ending in "s" that are not plural nouns, for split_qualifier.
NOT_PLURAL = {"gas", "glass", "press", "mass", "business", "process", "services"}


def plural(segment):
    word = segment.rsplit(" ", 1)[-1].lower()
    return word.endswith("s") and word not in NOT_PLURAL


def split_qualifier(text):
    """("Cooks", "Fast Food") from "Cooks, Fast Food"; a list of plural nouns
    ("Plumbers, Pipefitters, and Steamfitters") or of modifiers ("Bookkeeping,
    Accounting, and Auditing Clerks") stays the head, with no qualifier."""
    segments = text.split(", ")
    start = next((i for i, part in enumerate(segments) if plural(part)), None)
    if start is None:
        return text, ""
    end = start
    while (
        end + 1 < len(segments)
        and plural(segments[end + 1])
        and (end == start or not segments[end].startswith(("and ", "or ")))
    ):
        end += 1
    rest = segments[end + 1 :]
    if rest and rest[-1].startswith(("and ", "or ")) and plural(rest[-1]):
        # The list goes on to its last item: "Lifeguards, Ski Patrol, and
        # Other Recreational Protective Service Workers".
        return text, ""
    return ", ".join(segments[: end + 1]), ", ".join(rest)


def capitalized(text):
    return text[:1].upper() + text[1:]


# Words that open a later sentence of an O*NET description with a verb in the
# imperative ("May install …", "Oversee …"): such a sentence gets "They".
# Any other opening ("Includes …", "Duties include …") is kept as written.
MODAL_OPENINGS = ("May", "Must")
# Openings that are not the verb but lead to it: "Directly supervise …",
# "Under close supervision …, perform …".
ADVERB_OPENINGS = ("Directly", "Manually", "Personally", "Primarily", "Usually")
PHRASE_OPENINGS = ("Under", "Using", "In", "With", "As", "For", "At", "On")
# Openings of a first sentence that are not its verb.
FIRST_NOT_VERBS = {"A", "An", "The", "This", "These", "Those"}
# Later sentences that say what the occupation takes in or leaves out.
SCOPE_OPENINGS = ("Includes", "Excludes")
# Openings of later sentences of O*NET descriptions that are not verbs.
NOT_VERBS = {
    "Activities", "Administrative", "Clerical", "Clinical", "Duties", "Equipment",
    "Excludes", "Generally", "HVAC", "Includes", "Inspections", "Licensing",
    "Materials", "Other", "Processes", "Psychiatric", "Required", "Requires",
    "Responsible", "Services", "Specialized", "Subject", "Tasks", "Teaching",
    "Team", "The", "These", "This", "Those", "Typically", "Workers", "Works",
    "Work",
}  # fmt: skip


def sentences_of(text):
    """The sentences of a description: split after . ; ! ? before a capital."""
    return [part for part in re.split(r"(?<=[.;!?])\s+(?=[A-Z])", text.strip()) if part]


def lower_first(text):
    """Lower-case the first word unless it is an acronym ("HVAC", "CNC")."""
    word = text.split(" ", 1)[0].rstrip(",")
    if len(word) > 1 and word.isupper():
        return text
    return text[:1].lower() + text[1:]


def first_sentence(subject, sentence):
    """O*NET's imperative first sentence as a sentence about people."""
    first = sentence.split(" ", 1)[0].rstrip(",")
    if first in PHRASE_OPENINGS and ", " in sentence:
        # "Under close supervision of a therapist, perform …" keeps its opening.
        opening, rest = sentence.split(", ", 1)
        return f"{opening}, {subject} {lower_first(rest)}"
    if first in FIRST_NOT_VERBS:
        return f"{capitalized(subject)}: {sentence}"
    return f"{capitalized(subject)} {lower_first(sentence)}"


def later_sentence(sentence):
    first = sentence.split(" ", 1)[0].rstrip(",")
    if first in SCOPE_OPENINGS:
        return f"The occupation {lower_first(sentence)}"
    if first in MODAL_OPENINGS or (
        first not in NOT_VERBS and first not in PHRASE_OPENINGS and first.isalpha()
    ):
        return f"They {lower_first(sentence)}"
    return sentence


def summary(title, description):
    """O*NET's description as sentences about the people who do the job.

    "Compute, classify, and record numerical data …" for Bookkeeping,
    Accounting, and Auditing Clerks reads "Bookkeeping, accounting, and
    auditing clerks compute, classify, and record numerical data …". A
    description already about them is left as it is.
    """
    description = " ".join(description.split())
    subject = people(title)
    if not description or description.lower().startswith(subject):
        return description
    parts = sentences_of(description)
    return " ".join(
        [
            first_sentence(subject, parts[0]),
            *(later_sentence(part) for part in parts[1:]),
        ]
    )


# --- Facts of a record ---------------------------------------------------------

# β from GPT-4's and from the human raters' labels this many points apart or
# less: the raters "largely agree"; this far apart or more: they "disagree".
RATERS_AGREE = Decimal("5")
RATERS_DISAGREE = Decimal("15")
# A shrunk assist share this many points from the measured one is worth a
# sentence in the brief; the methodology explains every shrinkage.
SHRINK_SHOWN = Decimal("5")
# Complementarity is a percentile: above AC_HIGH, AI assists more in this work
# than in most occupations; below AC_LOW, it does more of the work itself.
AC_HIGH = Decimal("60")
AC_LOW = Decimal("40")
# Advice about AI tools only where a language model reaches some of the work:
# at least one task exposed by both raters and β (GPT-4) at least this.
TOOLS_FROM_BETA = Decimal("10")

# Each horizon rule (scoring.HORIZON_TIERS) in words, over all of a role's
# tasks with Core tasks counting twice: (headline, the brief's sentence).
HORIZON_WORDS = {
    (1, 3): (
        "most of the work is exposed to a language model on its own, within {h}",
        "Half or more of the work, counting all its tasks and Core ones twice, is "
        "exposed to a language model on its own, so we put the horizon at {h}.",
    ),
    (3, 5): (
        "much of the work is exposed to language models, most of it within {h}",
        "At least a quarter of the work, counting all its tasks and Core ones twice, is "
        "exposed to a language model on its own, and half or more once software is "
        "built on one, so we put the horizon at {h}.",
    ),
    (5, 7): (
        "most of the work is exposed once tools are built on language models, in {h}",
        "Half or more of the work, counting all its tasks and Core ones twice, is "
        "exposed only once software is built on language models, so we put the "
        "horizon at {h}.",
    ),
    (8, 12): (
        "a minority of the work is exposed to AI; {h} until most of it might be",
        "Between a quarter and a half of the work, counting all its tasks and Core "
        "ones twice, is exposed even with software built on language models, so we "
        "put the horizon at {h}.",
    ),
    (15, 20): (
        "little of the work is exposed to AI; most of it is {h} away",
        "Less than a quarter of the work, counting all its tasks and Core ones twice, "
        "is exposed even with software built on language models, so we put the "
        "horizon at {h}.",
    ),
}

# Horizons of half or more of the work exposed, and the bands they match.
NEAR = {(1, 3), (3, 5), (5, 7)}
HIGH_BANDS = {"high", "very-high"}

# BLS's typical entry education, written into a sentence.
EDUCATION = {
    "No formal educational credential": "no formal educational credential",
    "High school diploma or equivalent": "a high school diploma or equivalent",
    "Some college, no degree": "some college but no degree",
    "Postsecondary nondegree award": "a postsecondary nondegree award",
    "Associate's degree": "an associate’s degree",
    "Bachelor's degree": "a bachelor’s degree",
    "Master's degree": "a master’s degree",
    "Doctoral or professional degree": "a doctoral or professional degree",
}
TRAINING = {
    "Short-term on-the-job training": "short-term on-the-job training",
    "Moderate-term on-the-job training": "moderate-term on-the-job training",
    "Long-term on-the-job training": "long-term on-the-job training",
    "Apprenticeship": "an apprenticeship",
    "Internship/residency": "an internship or residency",
}


def number(value):
    return Decimal(str(value))


def risk_of(record):
    return scoring.risk_score(*(record[factor.field] for factor in scoring.FACTORS))


def task_total(record):
    counts = record["task_counts"]
    return counts["ai"] + counts["human"]


def tasks_word(count):
    return "task statement" if count == 1 else "task statements"


def quoted_task(record, kind, position=0):
    """A task of the column, in O*NET's words, or None."""
    tasks = record.get("tasks", {}).get(kind) or []
    if len(tasks) <= position:
        return None
    return f"“{tasks[position]['text'].strip().rstrip('.')}”"


def imputed(record):
    """Whether the role's complementarity is the imputed median. A record of an
    older release says so by having no applicability at all."""
    if "ac_imputed" in record:
        return bool(record["ac_imputed"])
    return number(record["ai_applicability"]) == 0


def assist_shares(record):
    """(measured, shrunk) assist shares 0–100, or None where the record does not
    hold them: older releases wrote the median for a missing or zero share."""
    if "assist_share_shrunk" not in record or imputed(record):
        return None
    share, shrunk = record["assist_share"], record["assist_share_shrunk"]
    if share is None or shrunk is None:
        return None
    return number(share), number(shrunk)


def pace_of(record, meta):
    """evidence.pace of the record's outlook, or None without a projected change."""
    outlook = record.get("outlook") or {}
    change = outlook.get("employment_change_pct")
    if change is None:
        return None
    return evidence.pace(number(change), all_occupations(meta))


def all_occupations(meta):
    value = ((meta or {}).get("outlook") or {}).get("all_occupations_change_pct")
    return None if value is None else number(value)


def observed_state(record):
    """measured / not_seen / None (the record holds no observed use)."""
    observed = record.get("observed")
    if not observed or observed.get("exposure") is None:
        return None
    return evidence.observed_state(number(observed["exposure"]))


def observed_third(record):
    """Where the role ranks among the occupations with any observed use."""
    observed = record["observed"]
    rank, ranked = observed["rank"], observed["ranked"]
    if rank * 3 <= ranked:
        return "top"
    if rank * 3 > ranked * 2:
        return "bottom"
    return "middle"


def skill_names(items):
    """Names from either shape: ["Installation", …] or [{"name": …}, …]."""
    return [item["name"] if isinstance(item, dict) else item for item in items or []]


def listed(names):
    names = list(names)
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])}, and {names[-1]}"


def new_skill_shape(record):
    skills = record.get("skills") or {}
    return any(isinstance(item, dict) for kind in skills.values() for item in kind)


# --- Headline ---------------------------------------------------------------------


def headline(record, risk):
    """One sentence: the band, and how much of the work is exposed by when."""
    band = scoring.band(risk)
    span = scoring.horizon(*record["horizon"])
    horizon = tuple(record["horizon"])
    words = HORIZON_WORDS.get(horizon)
    if words is None:
        return f"{band.label} risk, with a horizon of {span}."
    # "though" where the band and the share of exposed work point different ways.
    joint = ": " if (horizon in NEAR) == (band.slug in HIGH_BANDS) else ", though "
    return f"{band.label} risk{joint}{words[0].format(h=span)}."


# --- The brief ----------------------------------------------------------------------


def heading(text):
    """A question the brief answers; the page renders "### " lines as headings."""
    return f"### {text}"


def brief(record, meta=None):
    """The brief: four questions a reader asks, answered from the record."""
    subject = people(record["title"])
    sections = [
        (f"What do {subject} do?", what_they_do(record, subject)),
        ("How is AI changing the work?", how_ai_changes(record, subject, meta)),
        (f"Will AI replace {subject}?", will_ai_replace(record, subject, meta)),
        (f"What should {subject} do next?", what_next(record, subject)),
    ]
    blocks = []
    for question, paragraphs in sections:
        paragraphs = [
            " ".join(part for part in paragraph if part) for paragraph in paragraphs
        ]
        paragraphs = [paragraph for paragraph in paragraphs if paragraph]
        if paragraphs:
            blocks.append(heading(question))
            blocks.extend(paragraphs)
    return "\n\n".join(blocks)


def what_they_do(record, subject):
    first = sentences_of(summary(record["title"], record.get("summary", "")))[:1]
    return [first, [workforce(record, subject)], [entry(record)]]


def workforce(record, subject):
    workers = record.get("us_workers")
    if not workers:
        return ""
    text = (
        f"The BLS counted {evidence.people(workers)} {subject} in US jobs in May 2024 "
        "(Occupational Employment and Wage Statistics)"
    )
    prior = record.get("prior_us_workers")
    change = scoring.percent_change(workers, prior)
    if change is not None and change > 0:
        text += f", {scoring.factor(change)}% more than a year earlier"
    elif change is not None and change < 0:
        text += f", {scoring.factor(abs(change))}% fewer than a year earlier"
    elif change is not None:
        text += ", as many as a year earlier"
    pay = record.get("mean_salary")
    if pay:
        text += f". They earned a mean of ${pay:,} a year"
        median = record.get("median_salary")
        if median:
            text += f", and half of them more than ${median:,}"
    else:
        text += ". BLS publishes only hourly wages for them"
    return text + "."


def entry(record):
    outlook = record.get("outlook") or {}
    education = outlook.get("entry_education")
    if not education:
        return ""
    steps = [EDUCATION.get(education, f"“{education}”")]
    experience = outlook.get("work_experience")
    if experience and experience != "None":
        steps.append(f"{experience.lower()} of work in a related occupation")
    training = outlook.get("job_training")
    if training and training != "None":
        steps.append(f"then {TRAINING.get(training, f'“{training}”')}")
    elif training == "None":
        steps.append("and no on-the-job training")
    return f"The usual way in, according to BLS: {', '.join(steps)}."


def how_ai_changes(record, subject, meta):
    return [
        [exposure_sentence(record), raters_sentence(record)],
        [horizon_sentence(record)],
        [observed_sentence(record, subject)],
        complementarity_sentences(record),
    ]


def exposure_sentence(record):
    counts = record["task_counts"]
    total, exposed = task_total(record), counts["ai"]
    rated = f"{total} O*NET {tasks_word(total)} Eloundou et al. (2024) rated for this occupation"
    if total == 0:
        return ""
    if exposed == 0:
        return (
            f"For each of the {rated}, GPT-4 or the human raters, or both, judged that "
            "a language model does not help."
        )
    example = quoted_task(record, "ai")
    if exposed == total:
        text = (
            f"GPT-4 and the human raters agree that all {rated} are exposed to large "
            "language models"
        )
        return text + (f", among them {example}." if example else ".")
    verb = "is" if exposed == 1 else "are"
    text = (
        f"GPT-4 and the human raters agree that {exposed} of the {rated} {verb} "
        "exposed to large language models"
    )
    if example:
        text += f", {'namely' if exposed == 1 else 'among them'} {example}"
    others = (
        "the remaining one" if counts["human"] == 1 else f"the other {counts['human']}"
    )
    return text + f"; for {others}, at least one of them says no."


def raters_sentence(record):
    gpt4 = record.get("exposure_beta_gpt4")
    human = record.get("exposure_beta_human")
    if gpt4 is None or human is None:
        return ""
    gap = number(record["uncertainty"])
    text = (
        f"Weighting Core tasks twice, the exposure measure β comes to "
        f"{scoring.factor(gpt4)} with GPT-4’s labels (the task automation proxy in "
        f"our score) and {scoring.factor(human)} with the human labels"
    )
    if gap == 0:
        return text + ": the raters agree exactly."
    leaning = (
        "GPT-4 seeing more of the work as exposed"
        if number(gpt4) > number(human)
        else "the people seeing more of the work as exposed than GPT-4"
    )
    if gap < RATERS_AGREE:
        return (
            text
            + f": the raters largely agree, {leaning} by {scoring.factor(gap)} points."
        )
    if gap < RATERS_DISAGREE:
        return (
            text + f": the raters differ by {scoring.factor(gap)} points, {leaning}, "
            "and that gap is this file’s uncertainty."
        )
    return (
        text + f": the raters disagree by {scoring.factor(gap)} points, {leaning}, "
        "so read this file’s score with care."
    )


def horizon_sentence(record):
    span = scoring.horizon(*record["horizon"])
    words = HORIZON_WORDS.get(tuple(record["horizon"]))
    return words[1].format(h=span) if words else f"We put the horizon at {span}."


def observed_sentence(record, subject):
    state = observed_state(record)
    if state is None:
        return ""
    if state == evidence.Observed.NOT_SEEN:
        return (
            "The Anthropic Economic Index has not seen this work in the Claude "
            "conversations it studied: a measured zero, so there is no sign yet of "
            "people using that assistant for it."
        )
    observed = record["observed"]
    share = evidence.as_percent(number(observed["exposure"]))
    place = {
        "top": "among the most used third",
        "middle": "in the middle third",
        "bottom": "among the least used third",
    }[observed_third(record)]
    return (
        f"In the Claude conversations the Anthropic Economic Index studied, "
        f"{share} of the work of {subject} showed up, rank {observed['rank']} of the "
        f"{observed['ranked']} occupations with any observed use: {place}."
    )


def complementarity_sentences(record):
    ac = scoring.factor(record["ai_complementarity"])
    study = "Microsoft’s study of Copilot conversations (Tomlinson et al., 2025)"
    if imputed(record):
        return [
            f"{study} finds no AI applicability for this occupation, so there is no "
            "split between AI assisting and AI doing the work to rank.",
            f"Its AI complementarity, {ac}, is imputed: the median, because "
            "Microsoft’s data has no applicability for this occupation.",
        ]
    applicability = scoring.factor(record["ai_applicability"])
    lead = (
        f"{study} puts the occupation’s AI applicability at {applicability} out of 100"
    )
    shares = assist_shares(record)
    if shares is None:
        return [lead + ".", f"Our AI complementarity for it is {ac} out of 100."]
    share, shrunk = shares
    if share == 0:
        split = (
            lead + ", and in none of it does AI assist the worker: all of it is AI "
            "doing the work."
        )
    elif share == 100:
        split = (
            lead + ", and all of it is AI assisting the worker, none AI doing the work."
        )
    else:
        split = (
            lead
            + f". In {scoring.factor(share)}% of that applicability AI assists the "
            "worker rather than doing the work itself."
        )
    shrink = ""
    if abs(shrunk - share) >= SHRINK_SHOWN:
        shrink = (
            "Before ranking, each share is pulled toward the median of all "
            "occupations, more so the less applicability was measured; this one "
            f"comes to {scoring.factor(shrunk)}%."
        )
    score = number(record["ai_complementarity"])
    if score > AC_HIGH:
        reading = "AI assists here more than in most occupations"
    elif score < AC_LOW:
        reading = "AI does more of the work itself here than in most occupations"
    else:
        reading = "near the middle of all occupations"
    rank = f"Ranked against all occupations, its AI complementarity is {ac} of 100: {reading}."
    return [split, shrink, rank]


def will_ai_replace(record, subject, meta):
    risk = risk_of(record)
    band = scoring.band(risk)
    answer = {
        "low": "Not on this evidence",
        "moderate": "Not wholesale, on this evidence",
        "high": "Parts of the job, quite possibly",
        "very-high": "Much of the job, possibly",
    }[band.slug]
    text = (
        f"{answer}: our AI risk score for {subject} is {risk} of 100, in the "
        f"{band.label} band."
    )
    human = record["task_counts"]["human"]
    example = quoted_task(record, "human")
    stays = ""
    if human and example:
        which = (
            f"is the one {tasks_word(human)}"
            if human == 1
            else f"are the {human} {tasks_word(human)}"
        )
        stays = (
            f"What keeps people in the work {which} at least one rater judged beyond "
            f"a language model, {'namely' if human == 1 else 'such as'} {example}."
        )
    elif not human:
        stays = "No rater judged any of its rated tasks beyond a language model."
    return [[text, stays], [outlook_sentence(record, meta, band.slug)]]


def outlook_sentence(record, meta, band):
    kind = pace_of(record, meta)
    if kind is None:
        return ""
    outlook = record["outlook"]
    start, end = evidence.period_years(outlook.get("period") or "")
    change = number(outlook["employment_change_pct"])
    all_pct = all_occupations(meta)
    exposed = band in ("high", "very-high")
    span = f"from {start} to {end}"
    openings = outlook.get("annual_openings")
    tail = (
        f", with about {evidence.people(openings)} openings a year" if openings else ""
    )
    if kind == "declining":
        lead = "And BLS" if exposed else "Even so, BLS"
        text = (
            f"{lead} projects employment to fall {evidence.plain(abs(change))}% {span}"
        )
        if all_pct is not None:
            text += f", while all occupations grow {evidence.plain(all_pct)}%"
        return text + tail + "."
    if kind == "flat":
        return f"BLS projects employment to stay level {span}{tail}."
    lead = "Even so, BLS still" if exposed else "BLS"
    text = f"{lead} projects employment to grow {evidence.plain(change)}% {span}"
    comparison = {
        "faster": "faster than",
        "same": "about the same as",
        "slower": "slower than",
    }.get(kind)
    if comparison and all_pct is not None:
        text += f", {comparison} the {evidence.plain(all_pct)}% for all occupations"
    return text + tail + "."


def what_next(record, subject):
    return [
        [lean_in(record), ai_tools(record)],
        [core_skills(record), emerging_skills(record), moves(record)],
    ]


def lean_in(record):
    human = record["task_counts"]["human"]
    if not human:
        return (
            "With every rated task within a language model’s reach, the safer "
            "ground is in overseeing that work and in the roles below."
        )
    example = quoted_task(record, "human", 1)
    if example is None:
        # The one task the brief already quoted under "Will AI replace …?".
        return "Lean toward that work, and toward checking what AI does with the rest."
    if record["task_counts"]["ai"] == 0:
        return f"Keep doing what the raters see no language model doing, such as {example}."
    return (
        f"Lean toward the tasks the raters judge beyond a language model, such as "
        f"{example}, and let AI take the ones it reaches."
    )


def ai_tools(record):
    reached = (
        record["task_counts"]["ai"]
        and number(record["task_automation"]) >= TOOLS_FROM_BETA
    )
    if imputed(record) or not reached:
        return ""
    score = number(record["ai_complementarity"])
    if score > AC_HIGH:
        return (
            "Microsoft’s data has AI assisting in this work more than in most "
            "occupations, so using it well on the tasks it reaches is likely to pay."
        )
    if score < AC_LOW:
        return (
            "Microsoft’s data has AI doing more of this work itself than in most "
            "occupations, so checking its output and the judgment around it matter more."
        )
    return ""


def core_skills(record):
    skills = (record.get("skills") or {}).get("core")
    names = skill_names(skills)[:3]
    if not names and record.get("skill_ratings", False):
        return (
            "No skill O*NET rates for this job stands clearly above what the "
            "average occupation needs."
        )
    if not names:
        return "O*NET has no skill ratings for this occupation."
    if new_skill_shape(record):
        if len(names) == 1:
            return (
                f"By O*NET’s ratings, the skill that sets this job apart is {names[0]}."
            )
        return f"By O*NET’s ratings, the skills that set this job apart are {listed(names)}."
    return f"O*NET rates {listed(names)} among its most important skills."


def emerging_skills(record):
    if not new_skill_shape(record):
        return ""
    items = [
        item
        for item in (record.get("skills") or {}).get("emerging") or []
        if isinstance(item, dict)
    ]
    if not items:
        return ""
    # The names only: each one's reason is beside it under "Skills to build".
    return f"Worth building next: {listed([item['name'] for item in items[:3]])}."


def moves(record):
    if not record.get("moves"):
        return ""
    return (
        "The safer roles further down share some of this job’s less common skills "
        "and work activities; each says why it fits."
    )


# --- Key takeaways ---------------------------------------------------------------------


def key_takeaways(record, meta=None):
    """Three or four lines, one fact each, from the record."""
    risk = risk_of(record)
    band = scoring.band(risk)
    lines = [
        f"AI risk {risk} of 100, {band.label}; horizon {scoring.horizon(*record['horizon'])}."
    ]
    counts, total = record["task_counts"], task_total(record)
    if total:
        lines.append(
            f"{counts['ai']} of {total} rated O*NET {tasks_word(total)} exposed to "
            "language models by both GPT-4 and human raters (Eloundou et al.)."
        )
    kind = pace_of(record, meta)
    if kind is not None:
        outlook = record["outlook"]
        change = evidence.signed_percent(number(outlook["employment_change_pct"]))
        label = evidence.PACE_LABELS[kind].lower()
        lines.append(
            f"Employment {change} projected for {outlook.get('period', '')} (BLS): {label}."
        )
    state = observed_state(record)
    if state == evidence.Observed.MEASURED:
        observed = record["observed"]
        lines.append(
            f"Observed AI use ranks {observed['rank']} of {observed['ranked']} "
            "occupations (Anthropic Economic Index)."
        )
    elif state == evidence.Observed.NOT_SEEN:
        lines.append(
            "Not seen in the Claude conversations the Anthropic Economic Index studied."
        )
    elif imputed(record):
        lines.append(
            "AI complementarity imputed: the median, because Microsoft’s data has no "
            "applicability for this occupation."
        )
    else:
        lines.append(
            f"AI complementarity {scoring.factor(record['ai_complementarity'])} of 100 "
            "(Microsoft, Tomlinson et al.)."
        )
    return "\n".join(lines[:4])
