"""Two to four roles side by side; every other request gets a clear answer."""

import pytest

from roles.models import Edition
from tests.html import count_h1, visible_text


@pytest.fixture
def roles(make_role, make_edition):
    for slug, sv in [
        ("alpha", 20),
        ("beta", 50),
        ("gamma", 80),
        ("delta", 40),
        ("epsilon", 60),
    ]:
        make_edition(make_role(slug), skill_vulnerability=sv, skills=2, tasks=2)
    make_edition(make_role("hidden"), status=Edition.Status.DRAFT, published_on=None)


def test_two_roles_side_by_side_with_what_they_share(client, roles):
    response = client.get("/compare/?roles=alpha,gamma")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert count_h1(html) == 1
    assert text.index("Alpha") < text.index("Gamma")
    assert (
        "Skills they all list: Skill 0 Skill 1" in text
    )  # the factory gives every role the same skills
    assert "No task is shared by all of them." in text
    assert 'href="/compare/?roles=gamma"' in html  # remove alpha
    assert 'href="/compare/?roles=alpha"' in html  # remove gamma


def test_four_roles_is_the_most(client, roles):
    assert client.get("/compare/?roles=alpha,beta,gamma,delta").status_code == 200
    response = client.get("/compare/?roles=alpha,beta,gamma,delta,epsilon")
    assert response.status_code == 400
    assert "Compare at most 4 roles at a time." in response.content.decode()


def test_one_role_invites_another(client, roles):
    response = client.get("/compare/?roles=alpha")
    assert response.status_code == 200
    assert "Add one to three more roles to compare with Alpha." in visible_text(
        response.content.decode()
    )


def test_no_role_explains_the_page(client, roles):
    response = client.get("/compare/")
    assert response.status_code == 200
    assert "Pick two to four roles" in visible_text(response.content.decode())


def test_adding_a_role_by_name_redirects_to_the_comparison(client, roles):
    response = client.get("/compare/?roles=alpha&add=Gamma")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?roles=alpha%2Cgamma"
    assert client.get("/compare/?roles=alpha&add=nothing-like-it").status_code == 400


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("roles=alpha,alpha", "Each role can be compared once"),
        ("roles=alpha,atlantis", "No published role at: atlantis."),
        ("roles=alpha,hidden", "No published role at: hidden."),
        ("roles=<script>alert(1)</script>", "Roles are named by their address"),
        ("roles=" + "a," * 400, "at most 500 characters"),
        ("roles=alpha,beta,gamma,delta&add=epsilon", "Compare at most 4 roles"),
    ],
)
def test_bad_comparisons_are_a_clear_400(client, roles, query, message):
    response = client.get(f"/compare/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<script>alert(1)</script>" not in html


def test_the_comparison_keeps_a_fixed_query_count(
    client, roles, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get("/compare/?roles=alpha,beta")
    with django_assert_num_queries(6):
        client.get("/compare/?roles=alpha,beta,gamma,delta")
