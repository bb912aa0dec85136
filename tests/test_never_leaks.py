"""Drafts and scheduled editions appear on no public surface."""

import datetime

import pytest

from roles.models import Edition

SURFACES = [
    "/",
    "/?q=secret",
    "/search/?q=secret",
    "/compare/?roles=visible,secret-draft",
    "/compare/?roles=visible,secret-scheduled",
    "/updates/",
    "/updates/2026-q3/",
    "/sectors/finance/",
    "/skills/skill-0/",
    "/sitemap.xml",
    "/feeds/updates.xml",
    "/api/roles.json",
    "/api/roles/visible.json",
    "/data/roles.csv",
    "/toolkit/",
    "/methodology/?role=secret",
    "/roles/visible/badge.svg",
]


SECRETS = (
    "secret-draft",
    "Secret Draft Role",
    "secret-scheduled",
    "Secret Scheduled Role",
    "Secret draft headline",
    "Secret scheduled headline",
    "2026-q3",
    "2026 Q3",
    "2026-q4",
    "2026 Q4",
)


@pytest.fixture
def secrets(make_role, make_edition, today):
    visible = make_role("visible", title="Visible Role")
    make_edition(visible, quarter=2)
    # A newer draft and a scheduled edition of a public role: figures unseen.
    make_edition(
        visible,
        year=2026,
        quarter=3,
        status=Edition.Status.DRAFT,
        published_on=None,
        headline="Secret draft headline",
    )
    make_edition(
        visible,
        year=2026,
        quarter=4,
        headline="Secret scheduled headline",
        published_on=today + datetime.timedelta(days=5),
    )
    make_edition(
        make_role("secret-draft", title="Secret Draft Role"),
        status=Edition.Status.DRAFT,
        published_on=None,
        quarter=3,
    )
    make_edition(
        make_role("secret-scheduled", title="Secret Scheduled Role"),
        published_on=today + datetime.timedelta(days=5),
        quarter=3,
    )


@pytest.mark.parametrize("path", SURFACES)
def test_no_public_surface_shows_a_draft_or_scheduled_edition(client, secrets, path):
    response = client.get(path)
    assert response.status_code in (200, 400, 404)
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    for secret in SECRETS:
        if secret in path:
            continue  # a 404 may echo the address it was asked for
        assert secret not in body, f"{path} shows {secret}"


@pytest.mark.parametrize("slug", ["secret-draft", "secret-scheduled"])
@pytest.mark.parametrize(
    "template",
    ["/roles/{}/", "/roles/{}/badge.svg", "/roles/{}/share.png", "/api/roles/{}.json"],
)
def test_hidden_roles_have_no_page_of_their_own(client, secrets, slug, template):
    assert client.get(template.format(slug)).status_code == 404
