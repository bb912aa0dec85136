import functools
import statistics
from collections import Counter
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db import DatabaseError, connection
from django.db.models import Count, F, Max, OuterRef, Prefetch, Subquery
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_http_methods
from django.views.decorators.vary import vary_on_headers

from roles import cards, changes, opendata, scoring, search, structured
from roles.caching import public_cache
from roles.forms import (
    AI_USE,
    PEOPLE,
    SENIORITY,
    TIME_CHOICES,
    TIME_CODES,
    CompareForm,
    IndexComparisonForm,
    IndexForm,
    PageForm,
    QuizAnswersForm,
    QuizStepForm,
    SearchForm,
    ToolkitForm,
)
from roles.models import (
    AlternateTitle,
    Edition,
    EditionSkill,
    Resource,
    Role,
    RoleRedirect,
    RoleRelation,
    Sector,
    Skill,
    Task,
)

INDEX_PAGE_SIZE = 25
SKILL_PAGE_ROLES = 40


@public_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def index(request):
    form = IndexForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    current = Edition.objects.current()
    page, page_numbers = paginate(
        current.on_index(**form.filters), form.cleaned_data["page"]
    )
    context = {
        "form": form,
        "page": page,
        "editions": page.object_list,
        "page_numbers": page_numbers,
        # Filtered views are the same rows again: search engines get the pages.
        "canonical_path": reverse("roles:index")
        + (f"?page={page.number}" if page.number > 1 else ""),
    }
    # One URL, two renders: htmx asks for the results, a browser for the page.
    if wants_partial(request):
        return render(request, "roles/_role_list.html", context)
    return render(request, "roles/index.html", context | index_summary(current))


def wants_partial(request):
    """An htmx swap gets the partial; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def paginate(editions, number):
    paginator = Paginator(editions, INDEX_PAGE_SIZE)
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page of the index.") from None
    return page, paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def index_summary(current):
    """Band counts, median and masthead for the whole index, in one light query."""
    summary = list(
        current.values_list(
            "risk_score", "published_on", "year", "quarter", "role__origin"
        )
    )
    scores = [score for score, *_ in summary]
    latest = max(summary, key=lambda row: row[1:4], default=None)
    return {
        "total": len(summary),
        "glance": band_glance(scores),
        "median_risk": statistics.median_low(scores) if scores else None,
        "editorial_count": sum(row[4] == Role.Origin.EDITORIAL for row in summary),
        "latest": {"published_on": latest[1], "label": f"{latest[2]} Q{latest[3]}"}
        if latest
        else None,
    }


@public_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    query = form.cleaned_data["q"]
    editions = (
        Edition.objects.current().on_index(q=query) if query else Edition.objects.none()
    )
    page, page_numbers = paginate(editions, form.cleaned_data["page"])
    context = {
        "form": form,
        "query": query,
        "page": page,
        "editions": page.object_list,
        "page_numbers": page_numbers,
    }
    if wants_partial(request):
        return render(request, "roles/_role_list.html", context)
    return render(request, "roles/search.html", context)


def bad_request(request, form):
    """A 400 in the site's design that says which value was wrong."""
    return render(request, "400.html", {"form": form}, status=400)


@public_cache
def role_detail(request, slug):
    edition = Edition.objects.current_for(slug).with_contents().first()
    if edition is None:
        return redirect_retired_slug(slug)
    return render_role_file(request, edition)


def redirect_retired_slug(slug):
    """Another address of a role moves permanently to it; anything else is a 404.

    A retired slug (an old data-built file) or the slug of one of the role's
    other names: /roles/clinical-coder/ is the Medical Coder. A name that
    several roles share leads to a search for it instead.
    """
    moved = RoleRedirect.objects.select_related("role").filter(old_slug=slug).first()
    if moved is not None:
        return HttpResponsePermanentRedirect(moved.role.get_absolute_url())
    public = Edition.objects.public().values("role")
    names = list(
        AlternateTitle.objects.filter(slug=slug, role__in=public)
        .select_related("role")
        .order_by("role_id")[:2]
    )
    if len({name.role_id for name in names}) == 1:
        return HttpResponsePermanentRedirect(names[0].role.get_absolute_url())
    if names:
        return redirect(f"{reverse('roles:search')}?{urlencode({'q': names[0].title})}")
    raise Http404("No role has this address.")


