"""The index's change column, open-data links, legend and band chips (issue 19).

The change is a role's AI risk against its previous public edition: ▲ for a
rise, ▼ for a fall, "—" for none and "new" for a first edition. A draft or a
scheduled edition never gives the earlier figure.
"""

import datetime
import re

import pytest

from roles.models import Edition
from tests.html import visible_text

# With task automation and complementarity at 50, risk = 25 + SV / 2.
RISK_50, RISK_55, RISK_60, RISK_65 = 50, 60, 70, 80


def row(response, slug):
    """The visible text of the role's table row, and its markup."""
    html = response.content.decode()
    for markup in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if f'href="/roles/{slug}/"' in markup:
            return visible_text(markup).strip(), markup
    raise AssertionError(f"no row for {slug}")


def change_cell(markup):
    return re.search(r'<td class="num col-change">(.*?)</td>', markup, re.S)[1]


@pytest.fixture
def editions(make_role, make_edition, today):
    rose = make_role("rose")
    make_edition(rose, quarter=1, skill_vulnerability=RISK_50)
    make_edition(rose, quarter=2, skill_vulnerability=RISK_55)

    fell = make_role("fell")
    make_edition(fell, quarter=1, skill_vulnerability=RISK_60)
    make_edition(fell, quarter=2, skill_vulnerability=RISK_50)

    steady = make_role("steady")
    make_edition(steady, quarter=1, skill_vulnerability=RISK_60)
    make_edition(steady, quarter=2, skill_vulnerability=RISK_60)

    first = make_role("first")
    make_edition(first, quarter=2, skill_vulnerability=RISK_60)

    # A draft between two public editions is skipped: the change runs from
    # 2026 Q1 (50) to 2026 Q3 (55), never from the draft's 65.
    drafted = make_role("drafted")
    make_edition(drafted, quarter=1, skill_vulnerability=RISK_50)
    make_edition(
        drafted,
        quarter=2,
        skill_vulnerability=RISK_65,
        status=Edition.Status.DRAFT,
        published_on=None,
    )
    make_edition(drafted, quarter=3, skill_vulnerability=RISK_55)

    # A later draft or scheduled edition is not the current one, and the
    # current one has no earlier public edition: "new".
    unpublished = make_role("unpublished")
    make_edition(unpublished, quarter=1, skill_vulnerability=RISK_60)
    make_edition(
        unpublished,
        quarter=2,
        skill_vulnerability=RISK_65,
        status=Edition.Status.DRAFT,
        published_on=None,
    )
    make_edition(
        unpublished,
        quarter=3,
        skill_vulnerability=RISK_50,
        published_on=today + datetime.timedelta(days=10),
    )


def test_a_rise_shows_in_the_accent_with_its_amount(client, editions):
    text, markup = row(client.get("/"), "rose")
    cell = change_cell(markup)
    assert '<span class="change up"><span aria-hidden="true">▲</span>' in cell
    # ▲5 to the eye; "up 5 since 2026 Q1, from 50" to a screen reader.
    assert text.endswith("▲ up 5 since 2026 Q1, from 50")


def test_a_fall_shows_in_calm_with_its_amount(client, editions):
    text, markup = row(client.get("/"), "fell")
    assert '<span class="change down"><span aria-hidden="true">▼</span>' in (
        change_cell(markup)
    )
    assert text.endswith("▼ down 10 since 2026 Q1, from 60")


def test_no_change_is_a_dash_and_said_in_words(client, editions):
    text, markup = row(client.get("/"), "steady")
    cell = change_cell(markup)
    assert '<span aria-hidden="true">—</span>' in cell
    assert "▲" not in cell and "▼" not in cell
    assert text.endswith("— no change since 2026 Q1, from 60")


def test_a_first_edition_is_new(client, editions):
    text, markup = row(client.get("/"), "first")
    assert text.endswith("new : no earlier edition")
    assert "▲" not in change_cell(markup) and "▼" not in change_cell(markup)


