"""Structured data (schema.org JSON-LD) for search engines.

Plain dictionaries built from what the page shows; the `json_ld` filter writes
them into the page. One Occupation per role file, none on listing pages.
"""

from django.urls import reverse

from roles import evidence, opendata
from roles.opendata import absolute

CONTEXT = "https://schema.org"


def occupation(edition):
    """The role file's occupation, with the pay figure the page prints."""
    role = edition.role
    data = {
        "@context": CONTEXT,
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary or edition.headline,
        "url": absolute(role.get_absolute_url()),
        "occupationLocation": {"@type": "Country", "name": "United States"},
        "datePublished": edition.published_on.isoformat()
        if edition.published_on
        else None,
        "dateModified": edition.updated_at.date().isoformat(),
    }
    categories = []
    if role.soc_code:
        categories.append(
            category_code(
                opendata.soc_2018(role.soc_code),
                "2018 Standard Occupational Classification",
            )
        )
    if evidence.has_evidence(edition):
        # The ISCO-08 groups of the European names the page shows.
        groups = dict.fromkeys(t.isco_group for t in european_titles(role))
        categories += [category_code(group, ISCO) for group in groups]
    if categories:
        data["occupationalCategory"] = (
            categories[0] if len(categories) == 1 else categories
        )
    if edition.has_outlook:
        # BLS's typical entry requirements. schema.org has no property for the
        # projected change in employment, so the outlook stays on the page.
        if edition.entry_education:
            data["educationRequirements"] = edition.entry_education
        if edition.work_experience:
            data["experienceRequirements"] = (
                "No work experience in a related occupation"
                if edition.work_experience == "None"
                else f"{edition.work_experience} of work experience in a related "
                "occupation"
            )
    if role.ordered_alternate_titles:
        data["alternateName"] = [t.title for t in role.ordered_alternate_titles]
    if edition.mean_salary:
        # The average the page prints, in whole dollars a year.
        data["estimatedSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "value": edition.mean_salary,
                "unitText": "YEAR",
            },
        }
    skills = [item.skill.name for item in edition.ordered_skills]
    if skills:
        data["skills"] = skills
    return {key: value for key, value in data.items() if value is not None}


ISCO = "International Standard Classification of Occupations (ISCO-08)"


def category_code(code, code_set):
    return {
        "@type": "CategoryCode",
        "codeValue": code,
        "inCodeSet": {"@type": "CategoryCodeSet", "name": code_set},
    }


def european_titles(role):
    """The ESCO names the role file prefetched (none where it did not)."""
    return getattr(role, "european_titles", [])[: evidence.EUROPEAN_TITLES_SHOWN]


def breadcrumbs(*trail):
    """A BreadcrumbList from (name, path) pairs, the home page first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute(path),
            }
            for position, (name, path) in enumerate(
                [("Takeover Meter", reverse("roles:index")), *trail], start=1
            )
        ],
    }


def dataset(roles_count, last_published):
    """The open data set: what it holds, its license, and where to download it."""
    return {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": "Takeover Meter: AI exposure of US occupations",
        "description": (
            f"AI risk scores for {roles_count} US occupations, with the three "
            "factors behind each score, the horizon, US employment and average "
            "pay, the tasks AI will handle and the skills to build; beside the "
            "score, the BLS 2024–34 employment outlook, observed AI use and "
            "European (ESCO) job titles. Built from BLS OEWS and Employment "
            "Projections, O*NET, Eloundou et al. (2024), Microsoft's Working "
            "with AI (2025), the Anthropic Economic Index (2025, 2026) and "
            "ESCO, with editorial files; updated every quarter."
        ),
        "url": absolute(reverse("roles:data")),
        "license": opendata.LICENCE["url"],
        "creator": {"@type": "Organization", "name": "Takeover Meter"},
        "isAccessibleForFree": True,
        "spatialCoverage": {"@type": "Country", "name": "United States"},
        "dateModified": last_published.isoformat() if last_published else None,
        # Both Anthropic releases live at one address: name it once.
        "isBasedOn": list(
            dict.fromkeys(source.url for source in opendata.DATA_SOURCES)
        ),
        "citation": list(opendata.ATTRIBUTION[1:]),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": absolute(reverse("roles:roles_csv")),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": absolute(reverse("roles:api_roles")),
            },
        ],
    }
