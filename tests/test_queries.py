"""Pages run a fixed number of queries, however much data a role has."""

import pytest

ROLE_PAGE_QUERIES = (
    7  # edition+role+sector, history, tasks, skills, sources, titles, toolkit
)
INDEX_QUERIES = 3  # band summary, count for the pager, one page of editions


@pytest.mark.parametrize("size", [1, 20])
def test_the_role_page_query_count_does_not_grow(
    client, make_role, make_edition, django_assert_num_queries, size
):
    role = make_role()
    for quarter in range(1, 1 + min(size, 4)):
        make_edition(role, quarter=quarter, tasks=size, skills=size, sources=size)
    with django_assert_num_queries(ROLE_PAGE_QUERIES):
        assert client.get("/roles/analyst/").status_code == 200
    with django_assert_num_queries(ROLE_PAGE_QUERIES):
        assert client.get("/roles/analyst/2026-q1/").status_code == 200


@pytest.mark.parametrize("size", [1, 25])
def test_the_index_query_count_does_not_grow(
    client, make_role, make_edition, django_assert_num_queries, size
):
    for number in range(size):
        role = make_role(f"role-{number}")
        make_edition(role, quarter=1)
        make_edition(role, quarter=2)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="role-name"') == size


def test_the_medical_coder_page_stays_within_budget(
    client, medical_coder, django_assert_num_queries
):
    with django_assert_num_queries(ROLE_PAGE_QUERIES):
        client.get("/roles/medical-coder/")
