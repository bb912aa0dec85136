"""The outlook, observed AI use and European names in the API and the CSV.

Roles are built from the raw sample as the import builds them, and the
figures are checked against the raw files themselves, read here with the csv
module: the API and the CSV must give exactly what the files say.
"""

import csv
import io
import re
from decimal import Decimal

import pytest

from roles import opendata
from roles.models import Sector, Task
from tests.html import visible_text
from tests.test_dataset import SAMPLE, publish_raw

SITE = "https://takeover-meter.example"
PROJECTIONS = SAMPLE / "bls_ep" / "ep_2024-34_table_1.2_occupational_projections.csv"
OBSERVED = SAMPLE / "anthropic" / "labor_market_impacts" / "job_exposure.csv"
PENETRATION = SAMPLE / "anthropic" / "labor_market_impacts" / "task_penetration.csv"
AUTOMATION = (
    SAMPLE
    / "anthropic"
    / "release_2025_03_27"
    / "automation_vs_augmentation_by_task.csv"
)
STATEMENTS_2025 = (
    SAMPLE / "anthropic" / "release_2025_03_27" / "onet_task_statements.csv"
)
ESCO_OCCUPATIONS = SAMPLE / "esco" / "occupations_en_v1.2.1.csv"
# Roles of the sample, by 2018 SOC code: the data-built ones, and the
# editorial Medical Coder, whose new edition the release brings.
SAMPLE_ROLES = {
    "11-1011": "chief-executives",
    "29-2072": "medical-coder",
    "15-1252": "software-developers",
    "23-2011": "paralegals-and-legal-assistants",
    "43-9021": "data-entry-keyers",
    "47-2111": "electricians",
}
THOUSAND = Decimal(1000)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def sample(sectors, tmp_path, make_role, make_edition):
    """The raw sample imported and published, and a file from before the evidence."""
    publish_raw(SAMPLE, tmp_path)
    make_edition(make_role("older-file", sector=Sector.objects.first()))


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def api_rows(client):
    data = client.get("/api/roles.json").json()
    assert data["pages"] == 1
    return {row["slug"]: row for row in data["roles"]}


def csv_rows(client):
    response = client.get("/data/roles.csv")
    text = response.content.decode()
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text))}


def decimal(value):
    """A JSON number or a CSV cell as an exact Decimal (str of the float as written)."""
    return Decimal(str(value))


