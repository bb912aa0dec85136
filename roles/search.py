"""Finding a role by its title or any other name of the job.

One interface, two engines: PostgreSQL full-text search with ranking, and a
plain word-prefix fallback with the same order rules for SQLite. Both
search `Role.search_text`, the title and every other name of the job,
lowercased and without accents, so "Clinical coder", "CODER clinical" and
"clinical códer" all find the Medical Coder.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When

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


def search_names(other_titles, international=()):
    """The other names as written, one a line: what a result shows it matched."""
    names = [*other_titles, *international]
    return "\n".join(name for name in names if normalize(name))


# How a result met the query, best first. One rule for both engines: the same
# regular expressions over `search_text` (PostgreSQL's ~, Python's re on
# SQLite), so the order of the tiers is the same everywhere. A word matches
# whole with a plural ending ("nurse", "nurses"); otherwise it only starts a
# longer word ("nurse" in "nursery").
EXACT_TITLE = 7  # the title is the query
TITLE = 6  # every word is a whole word of the title
EXACT_NAME = 5  # another name of the role's own is the query
EXACT_ESCO = 4  # a European (ESCO) name is the query
NAME = 3  # every word is a whole word of the role's own names
ESCO = 2  # every word is a whole word of some name
TITLE_START = 1  # every word starts a word of the title
ELSEWHERE = 0  # every word starts a word of some name
TITLE_TIERS = {EXACT_TITLE, TITLE, TITLE_START}

WHOLE = "(e?s)?( |$)"  # after a word: a plural ending, then the word ends
IN_TITLE = "^([^|~]* )?"  # the title runs to the first separator
IN_OWN = "^([^~]* )?"  # the role's own names come before the first ESCO name
ANYWHERE = "(^| )"


def tier_patterns(words):
    """(tier, patterns every one of which the search text must match), best first."""
    phrase = " ".join(words)
    return [
        (EXACT_TITLE, [f"^{phrase}(e?s)?( [|~]|$)"]),
        (TITLE, [f"{IN_TITLE}{word}{WHOLE}" for word in words]),
        (EXACT_NAME, [f"^[^~]* [|] {phrase}(e?s)?( [|~]|$)"]),
        (EXACT_ESCO, [f" ~ {phrase}(e?s)?( ~|$)"]),
        (NAME, [f"{IN_OWN}{word}{WHOLE}" for word in words]),
        (ESCO, [f"{ANYWHERE}{word}{WHOLE}" for word in words]),
        (TITLE_START, [f"{IN_TITLE}{word}" for word in words]),
    ]


def search_tier(words):
    whens = [
        When(
            Q(*(Q(role__search_text__regex=pattern) for pattern in patterns)),
            then=Value(tier),
        )
        for tier, patterns in tier_patterns(words)
    ]
    return Case(*whens, default=Value(ELSEWHERE), output_field=IntegerField())


def search(editions, query):
    """Editions whose role matches every word of `query`, best matches first.

    First how the words meet the names (`tier_patterns`: the title before the
    other names, whole words before the start of longer ones), then the larger
    occupation, which is likelier the one meant. The same order on both
    engines; PostgreSQL only finds the rows faster, through its index.
    """
    words = tokens(query)
    if not words:
        return editions.none()
    if connection.vendor == "postgresql":
        # Prefix matching, so results come while a word is still being typed.
        found = SearchQuery(
            " & ".join(f"{word}:*" for word in words),
            search_type="raw",
            config="simple",
        )
        editions = editions.filter(role__search_vector=found)
    else:
        for word in words:
            # Word prefixes, as PostgreSQL's "word:*" matches them.
            editions = editions.filter(
                Q(role__search_text__startswith=word)
                | Q(role__search_text__contains=f" {word}")
            )
    return editions.annotate(
        search_tier=search_tier(words),
        search_words=Value(" ".join(words), output_field=CharField()),
    ).order_by("-search_tier", F("us_workers").desc(nulls_last=True), "role__title")


def matched_name(role, tier, words):
    """The name a result was found by, when its title does not show why (else None).

    Worked out from the role's row, already fetched: the best of its other
    names by the tiers' rules (the query itself, then most whole words, then
    most words started; the role's own names before ESCO's; then the shortest,
    then the one with the words as typed, not plural; then the first).
    """
    if tier is None or tier in TITLE_TIERS or not words:
        return None
    phrase = " ".join(words)
    best, best_score = None, None
    parts = re.split(r" ([|~]) ", role.search_text)
    # parts: title, separator, name, separator, name...
    for index in range(2, len(parts), 2):
        name, own = parts[index], parts[index - 1] == "|"
        padded = f" {name} "
        whole = sum(bool(re.search(f" {word}{WHOLE}", padded)) for word in words)
        started = sum(f" {word}" in padded for word in words)
        same = sum(f" {word} " in padded for word in words)
        exact = bool(re.fullmatch(f"{phrase}(e?s)?", name))
        score = (exact, whole, started, own, -name.count(" "), same)
        if best_score is None or score > best_score:
            best, best_score = name, score
    if best is None:
        return None
    for written in role.search_names.splitlines():
        if normalize(written) == best:
            break
    else:
        written = best
    # ESCO writes its names in lower case ("app coder"): start them as a name.
    return written[:1].upper() + written[1:] if written.islower() else written


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
