"""The role file's evidence beside the score: the BLS outlook, observed AI use
(occupation and tasks) and European names, checked against the raw files of
the sample the release is built from, not against what the import stored."""

import csv
import re
import shutil
from decimal import Decimal

import pytest

from roles import evidence
from roles.dataset.anthropic import task_key
from roles.models import EscoTitle, Role, Task
from tests.html import visible_text
from tests.test_dataset import SAMPLE, publish_raw
from tests.test_queries import ARCHIVED_PAGE_QUERIES, WITH_HISTORY_QUERIES
from tests.test_seo import json_ld, of_type

PROJECTIONS = SAMPLE / "bls_ep" / "ep_2024-34_table_1.2_occupational_projections.csv"
EXPOSURE = SAMPLE / "anthropic" / "labor_market_impacts" / "job_exposure.csv"
PENETRATION = SAMPLE / "anthropic" / "labor_market_impacts" / "task_penetration.csv"
SPLIT = (
    SAMPLE
    / "anthropic"
    / "release_2025_03_27"
    / "automation_vs_augmentation_by_task.csv"
)
ESCO_ACKNOWLEDGMENT = (
    "This service uses the ESCO classification of the European Commission."
)
MINUS = "\u2212"


def rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def raw_projections():
    """SOC code -> Table 1.2 row (figures in thousands)."""
    return {
        row["2024 National Employment Matrix code"]: row
        for row in rows(PROJECTIONS)
        if row["Occupation type"] == "Line item"
    }


def raw_exposure():
    """SOC code -> (value as written, rank among values above 0, how many ranked)."""
    values = {row["occ_code"]: row["observed_exposure"] for row in rows(EXPOSURE)}
    used = [Decimal(value) for value in values.values() if Decimal(value) > 0]
    return {
        code: (
            value,
            1 + sum(other > Decimal(value) for other in used)
            if Decimal(value) > 0
            else None,
            len(used),
        )
        for code, value in values.items()
    }


def people(thousands):
    return f"{int(Decimal(thousands) * 1000):,}"


def signed_people(thousands):
    if thousands.startswith("-"):
        return f"{MINUS}{people(thousands[1:])}"
    return f"+{people(thousands)}"


def signed(text):
    return f"{MINUS}{text[1:]}" if text.startswith("-") else f"+{text}"


def percent_of(share):
    """A 0–1 share as the page writes it: every stored digit, as a percent."""
    value = Decimal(share).quantize(Decimal("0.0001")) * 100
    return f"{value.normalize():f}%"


def sample_roles():
    """SOC code -> the sample role's current public page."""
    return {role.soc_code[:7]: role.get_absolute_url() for role in Role.objects.all()}


def page_text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def tasks_on(html):
    """Each task row's visible text, by the task's own text."""
    items = re.findall(
        r'<ol class="task-list">(.*?)</ol>', html, flags=re.S
    )  # both columns
    found = {}
    for column in items:
        for item in re.findall(r"<li[^>]*>(.*?)</li>", column, flags=re.S):
            text = visible_text(item).strip()
            found[text] = text
    return list(found)


@pytest.fixture
def sample(sectors, tmp_path):
    """The raw sample built into a release and published: five data-built files
    and the Medical Coder's new editorial edition, all with the evidence."""
    publish_raw(SAMPLE, tmp_path / "derived")


def test_every_role_shows_exactly_the_raw_bls_projection(client, sample):
    projections = raw_projections()
    pages = sample_roles()
    assert len(pages) == 6
    for soc, path in pages.items():
        raw = projections[soc]
        text = visible_text(page_text(client, path))
        change = raw["Employment change, numeric, 2024–34"]
        pct = raw["Employment change, percent, 2024–34"]
        assert f"Employment, 2024 {people(raw['Employment, 2024'])}" in text, soc
        assert f"Projected, 2034 {people(raw['Employment, 2034'])}" in text, soc
        assert f"Change, 2024–34 {signed_people(change)}" in text, soc
        assert f"{signed(pct)}% ·" in text, soc
        openings = raw["Occupational openings, 2024–34 annual average"]
        assert f"Openings a year {people(openings)}" in text, soc
        education = raw["Typical education needed for entry"]
        assert f"Typical entry education {education}" in text, soc
        assert "Source: Employment Projections program, U.S. Bureau of Labor " in text
        assert "include the self-employed" in text
        assert f"({raw['Percent self employed, 2024']}% of this occupation" in text


