"""The Atom feed, the embeddable badge and the share card: public editions only."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from roles import cards
from roles.models import Edition

SITE = "https://takeover-meter.example"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def editions(make_role, make_edition, today):
    role = make_role("coder", title="Coder")
    older = make_edition(
        role, quarter=1, published_on=today - datetime.timedelta(days=100)
    )
    newer = make_edition(
        role,
        quarter=2,
        published_on=today - datetime.timedelta(days=10),
        skill_vulnerability=90,
        change_note="Moved up.",
    )
    make_edition(role, quarter=3, status=Edition.Status.DRAFT, published_on=None)
    make_edition(
        make_role("draft-only"), status=Edition.Status.DRAFT, published_on=None
    )
    make_edition(
        make_role("scheduled-only"), published_on=today + datetime.timedelta(days=2)
    )
    return older, newer


def test_the_feed_lists_published_editions_newest_first(client, editions):
    older, newer = editions
    response = client.get("/feeds/updates.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Takeover Meter: role file updates"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    first, second = entries
    assert first.find(f"{ATOM}title").text == (
        f"Coder, 2026 Q2: AI risk {newer.risk_score}% ({newer.band.label})"
    )
    assert first.find(f"{ATOM}link").get("href") == f"{SITE}/roles/coder/2026-q2/"
    assert first.find(f"{ATOM}id").text == f"{SITE}/roles/coder/2026-q2/"
    assert first.find(f"{ATOM}published").text.startswith(
        newer.published_on.isoformat()
    )
    assert "Moved up." in first.find(f"{ATOM}summary").text
    assert second.find(f"{ATOM}link").get("href") == f"{SITE}/roles/coder/2026-q1/"
    links = [link.get("href") for link in feed.findall(f"{ATOM}link")]
    assert f"{SITE}/feeds/updates.xml" in links
    assert b"draft-only" not in response.content
    assert b"scheduled-only" not in response.content
    assert b"2026-q3" not in response.content


def test_pages_point_to_the_feed(client, editions):
    html = client.get("/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/updates.xml"' in html


def test_the_badge_shows_the_current_public_score(client, editions):
    _, newer = editions
    response = client.get("/roles/coder/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["AI risk", f"{newer.risk_score}% · {newer.band.label}"]
    assert svg.get("width") == str(cards.badge(newer).width)
    assert "max-age=3600" in response["Cache-Control"]
    etag = response["ETag"]
    assert (
        client.get(
            "/roles/coder/badge.svg", headers={"If-None-Match": etag}
        ).status_code
        == 304
    )


@pytest.mark.parametrize("kind", ["badge.svg", "share.png"])
@pytest.mark.parametrize("slug", ["draft-only", "scheduled-only", "nobody"])
def test_hidden_roles_have_no_badge_or_card(client, editions, kind, slug):
    assert client.get(f"/roles/{slug}/{kind}").status_code == 404


def test_the_share_card_is_a_png_drawn_once_per_edition(
    client, editions, monkeypatch, page_cache, django_capture_on_commit_callbacks
):
    drawn = []
    original = cards.share_card_png

    def counting(edition, host):
        drawn.append(edition.pk)
        return original(edition, host)

    monkeypatch.setattr(cards, "share_card_png", counting)
    response = client.get("/roles/coder/share.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)
    client.get("/roles/coder/share.png")
    assert drawn == [editions[1].pk]  # the second came from the cache
    with django_capture_on_commit_callbacks(execute=True):
        editions[1].save()  # an edit draws it again
    client.get("/roles/coder/share.png")
    assert drawn == [editions[1].pk, editions[1].pk]


def test_the_role_file_offers_the_badge_and_its_embed_code(client, editions):
    html = client.get("/roles/coder/").content.decode()
    assert 'id="embed-code"' in html
    assert f"&lt;img src=&quot;{SITE}/roles/coder/badge.svg&quot;" in html
    assert 'data-copy="embed-code"' in html
    assert f'<meta property="og:image" content="{SITE}/roles/coder/share.png">' in html


def test_an_archived_or_draft_file_offers_no_embed(client, editions, admin_client):
    assert 'id="embed-code"' not in client.get("/roles/coder/2026-q1/").content.decode()
    preview = admin_client.get("/roles/coder/2026-q3/")
    assert preview.status_code == 200
    assert 'id="embed-code"' not in preview.content.decode()
