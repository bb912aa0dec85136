"""The open data: the JSON API, the CSV, the license texts and their page."""

import functools
from collections import defaultdict

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Max, Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_http_methods

from roles import opendata, responses, structured
from roles.caching import public_cache
from roles.forms import PageForm
from roles.models import Edition, EscoTitle
from roles.views.common import DEFAULT_COMPARISON_ROLE, public_history
from roles.views.role_file import to_current_slug

API_PAGE_SIZE = 100
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
    "Access-Control-Max-Age": "86400",
}
OPEN_DATA_MAX_AGE = 300
LICENCES_MAX_AGE = 60 * 60 * 24  # the texts change with a deploy, not a publish


def open_data(public_editions):
    """GET from anywhere, answered 304 while the public data is unchanged.

    public_editions(**kwargs) names the editions whose changes the response
    reflects; one aggregate over them gives both the ETag and Last-Modified.
    """

    def decorator(view):
        def stamp(request, **kwargs):
            if not hasattr(request, "freshness"):
                request.freshness = opendata.freshness(public_editions(**kwargs))
            return request.freshness

        conditional = condition(
            etag_func=lambda request, **kwargs: stamp(request, **kwargs).etag,
            last_modified_func=lambda request, **kwargs: (
                stamp(request, **kwargs).last_modified
            ),
        )(view)

        @functools.wraps(view)
        @require_http_methods(["GET", "HEAD", "OPTIONS"])
        def wrapper(request, **kwargs):
            if request.method == "OPTIONS":  # a CORS preflight
                response = HttpResponse(status=204)
            else:
                response = conditional(request, **kwargs)
            for header, value in CORS_HEADERS.items():
                response.headers[header] = value
            return response

        return wrapper

    return decorator


def json_response(data, status=200):
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    return JsonResponse(data, status=status, json_dumps_params=compact)


def with_esco(editions):
    """The role's ESCO preferred labels in one query, not one per row."""
    return editions.prefetch_related(
        Prefetch(
            "role__esco_titles",
            queryset=EscoTitle.objects.filter(preferred=True).order_by("position"),
            to_attr="preferred_esco",
        )
    )


def with_esco_labels(editions):
    """The editions, 500 at a time, each role with its ESCO preferred labels.

    The labels of every role come in one query first (a few thousand short
    rows), so the CSV costs the same number of queries however long it is.
    """
    labels = defaultdict(list)
    preferred = EscoTitle.objects.filter(
        preferred=True, role__in=editions.values("role")
    ).order_by("position")
    for title in preferred:
        labels[title.role_id].append(title)
    for edition in editions.iterator(500):
        edition.role.preferred_esco = labels[edition.role_id]
        yield edition


def public_editions_of(slug=None):
    editions = Edition.objects.public()
    return editions if slug is None else editions.for_role(slug)


@public_cache(max_age=OPEN_DATA_MAX_AGE, reads=[PageForm])
@open_data(public_editions_of)
def api_roles(request):
    """Every public role's current figures, a page of rows at a time."""
    form = PageForm(request.GET)
    if not form.is_valid():
        return json_response({"error": "Bad query.", "fields": form.errors}, 400)
    editions = with_esco(Edition.objects.current().with_role().order_by("role__slug"))
    paginator = Paginator(editions, API_PAGE_SIZE)
    try:
        page = paginator.page(form.cleaned_data["page"])
    except InvalidPage:
        return json_response({"error": "No such page."}, 404)
    return json_response(
        opendata.envelope()
        | {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": api_page_url(page.next_page_number()) if page.has_next() else None,
            "previous": api_page_url(page.previous_page_number())
            if page.has_previous()
            else None,
            "roles": [opendata.row(edition) for edition in page],
        }
    )


def api_page_url(number):
    return opendata.absolute(f"{reverse('roles:api_roles')}?page={number}")


@public_cache(max_age=OPEN_DATA_MAX_AGE, scope=responses.role_scope)
@open_data(public_editions_of)
def api_role(request, slug):
    """One role's current edition in full, with its public history."""
    edition = with_esco(Edition.objects.current_for(slug).with_contents()).first()
    if edition is None:
        # A renamed role's document moves with it.
        return to_current_slug(request, slug) or json_response(
            {"error": "No public role has this slug."}, 404
        )
    if edition.role.is_retired:
        return json_response(
            {"error": "This occupation left the data; its file is retired."}, 410
        )
    history = public_history(edition)
    responses.attach_evidence(edition.role, edition.ordered_tasks)
    return json_response(opendata.envelope() | opendata.document(edition, history))


@public_cache(max_age=OPEN_DATA_MAX_AGE)
@open_data(public_editions_of)
def roles_csv(request):
    """The whole index as CSV, built once per content version and then cached.

    Under a megabyte, so it is kept whole: streamed, every download would
    build it again.
    """
    editions = Edition.objects.current().with_role().order_by("role__slug")
    response = HttpResponse(
        "".join(opendata.csv_lines(with_esco_labels(editions))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="takeover-meter-roles.csv"'
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    return response


@cache_control(public=True, max_age=LICENCES_MAX_AGE)
def licences(request):
    """The license texts and notices the data's sources ask to travel with it."""
    return HttpResponse(
        opendata.licence_texts(), content_type="text/plain; charset=utf-8"
    )


@public_cache
def open_data_page(request):
    """The API and CSV: addresses, fields, license and credit."""
    current = Edition.objects.current()
    stamp = current.aggregate(
        total=Count("pk"),
        last=Max("published_on"),
        **opendata.observed_state_counts(),
    )
    context = {
        "dataset": structured.dataset(stamp["total"], stamp["last"]),
        "total": stamp["total"],
        "stamp": stamp,
        "columns": opendata.COLUMNS,
        "evidence_columns": opendata.EVIDENCE_COLUMNS,
        "document_fields": opendata.DOCUMENT_FIELDS,
        "evidence_document_fields": opendata.EVIDENCE_DOCUMENT_FIELDS,
        "envelope_fields": opendata.ENVELOPE_FIELDS,
        "acknowledgment": opendata.ACKNOWLEDGMENT,
        "licence": opendata.LICENCE,
        "sources": opendata.DATA_SOURCES,
        "attribution": opendata.ATTRIBUTION,
        "page_size": API_PAGE_SIZE,
        "example": current.filter(role__slug=DEFAULT_COMPARISON_ROLE)
        .select_related("role")
        .first(),
    }
    return render(request, "roles/open_data.html", context)
