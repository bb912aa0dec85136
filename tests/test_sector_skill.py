"""Sector and skill pages: the roles behind them, public only, fixed queries."""

from roles.models import Edition, EditionSkill, Skill
from tests.html import count_h1, visible_text


def test_the_sector_page_weighs_risk_by_employment(
    client, make_role, make_edition, sector
):
    make_edition(
        make_role("big"), skill_vulnerability=10, us_workers=900_000
    )  # risk 30
    make_edition(
        make_role("small"), skill_vulnerability=90, us_workers=100_000
    )  # risk 70
    make_edition(make_role("hidden"), status=Edition.Status.DRAFT, published_on=None)
    response = client.get(f"/sectors/{sector.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    assert count_h1(html) == 1
    assert (
        "34 /100 average AI risk, weighted by 1,000,000 US workers" in text
    )  # (30*9 + 70) / 10
    assert "2 roles" in text
    assert "Hidden" not in text
    assert text.index("Small") < text.index("Big")


def test_the_skill_page_lists_core_and_emerging_roles(client, make_role, make_edition):
    first = make_edition(make_role("first"), skills=2, skill_vulnerability=80)
    make_edition(make_role("second"), skills=2, skill_vulnerability=20)
    draft = make_edition(
        make_role("drafty"), status=Edition.Status.DRAFT, published_on=None, skills=2
    )
    skill = Skill.objects.get(
        slug="skill-0"
    )  # core in every edition made by the factory
    assert EditionSkill.objects.filter(skill=skill, edition=draft).exists()
    response = client.get("/skills/skill-0/")
    text = visible_text(response.content.decode())
    assert (
        "2 role files count it as a core skill needed today; none as an emerging skill"
        in text
    )
    assert text.index("First") < text.index("Second")
    assert "Drafty" not in text
    assert first.role.title in visible_text(
        client.get("/skills/skill-1/").content.decode()
    )


def test_role_files_link_their_sector_and_skills(client, medical_coder):
    html = client.get("/roles/medical-coder/").content.decode()
    assert 'href="/sectors/healthcare/"' in html
    assert 'href="/skills/hipaa-privacy-and-security/"' in html


def test_sector_and_skill_pages_keep_fixed_query_counts(
    client, make_role, make_edition, django_assert_num_queries
):
    for number in range(6):
        make_edition(make_role(f"role-{number}"), skills=3)
    with django_assert_num_queries(2):
        client.get("/sectors/finance/")
    with django_assert_num_queries(2):
        client.get("/skills/skill-0/")
