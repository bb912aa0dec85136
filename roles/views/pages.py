"""The methodology and toolkit pages, and the site's robots.txt, favicon, healthz and 500."""

import sys
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache

from roles import measures, opendata, responses, scoring, search
from roles.caching import PAGE_TTL, content_version, public_cache, release
from roles.evidence import Observed
from roles.forms import IndexComparisonForm, ToolkitForm
from roles.middleware import database_fault, unavailable_page
from roles.models import Edition, Resource, Role
from roles.views.common import DEFAULT_COMPARISON_ROLE, bad_request


@public_cache(reads=[IndexComparisonForm])
def methodology(request):
    """How the score is made, read from scoring.py, with one role's indices beside it."""
    form = IndexComparisonForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    asked = form.cleaned_data["role"].strip()
    panel = comparison_edition(asked)
    current = Edition.objects.current()
    context = {
        "form": form,
        "asked": asked,
        "panel": panel,
        "indices": index_comparison(panel) if panel else None,
        "formula_parts": scoring.formula_parts(
            panel.skill_vulnerability, panel.task_automation, panel.ai_complementarity
        )
        if panel and panel.has_factors
        else "",
        "factors": scoring.FACTORS,
        "bands": scoring.BANDS,
        "horizons": horizon_tiers(current),
        "measures": measures_panel(),
        "acknowledgment": opendata.ACKNOWLEDGMENT,
        "readers": responses.public_rules(),
        "sources": opendata.DATA_SOURCES,
        "examples": current.filter(role__origin=Role.Origin.EDITORIAL)
        .select_related("role")
        .order_by("role__title"),
    }
    status = 404 if asked and panel is None else 200
    return render(request, "roles/methodology.html", context, status=status)


def comparison_edition(asked):
    """The role named by slug, else the best search match; the reference by default."""
    editions = Edition.objects.current().with_role()
    exact = editions.filter(role__slug=asked or DEFAULT_COMPARISON_ROLE).first()
    if exact is not None or not asked:
        return exact
    return search.search(editions, asked).first()


def measures_panel():
    """Every current role's measures compared; one query, kept as long as the pages."""
    key = (
        f"methodology-measures:{release()}:{content_version()}:"
        f"{timezone.localdate():%Y%m%d}"
    )
    return cache.get_or_set(
        key, lambda: measures.panel(Edition.objects.current()), PAGE_TTL
    )


def index_comparison(edition):
    """Our score beside the published indices it draws on, each on 0–100.

    Observed use comes last and stays out of the spread: it is evidence of use
    beside the score, where the others rate what the work could let AI do.
    """
    rows = [
        (
            "Takeover Meter AI risk",
            edition.risk_score,
            "Our score, from the three factors.",
        ),
        (
            "Eloundou β, GPT-4 rater",
            edition.exposure_beta_gpt4,
            "Share of the role’s tasks an LLM exposes, GPT-4’s labels.",
        ),
        (
            "Eloundou β, human raters",
            edition.exposure_beta_human,
            "The same measure, labeled by people.",
        ),
        (
            "Microsoft AI applicability",
            edition.ai_applicability,
            "How much of the work people already bring to Copilot (× 100).",
        ),
    ]
    measured = [value for _, value, _ in rows if value is not None]
    rows = [{"name": n, "value": v, "note": note} for n, v, note in rows]
    observed = observed_row(edition)
    return {
        "rows": rows + ([observed] if observed else []),
        "spread": max(measured) - min(measured) if len(measured) > 1 else None,
        "complementarity": complementarity_note(edition),
    }


def complementarity_note(edition):
    """How a data-built file's AI complementarity was made, as its release
    recorded it: imputed, or the measured and shrunk assist shares (0–100)."""
    generated = edition.generated or {}
    if "ac_imputed" not in generated:
        return None
    if generated["ac_imputed"]:
        return {"imputed": True}
    share, shrunk = generated.get("assist_share"), generated.get("assist_share_shrunk")
    return {
        "imputed": False,
        "share": None if share is None else Decimal(share),
        "shrunk": None if shrunk is None else Decimal(shrunk),
    }


