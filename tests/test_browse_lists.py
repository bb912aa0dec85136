"""The lists of sectors and skills, and the nav that leads to them."""

import re

import pytest

from roles.models import Edition, EditionSkill, Sector, Skill
from tests.html import count_h1, visible_text

DRAFT = {"status": Edition.Status.DRAFT, "published_on": None}


def rows(html):
    """Each table row of the page, as a reader reads it."""
    return [
        visible_text(row)
        for row in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S)
    ]


@pytest.fixture
def economy(make_role, make_edition, sector):
    """Finance: 900,000 workers at risk 30 and 100,000 at 70, so 34 weighted.
    Legal: 200,000 at 50, and a role without a head count. Drafts everywhere
    that would move every figure if they counted."""
    legal = Sector.objects.create(slug="legal", name="Legal")
    unseen = Sector.objects.create(slug="unseen", name="Unseen Sector")
    big = make_role("big")
    make_edition(big, skill_vulnerability=10, us_workers=900_000)  # risk 30
    make_edition(big, quarter=2, skill_vulnerability=100, us_workers=5_000_000, **DRAFT)
    make_edition(make_role("small"), skill_vulnerability=90, us_workers=100_000)
    make_edition(
        make_role("secret"), skill_vulnerability=100, us_workers=9_000_000, **DRAFT
    )
    make_edition(make_role("judge", sector=legal), us_workers=200_000)  # risk 50
    make_edition(
        make_role("clerk", sector=legal), skill_vulnerability=100, us_workers=None
    )
    make_edition(make_role("ghost", sector=unseen), **DRAFT)


def test_sectors_list_their_employment_weighted_risk(client, economy):
    response = client.get("/sectors/")
    assert response.status_code == 200
    html = response.content.decode()
    assert count_h1(html) == 1
    legal, finance = rows(html)  # the most exposed first; no draft-only sector
    assert legal.strip() == "Legal Moderate 50 2 roles 200K workers"
    assert finance.strip() == "Finance Low 34 2 roles 1.0M workers"
    assert 'href="/sectors/legal/"' in html and 'href="/sectors/finance/"' in html
    assert "Unseen" not in html
    text = visible_text(html)
    # (30 × 900,000 + 70 × 100,000 + 50 × 200,000) / 1,200,000 = 36.7
    assert "4 occupations in 2 sectors, employing 1,200,000 US workers" in text
    assert "their average AI risk is 37 out of 100" in text
    # The weighting is said, with the source of the head count.
    assert "Σ (risk × workers) ÷ Σ workers" in text
    assert "BLS Occupational Employment and Wage Statistics (OEWS)" in text


def test_a_sector_page_agrees_with_the_list(client, economy):
    html = client.get("/sectors/finance/").content.decode()
    text = visible_text(html)
    assert "34 /100 average AI risk, weighted by 1,000,000 US workers" in text
    assert "BLS Occupational Employment and Wage Statistics (OEWS)" in text
    # The sector is the page's subject: no column repeats it on every row.
    table = html.split('<table class="role-table">')[1].split("</table>")[0]
    assert 'class="col-sector"' not in table
    assert "Finance" not in visible_text(table)


def test_drafts_do_not_move_the_sector_figures(
    client, economy, make_role, make_edition
):
    before = client.get("/sectors/").content.decode()
    make_edition(
        make_role("drafty"), skill_vulnerability=100, us_workers=10**6, **DRAFT
    )
    assert rows(client.get("/sectors/").content.decode()) == rows(before)


def test_no_sectors_yet(client, db):
    response = client.get("/sectors/")
    assert response.status_code == 200
    assert "No role file is published yet." in response.content.decode()


