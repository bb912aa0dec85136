"""Every page is a good landing page: title, description, canonical, social
tags and structured data that match the database."""

import json
import re

import pytest

from roles.models import Edition, EditionSkill, Skill

SITE = "https://takeover-meter.example"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def json_ld(html):
    """Every JSON-LD block of a page, parsed (invalid JSON fails the test)."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
    )
    return [json.loads(block) for block in blocks]


def of_type(blocks, kind):
    return [block for block in blocks if block["@type"] == kind]


def meta(html, attribute, name):
    found = re.findall(
        rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html
    )
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def canonical(html):
    found = re.findall(r'<link rel="canonical" href="([^"]*)"', html)
    assert len(found) == 1
    return found[0]


def test_the_role_file_has_one_occupation_matching_the_database(client, medical_coder):
    html = client.get("/roles/medical-coder/").content.decode()
    edition = Edition.objects.current().get(role=medical_coder)
    occupations = of_type(json_ld(html), "Occupation")
    assert len(occupations) == 1
    occupation = occupations[0]
    assert occupation["@context"] == "https://schema.org"
    assert occupation["name"] == "Medical Coder"
    assert occupation["description"] == medical_coder.summary
    assert occupation["occupationalCategory"]["codeValue"] == "29-2072"
    salary = occupation["estimatedSalary"]
    assert salary["currency"] == "USD"
    assert salary["value"]["value"] == edition.mean_salary == 42_000
    assert "$42K" in html  # the figure the page prints
    assert occupation["datePublished"] == edition.published_on.isoformat()
    assert occupation["dateModified"] == edition.updated_at.date().isoformat()
    assert occupation["url"] == f"{SITE}/roles/medical-coder/"
    assert "Clinical Coder" in occupation["alternateName"]


def test_role_sector_and_skill_pages_have_breadcrumbs(client, medical_coder):
    skill = Skill.objects.filter(edition_skills__edition__role=medical_coder).first()
    pages = {
        "/roles/medical-coder/": ["Takeover Meter", "Healthcare", "Medical Coder"],
        "/sectors/": ["Takeover Meter", "Sectors"],
        "/sectors/healthcare/": ["Takeover Meter", "Sectors", "Healthcare"],
        "/skills/": ["Takeover Meter", "Skills"],
        skill.get_absolute_url(): ["Takeover Meter", "Skills", skill.name],
    }
    for path, names in pages.items():
        crumbs = of_type(json_ld(client.get(path).content.decode()), "BreadcrumbList")
        assert len(crumbs) == 1, path
        items = crumbs[0]["itemListElement"]
        assert [item["name"] for item in items] == names
        assert [item["position"] for item in items] == list(range(1, len(names) + 1))
        assert items[0]["item"] == f"{SITE}/"
        assert items[-1]["item"] == f"{SITE}{path}"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sectors/",
        "/sectors/healthcare/",
        "/skills/",
        "/updates/",
        "/methodology/",
        "/toolkit/",
        "/data/",
    ],
)
def test_listing_pages_carry_no_occupation(client, medical_coder, path):
    html = client.get(path).content.decode()
    assert not of_type(json_ld(html), "Occupation")


def test_the_data_page_describes_the_dataset(client, medical_coder):
    html = client.get("/data/").content.decode()
    (dataset,) = of_type(json_ld(html), "Dataset")
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    current = Edition.objects.current()
    assert f"{current.count()} US occupations" in dataset["description"]
    urls = {item["contentUrl"] for item in dataset["distribution"]}
    assert urls == {f"{SITE}/data/roles.csv", f"{SITE}/api/roles.json"}
    published = max(edition.published_on for edition in current)
    assert dataset["dateModified"] == published.isoformat()
    assert len(dataset["isBasedOn"]) == len(set(dataset["isBasedOn"]))
    for name in ("Employment Projections", "Anthropic Economic Index", "ESCO"):
        assert name in dataset["description"]


def test_json_ld_cannot_close_its_script_tag(client, make_role, make_edition):
    make_edition(make_role("odd", title="Coder</script><script>alert(1)</script>"))
    html = client.get("/roles/odd/").content.decode()
    assert "</script><script>alert(1)" not in html
    (occupation,) = of_type(json_ld(html), "Occupation")
    assert occupation["name"] == "Coder</script><script>alert(1)</script>"


def test_the_role_file_has_social_tags(client, medical_coder):
    html = client.get("/roles/medical-coder/").content.decode()
    assert canonical(html) == f"{SITE}/roles/medical-coder/"
    assert meta(html, "property", "og:url") == f"{SITE}/roles/medical-coder/"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Medical Coder: AI risk 68% · High"
    assert meta(html, "property", "og:image") == f"{SITE}/roles/medical-coder/share.png"
    assert meta(html, "name", "twitter:card") == "summary_large_image"


def test_an_archived_edition_is_its_own_canonical(client, make_role, make_edition):
    role = make_role("coder")
    make_edition(role, quarter=1)
    make_edition(role, quarter=2)
    html = client.get("/roles/coder/2026-q1/").content.decode()
    assert canonical(html) == f"{SITE}/roles/coder/2026-q1/"
    assert "/static/img/share" in meta(html, "property", "og:image")
    current = client.get("/roles/coder/2026-q2/").content.decode()
    assert canonical(current) == f"{SITE}/roles/coder/"


def test_the_index_canonical_drops_filters_but_keeps_the_page(
    client, make_role, make_edition
):
    for number in range(30):
        make_edition(make_role(f"role-{number}"))
    assert canonical(client.get("/?band=moderate").content.decode()) == f"{SITE}/"
    assert canonical(client.get("/?page=2").content.decode()) == f"{SITE}/?page=2"


def test_titles_and_descriptions_are_unique_per_page(client, medical_coder):
    skill = EditionSkill.objects.filter(edition__role=medical_coder).first().skill
    paths = [
        "/",
        "/roles/medical-coder/",
        "/roles/accountant/",
        "/sectors/",
        "/sectors/healthcare/",
        "/skills/",
        skill.get_absolute_url(),
        "/updates/",
        "/updates/2026-q2/",
        "/methodology/",
        "/toolkit/",
        "/toolkit/?role=medical-coder",
        "/data/",
        "/quiz/",
    ]
    titles, descriptions = {}, {}
    for path in paths:
        html = client.get(path).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1).strip()
        description = meta(html, "name", "description").strip()
        assert title and len(description) >= 20, path
        titles.setdefault(title, path)
        descriptions.setdefault(description, path)
        assert titles[title] == path, f"{path} repeats the title of {titles[title]}"
        assert descriptions[description] == path, path