def test_the_change_is_set_against_all_occupations_by_the_stated_rule(client, sample):
    # All occupations: 3.1 %. Medical coder +7.1 % is faster, paralegals +0.2 %
    # slower, data entry keyers −25.9 % declining.
    pages = sample_roles()
    assert (
        "projected to grow 7.1% from 2024 to 2034, faster than the 3.1% for all "
        "occupations" in visible_text(page_text(client, pages["29-2072"]))
    )
    assert "slower than the 3.1% for all occupations" in visible_text(
        page_text(client, pages["23-2011"])
    )
    declining = visible_text(page_text(client, pages["43-9021"]))
    assert "projected to decline 25.9% from 2024 to 2034" in declining
    assert "Declining" in declining
    assert "percentage point apart" not in declining  # no comparison made
    # BLS's "None" reads naturally.
    text = visible_text(page_text(client, pages["15-1252"]))
    assert "Work experience in a related occupation None required" in text
    assert "Typical on-the-job training None typically needed" in text
    assert "Work experience in a related occupation 5 years or more" in visible_text(
        page_text(client, pages["11-1011"])
    )


def test_observed_exposure_shows_the_raw_value_in_its_state(client, sample):
    exposure = raw_exposure()
    pages = sample_roles()
    assert "23-2011" not in exposure  # the paralegals have no row: no data
    for soc, path in pages.items():
        text = visible_text(page_text(client, path))
        assert "Observed AI use" in text
        assert "Evidence beside the score, not part of it" in text
        assert (
            "Source: labor_market_impacts/job_exposure.csv. Anthropic Economic "
            "Index (Anthropic, March 2026), CC BY." in text
        )
        if soc not in exposure:
            assert "No data: the release has no row for this occupation" in text
            assert "Not seen" not in text and "Rank " not in text
            continue
        value, rank, ranked = exposure[soc]
        if rank is None:
            assert soc == "47-2111"  # electricians: a measured zero
            assert "Not seen" in text
            assert "not seen in the conversations studied" in text
            assert "Rank " not in text and "No data:" not in text
            continue
        assert f"{percent_of(value)} Observed exposure" in text, soc
        assert (
            f"Rank {rank} of {ranked} occupations with any observed use "
            f"({value} in the release file)" in text
        ), soc
        assert "not seen in the conversations studied" not in text


def test_the_medical_coder_figures_match_the_spot_check(client, sample):
    text = visible_text(page_text(client, "/roles/medical-coder/"))
    assert "66.74% Observed exposure" in text
    assert "(0.6674 in the release file)" in text
    assert "194,800" in text and "208,600" in text and "+13,800" in text
    assert "+7.1%" in text and "Openings a year 14,200" in text
    assert "Postsecondary nondegree award" in text


