"""Drafts and scheduled editions never reach the public."""

import datetime

from roles.models import Edition


def test_public_is_published_and_dated_today_or_before(make_role, make_edition, today):
    role = make_role()
    live = make_edition(role, quarter=1)
    today_edition = make_edition(role, quarter=2, published_on=today)
    make_edition(role, quarter=3, published_on=today + datetime.timedelta(days=1))
    make_edition(role, quarter=4, status=Edition.Status.DRAFT, published_on=None)
    assert set(Edition.objects.public()) == {live, today_edition}


def test_current_is_the_newest_public_edition_of_each_role(
    make_role, make_edition, today
):
    first, second = make_role("first"), make_role("second")
    make_edition(first, quarter=1)
    newest = make_edition(first, quarter=2)
    make_edition(first, quarter=3, status=Edition.Status.DRAFT, published_on=None)
    only = make_edition(second, quarter=1)
    assert set(Edition.objects.current()) == {newest, only}


def test_the_index_lists_no_drafts_or_scheduled_roles(
    client, make_role, make_edition, today
):
    make_edition(make_role("visible-role"))
    make_edition(
        make_role("draft-role"), status=Edition.Status.DRAFT, published_on=None
    )
    make_edition(
        make_role("scheduled-role"), published_on=today + datetime.timedelta(days=3)
    )
    html = client.get("/").content.decode()
    assert "Visible Role" in html
    assert "Draft Role" not in html
    assert "Scheduled Role" not in html


def test_it_404s_a_role_with_only_a_draft(client, make_role, make_edition):
    make_edition(
        make_role("draft-role"), status=Edition.Status.DRAFT, published_on=None
    )
    assert client.get("/roles/draft-role/").status_code == 404
    assert client.get("/roles/draft-role/2026-q1/").status_code == 404


def test_it_404s_a_scheduled_edition_until_its_day(
    client, make_role, make_edition, today
):
    role = make_role()
    make_edition(role, quarter=1)
    make_edition(
        role,
        quarter=2,
        published_on=today + datetime.timedelta(days=1),
        headline="Tomorrow's file.",
    )
    assert client.get("/roles/analyst/2026-q2/").status_code == 404
    page = client.get("/roles/analyst/").content.decode()
    assert "Tomorrow&#x27;s file." not in page
    assert "Edition 2026 Q1" in page


def test_a_scheduled_edition_goes_live_on_its_day(
    client, make_role, make_edition, today
):
    role = make_role()
    make_edition(role, quarter=1)
    make_edition(role, quarter=2, published_on=today, headline="Out today.")
    assert "Out today." in client.get("/roles/analyst/").content.decode()


def test_the_current_file_ignores_a_newer_draft(client, make_role, make_edition):
    role = make_role()
    make_edition(role, quarter=1, headline="The public file.")
    make_edition(
        role,
        quarter=2,
        status=Edition.Status.DRAFT,
        published_on=None,
        headline="Secret draft.",
    )
    page = client.get("/roles/analyst/").content.decode()
    assert "The public file." in page
    assert "Secret draft." not in page
    assert "2026 Q2" not in page
