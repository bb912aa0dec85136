"""The admin is the editors' CMS: it loads, computes the score and guards the record."""

import pytest
from django.contrib.auth import get_user_model

from roles.models import Edition


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roles/edition/",
        "/admin/roles/edition/?status__exact=published",
        "/admin/roles/edition/?q=29-2072",
        "/admin/roles/role/",
        "/admin/roles/role/?q=clinical",
        "/admin/roles/skill/",
        "/admin/roles/source/",
        "/admin/roles/resource/",
        "/admin/roles/sector/",
        "/admin/roles/edition/add/",
    ],
)
def test_admin_pages_load(admin_client, medical_coder, path):
    assert admin_client.get(path).status_code == 200


def test_the_edition_change_page_shows_the_computed_score(admin_client, medical_coder):
    edition = Edition.objects.get(role=medical_coder)
    response = admin_client.get(f"/admin/roles/edition/{edition.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="risk_score"' not in html  # read-only, never typed
    assert "68" in html


def edition_form_data(edition, **changes):
    data = {
        "role": edition.role_id,
        "year": edition.year,
        "quarter": edition.quarter,
        "status": edition.status,
        "published_on": edition.published_on.isoformat()
        if edition.published_on
        else "",
        "skill_vulnerability": edition.skill_vulnerability,
        "task_automation": edition.task_automation,
        "ai_complementarity": edition.ai_complementarity,
        "horizon_min_years": edition.horizon_min_years,
        "horizon_max_years": edition.horizon_max_years,
        "us_workers": edition.us_workers,
        "workers_note": edition.workers_note,
        "mean_salary": edition.mean_salary,
        "salary_note": edition.salary_note,
        "data_vintage": edition.data_vintage,
        "headline": edition.headline,
        "brief": edition.brief,
        "key_takeaways": edition.key_takeaways,
        "change_note": edition.change_note,
    }
    for prefix, count in [("tasks", 0), ("edition_skills", 0), ("edition_sources", 0)]:
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def test_saving_in_the_admin_recomputes_the_risk(admin_client, make_role, make_edition):
    edition = make_edition(make_role(), status=Edition.Status.DRAFT, published_on=None)
    response = admin_client.post(
        f"/admin/roles/edition/{edition.pk}/change/",
        edition_form_data(
            edition,
            skill_vulnerability="82.9",
            task_automation="64.29",
            ai_complementarity="63.67",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edition.refresh_from_db()
    assert edition.risk_score == 68
    assert edition.updated_by == admin_client.user


def test_the_admin_rejects_a_factor_over_100(admin_client, make_role, make_edition):
    edition = make_edition(make_role(), status=Edition.Status.DRAFT, published_on=None)
    response = admin_client.post(
        f"/admin/roles/edition/{edition.pk}/change/",
        edition_form_data(edition, skill_vulnerability="101"),
    )
    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()
    edition.refresh_from_db()
    assert edition.skill_vulnerability == 50


def test_the_admin_rejects_a_horizon_that_ends_before_it_starts(
    admin_client, make_role, make_edition
):
    edition = make_edition(make_role(), status=Edition.Status.DRAFT, published_on=None)
    response = admin_client.post(
        f"/admin/roles/edition/{edition.pk}/change/",
        edition_form_data(edition, horizon_min_years=9, horizon_max_years=2),
    )
    assert response.status_code == 200
    edition.refresh_from_db()
    assert (edition.horizon_min_years, edition.horizon_max_years) == (3, 6)


def test_a_published_edition_cannot_be_deleted(admin_client, medical_coder):
    edition = Edition.objects.get(role=medical_coder)
    response = admin_client.post(
        f"/admin/roles/edition/{edition.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_a_draft_can_be_deleted(admin_client, make_role, make_edition):
    edition = make_edition(make_role(), status=Edition.Status.DRAFT, published_on=None)
    response = admin_client.post(
        f"/admin/roles/edition/{edition.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Edition.objects.filter(pk=edition.pk).exists()
