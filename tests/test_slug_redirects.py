"""A role's new slug leaves its old addresses leading to it: every one of them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from roles.models import Edition, Role, RoleRedirect
from tests.admin_forms import form_as_shown


@pytest.fixture
def role(make_role, make_edition):
    role = make_role("medical-coder", other_titles=["Clinical Coder"])
    make_edition(role, year=2026, quarter=1)
    return role


def rename(role, slug):
    """A slug change from the shell or a management command: a plain save."""
    role.slug = slug
    role.save()


@pytest.fixture
def publisher_client(client, db):
    user = get_user_model().objects.create_user(
        "pat", "pat@example.com", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Publishers"))
    client.force_login(user)
    return client


def role_form_data(role, **changes):
    data = {
        "slug": role.slug,
        "title": role.title,
        "soc_code": role.soc_code,
        "sector": role.sector_id,
        "summary": role.summary,
        "origin": role.origin,
    }
    titles = list(role.alternate_titles.all())
    data |= {
        "alternate_titles-TOTAL_FORMS": len(titles),
        "alternate_titles-INITIAL_FORMS": len(titles),
        "redirects-TOTAL_FORMS": 0,
        "redirects-INITIAL_FORMS": 0,
        "editions-TOTAL_FORMS": 0,
        "editions-INITIAL_FORMS": 0,
    }
    for index, title in enumerate(titles):
        prefix = f"alternate_titles-{index}"
        data |= {
            f"{prefix}-id": title.pk,
            f"{prefix}-role": role.pk,
            f"{prefix}-title": title.title,
            f"{prefix}-slug": title.slug,
            f"{prefix}-note": title.note,
            f"{prefix}-position": title.position,
        }
    return data | changes


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/roles/medical-coder/", "/roles/medical-coding-specialist/"),
        (
            "/roles/medical-coder/2026-q1/",
            "/roles/medical-coding-specialist/2026-q1/",
        ),
        (
            "/roles/medical-coder/badge.svg",
            "/roles/medical-coding-specialist/badge.svg",
        ),
        (
            "/roles/medical-coder/share.png",
            "/roles/medical-coding-specialist/share.png",
        ),
        (
            "/api/roles/medical-coder.json",
            "/api/roles/medical-coding-specialist.json",
        ),
    ],
)
def test_a_slug_changed_in_the_admin_leaves_every_address_redirecting(
    publisher_client, role, old, new
):
    response = publisher_client.post(
        f"/admin/roles/role/{role.pk}/change/",
        role_form_data(role, slug="medical-coding-specialist"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    publisher_client.logout()
    response = publisher_client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert publisher_client.get(new).status_code == 200


def test_a_slug_changed_by_a_plain_save_leaves_a_redirect(client, role):
    rename(role, "medical-coding-specialist")
    response = client.get("/roles/medical-coder/2026-q1/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coding-specialist/2026-q1/"


def test_a_second_change_leads_the_first_address_straight_to_the_newest(client, role):
    rename(role, "medical-coding-specialist")
    rename(role, "clinical-coding-specialist")
    for old in ("medical-coder", "medical-coding-specialist"):
        response = client.get(f"/roles/{old}/badge.svg")
        assert response.status_code == 301
        assert response["Location"] == "/roles/clinical-coding-specialist/badge.svg"


def test_changing_a_slug_back_leaves_no_loop(client, role):
    rename(role, "medical-coding-specialist")
    rename(role, "medical-coder")
    assert client.get("/roles/medical-coder/").status_code == 200
    assert client.get("/roles/medical-coder/2026-q1/").status_code == 200
    assert client.get("/api/roles/medical-coder.json").status_code == 200
    response = client.get("/roles/medical-coding-specialist/2026-q1/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/2026-q1/"
    assert list(RoleRedirect.objects.values_list("old_slug", flat=True)) == [
        "medical-coding-specialist"
    ]


def test_a_save_that_keeps_the_slug_leaves_no_redirect(role):
    role.title = "Medical Coder (Clinical)"
    role.save()
    assert not RoleRedirect.objects.exists()


def test_an_old_slug_of_a_role_without_that_quarter_is_still_404(client, role):
    rename(role, "medical-coding-specialist")
    response = client.get("/roles/medical-coder/2025-q3/")
    assert response.status_code == 301  # the new address answers for itself
    assert client.get(response["Location"]).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/roles/no-such-role/2026-q1/",
        "/roles/no-such-role/badge.svg",
        "/roles/no-such-role/share.png",
        "/api/roles/no-such-role.json",
    ],
)
def test_a_slug_no_role_ever_had_is_404(client, role, path):
    assert client.get(path).status_code == 404


def test_a_draft_role_renamed_keeps_its_preview_for_staff(
    publisher_client, make_role, make_edition
):
    draft = make_role("new-role")
    make_edition(draft, status=Edition.Status.DRAFT, published_on=None)
    rename(Role.objects.get(pk=draft.pk), "newer-role")
    response = publisher_client.get("/roles/new-role/2026-q1/")
    assert response.status_code == 301
    assert publisher_client.get(response["Location"]).status_code == 200


def test_changing_a_slug_back_in_the_admin_leaves_no_loop(
    publisher_client, client, role
):
    path = f"/admin/roles/role/{role.pk}/change/"
    for slug in ("medical-coding-specialist", "medical-coder"):
        # The page lists the role's redirects as an inline; post them back as shown.
        data = form_as_shown(publisher_client, path) | {"slug": slug}
        assert publisher_client.post(path, data).status_code == 302
    client.logout()
    assert client.get("/roles/medical-coder/").status_code == 200
    response = client.get("/roles/medical-coding-specialist/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/"
