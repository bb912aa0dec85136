"""Shared objects readers see change only through a publisher.

A role with a published edition, a source a published edition cites, a skill
a published edition lists, and every toolkit resource: an editor sees what
readers see of them read-only, with a note, and cannot delete them. Roles,
sources and skills nobody reads yet stay the editors' to shape.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from roles.models import (
    AlternateTitle,
    Edition,
    Resource,
    Role,
    RoleRedirect,
    Skill,
    Source,
)
from tests.test_slug_redirects import role_form_data

LOCKED_ROLE_NOTE = "Readers see this role"


def member_of(group, username):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, db):
    client.force_login(member_of("Editors", "eddie"))
    return client


@pytest.fixture
def publisher(client, db):
    client.force_login(member_of("Publishers", "pat"))
    return client


@pytest.fixture
def public_role(make_role, make_edition):
    role = make_role("analyst", other_titles=["Data Analyst"])
    make_edition(role)
    return role


@pytest.fixture
def draft_role(make_role, make_edition):
    role = make_role("new-role")
    make_edition(role, status=Edition.Status.DRAFT, published_on=None, sources=0)
    return role


def change_page(client, obj):
    name = obj._meta.model_name
    return client.get(f"/admin/roles/{name}/{obj.pk}/change/")


def post_change(client, obj, data):
    name = obj._meta.model_name
    return client.post(f"/admin/roles/{name}/{obj.pk}/change/", data)


# Roles


def test_an_editor_sees_a_public_role_read_only_with_a_note(editor, public_role):
    response = change_page(editor, public_role)
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("title", "slug", "summary", "sector", "soc_code"):
        assert f'name="{field}"' not in html
    assert 'name="alternate_titles-0-title"' not in html  # other names too
    assert LOCKED_ROLE_NOTE in html
    assert "Start next quarter" in html  # the way to change what readers see


def test_an_editor_posting_a_public_roles_form_changes_nothing(
    editor, client, public_role
):
    data = role_form_data(
        public_role,
        title="Phished",
        slug="phished",
        summary="Changed at once.",
        **{"alternate_titles-0-title": "Changed Name"},
    )
    response = post_change(editor, public_role, data)
    assert response.status_code == 403
    role = Role.objects.get(pk=public_role.pk)
    assert (role.title, role.slug, role.summary) == (
        "Analyst",
        "analyst",
        "What the job is.",
    )
    assert list(role.alternate_titles.values_list("title", flat=True)) == [
        "Data Analyst"
    ]
    assert not RoleRedirect.objects.exists()
    client.logout()
    assert client.get("/roles/analyst/").status_code == 200


def test_an_editor_cannot_delete_a_public_roles_other_names(editor, public_role):
    name = public_role.alternate_titles.get()
    data = role_form_data(public_role, **{"alternate_titles-0-DELETE": "on"})
    assert post_change(editor, public_role, data).status_code == 403
    assert AlternateTitle.objects.filter(pk=name.pk).exists()


def test_an_editor_cannot_delete_a_public_role(editor, public_role):
    response = editor.post(
        f"/admin/roles/role/{public_role.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Role.objects.filter(pk=public_role.pk).exists()


def test_a_role_scheduled_to_go_public_is_locked_too(
    editor, make_role, make_edition, today
):
    role = make_role("scheduled")
    make_edition(role, published_on=today + datetime.timedelta(days=7))
    assert post_change(editor, role, role_form_data(role, title="X")).status_code == 403
    assert LOCKED_ROLE_NOTE in change_page(editor, role).content.decode()


def test_an_editor_still_shapes_a_role_nobody_reads_yet(editor, draft_role):
    html = change_page(editor, draft_role).content.decode()
    assert 'name="title"' in html
    assert LOCKED_ROLE_NOTE not in html
    response = post_change(
        editor,
        draft_role,
        role_form_data(draft_role, title="Newer Role", slug="newer-role"),
    )
    assert response.status_code == 302
    draft_role.refresh_from_db()
    assert (draft_role.title, draft_role.slug) == ("Newer Role", "newer-role")


def test_an_editor_still_adds_roles(editor, sector):
    response = editor.post(
        "/admin/roles/role/add/",
        {
            "slug": "brand-new",
            "title": "Brand New",
            "soc_code": "",
            "sector": sector.pk,
            "summary": "What the job is.",
            "origin": Role.Origin.EDITORIAL,
            "alternate_titles-TOTAL_FORMS": 0,
            "alternate_titles-INITIAL_FORMS": 0,
            "redirects-TOTAL_FORMS": 0,
            "redirects-INITIAL_FORMS": 0,
            "editions-TOTAL_FORMS": 0,
            "editions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Role.objects.filter(slug="brand-new").exists()


def test_a_publisher_changes_a_public_role_and_its_old_address_redirects(
    publisher, client, public_role
):
    html = change_page(publisher, public_role).content.decode()
    assert 'name="title"' in html
    assert LOCKED_ROLE_NOTE not in html
    data = role_form_data(public_role, title="Data Analyst", slug="data-analyst")
    assert post_change(publisher, public_role, data).status_code == 302
    client.logout()
    response = client.get("/roles/analyst/")
    assert response.status_code == 301
    assert response["Location"] == "/roles/data-analyst/"


# Sources


def source_form_data(source, **changes):
    return {
        "publisher": source.publisher,
        "title": source.title,
        "url": source.url,
        "year": source.year or "",
    } | changes


@pytest.fixture
def cited_source(public_role):
    return Source.objects.get(edition_sources__edition__role=public_role)


def test_an_editor_cannot_change_a_source_a_public_file_cites(editor, cited_source):
    html = change_page(editor, cited_source).content.decode()
    assert 'name="url"' not in html
    assert "Readers see this source" in html
    data = source_form_data(cited_source, url="https://phishing.example/")
    assert post_change(editor, cited_source, data).status_code == 403
    cited_source.refresh_from_db()
    assert cited_source.url == ""


def test_an_editor_still_edits_a_source_only_drafts_cite(
    editor, make_role, make_edition
):
    draft = make_edition(
        make_role("drafted"), status=Edition.Status.DRAFT, published_on=None
    )
    source = draft.edition_sources.get().source
    data = source_form_data(source, url="https://www.bls.gov/oes/")
    assert post_change(editor, source, data).status_code == 302
    source.refresh_from_db()
    assert source.url == "https://www.bls.gov/oes/"


def test_a_publisher_changes_a_cited_source(publisher, cited_source):
    data = source_form_data(cited_source, url="https://www.bls.gov/oes/")
    assert post_change(publisher, cited_source, data).status_code == 302
    cited_source.refresh_from_db()
    assert cited_source.url == "https://www.bls.gov/oes/"


# Skills: readers see the name and the address, not the working figures


def skill_form_data(skill, **changes):
    return {
        "slug": skill.slug,
        "name": skill.name,
        "esco_uri": skill.esco_uri,
        "vulnerability": skill.vulnerability if skill.vulnerability is not None else "",
    } | changes


def test_an_editor_cannot_rename_a_skill_public_files_list(editor, public_role):
    skill = Skill.objects.get(slug="skill-0")
    html = change_page(editor, skill).content.decode()
    assert 'name="name"' not in html and 'name="slug"' not in html
    assert 'name="vulnerability"' in html
    assert "Readers see this skill" in html
    data = skill_form_data(skill, name="Renamed", slug="renamed", vulnerability="40")
    assert post_change(editor, skill, data).status_code == 302
    skill.refresh_from_db()
    assert (skill.name, skill.slug, skill.vulnerability) == ("Skill 0", "skill-0", 40)


def test_an_editor_still_renames_a_skill_no_public_file_lists(editor, db):
    skill = Skill.objects.create(slug="prompting", name="Prompting")
    data = skill_form_data(skill, name="Prompt writing", slug="prompt-writing")
    assert post_change(editor, skill, data).status_code == 302
    skill.refresh_from_db()
    assert skill.name == "Prompt writing"


# Resources: on the toolkit as soon as they exist, so publishers' alone


@pytest.fixture
def resource(db):
    return Resource.objects.create(
        title="A course",
        url="https://courses.example/ai",
        kind=Resource.Kind.COURSE,
        description="What it is and why it helps.",
    )


def resource_form_data(resource, **changes):
    return {
        "title": resource.title,
        "url": resource.url,
        "kind": resource.kind,
        "description": resource.description,
    } | changes


def test_an_editor_cannot_add_change_or_delete_a_resource(editor, resource):
    assert editor.get("/admin/roles/resource/add/").status_code == 403
    html = change_page(editor, resource).content.decode()
    assert 'name="url"' not in html
    assert "Readers see every resource" in html
    data = resource_form_data(resource, url="https://phishing.example/")
    assert post_change(editor, resource, data).status_code == 403
    response = editor.post(
        f"/admin/roles/resource/{resource.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    resource.refresh_from_db()
    assert resource.url == "https://courses.example/ai"


def test_a_publisher_adds_and_changes_resources(publisher, resource):
    data = resource_form_data(resource, url="https://courses.example/ai-2")
    assert post_change(publisher, resource, data).status_code == 302
    response = publisher.post(
        "/admin/roles/resource/add/",
        resource_form_data(resource, url="https://guides.example/", title="A guide"),
    )
    assert response.status_code == 302
    assert Resource.objects.count() == 2


def test_the_editors_group_no_longer_holds_resource_changes(db):
    editors = Group.objects.get(name="Editors").permissions
    codenames = set(editors.values_list("codename", flat=True))
    assert "view_resource" in codenames
    assert not {"add_resource", "change_resource", "delete_resource"} & codenames


# Query counts


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/roles/role/",
        "/admin/roles/source/",
        "/admin/roles/skill/",
        "/admin/roles/resource/",
    ],
)
def test_an_editors_changelists_keep_a_fixed_query_count(
    editor, make_role, make_edition, path
):
    make_edition(make_role("first"))
    few = queries_for(editor, path)
    for number in range(8):
        role = make_role(f"role-{number}")
        make_edition(role, skills=3, sources=3)
        Resource.objects.create(
            title=f"Resource {number}",
            url=f"https://tools.example/{number}",
            kind=Resource.Kind.TOOL,
            description="A tool.",
        ).roles.add(role)
    assert queries_for(editor, path) == few


@pytest.fixture
def second_publisher(db):
    """A publisher on a client of their own, beside the editor's."""
    client = Client()
    client.force_login(member_of("Publishers", "pam"))
    return client


def test_a_locked_change_page_asks_once_whether_readers_see_it(
    editor, second_publisher, public_role
):
    path = f"/admin/roles/role/{public_role.pk}/change/"
    assert queries_for(editor, path) <= queries_for(second_publisher, path) + 1