@pytest.fixture
def skills(make_role, make_edition):
    """skill-0 (core) and skill-1 (emerging) in three public roles and a draft,
    plus names filed under É, a digit, and a draft-only skill."""
    editions = [make_edition(make_role(f"role-{n}")) for n in range(3)]
    make_edition(make_role("drafty"), **DRAFT)
    names = {"eclairs": "Éclair piping", "3d": "3D printing", "zoning": "zoning law"}
    for slug, name in names.items():
        skill = Skill.objects.create(slug=slug, name=name)
        EditionSkill.objects.create(
            edition=editions[0], skill=skill, kind=EditionSkill.Kind.CORE, position=9
        )
    EditionSkill.objects.create(
        edition=editions[1],
        skill=Skill.objects.get(slug="zoning"),
        kind=EditionSkill.Kind.EMERGING,
        position=9,
    )
    hidden = Skill.objects.create(slug="hidden", name="Hidden craft")
    EditionSkill.objects.create(
        edition=Edition.objects.get(role__slug="drafty"),
        skill=hidden,
        kind=EditionSkill.Kind.CORE,
        position=9,
    )


def test_skills_are_listed_a_to_z_with_counts(client, skills):
    response = client.get("/skills/")
    assert response.status_code == 200
    html = response.content.decode()
    assert count_h1(html) == 1
    text = visible_text(html)
    # The draft role counts for nothing: three roles each, not four.
    assert "Skill 0 3 roles · core" in text
    assert "Skill 1 3 roles · emerging" in text
    assert "zoning law 2 roles · 1 core, 1 emerging" in text
    assert "Hidden craft" not in text
    assert "5 skills" in text
    # Grouped by first letter: digits first, É under E, lower case under Z.
    order = [
        text.index(name) for name in ("3D printing", "Éclair", "Skill 0", "zoning")
    ]
    assert order == sorted(order)
    assert 'id="letter-other"' in html and 'id="letter-e"' in html
    assert 'href="/skills/zoning/"' in html and 'href="/skills/3d/"' in html


def test_letters_without_skills_are_not_links(client, skills):
    html = client.get("/skills/").content.decode()
    jump = html.split('class="letter-jump"')[1].split("</nav>")[0]
    for letter in "ESZ":
        assert f'href="#letter-{letter.lower()}">{letter}</a>' in jump
    assert 'href="#letter-other">#</a>' in jump
    assert '<span aria-disabled="true" title="No skill starts with A">A</span>' in jump
    assert 'href="#letter-a"' not in jump


def test_the_sitemap_lists_both_pages(client, economy):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sectors/</loc>" in xml
    assert "/skills/</loc>" in xml


NAV_LINKS = [
    "/",
    "/sectors/",
    "/skills/",
    "/compare/",
    "/toolkit/",
    "/updates/",
    "/methodology/",
]


@pytest.mark.parametrize(
    "path, current, state",
    [
        ("/", "/", "page"),
        ("/sectors/", "/sectors/", "page"),
        ("/sectors/finance/", "/sectors/", "true"),
        ("/skills/", "/skills/", "page"),
        ("/skills/skill-0/", "/skills/", "true"),
        ("/compare/", "/compare/", "page"),
        ("/toolkit/", "/toolkit/", "page"),
        ("/updates/", "/updates/", "page"),
        ("/methodology/", "/methodology/", "page"),
        ("/search/?q=big", None, None),
    ],
)
def test_the_nav_links_every_section_and_marks_the_current_one(
    client, economy, make_edition, path, current, state
):
    make_edition(Edition.objects.get(role__slug="small").role, quarter=3, skills=1)
    response = client.get(path)
    assert response.status_code == 200
    nav = response.content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)"([^>]*)>', nav)
    assert [href for href, _ in links][: len(NAV_LINKS)] == NAV_LINKS
    marked = [(href, attrs) for href, attrs in links if "aria-current" in attrs]
    if current is None:
        assert marked == []
    else:
        assert marked == [(current, f' aria-current="{state}"')]
    # The search: a labelled GET field named q, sent to the search page.
    assert (
        '<form class="nav-search" method="get" action="/search/" role="search">' in nav
    )
    assert '<label class="visually-hidden" for="nav-q">Search roles</label>' in nav
    assert 'name="q" id="nav-q" maxlength="100"' in nav


def test_the_nav_search_is_checked_by_the_search_form(client, economy):
    assert "Big" in visible_text(client.get("/search/?q=big").content.decode())
    assert client.get("/search/?q=" + "x" * 101).status_code == 400
