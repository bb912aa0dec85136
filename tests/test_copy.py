"""Copy that reads as English: articles before job titles, no "0 as …" counts."""

from roles.models import Resource, Role
from tests.html import visible_text


def with_a_tool(role):
    tool = Resource.objects.create(
        title=f"A tool for {role.slug}",
        url=f"https://example.com/{role.slug}",
        kind=Resource.Kind.TOOL,
        description="Helps.",
    )
    tool.roles.add(role)
    return role


def test_an_editorial_title_takes_a_or_an(client, make_role, make_edition):
    make_edition(with_a_tool(make_role("accountant", title="Accountant")))
    make_edition(with_a_tool(make_role("medical-coder", title="Medical Coder")))
    accountant = visible_text(client.get("/toolkit/?role=accountant").content.decode())
    assert "Tools for an accountant." in accountant and "a accountant" not in accountant
    coder = visible_text(client.get("/toolkit/?role=medical-coder").content.decode())
    assert "Tools for a medical coder." in coder


def test_a_plural_bls_title_takes_no_article(client, make_role, make_edition):
    role = make_role(
        "chief-executives", title="Chief Executives", origin=Role.Origin.DATASET
    )
    make_edition(with_a_tool(role))
    text = visible_text(client.get("/toolkit/?role=chief-executives").content.decode())
    assert "Tools for chief executives." in text
    assert "a chief executives" not in text


def test_a_skill_no_file_lists_as_emerging_says_none(client, make_role, make_edition):
    edition = make_edition(make_role("analyst"), skills=1)
    skill = edition.edition_skills.get().skill
    edition.edition_skills.update(kind="core")
    text = visible_text(client.get(skill.get_absolute_url()).content.decode())
    assert "none as an emerging skill to build" in text
    assert " 0 as an emerging skill" not in text
