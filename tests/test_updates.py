"""Quarterly release notes: what moved, biggest movers first, public only."""

import datetime

import pytest

from roles.models import Edition
from tests.html import visible_text


@pytest.fixture
def quarter(make_role, make_edition, today):
    steady = make_role("steady")
    make_edition(steady, quarter=1, skill_vulnerability=50)
    make_edition(
        steady, quarter=2, skill_vulnerability=50, change_note="Figures refreshed."
    )
    small = make_role("small-mover")
    make_edition(small, quarter=1, skill_vulnerability=50)
    make_edition(small, quarter=2, skill_vulnerability=56)  # 50 -> 53
    big = make_role("big-mover")
    make_edition(big, quarter=1, skill_vulnerability=50)
    make_edition(big, quarter=2, skill_vulnerability=20)  # 50 -> 35: same band
    jumper = make_role("band-jumper")
    make_edition(jumper, quarter=1, skill_vulnerability=18)  # 34, Low
    make_edition(jumper, quarter=2, skill_vulnerability=22)  # 36, Moderate
    make_edition(make_role("newcomer"), quarter=2)
    make_edition(
        make_role("draft-only"),
        quarter=2,
        status=Edition.Status.DRAFT,
        published_on=None,
    )
    make_edition(
        make_role("scheduled"),
        quarter=2,
        published_on=today + datetime.timedelta(days=2),
    )


def test_release_notes_put_band_changes_then_biggest_movers_first(client, quarter):
    response = client.get("/updates/2026-q2/")
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    order = [
        text.index(name)
        for name in ("Band Jumper", "Big Mover", "Small Mover", "Steady")
    ]
    assert order == sorted(order)
    assert "Low → Moderate" in text
    assert "Figures refreshed." in text
    assert (
        "4 role files revised, 3 with a new risk score and 1 in a new band; 1 new file."
        in text
    )
    assert "Editorial files published for the first time: Newcomer" in text


def test_drafts_and_scheduled_editions_stay_out_of_the_notes(client, quarter):
    text = client.get("/updates/2026-q2/").content.decode()
    assert "Draft Only" not in text
    assert "Scheduled" not in text


def test_the_updates_page_lists_quarters(client, quarter):
    text = visible_text(client.get("/updates/").content.decode())
    assert text.index("2026 Q2") < text.index("2026 Q1")
    assert "4 revised · 1 new" in text
    assert "0 revised · 4 new" in text


def test_a_quarter_without_editions_is_a_404(client, quarter):
    assert client.get("/updates/2025-q4/").status_code == 404


def test_release_notes_keep_a_fixed_query_count(
    client, quarter, django_assert_num_queries
):
    with django_assert_num_queries(1):
        client.get("/updates/2026-q2/")
    with django_assert_num_queries(1):
        client.get("/updates/")
