"""The whole shipped site: every editorial file and ~780 data-built roles."""

import csv
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from roles.models import (
    DataRelease,
    Edition,
    Resource,
    Role,
    Sector,
    Skill,
    Source,
)
from tests.html import count_h1, visible_text
from tests.spelling import british_words
from tests.test_queries import (
    DATA_BUILT_PAGE_QUERIES,
    INDEX_QUERIES,
    ROLE_PAGE_QUERIES,
    WITH_HISTORY_QUERIES,
)

# What a role file's history adds to its queries.
HISTORY_EXTRA = WITH_HISTORY_QUERIES - ROLE_PAGE_QUERIES


@pytest.fixture(scope="module")
def full_site(django_db_setup, django_db_blocker):
    """Load what `make run` loads once for this module, and remove it after."""
    with django_db_blocker.unblock():
        call_command("load_editorial", stdout=StringIO())
        call_command("import_dataset", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        Edition.objects.all().delete()
        Resource.objects.all().delete()
        Role.objects.all().delete()
        for model in (DataRelease, Skill, Source, Sector):
            model.objects.all().delete()


@pytest.fixture
def site(full_site, db):
    return full_site


def test_every_occupation_is_on_the_index_once(site):
    roles = Role.objects.with_public_editions()
    assert roles.filter(origin=Role.Origin.DATASET).count() >= 770
    assert (
        roles.count() == 784
    )  # editorial files replace the data-built ones they cover
    assert Edition.objects.current().count() == 784


def test_the_index_is_paginated_by_risk_and_light(
    client, site, django_assert_num_queries
):
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    assert len(response.content) < 60_000
    html = response.content.decode()
    scores = [
        int(value)
        for value in __import__("re").findall(r'class="risk-number">(\d+)<', html)
    ]
    assert scores == sorted(scores, reverse=True)
    assert "784 roles" in visible_text(html)
    assert 'href="?page=2"' in html


def test_every_role_is_reachable_without_javascript(client, site):
    last = Edition.objects.current().count() // 25 + 1
    response = client.get(f"/?page={last}")
    assert response.status_code == 200
    assert f"Page {last} of {last}" in visible_text(response.content.decode())
    assert client.get(f"/?page={last + 1}").status_code == 404


@pytest.mark.parametrize(
    "query", ["page=abc", "page=0", "page=-1", "page=1e3", "page=" + "9" * 50]
)
def test_a_malformed_page_is_a_400(client, site, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 400
    assert count_h1(response.content.decode()) == 1


def test_a_data_built_file_shows_real_oews_figures_and_says_what_it_is(
    client, site, django_assert_num_queries
):
    # Shipped with two releases, a data-built file has an earlier edition too.
    with django_assert_num_queries(DATA_BUILT_PAGE_QUERIES + HISTORY_EXTRA):
        response = client.get("/roles/proofreaders-and-copy-markers/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Built from public data, not yet reviewed by an editor." in text
    assert "Employed nationally, BLS OEWS May 2024" in text
    edition = Edition.objects.current().get(role__slug="proofreaders-and-copy-markers")
    assert f"{edition.us_workers:,}" in text  # the exact OEWS count, in the brief
    assert "Data-built file, published 3 December 2026" in text
    assert (
        "USDOL/ETA has not approved, endorsed, or tested these modifications." in text
    )
    assert "Eloundou, Manning, Mishkin & Rock" in text


def test_the_medical_coder_keeps_exactly_the_reference_figures(client, site):
    text = visible_text(client.get("/roles/medical-coder/").content.decode())
    for figure in [
        "185K",
        "$42K",
        "68%",
        "5–7 years",
        "Role File · High Risk",
        "Editorial file",
    ]:
        assert figure in text
    assert "Built from public data" not in text
    # The data-built address of the occupation leads to the editorial file.
    response = client.get("/roles/medical-records-specialists/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/"


def test_the_index_marks_editorial_files(client, site):
    html = client.get("/").content.decode()
    assert "13 editorial files, the rest built from public data" in visible_text(html)
    row = html[html.index(">Data Entry Keyer</a>") :][:200]
    assert 'class="origin-tag"' in row
    row = html[html.index(">Database Administrators</a>") :][:120]
    assert "origin-tag" not in row


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        # One more than before releases: the "release" filter lists them.
        ("/admin/roles/edition/", 11),
        ("/admin/roles/edition/?status__exact=draft", 11),
        ("/admin/roles/role/", 6),
        ("/admin/roles/role/?q=nurse", 6),
    ],
)
def test_admin_lists_keep_a_fixed_query_count(
    client, site, path, budget, django_assert_max_num_queries
):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200


def test_editorial_files_ship_with_history(client, site, django_assert_num_queries):
    with django_assert_num_queries(WITH_HISTORY_QUERIES):
        response = client.get("/roles/paralegal/")
    text = visible_text(response.content.decode())
    # The 2026 Q4 release brought the outlook in a new edition; 2027 Q1
    # placed the tasks by the raters' labels.
    assert "Edition 2027 Q1 · 3 earlier editions" in text
    assert "What changed since 2026 Q4" in text
    assert re.search(r"Tasks? moved( .*)? Filing pleadings with the court clerk", text)
    assert "Placed by our editors: Both raters judged the paperwork" in text
    q4 = visible_text(client.get("/roles/paralegal/2026-q4/").content.decode())
    assert "New this quarter: the BLS 2024–34 employment outlook" in q4
    q2 = visible_text(client.get("/roles/paralegal/2026-q2/").content.decode())
    assert "355K → 367K" in q2  # BLS OEWS May 2023 (354,890) -> May 2024
    assert "Workers and wages updated from BLS OEWS May 2023 to May 2024" in q2
    archived = visible_text(client.get("/roles/paralegal/2026-q1/").content.decode())
    assert "Archived edition." in archived
    assert "Employed nationally, BLS OEWS May 2023" in archived


RAW_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"


def raw_table(name, key):
    with (RAW_DATA / name).open(newline="", encoding="utf-8") as handle:
        return {row[key].strip(): row for row in csv.DictReader(handle)}


@pytest.mark.skipif(not RAW_DATA.exists(), reason="needs the raw data in ../shared")
def test_every_role_gives_exactly_the_raw_files_values(client, site):
    """The shipped release against the source files themselves, role by role:
    the CSV for all 784, the role file for a sample."""
    bls = raw_table(
        "bls_ep/ep_2024-34_table_1.2_occupational_projections.csv",
        "2024 National Employment Matrix code",
    )
    observed = raw_table("anthropic/labor_market_impacts/job_exposure.csv", "occ_code")
    response = client.get("/data/roles.csv")
    rows = list(csv.DictReader(StringIO(response.content.decode())))
    assert len(rows) == 784
    no_row = 0
    for row in rows:
        soc = row["soc_code"][:7]
        projected = bls[soc]
        assert (
            int(row["employment_base"]) == Decimal(projected["Employment, 2024"]) * 1000
        )
        assert int(row["annual_openings"]) == (
            Decimal(projected["Occupational openings, 2024–34 annual average"]) * 1000
        )
        assert Decimal(row["employment_change_pct"]) == Decimal(
            projected["Employment change, percent, 2024–34"]
        )
        assert row["entry_education"] == projected["Typical education needed for entry"]
        if soc not in observed:
            no_row += 1
            assert (row["observed_state"], row["observed_exposure"]) == ("no_data", "")
            continue
        value = Decimal(observed[soc]["observed_exposure"])
        assert Decimal(row["observed_exposure"]) == value
        assert row["observed_state"] == ("measured" if value else "not_seen")
        assert bool(row["observed_rank"]) == bool(value)
    assert no_row == 28
    for row in rows[::97]:
        text = visible_text(client.get(f"/roles/{row['slug']}/").content.decode())
        assert f"{int(row['employment_base']):,}" in text
        assert f"{int(row['annual_openings']):,}" in text


# --- Copy defects, over every shipped file --------------------------------------

# "a accountant"; "a" before a vowel sound (a one-off, a unit, a US figure are fine).
A_BEFORE_VOWEL = re.compile(r"\b[Aa] (?!one\b|once\b|and\b|or\b|[Ee]u)[aeioAEIO]\w*")
COPY_DEFECTS = {
    "a/an": A_BEFORE_VOWEL,
    "double hyphen": re.compile(r"\w--\w"),
    "lower-case ai": re.compile(r"(?<![\w/.-])ai(?![\w/.-])"),
    "zero as a count": re.compile(
        r"\b0 (?:as an? |with a new|in a new|new files?\b|role files?\b)"
    ),
    "one file, plural": re.compile(r"\b1 (?:role )?files\b"),
}


# What changed quotes the previous edition's words, struck through: history.
STRUCK = re.compile(r"<s>.*?</s>", re.S)


def copy_defects(markup):
    """The defects a page's visible text shows, history's struck quotes aside."""
    text = visible_text(STRUCK.sub(" ", markup))
    found = {
        name: pattern.findall(text)
        for name, pattern in COPY_DEFECTS.items()
        if pattern.findall(text)
    }
    if words := british_words(text):
        found["British spelling"] = words
    return found


def test_the_copy_checks_catch_what_they_name():
    page = (
        "<p>Tools for a accountant. Helpers--Electricians. 100 − ai complementarity. "
        "0 as an emerging skill. 1 role file revised, 0 with a new risk score. "
        "The programme.</p>"
    )
    assert set(copy_defects(page)) == {
        "a/an",
        "double hyphen",
        "lower-case ai",
        "zero as a count",
        "British spelling",
    }
    assert (
        copy_defects(
            "<p>A one-year course for a user of an AI tool, a European title, "
            "an A and P license. Was: <s>a theatre programme</s>.</p>"
        )
        == {}
    )


def test_no_role_file_shows_a_copy_defect(client, site):
    problems = {}
    for role in Role.objects.with_public_editions():
        response = client.get(role.get_absolute_url())
        assert response.status_code == 200, role.slug
        if found := copy_defects(response.content.decode()):
            problems[role.slug] = found
    assert problems == {}


def test_no_release_notes_show_a_copy_defect(client, site):
    pages = ["/updates/", "/methodology/", "/"] + [
        release.get_absolute_url() for release in DataRelease.objects.public()
    ]
    problems = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        if found := copy_defects(response.content.decode()):
            problems[path] = found
    assert problems == {}
