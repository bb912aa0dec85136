"""Quarterly release notes: what moved, biggest movers first, public only."""

import datetime

import pytest

from roles.models import DataRelease, Edition, Role
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
    assert response.context["release"] is None  # editorial editions only
    notes = response.context["editorial"]
    assert [edition.role.slug for edition in notes["revised"]] == [
        "band-jumper",
        "big-mover",
        "small-mover",
        "steady",
    ]
    assert (notes["moved"], notes["band_changes"]) == (3, 1)
    assert [edition.role.slug for edition in notes["new_editorial"]] == ["newcomer"]
    assert notes["new_dataset"] == [] and notes["retired"] == []
    text = visible_text(response.content.decode())
    order = [
        text.index(name)
        for name in ("Band Jumper", "Big Mover", "Small Mover", "Steady")
    ]
    assert order == sorted(order)
    assert "Low → Moderate" in text
    assert "Figures refreshed." in text
    assert "Editors published 4 revised and 1 new editorial files." in text
    assert "New editorial files Newcomer" in text
    assert "data release" not in text


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
    # The quarter's editions, and its data release (there is none here).
    with django_assert_num_queries(2):
        client.get("/updates/2026-q2/")
    # Every public edition with its previous risk, and the public releases.
    with django_assert_num_queries(2):
        client.get("/updates/")


@pytest.fixture
def release(quarter, make_role, make_edition, today):
    """A published 2026 Q2 data release beside the quarter's editorial editions."""
    release = DataRelease.objects.create(
        year=2026,
        quarter=2,
        status=DataRelease.Status.PUBLISHED,
        published_on=today - datetime.timedelta(days=30),
        digest="0" * 64,
        vintages=[["O*NET", "29.3"], ["OEWS", "May 2024"]],
        counts={"changed": 1, "new": 1, "retired": 1, "unchanged": 5},
        notes="The 2026 Q2 data release rebuilds the data-built role files.",
    )
    rebuilt = make_role("rebuilt", origin=Role.Origin.DATASET)
    make_edition(rebuilt, quarter=1, skill_vulnerability=50)
    make_edition(rebuilt, quarter=2, skill_vulnerability=20, release=release)
    fresh = make_role("fresh", origin=Role.Origin.DATASET)
    make_edition(fresh, quarter=2, release=release)
    gone = make_role(
        "gone", origin=Role.Origin.DATASET, retired_in=release, successor=rebuilt
    )
    make_edition(gone, quarter=1)
    return release


def test_a_quarter_lists_its_data_release_then_its_editorial_editions(client, release):
    response = client.get("/updates/2026-q2/")
    assert response.status_code == 200
    assert response.context["release"] == release
    notes = response.context["release_notes"]
    assert [edition.role.slug for edition in notes["revised"]] == ["rebuilt"]
    assert [edition.role.slug for edition in notes["new_dataset"]] == ["fresh"]
    assert notes["new_editorial"] == []
    assert [role.slug for role in notes["retired"]] == ["gone"]
    editorial = response.context["editorial"]
    assert len(editorial["revised"]) == 4
    assert [edition.role.slug for edition in editorial["new"]] == ["newcomer"]
    assert editorial["retired"] == []

    text = visible_text(response.content.decode())
    assert (
        "The 2026 Q2 data release: 1 file gets a new edition; 1 occupation is new; "
        "1 occupation left the data. Editors published" in text  # no band changed
    )
    assert "Editors published 4 revised and 1 new editorial files." in text
    assert "The 2026 Q2 data release rebuilds the data-built role files." in text
    assert "Built from O*NET 29.3; OEWS May 2024." in text
    assert "5 files whose data did not change keep their last edition." in text
    assert "Rebuilt Moderate 35 ▼ down 15, from 50" in text
    assert "New data-built files Fresh" in text
    assert "Retired files" in text and "Gone → Rebuilt" in text
    release_at = text.index("The 2026 Q2 data release rebuilds")
    editorial_at = text.index("Editorial editions")
    assert release_at < editorial_at < text.index("Band Jumper")
    assert text.index("Rebuilt Moderate") < editorial_at
    assert text.index("Fresh") < editorial_at


def test_the_updates_page_marks_a_quarter_with_a_data_release(client, release):
    text = visible_text(client.get("/updates/").content.decode())
    assert "2026 Q2 Data release · 5 revised · 2 new" in text
    assert "2026 Q1 0 revised · 6 new" in text
    assert "Biggest movers: Big Mover −15, Rebuilt −15, Small Mover +3" in text


def test_a_draft_release_stays_off_the_updates(client, release):
    DataRelease.objects.filter(pk=release.pk).update(
        status=DataRelease.Status.DRAFT, published_on=None
    )
    Edition.objects.filter(release=release).update(
        status=Edition.Status.DRAFT, published_on=None
    )
    response = client.get("/updates/2026-q2/")
    assert response.context["release"] is None
    text = visible_text(response.content.decode())
    assert "Rebuilt" not in text and "Fresh" not in text
    assert "Data release" not in visible_text(client.get("/updates/").content.decode())


def test_release_notes_with_a_release_keep_a_fixed_query_count(
    client, release, django_assert_num_queries
):
    # The quarter's editions, its data release and the roles it retired.
    with django_assert_num_queries(3):
        client.get("/updates/2026-q2/")
    with django_assert_num_queries(2):
        client.get("/updates/")


def test_the_title_counts_every_revised_file(client, release):
    html = client.get("/updates/2026-q2/").content.decode()
    assert "<title>2026 Q2 release notes: data release and 5 revised" in html