@public_cache
def edition_detail(request, slug, year, quarter):
    editions = (
        Edition.objects.all() if can_preview(request.user) else Edition.objects.public()
    )
    edition = get_object_or_404(
        editions.for_role(slug).with_contents(), year=year, quarter=quarter
    )
    response = render_role_file(request, edition)
    if not edition.is_public:
        add_never_cache_headers(response)  # a preview must never be cached
    return response


def can_preview(user):
    """Staff who may change editions see drafts and scheduled ones at their permalink."""
    return user.is_active and user.is_staff and user.has_perm("roles.change_edition")


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
]


def render_role_file(request, edition):
    history = list(
        Edition.objects.public()
        .filter(role=edition.role_id)
        .newest_first()
        .only(*HISTORY_FIELDS)
    )
    for item in history:
        item.role = edition.role  # links to permalinks without a query per edition
    current = history[0] if history else None
    earlier = [
        e for e in history if (e.year, e.quarter) < (edition.year, edition.quarter)
    ]
    related = related_roles(edition)
    is_current = current is not None and current.pk == edition.pk
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
            (edition.role.title, edition.role.get_absolute_url()),
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
        "formula_terms": scoring.formula_terms(
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
        # O*NET's CC BY licence asks for its credit line wherever its data shows.
        "cites_onet": any(
            "O*NET" in item.source.title for item in edition.ordered_sources
        ),
    }
    return render(request, "roles/role_detail.html", context)


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


RELATED_ROLES = 6
SAFER_ROLES = 3


def related_roles(edition):
    """O*NET's related occupations, closest first; else the sector's biggest roles."""
    # Filter on the relations first, so the position is looked up for the
    # handful of related editions only, not for every role of the index.
    relations = RoleRelation.objects.filter(role=edition.role_id).order_by()
    position = relations.filter(related=OuterRef("role")).values("position")[:1]
    related = list(
        Edition.objects.current()
        .with_role()
        .filter(role__in=relations.values("related"))
        .annotate(position=Subquery(position))
        .order_by("position")[:RELATED_ROLES]
    )
    if related:
        return related
    return list(
        Edition.objects.current()
        .with_role()
        .filter(role__sector=edition.role.sector_id)
        .exclude(role=edition.role_id)
        .order_by(F("us_workers").desc(nulls_last=True))[:RELATED_ROLES]
    )


def safer_roles(edition):
    """Lower-risk roles ranked by how many of this role's skills they share.

    Two queries whatever the size of the index: one counts shared skills per
    edition in the database, one loads the few winners.
    """
    skill_ids = {item.skill_id for item in edition.ordered_skills}
    if not skill_ids or edition.risk_score is None:
        return []
    overlaps = list(
        EditionSkill.objects.filter(
            skill_id__in=skill_ids,
            edition__in=Edition.objects.current(),
            edition__risk_score__lt=edition.risk_score,
        )
        .exclude(edition__role=edition.role_id)
        .values("edition_id")
        .annotate(shared=Count("skill", distinct=True))
        .order_by("-shared", "edition__risk_score")[:SAFER_ROLES]
    )
    editions = Edition.objects.with_role().in_bulk(
        [row["edition_id"] for row in overlaps]
    )
    safer = []
    for row in overlaps:
        other = editions[row["edition_id"]]
        other.overlap = round(100 * row["shared"] / len(skill_ids))
        other.risk_gap = edition.risk_score - other.risk_score
        other.pay_gap = pay_gap(edition, other)
        safer.append(other)
    return safer


def lower_risk(edition, related):
    """When no other role lists this file's skills: its less exposed neighbours."""
    safer = [other for other in related if other.risk_score < (edition.risk_score or 0)]
    for other in safer[:SAFER_ROLES]:
        other.overlap = None
        other.risk_gap = edition.risk_score - other.risk_score
        other.pay_gap = pay_gap(edition, other)
    return safer[:SAFER_ROLES]


