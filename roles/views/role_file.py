"""The role file: its current page, its editions and the addresses that lead to it."""

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from roles import cards, changes, evidence, responses, scoring, structured
from roles.caching import public_cache
from roles.dataset.esco import ACKNOWLEDGMENT as ESCO_ACKNOWLEDGMENT
from roles.models import (
    AlternateTitle,
    DataRelease,
    Edition,
    EditionSkill,
    EscoTitle,
    Resource,
    Role,
    RoleRedirect,
    Task,
)
from roles.next_moves import MIN_RISK_GAP, lower_risk, related_roles, safer_roles
from roles.views.common import of_kind, public_history


@public_cache(scope=responses.role_scope)
def role_detail(request, slug):
    edition = (
        Edition.objects.current_for(slug).with_contents().with_european_titles().first()
    )
    if edition is None:
        return redirect_retired_slug(slug)
    if edition.role.is_retired:
        return HttpResponsePermanentRedirect(successor_url(edition.role))
    return render_role_file(request, edition)


def successor_url(role):
    """Where a retired role's readers go: the occupation that took it over, or its sector."""
    if role.successor is not None:
        return role.successor.get_absolute_url()
    return role.sector.get_absolute_url()


def redirect_retired_slug(slug):
    """Another address of a role moves permanently to it; anything else is a 404.

    A name that several roles share leads to a search for it instead.
    """
    names = roles_named_by(slug)
    if len(names) == 1:
        return HttpResponsePermanentRedirect(names[0][1].get_absolute_url())
    if names:
        return redirect(f"{reverse('roles:search')}?{urlencode({'q': names[0][0]})}")
    raise Http404("No role has this address.")


def roles_named_by(slug):
    """The (name, role) pairs an address that is not a role's own names: at most two.

    A retired slug (an old data-built file, a renamed role) or the slug of one
    of a role's other names: /roles/clinical-coder/ is the Medical Coder. A
    European (ESCO) name counts only where no role has the name as its own.
    """
    moved = RoleRedirect.objects.select_related("role").filter(old_slug=slug).first()
    if moved is not None:
        return [(moved.old_slug, moved.role)]
    public = Edition.objects.public().values("role")
    return [
        (name.title, name.role)
        for name in two_roles_named(AlternateTitle.objects, slug, public)
    ] or [
        (name.label, name.role)
        for name in two_roles_named(EscoTitle.objects, slug, public)
    ]


def to_current_slug(request, slug):
    """The same address under the role's current slug (301), if `slug` is an old one.

    A renamed role's permalinks, badge, card and API keep working; None
    when no role ever had the slug.
    """
    moved = RoleRedirect.objects.select_related("role").filter(old_slug=slug).first()
    if moved is None:
        return None
    match = request.resolver_match
    kwargs = match.kwargs | {"slug": moved.role.slug}
    return HttpResponsePermanentRedirect(reverse(match.view_name, kwargs=kwargs))


def moved_or_404(request, slug):
    """to_current_slug's redirect, or a 404 for a slug no role ever had."""
    moved = to_current_slug(request, slug)
    if moved is None:
        raise Http404("No role has this address.")
    return moved


def two_roles_named(names, slug, public):
    """Up to two public roles with a name of this slug (one row per role)."""
    return list(
        names.filter(slug=slug, role__in=public)
        .select_related("role")
        .order_by("role_id")[:2]
    )


@public_cache(scope=responses.role_scope)
def edition_detail(request, slug, year, quarter):
    editions = (
        Edition.objects.all() if can_preview(request.user) else Edition.objects.public()
    )
    edition = (
        editions.for_role(slug)
        .with_contents()
        .with_european_titles()
        .filter(year=year, quarter=quarter)
        .first()
    )
    if edition is None:
        return moved_or_404(request, slug)
    response = render_role_file(request, edition)
    if not edition.is_public:
        add_never_cache_headers(response)  # a preview must never be cached
    return response


def can_preview(user):
    """Staff who may change editions see drafts and scheduled ones at their permalink."""
    return user.is_active and user.is_staff and user.has_perm("roles.change_edition")


