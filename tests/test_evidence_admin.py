"""Editors see the release's evidence in the admin but never type it (pytest-django's
admin_client: a superuser)."""

from decimal import Decimal

from roles.models import Edition
from tests.test_admin import edition_form_data


def test_the_edition_page_shows_the_evidence_read_only(
    admin_client,
    make_role,
    make_edition,
):
    edition = make_edition(
        make_role("medical-coder"),
        outlook_period="2024–34",
        employment_base=194_800,
        observed_source="Anthropic Economic Index (March 2026), job_exposure.csv",
        observed_exposure=Decimal("0.6674"),
        observed_rank=4,
        observed_ranked=345,
    )
    html = admin_client.get(
        f"/admin/roles/edition/{edition.pk}/change/"
    ).content.decode()
    assert "Outlook and observed AI use" in html
    assert "194800" in html or "194,800" in html
    assert 'name="employment_base"' not in html
    assert 'name="observed_exposure"' not in html


def test_saving_an_edition_keeps_the_evidence_it_cannot_show_as_fields(
    admin_client,
    make_role,
    make_edition,
):
    edition = make_edition(
        make_role("medical-coder"),
        status=Edition.Status.DRAFT,
        published_on=None,
        employment_change_pct=Decimal("7.1"),
        observed_exposure=Decimal("0.0000"),
        observed_ranked=345,
    )
    data = edition_form_data(edition, headline="Edited.", employment_change_pct="99")
    response = admin_client.post(f"/admin/roles/edition/{edition.pk}/change/", data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.headline == "Edited."
    assert edition.employment_change_pct == Decimal(
        "7.1"
    )  # a tampered form changes nothing
    assert edition.observed_exposure == 0


def test_the_role_page_lists_its_european_names(
    admin_client,
    make_role,
    make_edition,
):
    role = make_role("medical-coder")
    role.esco_titles.create(
        label="clinical coder",
        slug="clinical-coder",
        esco_code="3252.1.1",
        isco_group="3252",
        preferred=True,
    )
    html = admin_client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert "European names (ESCO)" in html
    assert "clinical coder" in html
