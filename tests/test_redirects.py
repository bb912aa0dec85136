"""Other addresses of a role lead to it: other names and retired slugs."""

from roles.models import Edition, RoleRedirect


def test_an_other_name_of_one_role_redirects_permanently(
    client, make_role, make_edition
):
    make_edition(make_role("medical-coder", other_titles=["Clinical Coder"]))
    response = client.get("/roles/clinical-coder/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/"


def test_a_name_shared_by_several_roles_leads_to_a_search(
    client, make_role, make_edition
):
    make_edition(make_role("first-role", other_titles=["Coordinator"]))
    make_edition(make_role("second-role", other_titles=["Coordinator"]))
    response = client.get("/roles/coordinator/")
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=Coordinator"


def test_a_retired_slug_keeps_redirecting(client, make_role, make_edition):
    role = make_role("medical-coder")
    make_edition(role)
    RoleRedirect.objects.create(old_slug="medical-records-specialists", role=role)
    response = client.get("/roles/medical-records-specialists/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/medical-coder/"


def test_names_of_unpublished_roles_are_404(client, make_role, make_edition):
    draft = make_role("secret-role", other_titles=["Hidden Name"])
    make_edition(draft, status=Edition.Status.DRAFT, published_on=None)
    assert client.get("/roles/hidden-name/").status_code == 404


def test_a_real_slug_wins_over_another_roles_name(client, make_role, make_edition):
    make_edition(make_role("analyst"))
    make_edition(make_role("other", other_titles=["Analyst"]))
    assert client.get("/roles/analyst/").status_code == 200
