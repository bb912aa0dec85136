"""Pages run a fixed number of queries, however much data a role has."""

import pytest

from roles.models import Role, Sector
from roles.views.index import INDEX_PAGE_SIZE

# The edition with role and sector, the role's history, tasks, skills,
# sources, alternate titles, European (ESCO) names, toolkit, related roles,
# and the two queries of "safer roles with your skills".
ARCHIVED_PAGE_QUERIES = 11
# The current file also reads its readers' tallies.
ROLE_PAGE_QUERIES = ARCHIVED_PAGE_QUERIES + 1
# And the previous edition's tasks and skills, for "What changed".
HISTORY_QUERIES = 2
WITH_HISTORY_QUERIES = ROLE_PAGE_QUERIES + HISTORY_QUERIES
# A data-built file's current edition also looks up the latest public data
# release, to say when a newer release left the file unchanged.
DATA_BUILT_PAGE_QUERIES = ROLE_PAGE_QUERIES + 1
# The band summary, the latest public data release (the masthead's edition),
# the count for the pager, one page of editions (each with its previous public
# risk for the change column, as subqueries of the same query) and the sectors
# of the filter form.
INDEX_QUERIES = 5
# One aggregate over the current editions, grouped by sector or by skill.
SECTOR_LIST_QUERIES = 1
SKILL_LIST_QUERIES = 1


@pytest.mark.parametrize("size", [1, 20])
def test_the_role_page_query_count_does_not_grow(
    client, make_role, make_edition, django_assert_num_queries, size
):
    role = make_role()
    for quarter in (1, 2, 3):
        make_edition(role, quarter=quarter, tasks=size, skills=size, sources=size)
    with django_assert_num_queries(WITH_HISTORY_QUERIES):
        assert client.get("/roles/analyst/").status_code == 200
    with django_assert_num_queries(ARCHIVED_PAGE_QUERIES + HISTORY_QUERIES):
        assert client.get("/roles/analyst/2026-q2/").status_code == 200
    with django_assert_num_queries(ARCHIVED_PAGE_QUERIES):
        assert client.get("/roles/analyst/2026-q1/").status_code == 200


@pytest.mark.parametrize("size", [1, 20])
def test_a_data_built_file_asks_for_the_latest_release_once(
    client, make_role, make_edition, django_assert_num_queries, size
):
    role = make_role(origin=Role.Origin.DATASET)
    for quarter in (1, 2):
        make_edition(role, quarter=quarter, tasks=size, skills=size, sources=size)
    with django_assert_num_queries(WITH_HISTORY_QUERIES + 1):
        assert client.get("/roles/analyst/").status_code == 200
    # An archived edition is not current: no note, no release query.
    with django_assert_num_queries(ARCHIVED_PAGE_QUERIES):
        assert client.get("/roles/analyst/2026-q1/").status_code == 200
    Role.objects.filter(pk=role.pk).update(origin=Role.Origin.EDITORIAL)
    with django_assert_num_queries(WITH_HISTORY_QUERIES):
        assert client.get("/roles/analyst/").status_code == 200


@pytest.mark.parametrize("size", [1, 30])
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
    rows = response.content.decode().count('class="role-name"')
    assert rows == min(size, INDEX_PAGE_SIZE)


def test_the_medical_coder_page_stays_within_budget(
    client, medical_coder, django_assert_num_queries
):
    with django_assert_num_queries(ROLE_PAGE_QUERIES):
        client.get("/roles/medical-coder/")


@pytest.mark.parametrize("size", [1, 20])
def test_the_sector_and_skill_lists_query_count_does_not_grow(
    client, make_role, make_edition, django_assert_max_num_queries, size
):
    for number in range(size):
        sector = Sector.objects.create(slug=f"sector-{number}", name=f"Sector {number}")
        role = make_role(f"role-{number}", sector=sector)
        make_edition(role, quarter=1, skills=size)
        make_edition(role, quarter=2, skills=size)
    with django_assert_max_num_queries(SECTOR_LIST_QUERIES):
        response = client.get("/sectors/")
    assert response.content.decode().count('class="role-name"') == size
    with django_assert_max_num_queries(SKILL_LIST_QUERIES):
        response = client.get("/skills/")
    assert response.content.decode().count('<li><a href="/skills/skill-') == size