def pay_gap(edition, other):
    if other.mean_salary and edition.mean_salary:
        return other.mean_salary - edition.mean_salary
    return None


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


def of_kind(items, kind):
    return [item for item in items if item.kind == kind]


def toolkit_counts(resources):
    counts = Counter(resource.kind for resource in resources)
    return [(kind.label, counts[kind]) for kind in Resource.Kind if counts[kind]]


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


@public_cache
def updates(request):
    """Every quarter with published editions, newest first."""
    rows = (
        Edition.objects.public()
        .with_previous()
        .values_list("year", "quarter", "previous_risk")
    )
    quarters = {}
    for year, quarter, previous_risk in rows:
        entry = quarters.setdefault(
            (year, quarter), {"year": year, "quarter": quarter, "new": 0, "revised": 0}
        )
        entry["revised" if previous_risk is not None else "new"] += 1
    ordered = [quarters[key] for key in sorted(quarters, reverse=True)]
    for entry in ordered:
        entry["label"] = f"{entry['year']} Q{entry['quarter']}"
    return render(request, "roles/updates.html", {"quarters": ordered})


@public_cache
def updates_quarter(request, year, quarter):
    """The quarter's release notes: band changes and the biggest movers first."""
    editions = list(
        Edition.objects.public()
        .filter(year=year, quarter=quarter)
        .with_role()
        .with_previous()
    )
    if not editions:
        raise Http404("No editions were published that quarter.")
    revised = [edition for edition in editions if edition.previous_risk is not None]
    for edition in revised:
        edition.risk_delta = edition.risk_score - edition.previous_risk
        edition.previous_band = scoring.band(edition.previous_risk)
        edition.band_changed = edition.previous_band != edition.band
    revised.sort(key=lambda e: (not e.band_changed, -abs(e.risk_delta), e.role.title))
    new = [edition for edition in editions if edition.previous_risk is None]
    context = {
        "label": f"{year} Q{quarter}",
        "year": year,
        "quarter": quarter,
        "revised": revised,
        "moved": sum(1 for edition in revised if edition.risk_delta),
        "band_changes": sum(1 for edition in revised if edition.band_changed),
        "new_editorial": sorted(
            (e for e in new if e.role.origin == Role.Origin.EDITORIAL),
            key=lambda e: e.role.title,
        ),
        "new_dataset": sum(1 for e in new if e.role.origin == Role.Origin.DATASET),
        "published_on": max(edition.published_on for edition in editions),
    }
    return render(request, "roles/updates_quarter.html", context)


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


@public_cache
def skill_detail(request, slug):
    skill = get_object_or_404(Skill, slug=slug)
    uses = list(
        EditionSkill.objects.filter(skill=skill, edition__in=Edition.objects.current())
        .select_related("edition__role__sector")
        .order_by("-edition__risk_score", "edition__role__title")
    )
    core = [use.edition for use in uses if use.kind == EditionSkill.Kind.CORE]
    emerging = [use.edition for use in uses if use.kind == EditionSkill.Kind.EMERGING]
    # Office software is in hundreds of roles: the most exposed make the point.
    context = {
        "skill": skill,
        "breadcrumbs": structured.breadcrumbs((skill.name, skill.get_absolute_url())),
        "core": core[:SKILL_PAGE_ROLES],
        "emerging": emerging[:SKILL_PAGE_ROLES],
        "core_count": len(core),
        "emerging_count": len(emerging),
        "limit": SKILL_PAGE_ROLES,
    }
    return render(request, "roles/skill_detail.html", context)


@public_cache
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
        form.add_error("roles", f"No published role at: {', '.join(unknown)}.")
        return bad_request(request, form)
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
    }
    return render(request, "roles/compare.html", context)


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


def shared(editions, names):
    """What every compared role has in common (nothing, for a single role)."""
    if len(editions) < 2:
        return []
    common = set.intersection(*(names(edition) for edition in editions))
    return sorted(common)


QUIZ_TASKS_PER_STEP = 5