def render_role_file(request, edition):
    history = public_history(edition)
    current = history[0] if history else None
    earlier = [
        e for e in history if (e.year, e.quarter) < (edition.year, edition.quarter)
    ]
    related = related_roles(edition)
    retired = edition.role.is_retired
    is_current = current is not None and current.pk == edition.pk and not retired
    context = {
        "edition": edition,
        "role": edition.role,
        "band": edition.band,
        "is_current": is_current,
        "canonical_path": edition.role.get_absolute_url()
        if is_current
        else edition.get_absolute_url(),
        "modified_at": timezone.localtime(edition.updated_at)
        .replace(microsecond=0)
        .isoformat(),
        "occupation": structured.occupation(edition),
        **embed_context(edition, is_current),
        "breadcrumbs": structured.breadcrumbs(
            (edition.role.sector.name, edition.role.sector.get_absolute_url()),
            (edition.display_title, edition.role.get_absolute_url()),
        ),
        "current": current,
        "earlier": earlier,
        "chart": list(reversed(history)) if len(history) > 1 else [],
        "changes": changes_since(earlier[0], edition) if earlier else None,
        "ai_tasks": of_kind(edition.ordered_tasks, Task.Kind.AI),
        "human_tasks": of_kind(edition.ordered_tasks, Task.Kind.HUMAN),
        "core_skills": of_kind(edition.ordered_skills, EditionSkill.Kind.CORE),
        "emerging_skills": of_kind(edition.ordered_skills, EditionSkill.Kind.EMERGING),
        "toolkit_counts": toolkit_counts(edition.role.toolkit),
        "takeaways": [
            line.strip() for line in edition.key_takeaways.splitlines() if line.strip()
        ],
        "formula_parts": scoring.formula_parts(
            edition.skill_vulnerability,
            edition.task_automation,
            edition.ai_complementarity,
        ),
        "factors": [
            (factor, getattr(edition, factor.field)) for factor in scoring.FACTORS
        ],
        "workers_change": scoring.percent_change(
            edition.us_workers, edition.prior_us_workers
        ),
        "related": related,
        "safer": safer_roles(edition) or lower_risk(edition, related),
        "safer_rule_gap": MIN_RISK_GAP,
        **skills_context(edition),
        # O*NET's CC BY licence asks for its credit line wherever its data shows.
        "cites_onet": any(
            "O*NET" in item.source.title for item in edition.ordered_sources
        ),
        **evidence_context(edition),
        **readers_context(edition, is_current),
        "role_retired": retired,
        "unchanged_in": carried_forward_in(edition) if is_current else None,
        "edit_url": None
        if edition.is_public
        else reverse("admin:roles_edition_change", args=[edition.pk]),
    }
    return render(request, "roles/role_detail.html", context)


def skills_context(edition):
    """What a data release wrote about the skills besides the lists (from
    2027): that it says how they were chosen, whether O*NET rates the job's
    skills, and O*NET's emerging tasks for it."""
    generated = edition.generated or {}
    return {
        "skills_chosen": "skill_ratings" in generated,
        "skill_ratings": generated.get("skill_ratings"),
        "emerging_tasks": generated.get("emerging_tasks", []),
    }


def evidence_context(edition):
    """The outlook, observed AI use and European names, on an edition that has them."""
    tasks = edition.ordered_tasks
    # Data-built tasks are O*NET task statements, matched to the measured
    # tasks; an editor's own tasks are not (they may name the O*NET task they
    # paraphrase, for its raters' labels), so they get no observed-use line.
    matched = (
        edition.has_observed_evidence
        and edition.role.origin == Role.Origin.DATASET
        and any(task.onet_task_id is not None for task in tasks)
    )
    for task in tasks:
        task.evidence = (
            evidence.task_evidence(task)
            if matched and task.onet_task_id is not None
            else None
        )
    return {
        "outlook": evidence.outlook(edition),
        "observed": evidence.observed(edition),
        "task_notes": evidence.task_notes() if matched else None,
        # Tasks that keep the raters’ labels are ranked by them (issue 17).
        "task_labels": any(task.gpt4_label for task in tasks),
        "task_specialties": any(task.specialty for task in tasks),
        "sole_specialty": sole_specialty(tasks),
        "editor_tasks_note": edition.has_observed_evidence and not matched,
        "european_titles": evidence.european_titles(edition.role.european_titles)
        if evidence.has_evidence(edition)
        else [],
        "esco_acknowledgment": ESCO_ACKNOWLEDGMENT,
    }


def readers_context(edition, is_current):
    """Readers answer about the current public file's tasks, and see the tallies.

    One query: the role's tallies. An archived edition or a preview has neither.
    """
    if not (is_current and edition.is_public):
        return {"responds": False}
    responses.attach_evidence(edition.role, edition.ordered_tasks)
    return {"responds": True, "reader_threshold": responses.PUBLIC_THRESHOLD}


def sole_specialty(tasks):
    """The one O*NET specialty every task comes from, said once rather than on each."""
    specialties = {task.specialty for task in tasks}
    return specialties.pop() if len(specialties) == 1 and tasks else ""


def carried_forward_in(edition):
    """The newer data release that left this data-built file's edition current."""
    if edition.role.origin != Role.Origin.DATASET:
        return None
    latest = DataRelease.objects.latest_public()
    if latest is None or (latest.year, latest.quarter) <= (
        edition.year,
        edition.quarter,
    ):
        return None
    return latest


def embed_context(edition, is_current):
    """The badge and its embed code, offered on the current public file only."""
    if not (is_current and edition.is_public and edition.risk_score is not None):
        return {"badge": None}
    badge = cards.badge(edition)
    role = edition.role
    embed_code = render_to_string(
        "roles/_embed_code.html",
        {"role": role, "badge": badge, "SITE_URL": settings.SITE_URL},
    ).strip()
    return {"badge": badge, "embed_code": embed_code}


def changes_since(previous, edition):
    """What changed from the previous public edition: two more queries."""
    previous_tasks = list(Task.objects.filter(edition=previous))
    previous_skills = list(
        EditionSkill.objects.filter(edition=previous).select_related("skill")
    )
    return changes.compare(
        previous,
        edition,
        previous_tasks,
        previous_skills,
        edition.ordered_tasks,
        edition.ordered_skills,
    )


def toolkit_counts(resources):
    counts = Counter(resource.kind for resource in resources)
    return [(kind.label, counts[kind]) for kind in Resource.Kind if counts[kind]]
