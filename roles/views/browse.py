"""The sector and skill pages, and the lists of every sector and every skill."""

import unicodedata
from itertools import groupby

from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from roles import scoring, structured
from roles.caching import public_cache
from roles.forms import PageForm
from roles.models import Edition, EditionSkill, Sector, Skill
from roles.views.common import bad_request, band_glance, paginate

SKILL_PAGE_ROLES = 40
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Skills whose name starts with a digit or a sign are listed first, under this.
OTHER_INITIAL = "#"


def weighted_average(weighted_sum, workers):
    """The employment-weighted risk: Σ(risk × workers) / Σ workers, halves up."""
    return scoring.round_half_up(weighted_sum / workers) if workers else None


@public_cache
def sector_list(request):
    """Every sector with a public role, its employment-weighted risk, roles and workers."""
    rows = (
        Edition.objects.current()
        .values("role__sector__slug", "role__sector__name")
        .annotate(
            roles=Count("pk"),
            workers=Sum("us_workers"),
            weighted=Sum(Cast("us_workers", BigIntegerField()) * F("risk_score")),
        )
        .order_by()
    )
    sectors = []
    for row in rows:
        workers = row["workers"] or 0
        risk = weighted_average(row["weighted"] or 0, workers)
        sectors.append(
            {
                "slug": row["role__sector__slug"],
                "name": row["role__sector__name"],
                "url": reverse(
                    "roles:sector", kwargs={"slug": row["role__sector__slug"]}
                ),
                "roles": row["roles"],
                "workers": workers,
                "weighted": row["weighted"] or 0,
                "risk": risk,
                "band": scoring.band(risk) if risk is not None else None,
            }
        )
    # The most exposed first; a sector without a head count last.
    sectors.sort(key=lambda s: (s["risk"] is None, -(s["risk"] or 0), s["name"]))
    workers = sum(s["workers"] for s in sectors)
    context = {
        "breadcrumbs": structured.breadcrumbs(("Sectors", reverse("roles:sectors"))),
        "sectors": sectors,
        "roles": sum(s["roles"] for s in sectors),
        "workers": workers,
        "overall_risk": weighted_average(sum(s["weighted"] for s in sectors), workers),
    }
    return render(request, "roles/sector_list.html", context)


@public_cache
def sector_detail(request, slug):
    sector = get_object_or_404(Sector, slug=slug)
    editions = list(
        Edition.objects.current()
        .filter(role__sector=sector)
        .with_role()
        .order_by("-risk_score", "role__title")
    )
    weighted = [(e.risk_score, e.us_workers) for e in editions if e.us_workers]
    workers = sum(count for _, count in weighted)
    context = {
        "sector": sector,
        "breadcrumbs": structured.breadcrumbs(
            ("Sectors", reverse("roles:sectors")),
            (sector.name, sector.get_absolute_url()),
        ),
        "editions": editions,
        "workers": workers,
        "average_risk": weighted_average(
            sum(score * count for score, count in weighted), workers
        ),
        "glance": band_glance([edition.risk_score for edition in editions]),
    }
    return render(request, "roles/sector_detail.html", context)


@public_cache(reads=[PageForm])
def skill_detail(request, slug):
    skill = get_object_or_404(Skill, slug=slug)
    form = PageForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    uses = list(
        EditionSkill.objects.filter(skill=skill, edition__in=Edition.objects.current())
        .select_related("edition__role__sector")
        .order_by("-edition__risk_score", "edition__role__title")
    )
    core = [use.edition for use in uses if use.kind == EditionSkill.Kind.CORE]
    emerging = [use.edition for use in uses if use.kind == EditionSkill.Kind.EMERGING]
    # Office software is in hundreds of roles: a page of each list at a time,
    # the most exposed first; both lists turn their pages together.
    page, page_numbers = paginate(
        range(max(len(core), len(emerging))),
        form.cleaned_data["page"],
        SKILL_PAGE_ROLES,
    )
    shown = slice(page.start_index() - 1, page.end_index())
    context = {
        "skill": skill,
        "breadcrumbs": structured.breadcrumbs(
            ("Skills", reverse("roles:skills")), (skill.name, skill.get_absolute_url())
        ),
        "core": core[shown],
        "emerging": emerging[shown],
        "core_count": len(core),
        "emerging_count": len(emerging),
        "limit": SKILL_PAGE_ROLES,
        "page": page,
        "page_numbers": page_numbers,
    }
    return render(request, "roles/skill_detail.html", context)


def initial(name):
    """The letter a skill is filed under: "é" under E, a digit or sign under #."""
    first = unicodedata.normalize("NFKD", name.strip()[:1]).upper()[:1]
    return first if first in LETTERS else OTHER_INITIAL


def anchor(letter):
    """The id of a letter's group: "letter-a", or "letter-other" for #."""
    return f"letter-{'other' if letter == OTHER_INITIAL else letter.lower()}"


@public_cache
def skill_list(request):
    """Every skill a public role lists, A to Z, with how many roles list it."""
    rows = (
        EditionSkill.objects.filter(edition__in=Edition.objects.current())
        .values("skill__slug", "skill__name")
        .annotate(
            roles=Count("edition__role", distinct=True),
            core=Count(
                "edition__role", distinct=True, filter=Q(kind=EditionSkill.Kind.CORE)
            ),
            emerging=Count(
                "edition__role",
                distinct=True,
                filter=Q(kind=EditionSkill.Kind.EMERGING),
            ),
        )
        .order_by()
    )
    skills = sorted(
        (
            {
                "slug": row["skill__slug"],
                "name": row["skill__name"],
                "url": reverse("roles:skill", kwargs={"slug": row["skill__slug"]}),
                "roles": row["roles"],
                "core": row["core"],
                "emerging": row["emerging"],
                "initial": initial(row["skill__name"]),
            }
            for row in rows
        ),
        # Python's order, not the database's collation: the same on both.
        key=lambda skill: (
            skill["initial"] != OTHER_INITIAL,
            skill["initial"],
            skill["name"].casefold(),
        ),
    )
    groups = [
        {"letter": letter, "anchor": anchor(letter), "skills": list(members)}
        for letter, members in groupby(skills, key=lambda skill: skill["initial"])
    ]
    present = {group["letter"] for group in groups}
    context = {
        "breadcrumbs": structured.breadcrumbs(("Skills", reverse("roles:skills"))),
        "groups": groups,
        "letters": [
            {"letter": letter, "anchor": anchor(letter), "present": letter in present}
            for letter in ([OTHER_INITIAL] if OTHER_INITIAL in present else [])
            + list(LETTERS)
        ],
        "skill_count": len(skills),
    }
    return render(request, "roles/skill_list.html", context)