@public_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def quiz(request):
    """Find your role, then rate your week a group of tasks at a time.

    Each step is a plain GET form carrying the answers so far in `a` (one
    digit a task), so it works without JavaScript; htmx swaps the step in
    place and keeps the address in step.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    if request.GET.get("role"):
        return quiz_step(request)
    query = form.cleaned_data["q"]
    matches = Edition.objects.current().on_index(q=query)[:10] if query else []
    return render(request, "roles/quiz_start.html", {"form": form, "matches": matches})


def quiz_tasks(edition):
    """The tasks in the order the quiz asks and the result link answers them."""
    return sorted(edition.tasks.all(), key=lambda task: (task.kind, task.position))


def quiz_step(request):
    slug = request.GET["role"]
    edition = (
        Edition.objects.current()
        .for_role(slug)
        .with_role()
        .prefetch_related("tasks")
        .first()
    )
    if edition is None:
        raise Http404("No published role at this address.")
    tasks = quiz_tasks(edition)
    groups = [
        tasks[i : i + QUIZ_TASKS_PER_STEP]
        for i in range(0, len(tasks), QUIZ_TASKS_PER_STEP)
    ]
    form = QuizStepForm(request.GET, steps=len(groups) + 1)
    if not form.is_valid():
        return quiz_error(request, form)
    step, codes = form.cleaned_data["step"], form.cleaned_data["a"]

    def answered_before(k):
        return sum(len(group) for group in groups[: k - 1])

    if step > 1 and len(codes) == answered_before(step - 1):
        # Coming forward: add the answers of the group just submitted.
        first = answered_before(step - 1)
        submitted = [
            request.GET.get(f"t{first + i + 1}") for i in range(len(groups[step - 2]))
        ]
        if any(value not in TIME_CODES for value in submitted):
            form.add_error(
                "a", "Answer every task of the step with none, some or a lot."
            )
            return quiz_error(request, form)
        codes += "".join(submitted)
    start = answered_before(step)
    if len(codes) < start:
        # Earlier answers are missing (an edited link): begin again.
        codes, step, start = "", 1, 0
    group = groups[step - 1] if step <= len(groups) else []
    # Going back keeps the answers given further on, to tick them again.
    given = codes[start : start + len(group)]
    codes = codes[:start]
    context = {
        "edition": edition,
        "role": edition.role,
        "step": step,
        "steps": len(groups) + 1,
        "codes": codes,
        "questions": [
            (start + offset + 1, task, given[offset] if offset < len(given) else "0")
            for offset, task in enumerate(group)
        ],
        "time_choices": [
            (digit, label)
            for digit, (_, label) in zip("012", TIME_CHOICES, strict=True)
        ],
        "seniority": SENIORITY,
        "people": PEOPLE,
        "ai_use": AI_USE,
        "back": f"?{urlencode({'role': slug, 'step': step - 1, 'a': codes + given})}"
        if step > 1
        else None,
    }
    template = (
        "roles/_quiz_step.html" if wants_partial(request) else "roles/quiz_tasks.html"
    )
    return render(request, template, context)


@public_cache
def quiz_result(request):
    """The result, recomputed from the answers in the URL."""
    form = QuizAnswersForm(request.GET)
    if not form.is_valid():
        return quiz_error(request, form)
    year, quarter = form.cleaned_data["e"]
    edition = (
        Edition.objects.public()
        .for_role(form.cleaned_data["role"])
        .with_role()
        .prefetch_related(
            "tasks",
            Prefetch(
                "edition_skills",
                queryset=EditionSkill.objects.select_related("skill").order_by(
                    "position", "pk"
                ),
                to_attr="ordered_skills",  # as safer_roles() reads them
            ),
            "role__resources",
        )
        .filter(year=year, quarter=quarter)
        .first()
    )
    if edition is None:
        form.add_error("role", "This role or edition is not published.")
        return quiz_error(request, form)
    tasks = quiz_tasks(edition)
    codes = form.cleaned_data["a"]
    if len(codes) != len(tasks):
        form.add_error(
            "a",
            f"This role file has {len(tasks)} tasks; the link answers {len(codes)}.",
        )
        return quiz_error(request, form)
    answers = [
        (
            task.exposure
            if task.exposure is not None
            else scoring.DEFAULT_TASK_EXPOSURE[task.kind],
            TIME_CODES[code],
        )
        for task, code in zip(tasks, codes, strict=True)
    ]
    role_factors = (
        edition.skill_vulnerability,
        edition.task_automation,
        edition.ai_complementarity,
    )
    risk, factors = scoring.personal_risk(
        role_factors,
        answers,
        form.cleaned_data["s"],
        form.cleaned_data["p"],
        form.cleaned_data["u"],
    )
    drivers = sorted(
        (
            (exposure * scoring.TIME_WEIGHTS[time], task, time)
            for (exposure, time), task in zip(answers, tasks, strict=True)
            if scoring.TIME_WEIGHTS[time]
        ),
        key=lambda item: -item[0],
    )[:3]
    context = {
        "edition": edition,
        "role": edition.role,
        "risk": risk,
        "band": scoring.band(risk),
        "factors": list(zip(scoring.FACTORS, role_factors, factors, strict=True)),
        "drivers": [(task, dict(TIME_CHOICES)[time]) for _, task, time in drivers],
        "emerging": [
            item.skill
            for item in edition.ordered_skills
            if item.kind == EditionSkill.Kind.EMERGING
        ][:3],
        "safer": safer_roles(edition),
        "toolkit": list(edition.role.resources.all())[:3],
        "answers": form.cleaned_data,
    }
    return render(request, "roles/quiz_result.html", context)


def quiz_error(request, form):
    """A tampered or stale result link: say why, and offer to start again."""
    return render(request, "roles/quiz_error.html", {"form": form}, status=400)


@public_cache
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return HttpResponsePermanentRedirect(static("img/favicon-32.png"))


def robots_txt(request):
    """Everything public may be crawled; the admin and searches are not pages."""
    lines = [
        "User-agent: *",
        # A moved admin stays unnamed: robots.txt is public.
        *(["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []),
        "Disallow: /search/",
        "Disallow: /compare/",
        "Disallow: /quiz/result/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


API_PAGE_SIZE = 100
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link",
    "Access-Control-Max-Age": "86400",
}
OPEN_DATA_MAX_AGE = 300


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


def public_editions_of(slug=None):
    editions = Edition.objects.public()
    return editions if slug is None else editions.for_role(slug)


@public_cache(max_age=OPEN_DATA_MAX_AGE)
@open_data(public_editions_of)
def api_roles(request):
    """Every public role's current figures, a page of rows at a time."""
    form = PageForm(request.GET)
    if not form.is_valid():
        return json_response({"error": "Bad query.", "fields": form.errors}, 400)
    editions = Edition.objects.current().with_role().order_by("role__slug")
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


