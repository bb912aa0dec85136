"""The index of roles, filtered and paginated, and the search page."""

import statistics

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from roles.caching import public_cache
from roles.forms import IndexForm, SearchForm
from roles.models import DataRelease, Edition, Role
from roles.views.common import bad_request, band_glance, paginate, wants_partial

INDEX_PAGE_SIZE = 25


@public_cache(reads=[IndexForm])
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def index(request):
    form = IndexForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    current = Edition.objects.current()
    page, page_numbers = paginate(
        current.on_index(**form.filters).with_change(),
        form.cleaned_data["page"],
        INDEX_PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "editions": page.object_list,
        "page_numbers": page_numbers,
        "show_change": True,
        "data_links": True,
        # Filtered views are the same rows again: search engines get the pages.
        "canonical_path": reverse("roles:index")
        + (f"?page={page.number}" if page.number > 1 else ""),
    }
    # One URL, two renders: htmx asks for the results, a browser for the page.
    if wants_partial(request):
        return render(request, "roles/_role_list.html", context)
    return render(request, "roles/index.html", context | index_summary(current))


def index_summary(current):
    """Band counts, median, moves and masthead for the whole index, in two queries."""
    summary = list(
        current.with_previous().values_list(
            "risk_score",
            "published_on",
            "year",
            "quarter",
            "role__origin",
            "previous_risk",
        )
    )
    scores = [score for score, *_ in summary]
    return {
        # Roles whose risk differs from their previous public edition's.
        "moved_count": sum(row[5] is not None and row[5] != row[0] for row in summary),
        "total": len(summary),
        "glance": band_glance(scores),
        "median_risk": statistics.median_low(scores) if scores else None,
        "editorial_count": sum(row[4] == Role.Origin.EDITORIAL for row in summary),
        "latest": index_edition(summary),
    }


def index_edition(summary):
    """The index's edition: its latest public data release, else its newest edition."""
    release = DataRelease.objects.latest_public()
    if release is not None:
        return {"published_on": release.published_on, "label": release.label}
    latest = max(summary, key=lambda row: row[1:4], default=None)
    if latest is None:
        return None
    return {"published_on": latest[1], "label": f"{latest[2]} Q{latest[3]}"}


@public_cache(reads=[SearchForm])
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    query = form.cleaned_data["q"]
    editions = (
        Edition.objects.current().on_index(q=query).with_change()
        if query
        else Edition.objects.none()
    )
    page, page_numbers = paginate(editions, form.cleaned_data["page"], INDEX_PAGE_SIZE)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "editions": page.object_list,
        "page_numbers": page_numbers,
        "show_change": True,
    }
    if wants_partial(request):
        return render(request, "roles/_role_list.html", context)
    return render(request, "roles/search.html", context)
