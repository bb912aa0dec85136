"""Finding a role by any of its names, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.utils.text import slugify

from roles import search
from roles.models import Edition
from tests.html import visible_text

# The count for the pager and one page of editions: the matched names come
# with the page, from the rows themselves.
SEARCH_QUERIES = 2


def test_normalize_folds_case_accents_and_punctuation():
    assert search.normalize("  Códer, CLINICAL! ") == "coder clinical"
    assert search.tokens("C++ / C# developer") == ["c", "c", "developer"]
    assert search.tokens("'; DROP TABLE roles; --") == ["drop", "table", "roles"]
    assert search.tokens("") == []
    assert len(search.tokens("word " * 100)) == search.MAX_TOKENS


@pytest.fixture
def roles(make_role, make_edition):
    coder = make_role(
        "medical-coder",
        other_titles=[
            "Clinical Coder",
            "Coding Specialist",
            "Medical Records Specialist",
        ],
    )
    make_edition(coder, us_workers=185_000)
    nurse = make_role("registered-nurse", other_titles=["Staff Nurse", "RN"])
    make_edition(nurse, us_workers=3_300_000)
    make_edition(make_role("nurse-midwives", title="Nurse Midwives"), us_workers=8_000)
    make_edition(
        make_role("billing-clerks", other_titles=["Medical Biller"]), us_workers=400_000
    )
    draft = make_role("secret-coder", title="Secret Coder")
    make_edition(draft, status=Edition.Status.DRAFT, published_on=None)


def titles(query):
    return [
        edition.role.title
        for edition in search.search(Edition.objects.current().with_role(), query)
    ]


@pytest.mark.parametrize(
    "query",
    [
        "clinical coder",
        "Clinical Coder",
        "CODER clinical",
        "coding specialist",
        "clínical códer",
        "medical coder",
    ],
)
def test_any_name_in_any_case_and_order_finds_the_role(roles, query):
    assert titles(query)[0] == "Medical Coder"


def test_a_word_being_typed_already_matches(roles):
    assert "Registered Nurse" in titles("nur")
    assert "Medical Coder" in titles("clin cod")


def test_the_exact_title_and_bigger_occupations_lead(roles):
    assert titles("nurse") == ["Registered Nurse", "Nurse Midwives"]


def test_every_word_must_match(roles):
    assert titles("medical nurse") == []


def test_words_match_from_their_start(roles):
    assert titles("urse") == []
    assert titles("oder") == []


def test_drafts_are_never_found(roles):
    assert "Secret Coder" not in titles("coder")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "'", "%", "_", "&|!:*", "\x00"])
def test_queries_without_words_find_nothing(roles, query):
    assert titles(query) == []


@pytest.mark.parametrize(
    "query", ["'; DROP TABLE roles_role; --", "<script>alert(1)</script>", "a" * 10_000]
)
def test_hostile_queries_are_just_words(roles, query):
    assert titles(query) == []


# Issue 19: "nurse" listed Computer Systems Analysts and Retail Salespersons
# above Nursing Assistants, for reasons the results never showed.
@pytest.fixture
def nurses(make_role, make_edition):
    def role(slug, workers, title=None, other_titles=(), european=()):
        made = make_role(slug, title=title, other_titles=other_titles)
        if european:
            esco(made, *european)
        make_edition(made, us_workers=workers)

    role("registered-nurses", 3_300_000)
    role("nurse-practitioners", 300_000)
    role(
        "nursing-assistants",
        1_400_000,
        other_titles=["Certified Nurses Aide (CNA)", "Nurse Aide", "Orderly"],
    )
    role(
        "computer-systems-analysts",
        500_000,
        other_titles=["Systems Analyst", "Informatics Nurse Specialist"],
    )
    role("home-health-aides", 4_000_000, european=["care worker", "auxiliary nurse"])
    role(
        "farmworkers",
        260_000,
        title="Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
    )
    role("retail-salespersons", 3_800_000, european=["nursery salesperson"])
    role("cashiers", 3_300_000, other_titles=["Checker"])
    role("food-preparation-workers", 900_000, other_titles=["Cook", "Prep Cook"])
    role("cooks-restaurant", 1_400_000, title="Cooks, Restaurant")
    role("cooks-private-household", 900, title="Cooks, Private Household")
    role("bakers", 200_000, european=["pastry cook"])


def esco(role, *labels):
    # Here, not from test_esco_names: importing a test module runs its tests twice.
    for position, label in enumerate(labels):
        role.esco_titles.create(
            label=label,
            slug=slugify(label),
            esco_code=f"9999.{position}",
            isco_group="9999",
            preferred=position == 0,
            position=position,
        )
    role.refresh_search_text()


def ranked(query):
    """(title, matched name) of each result, best first."""
    found = search.search(Edition.objects.current().with_role(), query)
    return [(edition.role.title, edition.matched_name) for edition in found]


def test_the_roles_own_title_ranks_above_its_other_names(nurses):
    assert ranked("nurse") == [
        # Every word whole in the title: the larger occupation first.
        ("Registered Nurses", None),
        ("Nurse Practitioners", None),
        # A whole word of another name of the role's own, then of an ESCO name.
        ("Nursing Assistants", "Nurse Aide"),
        ("Computer Systems Analysts", "Informatics Nurse Specialist"),
        ("Home Health Aides", "Auxiliary nurse"),
        # Only the start of a longer word ("nursery"): the title, then the rest.
        ("Farmworkers and Laborers, Crop, Nursery, and Greenhouse", None),
        ("Retail Salespersons", "Nursery salesperson"),
    ]


def test_an_exact_title_leads_and_an_exact_other_name_leads_the_other_names(nurses):
    assert ranked("registered nurse")[0] == ("Registered Nurses", None)
    assert ranked("cashiers") == [("Cashiers", None)]
    assert ranked("cook") == [
        ("Cooks, Restaurant", None),
        ("Cooks, Private Household", None),
        ("Food Preparation Workers", "Cook"),
        ("Bakers", "Pastry cook"),
    ]


def test_a_word_being_typed_matches_titles_first(nurses):
    assert ranked("nur")[:4] == [
        ("Registered Nurses", None),
        ("Nursing Assistants", None),  # its title shows the match: no note
        ("Nurse Practitioners", None),
        ("Farmworkers and Laborers, Crop, Nursery, and Greenhouse", None),
    ]
    assert ranked("check") == [("Cashiers", "Checker")]


def test_the_tiers_are_the_same_rules_in_python_and_in_the_database():
    text = search.search_text(
        "Registered Nurses", ["Staff Nurse"], ["nursery nurse", "matron"]
    )
    expected = {
        "registered nurse": search.EXACT_TITLE,
        "nurse": search.TITLE,
        "staff nurse": search.EXACT_NAME,
        "matron": search.EXACT_ESCO,
        "staff": search.NAME,
        "nursery": search.ESCO,
        "regis": search.TITLE_START,
        "sta": search.ELSEWHERE,
    }
    for query, tier in expected.items():
        words = search.tokens(query)
        found = next(
            (
                level
                for level, patterns in search.tier_patterns(words)
                if all(re.search(pattern, text) for pattern in patterns)
            ),
            search.ELSEWHERE,
        )
        assert found == tier, query


def result_cells(response):
    """Each result's title cell, by its role's slug."""
    return dict(
        re.findall(
            r'<th scope="row" class="role-name"><a href="/roles/([^/]+)/">(.*?)</th>',
            response.content.decode(),
        )
    )


def test_a_result_shows_the_other_name_it_matched(client, nurses):
    response = client.get("/search/", {"q": "nurse"})
    assert response.status_code == 200
    cells = result_cells(response)
    assert list(cells) == [
        "registered-nurses",
        "nurse-practitioners",
        "nursing-assistants",
        "computer-systems-analysts",
        "home-health-aides",
        "farmworkers",
        "retail-salespersons",
    ]
    assert (
        '<span class="matched-name">matched: Nurse Aide</span>'
        in (cells["nursing-assistants"])
    )
    assert visible_text(cells["computer-systems-analysts"]).endswith(
        "Analysts Editorial matched: Informatics Nurse Specialist "
    )
    assert "matched: Auxiliary nurse" in cells["home-health-aides"]
    assert "matched: Nursery salesperson" in cells["retail-salespersons"]
    # A title that shows the match says nothing more.
    for slug in ("registered-nurses", "nurse-practitioners", "farmworkers"):
        assert "matched" not in cells[slug]


def test_a_matched_name_is_escaped_like_any_text(client, make_role, make_edition):
    make_edition(make_role("welders", other_titles=["<b>Welder</b> & Cutter"]))
    page = client.get("/search/", {"q": "cutter"}).content.decode()
    assert "matched: &lt;b&gt;Welder&lt;/b&gt; &amp; Cutter" in page


def test_the_index_search_shows_the_matched_name_too(client, nurses):
    response = client.get("/", {"q": "nurse"})
    assert "matched: Nurse Aide" in visible_text(response.content.decode())
    # Sorted by another column, the results are the same, and say why too.
    response = client.get("/", {"q": "nurse", "sort": "name"})
    assert "matched: Nurse Aide" in visible_text(response.content.decode())


def test_a_name_in_lowercase_or_with_marks_is_found_and_shown_as_written(
    make_role, make_edition
):
    role = make_role("chefs", other_titles=["Sous-Chef (Kitchen)", "Cuisinière"])
    make_edition(role)
    assert ranked("sous chef") == [("Chefs", "Sous-Chef (Kitchen)")]
    assert ranked("cuisiniere") == [("Chefs", "Cuisinière")]


@pytest.mark.parametrize("size", [1, 25])
def test_the_search_query_count_does_not_grow(
    client, make_role, make_edition, django_assert_num_queries, size
):
    for number in range(size):
        role = make_role(
            f"role-{number}",
            title=f"Role {number}",
            other_titles=[f"Nurse {number}", f"Aide {number}"],
        )
        make_edition(role)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", {"q": "nurse"})
    assert response.content.decode().count("matched: Nurse") == size
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(
            "/search/", {"q": "nurse"}, headers={"HX-Request": "true"}
        )
    assert response.content.decode().count("matched: Nurse") == size


@pytest.mark.parametrize(
    "params",
    [
        {"q": "n" * 101},
        {"q": "nurse", "page": "x"},
        {"q": "nurse", "page": "0"},
        {"q": "nurse\x00"},
    ],
)
def test_bad_search_input_is_a_400(client, nurses, params):
    assert client.get("/search/", params).status_code == 400


@pytest.mark.parametrize("query", ["nurse.*", "(nurse", "nurse|", "[nurse]", "^nurse$"])
def test_pattern_characters_are_only_spaces(client, nurses, query):
    assert ranked(query) == ranked("nurse")
    assert client.get("/search/", {"q": query}).status_code == 200