@public_cache(max_age=OPEN_DATA_MAX_AGE)
@open_data(public_editions_of)
def api_role(request, slug):
    """One role's current edition in full, with its public history."""
    edition = Edition.objects.current_for(slug).with_contents().first()
    if edition is None:
        return json_response({"error": "No public role has this slug."}, 404)
    history = list(
        Edition.objects.public()
        .filter(role=edition.role_id)
        .newest_first()
        .only(*HISTORY_FIELDS)
    )
    for item in history:
        item.role = edition.role
    return json_response(opendata.envelope() | opendata.document(edition, history))


@public_cache(max_age=OPEN_DATA_MAX_AGE)
@open_data(public_editions_of)
def roles_csv(request):
    """The whole index as CSV, streamed so that memory stays flat."""
    editions = (
        Edition.objects.current().with_role().order_by("role__slug").iterator(500)
    )
    response = StreamingHttpResponse(
        opendata.csv_lines(editions), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="takeover-meter-roles.csv"'
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    return response


def licences(request):
    """The licence texts and notices the data's sources ask to travel with it."""
    return HttpResponse(
        opendata.licence_texts(), content_type="text/plain; charset=utf-8"
    )


BADGE_MAX_AGE = 3600
SHARE_CARD_TTL = 60 * 60 * 24 * 30  # the key changes with the edition anyway


def current_edition_or_404(slug):
    edition = Edition.objects.current_for(slug).with_role().first()
    if edition is None or edition.risk_score is None:
        raise Http404("No public role has this address.")
    return edition


@public_cache(max_age=BADGE_MAX_AGE)
@open_data(public_editions_of)
def badge(request, slug):
    """An SVG to embed: "AI risk 68% · High", linking readers back to the file."""
    edition = current_edition_or_404(slug)
    return render(
        request,
        "roles/badge.svg",
        {"edition": edition, "badge": cards.badge(edition)},
        content_type="image/svg+xml",
    )


@public_cache(max_age=BADGE_MAX_AGE)
@open_data(public_editions_of)
def share_image(request, slug):
    """The role's link-preview card, drawn once per edition change and cached."""
    edition = current_edition_or_404(slug)
    stamps = (
        edition.pk,
        edition.updated_at.isoformat(),
        edition.role.updated_at.isoformat(),
    )
    key = f"share-card:{settings.SITE_URL}:" + ":".join(map(str, stamps))
    png = cache.get(key)
    if png is None:
        png = cards.share_card_png(edition, urlsplit(settings.SITE_URL).netloc)
        cache.set(key, png, SHARE_CARD_TTL)
    return HttpResponse(png, content_type="image/png")


@public_cache
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
        "formula_terms": scoring.formula_terms(
            panel.skill_vulnerability, panel.task_automation, panel.ai_complementarity
        )
        if panel and panel.has_factors
        else "",
        "factors": scoring.FACTORS,
        "bands": scoring.BANDS,
        "horizons": horizon_tiers(current),
        "sources": opendata.DATA_SOURCES,
        "examples": current.filter(role__origin=Role.Origin.EDITORIAL)
        .select_related("role")
        .order_by("role__title"),
    }
    status = 404 if asked and panel is None else 200
    return render(request, "roles/methodology.html", context, status=status)