def test_each_task_shows_its_raw_observed_use_and_split(client, sample):
    penetration = {}
    for row in rows(PENETRATION):
        key = task_key(row["task"])
        penetration[key] = max(Decimal(row["penetration"]), penetration.get(key, 0))
    split = {}
    for row in rows(SPLIT):
        automation = Decimal(row["directive"]) + Decimal(row["feedback_loop"])
        augmentation = (
            Decimal(row["task_iteration"])
            + Decimal(row["validation"])
            + Decimal(row["learning"])
        )
        split[task_key(row["task_name"])] = (automation, augmentation)
    seen = {"measured": 0, "not seen": 0, "split": 0}
    for role in Role.objects.filter(origin=Role.Origin.DATASET):
        html = page_text(client, role.get_absolute_url())
        lines = tasks_on(html)
        tasks = Task.objects.filter(edition__role=role)
        assert len(lines) == tasks.count()
        for task in tasks:
            line = next(line for line in lines if line.startswith(task.text))
            value = penetration[task_key(task.text)]  # every sample task has a row
            if value > 0:
                assert f"Observed use {percent_of(value)}" in line, line
                seen["measured"] += 1
            else:
                assert "Observed use: not seen" in line, line
                seen["not seen"] += 1
            shares = split.get(task_key(task.text))
            if shares and any(shares):
                automation, augmentation = (percent_of(share) for share in shares)
                assert f"2025: {automation} automate · {augmentation} augment" in line
                seen["split"] += 1
            elif shares:  # every conversation unclassified
                assert "2025: all unclassified" in line, line
            else:
                assert "automate" not in line and "unclassified" not in line
        # The key names both release files and both credits.
        text = visible_text(html)
        assert "labor_market_impacts/task_penetration.csv, March 2026" in text
        assert "release_2025_03_27/automation_vs_augmentation_by_task.csv" in text
        assert "Anthropic Economic Index (Anthropic, March 2025), CC BY" in text
    assert all(seen.values()), seen


