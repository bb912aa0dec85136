"""What several page families share: the 400 page, the htmx test, a few helpers."""

from collections import Counter

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render

from roles import scoring
from roles.models import Edition


def wants_partial(request):
    """An htmx swap gets the partial; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def bad_request(request, form):
    """A 400 in the site's design that says which value was wrong."""
    return render(request, "400.html", {"form": form}, status=400)


def paginate(items, number, size):
    """The page of `items` and the page numbers to link, a few around this one."""
    paginator = Paginator(items, size)
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page.") from None
    return page, paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


HISTORY_FIELDS = [
    "role_id",
    "year",
    "quarter",
    "status",
    "risk_score",
    "published_on",
    "skill_vulnerability",
    "task_automation",
    "ai_complementarity",
    "us_workers",
    "mean_salary",
    "generated",  # the method version, for the chart's method break
    # What the history's "what changed" compares beside the score.
    "outlook_period",
    "employment_change_pct",
    "observed_source",
    "observed_exposure",
]


def public_history(edition):
    """The role's public editions, newest first, with only what charts and links need."""
    history = list(
        Edition.objects.public()
        .filter(role=edition.role_id)
        .newest_first()
        .only(*HISTORY_FIELDS)
    )
    for item in history:
        item.role = edition.role  # links to permalinks without a query per edition
    return history


def of_kind(items, kind):
    return [item for item in items if item.kind == kind]


def band_glance(scores):
    """How many roles sit in each band, with each band's share of the index."""
    counts = Counter(scoring.band(score).slug for score in scores)
    total = len(scores) or 1
    glance, start = [], 0.0
    for band in scoring.BANDS:
        share = 100 * counts[band.slug] / total
        glance.append(
            {"band": band, "count": counts[band.slug], "start": start, "share": share}
        )
        start += share
    return glance


# The role the methodology compares by default and the open-data page shows.
DEFAULT_COMPARISON_ROLE = "medical-coder"