DEFAULT_COMPARISON_ROLE = "medical-coder"


def comparison_edition(asked):
    """The role named by slug, else the best search match; the reference by default."""
    editions = Edition.objects.current().with_role()
    exact = editions.filter(role__slug=asked or DEFAULT_COMPARISON_ROLE).first()
    if exact is not None or not asked:
        return exact
    return search.search(editions, asked).first()


def index_comparison(edition):
    """Our score beside the published indices it draws on, each on 0–100."""
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
            "The same measure, labelled by people.",
        ),
        (
            "Microsoft AI applicability",
            edition.ai_applicability,
            "How much of the work people already bring to Copilot (× 100).",
        ),
    ]
    measured = [value for _, value, _ in rows if value is not None]
    return {
        "rows": [{"name": n, "value": v, "note": note} for n, v, note in rows],
        "spread": max(measured) - min(measured) if len(measured) > 1 else None,
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


@public_cache
def open_data_page(request):
    """The API and CSV: addresses, fields, licence and credit."""
    current = Edition.objects.current()
    stamp = current.aggregate(total=Count("pk"), last=Max("published_on"))
    context = {
        "dataset": structured.dataset(stamp["total"], stamp["last"]),
        "total": stamp["total"],
        "columns": opendata.COLUMNS,
        "document_fields": opendata.DOCUMENT_FIELDS,
        "envelope_fields": opendata.ENVELOPE_FIELDS,
        "licence": opendata.LICENCE,
        "sources": opendata.DATA_SOURCES,
        "attribution": opendata.ATTRIBUTION,
        "page_size": API_PAGE_SIZE,
        "example": current.filter(role__slug=DEFAULT_COMPARISON_ROLE)
        .select_related("role")
        .first(),
    }
    return render(request, "roles/open_data.html", context)


@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it doesn't.

    The cache is reported but never fails the check: without it pages come,
    slower, from the database.
    """
    checks = {"database": database_status(), "cache": cache_status()}
    return JsonResponse(checks, status=200 if checks["database"] == "ok" else 503)


def database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unavailable"
    return "ok"


def cache_status():
    cache.set("healthz", "ok", 10)
    return "ok" if cache.get("healthz") == "ok" else "unavailable"
