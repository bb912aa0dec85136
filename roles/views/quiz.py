"""The quiz: find your role, rate your week, get a personal risk from the URL."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from roles import scoring
from roles.caching import public_cache
from roles.forms import (
    AI_USE,
    PEOPLE,
    SENIORITY,
    TIME_CHOICES,
    TIME_CODES,
    QuizAnswersForm,
    QuizRoleForm,
    QuizStepForm,
    SearchForm,
)
from roles.models import Edition, EditionSkill
from roles.next_moves import safer_roles
from roles.views.common import bad_request, wants_partial

QUIZ_TASKS_PER_STEP = 5
# A step's answers come as t1, t2, …: one parameter per task.
QUIZ_ANSWER = r"t\d{1,3}"


@public_cache(reads=[SearchForm, QuizRoleForm, QuizStepForm, QUIZ_ANSWER])
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
    chosen = QuizRoleForm(request.GET)
    if not chosen.is_valid():
        return quiz_error(request, chosen)
    slug = chosen.cleaned_data["role"]
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

    unanswered = []
    if step > 1 and len(codes) == answered_before(step - 1):
        # Coming forward: add the answers of the group just submitted.
        first = answered_before(step - 1)
        submitted = [
            request.GET.get(f"t{first + i + 1}", "")
            for i in range(len(groups[step - 2]))
        ]
        if all(value in TIME_CODES for value in submitted):
            codes += "".join(submitted)
        else:
            # No answer is assumed: ask the step again, keeping what was given.
            step -= 1
            unanswered = [
                first + i + 1
                for i, value in enumerate(submitted)
                if value not in TIME_CODES
            ]
            codes += "".join(
                value if value in TIME_CODES else " " for value in submitted
            )
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
        "progress": quiz_progress(groups, step),
        "first": start + 1,
        "last": start + len(group),
        "tasks": len(tasks),
        "to_go": len(tasks) - start,
        "partial": wants_partial(request),
        "codes": codes,
        "unanswered": unanswered,
        "questions": [
            (start + offset + 1, task, given[offset] if offset < len(given) else "")
            for offset, task in enumerate(group)
        ],
        "time_choices": [
            (digit, label)
            for digit, (_, label) in zip("012", TIME_CHOICES, strict=True)
        ],
        "seniority": SENIORITY,
        "people": PEOPLE,
        "ai_use": AI_USE,
        # Back keeps the answers given here, up to the first one missing.
        "back": f"?{urlencode({'role': slug, 'step': step - 1, 'a': codes + given.partition(' ')[0]})}"
        if step > 1
        else None,
    }
    template = (
        "roles/_quiz_step.html" if context["partial"] else "roles/quiz_tasks.html"
    )
    return render(request, template, context)


def quiz_progress(groups, step):
    """The steps as the progress bar names them: each group of tasks, then you.

    Each is (label, state), the state "done", "current" or "" for one to come.
    """
    labels, first = [], 1
    for group in groups:
        last = first + len(group) - 1
        labels.append(f"Tasks {first}–{last}" if last > first else f"Task {first}")
        first = last + 1
    labels.append("How you work")
    return [
        (label, "done" if k < step else "current" if k == step else "")
        for k, label in enumerate(labels, start=1)
    ]


@public_cache(reads=[QuizAnswersForm])
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
