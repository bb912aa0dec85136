"""Roles side by side: their figures, tasks and what they share."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse

from roles import scoring, search
from roles.caching import public_cache
from roles.forms import CompareForm
from roles.models import Edition, Task
from roles.views.common import bad_request, of_kind
from roles.views.role_file import roles_named_by


@public_cache(reads=[CompareForm])
def compare(request):
    form = CompareForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    slugs = form.cleaned_data["roles"]
    if form.cleaned_data["add"]:
        return add_to_comparison(request, form, slugs)
    found = {
        edition.role.slug: edition
        for edition in Edition.objects.current()
        .filter(role__slug__in=slugs)
        .with_contents()
    }
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        return to_canonical_comparison(request, form, slugs, unknown)
    editions = [found[slug] for slug in slugs]
    context = {
        "form": form,
        "editions": editions,
        "columns": [comparison_column(edition, slugs) for edition in editions],
        "shared_skills": shared(
            editions, lambda e: {item.skill.name for item in e.ordered_skills}
        ),
        "shared_tasks": shared(
            editions, lambda e: {task.text for task in e.ordered_tasks}
        ),
        "can_add": len(slugs) < CompareForm.MAX_ROLES,
        **evidence_context(editions),
    }
    return render(request, "roles/compare.html", context)


def to_canonical_comparison(request, form, slugs, unknown):
    """The comparison under each role's own slug, or a 400 naming what no role is.

    An old slug, or the slug of another name of the job, is another address
    of one role: the comparison moves to the role's own.
    """
    own = {}
    for slug in unknown:
        names = roles_named_by(slug)
        if len(names) == 1:
            own[slug] = names[0][1].slug
    nowhere = [slug for slug in unknown if slug not in own]
    if nowhere:
        form.add_error("roles", f"No published role at: {', '.join(nowhere)}.")
        return bad_request(request, form)
    canonical = list(dict.fromkeys(own.get(slug, slug) for slug in slugs))
    return redirect(
        f"{reverse('roles:compare')}?{urlencode({'roles': ','.join(canonical)})}",
        permanent=True,
    )


def add_to_comparison(request, form, slugs):
    """Add the best match for a typed name, then show the comparison's own URL."""
    match = search.search(
        Edition.objects.current().with_role(), form.cleaned_data["add"]
    ).first()
    if match is None:
        form.add_error("add", "No role matches that name.")
        return bad_request(request, form)
    if match.role.slug not in slugs:
        slugs = [*slugs, match.role.slug]
    if len(slugs) > CompareForm.MAX_ROLES:
        form.add_error(
            "roles", f"Compare at most {CompareForm.MAX_ROLES} roles at a time."
        )
        return bad_request(request, form)
    return redirect(
        f"{reverse('roles:compare')}?{urlencode({'roles': ','.join(slugs)})}"
    )


def comparison_column(edition, slugs):
    others = [slug for slug in slugs if slug != edition.role.slug]
    return {
        "edition": edition,
        "remove_url": f"{reverse('roles:compare')}?{urlencode({'roles': ','.join(others)})}",
        "factors": [
            (factor, getattr(edition, factor.field)) for factor in scoring.FACTORS
        ],
        "ai_tasks": of_kind(edition.ordered_tasks, Task.Kind.AI),
        "human_tasks": of_kind(edition.ordered_tasks, Task.Kind.HUMAN),
    }


def evidence_context(editions):
    """What the outlook and observed-use rows need beyond each edition's own fields.

    The projection decade and the all-occupations change go in the row's heading
    when every compared edition with an outlook agrees on them (one data
    release); otherwise each cell names its own.
    """
    outlooks = {
        (edition.outlook_period, edition.all_occupations_change_pct)
        for edition in editions
        if edition.has_outlook
    }
    observed_sources = sorted(
        {edition.observed_source for edition in editions if edition.observed_source}
    )
    return {
        "any_outlook": bool(outlooks),
        "shared_outlook": outlooks.pop() if len(outlooks) == 1 else None,
        "observed_sources": observed_sources,
    }


def shared(editions, names):
    """What every compared role has in common (nothing, for a single role)."""
    if len(editions) < 2:
        return []
    common = set.intersection(*(names(edition) for edition in editions))
    return sorted(common)
