"""US spelling in everything a reader sees, over every shipped file.

Published editions are history and stay as they were published; a file's
current edition, the code's own words, the docs and the newest data release
are checked. ESCO's labels are stored as ESCO spells them ("labour
inspector") and respelled where a page shows them, which the copy test over
every rendered role file (tests/test_full_data.py) checks.
"""

import ast
import json
import re
from pathlib import Path

import pytest

from roles.dataset.derived import read_derived, release_paths
from tests.spelling import british_words

ROOT = Path(__file__).parent.parent
TEXT_FILES = sorted(
    [
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
        ROOT / "fixtures" / "sectors.json",
        ROOT / "fixtures" / "toolkit.json",
        ROOT / "fixtures" / "dataset" / "ATTRIBUTION.md",
    ]
)
TEMPLATES = sorted(ROOT.glob("templates/**/*.*"))
PYTHON = sorted([*ROOT.glob("roles/**/*.py"), *ROOT.glob("meter/*.py")])
# Template code and names ({{ licence.url }}, {% url 'roles:licences' %}) are
# not text; nor are the API's field names, which are a published contract.
TEMPLATE_CODE = re.compile(r"{[{%#].*?[}%#]}|<code>.*?</code>|<[^>]*>", re.S)
IDENTIFIER = re.compile(r"[\w.:/-]+")
EDITORIAL = sorted((ROOT / "fixtures" / "editorial").glob("*.json"))


def test_the_checker_knows_the_usual_suspects():
    text = "The programme's judgement on tyre colour, organised by a modelling centre."
    assert british_words(text) == [
        "programme",
        "judgement",
        "tyre",
        "colour",
        "organised",
        "modelling",
        "centre",
    ]
    assert (
        british_words("Advise the enterprise on exercise, analyses and licenses.") == []
    )


def name(path):
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", TEXT_FILES, ids=name)
def test_shipped_text_is_spelled_the_american_way(path):
    assert british_words(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=name)
def test_template_text_is_spelled_the_american_way(path):
    text = TEMPLATE_CODE.sub(" ", path.read_text(encoding="utf-8"))
    assert british_words(text) == []


def strings_of(path):
    """The string literals of a module (docstrings too), names and keys aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and not IDENTIFIER.fullmatch(node.value)
    ]


@pytest.mark.parametrize(
    "path",
    [path for path in PYTHON if path.name != "spelling.py"],  # it lists them
    ids=name,
)
def test_the_codes_words_are_spelled_the_american_way(path):
    assert british_words(" ".join(strings_of(path))) == []


@pytest.mark.parametrize("path", EDITORIAL, ids=lambda path: path.stem)
def test_each_editorial_file_reads_american_now(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    current = max(
        data["editions"], key=lambda edition: (edition["year"], edition["quarter"])
    )
    role = {key: data[key] for key in ("title", "summary", "alternate_titles")}
    assert british_words(json.dumps([role, current], ensure_ascii=False)) == []


def reader_facing(record):
    """Everything of a record a page shows; ESCO's labels are respelled on the page."""
    return {key: value for key, value in record.items() if key != "esco"}


def test_the_newest_data_release_reads_american():
    newest = release_paths(ROOT / "fixtures" / "dataset")[-1]
    _, records = read_derived(newest)
    found = {
        record["soc"]: words
        for record in records
        if (
            words := british_words(
                json.dumps(reader_facing(record), ensure_ascii=False)
            )
        )
    }
    assert found == {}
