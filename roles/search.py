"""Finding a role by its title or any other name of the job.

One interface, two engines: PostgreSQL full-text search with ranking, and a
plain word-prefix fallback with the same order rules for SQLite. Both
search `Role.search_text`, the title and every other name of the job,
lowercased and without accents, so "Clinical coder", "CODER clinical" and
"clinical códer" all find the Medical Coder.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Round

MAX_TOKENS = 8


def normalize(text):
    """Lowercase, accents stripped, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", " ", plain.casefold()).strip()


def tokens(query):
    """The words of a query, safe to put in a tsquery: letters and digits only."""
    return normalize(query).split()[:MAX_TOKENS]


# Between a role's own names and its ESCO names, and between ESCO names: not
# "|", so an exact ESCO name never counts as an exact name of the role's own.
INTERNATIONAL = " ~ "


def search_text(title, other_titles, international=()):
    own = " | ".join(normalize(text) for text in [title, *other_titles] if text)
    labels = [normalize(text) for text in international if text]
    return own + "".join(f"{INTERNATIONAL}{label}" for label in labels if label)


def search(editions, query):
    """Editions whose role matches every word of `query`, best matches first.

    First the way the phrase meets the names (the exact title, then an exact
    other name, then an exact ESCO name, then a title holding the first word), then the engine's own
    ranking, then the larger occupation, which is likelier the one meant.
    """
    words = tokens(query)
    if not words:
        return editions.none()
    phrase = " ".join(words)
    editions = editions.annotate(phrase_rank=phrase_rank(phrase, words[0]))
    if connection.vendor == "postgresql":
        return postgres_search(editions, words)
    for word in words:
        # Word prefixes, as PostgreSQL's "word:*" matches them.
        editions = editions.filter(
            Q(role__search_text__startswith=word)
            | Q(role__search_text__contains=f" {word}")
        )
    return editions.order_by(
        "-phrase_rank", F("us_workers").desc(nulls_last=True), "role__title"
    )


def phrase_rank(phrase, first_word):
    return Case(
        When(
            Q(role__search_text=phrase)
            | Q(role__search_text__startswith=f"{phrase} |")
            | Q(role__search_text__startswith=f"{phrase}{INTERNATIONAL}"),
            then=Value(4),
        ),
        When(
            Q(role__search_text__contains=f"| {phrase} |")
            | Q(role__search_text__contains=f"| {phrase}{INTERNATIONAL}")
            | Q(role__search_text__endswith=f"| {phrase}"),
            then=Value(3),
        ),
        When(
            Q(role__search_text__contains=f"~ {phrase} ~")
            | Q(role__search_text__endswith=f"~ {phrase}"),
            then=Value(2),
        ),
        When(role__title__icontains=first_word, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def postgres_search(editions, words):
    # Prefix matching, so results come while a word is still being typed.
    query = SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="simple"
    )
    return (
        editions.filter(role__search_vector=query)
        # Coarse tiers of the engine's rank: near-ties go to the larger occupation.
        .annotate(rank=Round(SearchRank(F("role__search_vector"), query), 1))
        .order_by(
            "-phrase_rank",
            "-rank",
            F("us_workers").desc(nulls_last=True),
            "role__title",
        )
    )


def index_roles(roles):
    """Store the roles' search vectors (PostgreSQL; a no-op elsewhere).

    The title weighs more than the other names. Kept in a column with a GIN
    index, so a search reads the index instead of parsing every role's text.
    """
    if connection.vendor != "postgresql":
        return
    roles.update(
        search_vector=SearchVector("title", weight="A", config="simple")
        + SearchVector("search_text", weight="B", config="simple")
    )
