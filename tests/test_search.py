"""Finding a role by any of its names, on SQLite and PostgreSQL alike."""

import pytest

from roles import search
from roles.models import Edition


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