def observed_row(edition):
    """Anthropic's observed exposure on 0–100, in its state; none before the evidence."""
    state = opendata.observed_state(edition)
    if state is None:
        return None
    value = edition.observed_exposure
    notes = {
        Observed.MEASURED: "Share of the work seen in Claude conversations "
        f"(0–1, × 100); rank {edition.observed_rank} of the "
        f"{edition.observed_ranked} occupations with any.",
        Observed.NOT_SEEN: "A measured zero: not seen in the conversations studied.",
        Observed.NO_DATA: "No data: the release has no row for this occupation.",
    }
    return {
        "name": "Anthropic observed exposure",
        "value": None if value is None else value * 100,
        "note": notes[state],
        "missing": "no data",
        "observed": True,
    }


def horizon_tiers(current):
    """Each horizon rule of the data-built files, with how many current roles it gives."""
    counts = dict(
        current.filter(role__origin=Role.Origin.DATASET)
        .values("horizon_min_years")
        .annotate(n=Count("pk"))
        .values_list("horizon_min_years", "n")
    )
    tiers = []
    for least_alpha, least_gamma, years in scoring.HORIZON_TIERS:
        tests = [
            f"α ≥ {least_alpha}" if least_alpha else "",
            f"γ ≥ {least_gamma}" if least_gamma else "",
        ]
        tiers.append(
            {
                "rule": " and ".join(test for test in tests if test) or "otherwise",
                "years": scoring.horizon_span(*years),
                "count": counts.get(years[0], 0),
            }
        )
    return tiers


@public_cache(reads=[ToolkitForm])
def toolkit(request):
    """AI tools, courses and guides, filtered by a public role and a kind."""
    form = ToolkitForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    role, kind = form.cleaned_data["role"], form.cleaned_data["kind"]
    resources = Resource.objects.prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.with_public_editions().order_by("title"),
            to_attr="public_roles",
        )
    )
    if role is not None:
        resources = resources.filter(roles=role)
    if kind:
        resources = resources.filter(kind=kind)
    resources = list(resources.order_by("kind", "title"))
    groups = [
        (label, [r for r in resources if r.kind == value])
        for value, label in Resource.Kind.choices
    ]
    context = {
        "form": form,
        "role": role,
        "kind": Resource.Kind(kind).label if kind else "",
        "groups": [(label, items) for label, items in groups if items],
        "total": len(resources),
    }
    return render(request, "roles/toolkit.html", context)


@public_cache
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))


def robots_txt(request):
    """Everything public may be crawled; the admin, searches and forms are not pages."""
    lines = [
        "User-agent: *",
        # A moved admin stays unnamed: robots.txt is public.
        *(["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []),
        "Disallow: /search/",
        "Disallow: /compare/",
        "Disallow: /quiz/result/",
        # Readers' answer forms and thanks: one per task, nothing to index.
        "Disallow: /roles/*/tasks/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@never_cache
def healthz(request):
    """For load balancers: 503 only when the database cannot be reached.

    A read-only database (a standby, or writes switched off) and a cache that
    is down are named but pass: readers still get pages, and taking every
    server out would not bring the writes back.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    status = 503 if checks["database"] == "unavailable" else 200
    return JsonResponse(checks, status=status)


# One query that both reaches the database and asks whether it takes writes;
# PostgreSQL's answer covers default_transaction_read_only and hot standbys.
READ_ONLY_QUERIES = {
    "postgresql": "SHOW transaction_read_only",
    "sqlite": "PRAGMA query_only",
}


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute(READ_ONLY_QUERIES.get(connection.vendor, "SELECT 0"))
            (read_only,) = cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "read-only" if str(read_only).lower() in ("on", "1") else "ok"


def cache_status():
    # While the cache's breaker is open, Redis is not asked (nor waited on).
    if getattr(cache, "is_down", False):
        return "down"
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "down"


def server_error(request):
    """The 500 page, or the 503 page when the database is what failed.

    A write after the view has answered (the session saved on the way out)
    fails outside the middleware that turns database faults into 503s.
    """
    if database_failed_behind(sys.exc_info()[1]):
        return unavailable_page(request)
    return defaults.server_error(request)


def bad_request_page(request, exception):
    """The 400 page, or the 503 page when a failed write caused it.

    Django reports a session it could not save as a 400 ("session
    interrupted"); on a read-only database that is an outage, not a bad request.
    """
    if database_failed_behind(exception):
        return unavailable_page(request)
    return defaults.bad_request(request, exception)


def database_failed_behind(error):
    """Whether a database fault is this error or what led to it."""
    while error is not None:
        if database_fault(error):
            return True
        error = error.__cause__ or error.__context__
    return False
