"""The sector and skill pages: the current roles of one sector or one skill."""

from django.shortcuts import get_object_or_404, render

from roles import scoring, structured
from roles.caching import public_cache
from roles.forms import PageForm
from roles.models import Edition, EditionSkill, Sector, Skill
from roles.views.common import bad_request, band_glance, paginate

SKILL_PAGE_ROLES = 40


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
        "breadcrumbs": structured.breadcrumbs((sector.name, sector.get_absolute_url())),
        "editions": editions,
        "workers": workers,
        "average_risk": scoring.round_half_up(
            sum(score * count for score, count in weighted) / workers
        )
        if workers
        else None,
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
        "breadcrumbs": structured.breadcrumbs((skill.name, skill.get_absolute_url())),
        "core": core[shown],
        "emerging": emerging[shown],
        "core_count": len(core),
        "emerging_count": len(emerging),
        "limit": SKILL_PAGE_ROLES,
        "page": page,
        "page_numbers": page_numbers,
    }
    return render(request, "roles/skill_detail.html", context)
