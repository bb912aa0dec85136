import statistics
from collections import Counter

from django.shortcuts import get_object_or_404, render

from roles import scoring
from roles.models import Edition, EditionSkill, Resource, Task


def index(request):
    editions = list(Edition.objects.current().with_role().order_by("role__title"))
    context = {
        "editions": editions,
        "glance": band_glance(editions),
        "median_risk": statistics.median_low([e.risk_score for e in editions])
        if editions
        else None,
        "latest": max(
            editions, key=lambda e: (e.published_on, e.year, e.quarter), default=None
        ),
    }
    return render(request, "roles/index.html", context)


def role_detail(request, slug):
    edition = get_object_or_404(
        Edition.objects.current().for_role(slug).with_contents()
    )
    return render_role_file(request, edition)


def edition_detail(request, slug, year, quarter):
    editions = Edition.objects.public().for_role(slug).with_contents()
    edition = get_object_or_404(editions, year=year, quarter=quarter)
    return render_role_file(request, edition)


def render_role_file(request, edition):
    history = list(
        Edition.objects.public()
        .filter(role=edition.role_id)
        .newest_first()
        .only("role_id", "year", "quarter", "risk_score", "published_on")
    )
    for item in history:
        item.role = edition.role  # links to permalinks without a query per edition
    current = history[0]
    context = {
        "edition": edition,
        "role": edition.role,
        "band": edition.band,
        "is_current": current.pk == edition.pk,
        "current": current,
        "earlier": [
            e for e in history if (e.year, e.quarter) < (edition.year, edition.quarter)
        ],
        "ai_tasks": of_kind(edition.ordered_tasks, Task.Kind.AI),
        "human_tasks": of_kind(edition.ordered_tasks, Task.Kind.HUMAN),
        "core_skills": of_kind(edition.ordered_skills, EditionSkill.Kind.CORE),
        "emerging_skills": of_kind(edition.ordered_skills, EditionSkill.Kind.EMERGING),
        "toolkit_counts": toolkit_counts(edition.role.toolkit),
        "takeaways": [
            line.strip() for line in edition.key_takeaways.splitlines() if line.strip()
        ],
        "formula_terms": scoring.formula_terms(
            edition.skill_vulnerability,
            edition.task_automation,
            edition.ai_complementarity,
        ),
        "factors": [
            (factor, getattr(edition, factor.field)) for factor in scoring.FACTORS
        ],
    }
    return render(request, "roles/role_detail.html", context)


def of_kind(items, kind):
    return [item for item in items if item.kind == kind]


def toolkit_counts(resources):
    counts = Counter(resource.kind for resource in resources)
    return [(kind.label, counts[kind]) for kind in Resource.Kind if counts[kind]]


def band_glance(editions):
    """How many roles sit in each band, with each band's share of the index."""
    counts = Counter(edition.band.slug for edition in editions)
    total = len(editions) or 1
    glance, start = [], 0.0
    for band in scoring.BANDS:
        share = 100 * counts[band.slug] / total
        glance.append(
            {"band": band, "count": counts[band.slug], "start": start, "share": share}
        )
        start += share
    return glance
