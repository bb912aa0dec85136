"""Following a role or a sector: their Atom feeds, read by a real feed client.

Only public editions appear; each entry says the risk, the band and the change
since the role's previous public edition.
"""

import datetime

import feedparser
import pytest
from django.conf import settings

from roles.models import Edition, RoleRedirect, Sector
from tests.html import visible_text

# With task automation and complementarity at 50, risk = 25 + SV / 2.
RISK_50, RISK_60 = 50, 70


@pytest.fixture
def followed(make_role, make_edition, today):
    role = make_role("analyst", title="Analyst")
    make_edition(
        role,
        quarter=1,
        skill_vulnerability=RISK_50,
        published_on=today - datetime.timedelta(days=60),
    )
    make_edition(
        role,
        quarter=2,
        skill_vulnerability=RISK_60,
        published_on=today - datetime.timedelta(days=30),
        change_note="Tasks re-read.",
    )
    make_edition(
        role,
        quarter=3,
        headline="A draft headline.",
        status=Edition.Status.DRAFT,
        published_on=None,
    )
    make_edition(
        role,
        quarter=4,
        headline="A scheduled headline.",
        published_on=today + datetime.timedelta(days=5),
    )
    return role


def parsed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_a_role_feed_lists_its_public_editions_newest_first(client, followed):
    feed = parsed(client, "/roles/analyst/feed.xml")
    assert feed.feed.title == "Takeover Meter: Analyst"
    assert feed.feed.link == f"{settings.SITE_URL}/roles/analyst/"
    assert [entry.title for entry in feed.entries] == [
        "Analyst, 2026 Q2: AI risk 60% (High)",
        "Analyst, 2026 Q1: AI risk 50% (Moderate)",
    ]
    newest, first = feed.entries
    assert newest.link == f"{settings.SITE_URL}/roles/analyst/2026-q2/"
    assert newest.summary.startswith("Up 10 points since 2026 Q1 (from 50).")
    assert newest.summary.endswith("Tasks re-read.")
    assert first.summary.startswith("The first edition of this role file.")


def test_drafts_and_scheduled_editions_never_appear(client, followed):
    body = client.get("/roles/analyst/feed.xml").content.decode()
    assert "2026 Q3" not in body and "draft headline" not in body
    assert "2026 Q4" not in body and "scheduled headline" not in body


def test_a_role_nobody_can_read_yet_has_no_feed(client, make_role, make_edition):
    hidden = make_role("hidden")
    make_edition(hidden, status=Edition.Status.DRAFT, published_on=None)
    assert client.get("/roles/hidden/feed.xml").status_code == 404
    assert client.get("/roles/no-such-role/feed.xml").status_code == 404


def test_a_renamed_roles_old_feed_address_moves(client, followed):
    RoleRedirect.objects.create(old_slug="old-analyst", role=followed)
    response = client.get("/roles/old-analyst/feed.xml")
    assert response.status_code == 301
    assert response["Location"] == "/roles/analyst/feed.xml"


def test_a_sector_feed_lists_its_roles_editions(
    client, followed, make_role, make_edition
):
    other = Sector.objects.create(slug="trades", name="Trades")
    make_edition(make_role("plumber", sector=other))
    feed = parsed(client, "/sectors/finance/feed.xml")
    assert feed.feed.title == "Takeover Meter: Finance"
    assert [entry.title.split(",")[0] for entry in feed.entries] == ["Analyst"] * 2
    assert [
        entry.title for entry in parsed(client, "/sectors/trades/feed.xml").entries
    ] == ["Plumber, 2026 Q1: AI risk 50% (Moderate)"]
    assert client.get("/sectors/no-such-sector/feed.xml").status_code == 404


def test_the_role_file_offers_its_feed(client, followed):
    html = client.get("/roles/analyst/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Analyst: new editions" href="/roles/analyst/feed.xml">'
    ) in html
    assert '<a href="#follow">Follow</a>' in html
    text = visible_text(html)
    assert "Follow Analyst Hear when this changes without checking back" in text
    assert "Feed of Analyst · Feed of every role in Finance (Atom)" in text


def test_a_draft_preview_offers_no_feed(admin_client, followed):
    html = admin_client.get("/roles/analyst/2026-q3/").content.decode()
    assert "feed.xml" not in html.replace("/feeds/updates.xml", "")


def test_the_sector_page_and_open_data_list_the_feeds(client, followed):
    sector_page = client.get("/sectors/finance/").content.decode()
    assert 'href="/sectors/finance/feed.xml"' in sector_page
    data = visible_text(client.get("/data/").content.decode())
    assert "/roles/<slug>/feed.xml" in data
    assert "/sectors/<slug>/feed.xml" in data


@pytest.mark.parametrize("editions", [1, 8])
def test_a_role_feed_runs_a_fixed_number_of_queries(
    client, make_role, make_edition, django_assert_max_num_queries, editions
):
    role = make_role("steady")
    for number in range(editions):
        make_edition(role, year=2020 + number // 4, quarter=number % 4 + 1)
    with django_assert_max_num_queries(3):
        client.get("/roles/steady/feed.xml")