def test_a_task_the_release_lacks_says_no_data(client, sectors, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE, raw)
    path = raw / PENETRATION.relative_to(SAMPLE)
    # A "You stay relevant" task: that column has four, so the task stays
    # shown although tasks without data rank after measured ones.
    lacking = "Recommend purchase of equipment"
    kept = [row for row in rows(path) if not row["task"].startswith(lacking)]
    assert len(kept) < len(rows(path))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["task", "penetration"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    publish_raw(raw, tmp_path / "derived")
    html = page_text(client, "/roles/software-developers/")
    line = next(line for line in tasks_on(html) if line.startswith(lacking))
    # No figure, not a zero; the March 2025 split is another release and stays.
    assert "Observed use: no data" in line
    assert "not seen" not in line and "Observed use 0" not in line
    assert "2025: all unclassified" in line


def test_editorial_tasks_get_one_sentence_not_a_line_each(client, sample):
    html = page_text(client, "/roles/medical-coder/")
    assert 'class="task-evidence"' not in html
    text = visible_text(html)
    assert text.count("These tasks are written by our editors") == 1
    assert "Observed use: no data" not in text


def test_european_names_come_with_isco_groups_and_the_acknowledgment(client, sample):
    # A tag before the semicolon leaves a space in the visible text.
    text = visible_text(page_text(client, "/roles/medical-coder/")).replace(" ;", ";")
    preferred = list(
        EscoTitle.objects.filter(role__slug="medical-coder", preferred=True)
        .order_by("position")
        .values_list("label", "isco_group")
    )
    assert len(preferred) == 5
    assert (
        "Also called, in Europe: medical records clerk, clinical coder, picture "
        "archiving and communication systems administrator (ISCO-08 3252); medical "
        "administrative assistant, medical transcriptionist (ISCO-08 3344)" in text
    )
    assert "clerical officer" not in text  # an alternative label, not preferred
    assert ESCO_ACKNOWLEDGMENT in text
    assert "Takeover Meter has modified it" in text
    # At most five, in ESCO's order: the chief executives have more.
    text = visible_text(page_text(client, "/roles/chief-executives/"))
    line = re.search(r"Also called, in Europe: (.*?)\)(?: This service)", text)
    names = EscoTitle.objects.filter(role__slug="chief-executives", preferred=True)
    assert names.count() > 5
    shown = [title.label for title in names.order_by("position")[:5]]
    assert line and all(label in line.group(1) for label in shown)
    assert names.order_by("position")[5].label not in line.group(1)


def test_the_json_ld_has_requirements_and_isco_groups(client, sample):
    html = page_text(client, "/roles/medical-coder/")
    (occupation,) = of_type(json_ld(html), "Occupation")
    raw = raw_projections()["29-2072"]
    assert (
        occupation["educationRequirements"]
        == (raw["Typical education needed for entry"])
    )
    assert occupation["experienceRequirements"] == (
        "No work experience in a related occupation"
    )
    codes = {
        (item["codeValue"], item["inCodeSet"]["name"])
        for item in occupation["occupationalCategory"]
    }
    assert ("29-2072", "2018 Standard Occupational Classification") in codes
    isco = "International Standard Classification of Occupations (ISCO-08)"
    assert {("3252", isco), ("3344", isco)} <= codes
    (chief,) = of_type(
        json_ld(page_text(client, "/roles/chief-executives/")), "Occupation"
    )
    assert chief["experienceRequirements"] == (
        "5 years or more of work experience in a related occupation"
    )


def test_an_archived_edition_without_evidence_shows_none_of_it(client, sample):
    current = page_text(client, "/roles/medical-coder/")
    archived = page_text(client, "/roles/medical-coder/2026-q2/")
    for marker in (
        'id="outlook-heading"',
        'id="observed-heading"',
        "Also called, in Europe",
        ESCO_ACKNOWLEDGMENT,
        "These tasks are written by our editors",
        "Employment Projections program",
    ):
        assert marker in current
        assert marker not in archived
    (occupation,) = of_type(json_ld(archived), "Occupation")
    assert "educationRequirements" not in occupation
    assert "experienceRequirements" not in occupation
    assert isinstance(occupation["occupationalCategory"], dict)  # SOC only


def test_the_role_file_keeps_its_query_count_with_european_names(
    client, make_role, make_edition, django_assert_num_queries
):
    role = make_role()
    fields = {
        "outlook_period": "2024–34",
        "employment_base": 1000,
        "employment_projected": 1100,
        "employment_change": 100,
        "employment_change_pct": Decimal("10.0"),
        "all_occupations_change_pct": Decimal("3.1"),
        "annual_openings": 90,
        "entry_education": "Bachelor's degree",
        "work_experience": "None",
        "job_training": "None",
        "observed_source": "Anthropic Economic Index (March 2026), "
        "labor_market_impacts/job_exposure.csv",
        "observed_exposure": Decimal("0.5"),
        "observed_rank": 1,
        "observed_ranked": 1,
    }
    make_edition(role, quarter=1)
    make_edition(role, quarter=2, tasks=20, **fields)
    EscoTitle.objects.create(
        role=role, label="analyst", slug="analyst", esco_code="1", isco_group="2413"
    )
    with django_assert_num_queries(WITH_HISTORY_QUERIES):
        html = page_text(client, "/roles/analyst/")
    assert "Also called, in Europe" not in html  # an alternative label only
    for number in range(12):
        EscoTitle.objects.create(
            role=role,
            label=f"title {number}",
            slug=f"title-{number}",
            esco_code="1",
            isco_group="2413",
            preferred=True,
            position=number,
        )
    with django_assert_num_queries(WITH_HISTORY_QUERIES):
        html = page_text(client, "/roles/analyst/")
    assert "title 4 (ISCO-08 2413)" in visible_text(html)
    assert "title 5" not in html
    with django_assert_num_queries(ARCHIVED_PAGE_QUERIES):
        html = page_text(client, "/roles/analyst/2026-q1/")
    assert "Also called, in Europe" not in html  # no evidence in that edition


@pytest.mark.parametrize(
    "change, expected",
    [
        ("7.1", "faster"),
        ("4.2", "faster"),
        ("4.0", "same"),
        ("3.1", "same"),
        ("2.2", "same"),
        ("2.1", "slower"),
        ("0.2", "slower"),
        ("0.0", "flat"),
        ("-0.1", "declining"),
        ("-25.9", "declining"),
    ],
)
def test_the_pace_rule(change, expected):
    # "About the same" is less than one percentage point from 3.1.
    assert evidence.pace(Decimal(change), Decimal("3.1")) == expected


def test_shares_print_every_stored_digit():
    assert evidence.as_percent(Decimal("0.6674")) == "66.74%"
    assert evidence.as_percent(Decimal("0.2880")) == "28.8%"
    assert evidence.as_percent(Decimal("0.1000")) == "10%"
    assert evidence.as_percent(Decimal("0.0116")) == "1.16%"
    assert evidence.plain(Decimal("0.0000")) == "0"
