"""Readers' "In my job…" responses: the rate limit, and the tallies pages show.

The rate limit keys each reader by a salted hash of their address (read
through the trusted proxies, as the admin's lockout reads it). The salt is
random, made for one window and kept in the cache only until the window
ends; the counts under it expire with it. So nothing that could tie an
answer to an address outlives the window, and nothing of it reaches the
database. With Redis down, each worker counts on its own: a reader then gets
at most the limit from each worker, never an unlimited flood or an error.

Tallies are counted from the stored responses on a bounded schedule: at most
once per TALLY_INTERVAL for a role, when a response arrives or a reader opens
the role's page after it was due. Each count ends that role's cached pages
only (caching.bump_scope), never the whole site's.
"""

import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from roles import caching
from roles.models import Role, TaskResponse, TaskTally

# One reader's answers: at most RESPONSES_PER_WINDOW an hour, one per task.
WINDOW_SECONDS = 60 * 60
RESPONSES_PER_WINDOW = 30
# A role's tallies are counted again at most this often.
TALLY_INTERVAL = 10 * 60
# Shares are shown from this many responses to a task on: below it, one
# reader moves a share by more than five points.
PUBLIC_THRESHOLD = 20
# Approved comments a task shows, newest first.
COMMENTS_SHOWN = 3

# Where counts go while Redis is down: this worker's memory.
local_counts = LocMemCache(
    "reader-response-limits", {"OPTIONS": {"MAX_ENTRIES": 20000}}
)


def role_scope(slug, **kwargs):
    """The cache scope of a role's pages: its tallies end only these."""
    return caching.Scope(f"role:{slug}", pending_key(slug), refresh_if_due)


# The rate limit ----------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when not allowed
    duplicate: bool = False  # the reader answered this task already