def test_a_draft_score_never_shows(client, editions):
    response = client.get("/")
    text, _ = row(response, "drafted")
    assert text.endswith("▲ up 5 since 2026 Q1, from 50")
    text, markup = row(response, "unpublished")
    assert text.endswith("new : no earlier edition")
    # Neither the draft's 65 nor the scheduled edition's 50 is anywhere.
    assert "65" not in change_cell(markup) and "50" not in change_cell(markup)
    assert "from 65" not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/", "/?sort=change", "/?q=rose", "/?sort=name&band=moderate"]
)
def test_the_column_is_there_however_the_list_is_sorted(client, editions, url):
    for headers in ({}, {"HX-Request": "true"}):
        html = client.get(url, headers=headers).content.decode()
        assert 'class="num col-change">Change' in html
        assert html.count('<td class="num col-change">') == html.count(
            'class="role-name"'
        )


def test_the_search_page_shows_the_change_too(client, editions):
    text, _ = row(client.get("/search/?q=rose"), "rose")
    assert text.endswith("▲ up 5 since 2026 Q1, from 50")


def test_sector_and_skill_tables_keep_their_columns(client, editions):
    html = client.get("/sectors/finance/").content.decode()
    assert 'class="role-name"' in html
    assert "col-change" not in html


@pytest.mark.parametrize("url", ["/", "/?sort=change", "/?q=e&sort=change"])
def test_the_change_costs_no_query(
    client, editions, django_assert_max_num_queries, url
):
    from tests.test_queries import INDEX_QUERIES

    with django_assert_max_num_queries(INDEX_QUERIES):
        assert client.get(url).status_code == 200


def test_the_open_data_links_and_the_legend(client, editions):
    html = client.get("/").content.decode()
    assert '<a href="/data/roles.csv">Download CSV</a>' in html
    assert '<a href="/api/roles.json">JSON</a>' in html
    assert '<a class="how-link" href="/methodology/">How the score is made' in html
    legend = re.search(r'<ul class="legend">(.*?)</ul>', html, re.S)[1]
    assert "▲" in legend and "▼" in legend
    assert "risk up since the previous edition" in visible_text(legend)
    # The search page lists matches, not the data set: no download links.
    search = client.get("/search/?q=rose").content.decode()
    assert "/data/roles.csv" not in search


def test_band_chips_carry_their_pips(client, editions):
    html = client.get("/").content.decode()
    chips = re.findall(r'<label class="segment">(.*?)</label>', html, re.S)
    assert len(chips) == 5
    assert "band-mark" not in chips[0]  # All
    for chip, pips in zip(chips[1:], (1, 2, 3, 4), strict=True):
        assert chip.count('class="on"') == pips
        assert chip.count('class="off"') == 4 - pips


def test_the_more_filters_open_while_one_is_set(client, editions):
    closed = client.get("/").content.decode()
    assert '<details class="more-filters">' in closed
    for query in ("origin=editorial", "min_risk=40", "growth=growing"):
        html = client.get(f"/?{query}").content.decode()
        assert '<details class="more-filters" open>' in html


def test_the_glance_counts_the_roles_that_moved(client, editions):
    # rose, fell and drafted (50 → 55 across the draft) moved; steady did not;
    # first and unpublished have no earlier public edition.
    text = visible_text(client.get("/").content.decode())
    assert "3 moved since their previous edition" in text


@pytest.mark.parametrize(
    "query, order",
    [
        ("", "highest risk"),
        ("?sort=name", "name"),
        ("?sort=workers", "most workers"),
        ("?q=rose", "best match"),
        ("?q=rose&sort=risk", "highest risk"),
    ],
)
def test_the_count_line_says_how_the_rows_are_sorted(client, editions, query, order):
    text = visible_text(client.get(f"/{query}").content.decode())
    assert f"sorted by {order}" in text
