"""Readers' "In my job…" answers about a role file's tasks.

The role file is cached for everyone and carries no form: its "In my job…"
links lead here. This page (or, with htmx, its fragment in place of the
link) is never cached and is the only one that sets the CSRF cookie. A good
answer redirects to a thank-you page that is the same for everyone and so
cached like the role file.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from roles import responses
from roles.caching import public_cache
from roles.forms import TaskResponseForm
from roles.models import Edition, Task
from roles.views.common import wants_partial


def current_task(slug, task_id):
    """The task on the role's current public file, with its edition; else a 404."""
    edition = Edition.objects.current_for(slug).with_role().first()
    if edition is None or edition.role.is_retired:
        raise Http404("No public role has this address.")
    task = Task.objects.filter(pk=task_id, edition=edition).first()
    if task is None:
        raise Http404("The role's current file has no such task.")
    return edition, task


@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "HEAD", "POST"])
def task_response(request, slug, task_id):
    edition, task = current_task(slug, task_id)
    if request.method != "POST":
        return answer_form(request, edition, task, answer_form_for(task))
    reader = responses.Reader(request)
    if not reader.may_send():
        return refused(request, edition, task, reader, "too_many", status=429)
    form = answer_form_for(task, request.POST)
    if not form.is_valid():
        return answer_form(request, edition, task, form, status=400)
    if not reader.first_answer_to(task.response_key):
        return refused(request, edition, task, reader, "answered", status=409)
    responses.record(
        edition, task, form.cleaned_data["answer"], form.cleaned_data["comment"]
    )
    if wants_partial(request):
        commented = bool(form.cleaned_data["comment"])
        return render(
            request,
            "roles/_response_thanks.html",
            context(edition, task, commented=commented),
        )
    # 303: the thanks is fetched with GET, and a reload does not post again.
    thanks = reverse(
        "roles:response_thanks", kwargs={"slug": edition.role.slug, "task_id": task.pk}
    )
    return HttpResponseRedirect(thanks, status=303)


def answer_form_for(task, data=None):
    # Several tasks' forms may open on one role file: ids of their own.
    return TaskResponseForm(data, auto_id=f"respond-{task.pk}-%s")


def context(edition, task, **more):
    return {
        "edition": edition,
        "role": edition.role,
        "task": task,
        "threshold": responses.PUBLIC_THRESHOLD,
        "interval_minutes": responses.TALLY_INTERVAL // 60,
        **more,
    }


def answer_form(request, edition, task, form, status=200):
    # In place of the link, the first answer takes the focus.
    in_place = wants_partial(request)
    template = "roles/_response_form.html" if in_place else "roles/response_form.html"
    return render(
        request,
        template,
        context(edition, task, form=form, in_place=in_place),
        status=status,
    )


def refused(request, edition, task, reader, reason, status):
    """429 (too many answers) or 409 (this task answered already), with Retry-After."""
    template = (
        "roles/_response_refused.html"
        if wants_partial(request)
        else "roles/response_refused.html"
    )
    minutes = -(-reader.retry_after // 60)
    response = render(
        request,
        template,
        context(edition, task, reason=reason, minutes=minutes),
        status=status,
    )
    response["Retry-After"] = str(reader.retry_after)
    return response


@public_cache
def response_thanks(request, slug, task_id):
    """The same thanks for every reader of the task: cached, no cookie."""
    edition, task = current_task(slug, task_id)
    return render(request, "roles/response_thanks.html", context(edition, task))


def csrf_failure(request, reason=""):
    """A form without its token (or with a wrong one): a 403 in the site's design."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