def window_now():
    """This window's number and the seconds left in it."""
    now = time.time()
    number = int(now // WINDOW_SECONDS)
    return number, max(1, math.ceil((number + 1) * WINDOW_SECONDS - now))


def counter_store():
    return local_counts if getattr(cache, "is_down", False) else cache


def window_salt(store, number, ttl):
    """A random salt for this window, shared by the workers while Redis is up."""
    key = f"responses:salt:{number}"
    store.add(key, secrets.token_hex(16), ttl)
    salt = store.get(key)
    if salt is None:  # Redis failed between the two calls
        return window_salt(local_counts, number, ttl)
    return salt


def reader_key(request, store, number, ttl):
    address = get_client_ip_address(request) or "unknown"
    salt = window_salt(store, number, ttl)
    digest = hmac.new(salt.encode(), address.encode(), hashlib.sha256)
    return f"responses:{number}:{digest.hexdigest()[:32]}"


def check_rate(request, task_key):
    """Count one attempt by this reader; whether it may go on.

    Every attempt counts, a refused one too, so a flood of bad posts is
    throttled like a flood of good ones.
    """
    number, ttl = window_now()
    store = counter_store()
    verdict = count_attempt(request, store, number, ttl, task_key)
    if store is cache and getattr(cache, "is_down", False):
        # Redis failed during the count: count again where it works.
        verdict = count_attempt(request, local_counts, number, ttl, task_key)
    return verdict


def count_attempt(request, store, number, ttl, task_key):
    reader = reader_key(request, store, number, ttl)
    if increment(store, reader, ttl) > RESPONSES_PER_WINDOW:
        return Verdict(allowed=False, retry_after=ttl)
    task = hashlib.sha256(f"{reader}|{task_key}".encode()).hexdigest()[:32]
    if not store.add(f"responses:task:{task}", 1, ttl):
        return Verdict(allowed=False, retry_after=ttl, duplicate=True)
    return Verdict(allowed=True)


def increment(store, key, ttl):
    if store.add(key, 1, ttl):
        return 1
    try:
        return store.incr(key)
    except ValueError:  # expired, or Redis failed, between the two calls
        store.add(key, 1, ttl)
        return 1


# Recording and counting ---------------------------------------------------


def record(edition, task, answer, comment):
    """Store a response; its role's tallies are counted now if they are due."""
    response = TaskResponse.objects.create(
        role=edition.role,
        edition=edition,
        task_key=task.response_key,
        task_text=task.text,
        answer=answer,
        comment=comment,
    )
    role = edition.role
    transaction.on_commit(lambda: refresh_role(role, force=False, pending=True))
    return response


def pending_key(slug):
    return f"tallies:due:{slug}"


def refresh_if_due(scope_name, due):
    """A reader opened the role's page: count its tallies if responses wait."""
    if due > time.time():
        return False
    role = Role.objects.filter(slug=scope_name.removeprefix("role:")).first()
    return role is not None and refresh_role(role, force=False)


def refresh_role(role, force=True, pending=False):
    """Count the role's tallies, unless they were counted in the last interval.

    Only one worker wins a due count (a conditional update). A response that
    arrives within the interval leaves a mark in the cache of when it is due,
    which the role's next page view reads with its version (no extra round
    trip) and counts then; `refresh_tallies` catches the rest.
    """
    now = timezone.now()
    if not force:
        cutoff = now - timezone.timedelta(seconds=TALLY_INTERVAL)
        won = Role.objects.filter(
            Q(tallied_at__isnull=True) | Q(tallied_at__lte=cutoff), pk=role.pk
        ).update(tallied_at=now)
        if not won:
            if pending:
                mark_due(role)
            return False
    else:
        Role.objects.filter(pk=role.pk).update(tallied_at=now)
    count_tallies(role, now)
    cache.delete(pending_key(role.slug))
    caching.bump_scope(f"role:{role.slug}")
    return True


def mark_due(role):
    tallied = Role.objects.filter(pk=role.pk).values_list("tallied_at", flat=True)
    last = tallied.first() or timezone.now()
    due = last.timestamp() + TALLY_INTERVAL
    cache.add(pending_key(role.slug), due, TALLY_INTERVAL * 2)


def count_tallies(role, now):
    """Replace the role's tallies with counts of its visible responses."""
    visible = TaskResponse.objects.filter(role=role).exclude(
        status=TaskResponse.Status.HIDDEN
    )
    counts = visible.values("task_key").annotate(
        responses=Count("pk"),
        **{
            answer.value: Count("pk", filter=Q(answer=answer.value))
            for answer in TaskResponse.Answer
        },
    )
    texts = latest_texts(visible)
    comments = approved_comments(visible)
    tallies = [
        TaskTally(
            role=role,
            task_key=row["task_key"],
            task_text=texts[row["task_key"]],
            responses=row["responses"],
            ai_does=row["ai_does"],
            ai_doesnt=row["ai_doesnt"],
            not_mine=row["not_mine"],
            comments=comments.get(row["task_key"], []),
            refreshed_at=now,
        )
        for row in counts
    ]
    with transaction.atomic():
        TaskTally.objects.filter(role=role).delete()
        TaskTally.objects.bulk_create(tallies)


def latest_texts(responses):
    """Each task's words as its newest response saw them."""
    texts = {}
    for key, text in responses.order_by("created_at", "pk").values_list(
        "task_key", "task_text"
    ):
        texts[key] = text
    return texts


def approved_comments(responses):
    comments = {}
    approved = responses.filter(status=TaskResponse.Status.APPROVED).exclude(comment="")
    for response in approved.order_by("-created_at", "-pk"):
        shown = comments.setdefault(response.task_key, [])
        if len(shown) < COMMENTS_SHOWN:
            shown.append(
                {
                    "answer": response.answer,
                    "answer_label": response.get_answer_display(),
                    "text": response.comment,
                    "date": timezone.localdate(response.created_at).isoformat(),
                }
            )
    return comments


def refresh_stale(roles=None):
    """Count every role whose newest response came after its last count."""
    roles = Role.objects.all() if roles is None else roles
    stale = roles.filter(
        Q(tallied_at__isnull=True, task_responses__isnull=False)
        | Q(task_responses__created_at__gt=F("tallied_at"))
    ).distinct()
    return [role for role in stale if refresh_role(role)]


# What pages show --------------------------------------------------------


@dataclass(frozen=True)
class Share:
    answer: str
    label: str
    count: int
    percent: int


def shares(tally):
    """The three answers' shares in whole percents that add up to 100."""
    counts = [(answer, getattr(tally, answer.value)) for answer in TaskResponse.Answer]
    exact = [count * 100 / tally.responses for _, count in counts]
    percents = [math.floor(value) for value in exact]
    by_remainder = sorted(
        range(len(exact)), key=lambda i: exact[i] - percents[i], reverse=True
    )
    for i in by_remainder[: 100 - sum(percents)]:
        percents[i] += 1
    return [
        Share(answer.value, answer.label, count, percent)
        for (answer, count), percent in zip(counts, percents, strict=True)
    ]


@dataclass(frozen=True)
class ReaderEvidence:
    responses: int
    shares: list
    comments: list
    refreshed_at: object
    public: bool  # enough responses for the shares to show


def reader_evidence(tally):
    public = tally.responses >= PUBLIC_THRESHOLD
    return ReaderEvidence(
        responses=tally.responses,
        shares=shares(tally) if public else [],
        comments=tally.comments,
        refreshed_at=tally.refreshed_at,
        public=public,
    )


def attach_evidence(role, tasks):
    """Each task's reader evidence (or None), from one query of the role's tallies."""
    tallies = {tally.task_key: tally for tally in TaskTally.objects.filter(role=role)}
    for task in tasks:
        tally = tallies.get(task.response_key)
        task.readers = reader_evidence(tally) if tally is not None else None
    return tallies