def key(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def test_the_outlook_is_exactly_the_bls_table(client, sample):
    table = {
        row["2024 National Employment Matrix code"]: row
        for row in read_csv(PROJECTIONS)
    }
    everyone = Decimal(table["00-0000"]["Employment change, percent, 2024–34"])
    api, sheet = api_rows(client), csv_rows(client)
    compared = 0
    for code, slug in SAMPLE_ROLES.items():
        raw = table[code]
        for row in (api[slug], sheet[slug]):
            assert row["outlook_period"] == "2024–34"
            # BLS writes thousands with one decimal: 194.8 is 194,800 people.
            for field, column in [
                ("employment_base", "Employment, 2024"),
                ("employment_projected", "Employment, 2034"),
                ("employment_change", "Employment change, numeric, 2024–34"),
                ("annual_openings", "Occupational openings, 2024–34 annual average"),
            ]:
                assert decimal(row[field]) == Decimal(raw[column]) * THOUSAND, field
            for field, column in [
                ("employment_change_pct", "Employment change, percent, 2024–34"),
                ("self_employed_pct", "Percent self employed, 2024"),
            ]:
                assert decimal(row[field]) == Decimal(raw[column]), field
            assert decimal(row["all_occupations_change_pct"]) == everyone
            assert row["entry_education"] == raw["Typical education needed for entry"]
            assert (
                row["work_experience"] == raw["Work experience in a related occupation"]
            )
            assert (
                row["job_training"]
                == raw[
                    "Typical on-the-job training needed to attain competency in the occupation"
                ]
            )
            compared += 1
    assert compared == 2 * len(SAMPLE_ROLES)
    # A fall stays a plain negative number in the CSV, not escaped as a formula.
    assert sheet["data-entry-keyers"]["employment_change_pct"] == "-25.9"
    assert sheet["data-entry-keyers"]["employment_change"] == "-36700"


def expected_observed(raw_rows):
    """Rank as the release's readers mean it: among occupations with any, ties shared."""
    values = {row["occ_code"]: Decimal(row["observed_exposure"]) for row in raw_rows}
    used = [value for value in values.values() if value > 0]
    return {
        code: {
            "exposure": value,
            "rank": 1 + sum(1 for other in used if other > value)
            if value > 0
            else None,
            "ranked": len(used),
        }
        for code, value in values.items()
    }


def test_observed_exposure_is_exactly_the_anthropic_file(client, sample):
    expected = expected_observed(read_csv(OBSERVED))
    api, sheet = api_rows(client), csv_rows(client)
    checked = 0
    for code, slug in SAMPLE_ROLES.items():
        if code not in expected:
            continue
        figure = expected[code]
        for row in (api[slug], sheet[slug]):
            assert decimal(row["observed_exposure"]) == figure["exposure"]
            assert row["observed_ranked"] in (figure["ranked"], str(figure["ranked"]))
            assert row["observed_source"] == (
                "Anthropic Economic Index (March 2026), "
                "labor_market_impacts/job_exposure.csv"
            )
        assert api[slug]["observed_rank"] == figure["rank"]
        assert sheet[slug]["observed_rank"] == (
            "" if figure["rank"] is None else str(figure["rank"])
        )
        checked += 1
    assert checked == 5  # every sample role but the paralegals, who have no row


def test_observed_use_keeps_its_three_states_apart(client, sample):
    api, sheet = api_rows(client), csv_rows(client)
    # Measured: a value and its rank.
    assert api["data-entry-keyers"]["observed_state"] == "measured"
    assert api["data-entry-keyers"]["observed_exposure"] == 0.6707
    assert api["data-entry-keyers"]["observed_rank"] == 1
    # A measured zero (47-2111): 0, not seen, and no rank.
    electricians = api["electricians"]
    assert electricians["observed_exposure"] == 0
    assert electricians["observed_state"] == "not_seen"
    assert electricians["observed_rank"] is None
    assert sheet["electricians"]["observed_exposure"] == "0"
    assert sheet["electricians"]["observed_state"] == "not_seen"
    assert sheet["electricians"]["observed_rank"] == ""
    # No data (23-2011 has no row): null, never 0.
    paralegals = api["paralegals-and-legal-assistants"]
    assert paralegals["observed_exposure"] is None
    assert paralegals["observed_state"] == "no_data"
    assert paralegals["observed_rank"] is None
    assert paralegals["observed_source"].endswith("job_exposure.csv")
    row = sheet["paralegals-and-legal-assistants"]
    assert (row["observed_exposure"], row["observed_state"]) == ("", "no_data")
    # A file whose edition predates the evidence says nothing, and says so
    # with a null state.
    older = api["older-file"]
    assert older["observed_state"] is None
    assert older["observed_source"] is None
    assert older["observed_exposure"] is None
    assert older["outlook_period"] is None
    assert older["employment_base"] is None
    assert sheet["older-file"]["observed_state"] == ""
    # The role documents say the same.
    for slug, state in [
        ("data-entry-keyers", "measured"),
        ("electricians", "not_seen"),
        ("paralegals-and-legal-assistants", "no_data"),
        ("older-file", None),
    ]:
        assert client.get(f"/api/roles/{slug}.json").json()["observed_state"] == state


def automation_shares():
    """Task key -> (automation, augmentation), and 2025 task ID -> task key."""
    shares = {}
    for row in read_csv(AUTOMATION):
        automation = Decimal(row["directive"]) + Decimal(row["feedback_loop"])
        augmentation = sum(
            Decimal(row[column])
            for column in ("task_iteration", "validation", "learning")
        )
        four = Decimal("0.0001")
        shares[key(row["task_name"])] = (
            automation.quantize(four),
            augmentation.quantize(four),
        )
    ids = {int(row["Task ID"]): key(row["Task"]) for row in read_csv(STATEMENTS_2025)}
    return shares, ids


@pytest.mark.parametrize(
    "slug", ["software-developers", "chief-executives", "electricians"]
)
def test_each_task_carries_its_observed_use_and_split(client, sample, slug):
    penetration = {}
    for row in read_csv(PENETRATION):
        value = Decimal(row["penetration"])
        penetration[key(row["task"])] = max(
            value, penetration.get(key(row["task"]), value)
        )
    shares, ids_2025 = automation_shares()
    data = client.get(f"/api/roles/{slug}.json").json()
    assert data["tasks_observed_source"] == (
        "Anthropic Economic Index (March 2026), labor_market_impacts/task_penetration.csv"
    )
    assert data["tasks_automation_source"] == (
        "Anthropic Economic Index (March 2025), "
        "release_2025_03_27/automation_vs_augmentation_by_task.csv"
    )
    task_ids = dict(
        Task.objects.filter(edition__role__slug=slug).values_list(
            "text", "onet_task_id"
        )
    )
    states = set()
    for task in data["tasks"]:
        expected = penetration.get(key(task["text"]))
        if expected is None:
            assert task["observed_use"] is None
            assert task["observed_use_state"] == "no_data"
        else:
            assert decimal(task["observed_use"]) == expected
            assert task["observed_use_state"] == (
                "not_seen" if expected == 0 else "measured"
            )
        states.add(task["observed_use_state"])
        # The March 2025 release by the task's ID through its own statements,
        # else by the task's text; null where it does not have the task.
        via_id = ids_2025.get(task_ids[task["text"]])
        split = shares.get(via_id) or shares.get(key(task["text"]))
        if split is None:
            assert task["automation_share"] is None
            assert task["augmentation_share"] is None
        else:
            assert decimal(task["automation_share"]) == split[0]
            assert decimal(task["augmentation_share"]) == split[1]
    assert states <= {"measured", "not_seen", "no_data"}


def test_the_sample_shows_every_task_state(client, sample):
    """The sample exercises a measured value, a measured zero and a split."""
    tasks = []
    for slug in SAMPLE_ROLES.values():
        tasks += client.get(f"/api/roles/{slug}.json").json()["tasks"]
    assert {task["observed_use_state"] for task in tasks} >= {"measured", "not_seen"}
    assert any(task["automation_share"] is not None for task in tasks)
    assert any(task["observed_use"] == 0 for task in tasks)


def esco_labels():
    """ESCO code -> (preferred label, ISCO group); a repeated URI keeps its latest row."""
    latest = {}
    for row in read_csv(ESCO_OCCUPATIONS):
        kept = latest.get(row["conceptUri"])
        if kept is None or row["modifiedDate"] > kept["modifiedDate"]:
            latest[row["conceptUri"]] = row
    return {
        row["code"].strip(): (row["preferredLabel"].strip(), row["iscoGroup"].strip())
        for row in latest.values()
    }


def test_european_names_are_escos_own_labels(client, sample):
    labels = esco_labels()
    api, sheet = api_rows(client), csv_rows(client)
    named = 0
    for slug in SAMPLE_ROLES.values():
        document = client.get(f"/api/roles/{slug}.json").json()
        occupations = document["esco_occupations"]
        for item in occupations:
            assert (item["label"], item["isco_group"]) == labels[item["esco_code"]]
        groups = list(dict.fromkeys(item["isco_group"] for item in occupations))
        first = [item["label"] for item in occupations][: opendata.ESCO_TITLES_IN_ROW]
        assert api[slug]["isco_groups"] == groups
        assert api[slug]["esco_titles"] == first
        assert sheet[slug]["isco_groups"] == "; ".join(groups)
        assert sheet[slug]["esco_titles"] == "; ".join(first)
        named += bool(occupations)
    assert named >= 3
    assert "software developer" in api["software-developers"]["esco_titles"]
    assert "2512" in api["software-developers"]["isco_groups"]


def test_csv_text_is_never_a_formula(client, make_role, make_edition):
    make_edition(make_role("formula", title='=HYPERLINK("https://evil.example")'))
    make_edition(make_role("plain", title="+1 Plain"))
    rows = csv_rows(client)
    assert rows["formula"]["title"] == '\'=HYPERLINK("https://evil.example")'
    assert rows["plain"]["title"] == "'+1 Plain"
    # The API gives the text as it is.
    assert api_rows(client)["formula"]["title"].startswith("=")


def test_the_docs_name_every_csv_column_and_evidence_field(client, sample):
    html = client.get("/data/").content.decode()
    header = next(
        csv.reader(io.StringIO(b"".join(client.get("/data/roles.csv")).decode()))
    )
    for column in header:
        assert f"<code>{column}</code>" in html, column
    for column in opendata.EVIDENCE_COLUMNS + opendata.EVIDENCE_DOCUMENT_FIELDS:
        assert f"<code>{column.name}</code>" in html, column.name
        assert column.source, column.name
        assert "<wbr>".join(column.source_parts) in html, column.source
    for name in header:
        documented = name in {
            c.name for c in opendata.COLUMNS + opendata.EVIDENCE_COLUMNS
        }
        assert documented or name in ("licence", "attribution")
    text = visible_text(html)
    for state in ("measured", "not_seen", "no_data"):
        assert state in text
    assert "built before the evidence" in text
    assert "include the self-employed" in text


def test_the_docs_count_the_roles_in_each_observed_state(client, sample):
    text = visible_text(client.get("/data/").content.decode())
    assert "its rank among the occupations with any. 4" in text
    assert "A measured zero: not seen in the conversations studied. No rank. 1" in text
    assert "No data: the release has no row for this occupation. 1" in text
    assert "it says nothing about observed use. 1" in text


def test_the_data_page_credits_the_new_sources(client, db):
    text = visible_text(client.get("/data/").content.decode())
    assert (
        "Source: Employment Projections program, U.S. Bureau of Labor Statistics"
        in text
    )
    assert "Anthropic Economic Index (Anthropic, March 2026), CC BY" in text
    assert "Anthropic Economic Index (Anthropic, March 2025), CC BY" in text
    assert (
        "This service uses the ESCO classification of the European Commission." in text
    )
    assert "Takeover Meter has modified them" in text
    # The API and the CSV carry the same credit lines.
    assert any("March 2026), CC BY" in line for line in opendata.ATTRIBUTION)
    assert "This service uses the ESCO classification" in opendata.short_credit()
