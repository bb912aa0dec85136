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

import datetime
import hashlib
import hmac
import logging
import math
import secrets
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils import timezone

from roles import caching
from roles.models import Role, TaskResponse, TaskTally

logger = logging.getLogger(__name__)

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
# How long answers are kept (docs/reader-responses.md).
RETENTION_DAYS = 2 * 365
HIDDEN_RETENTION_DAYS = 30

# Where counts go while Redis is down: this worker's memory.
local_counts = LocMemCache(
    "reader-response-limits", {"OPTIONS": {"MAX_ENTRIES": 20000}}
)


def role_scope(slug, **kwargs):
    """The cache scope of a role's pages: its tallies end only these."""
    return caching.Scope(f"role:{slug}", pending_key(slug), refresh_if_due)


# The rate limit ----------------------------------------------------------


def window_now():
    """This window's number and the seconds left in it."""
    now = time.time()
    number = int(now // WINDOW_SECONDS)
    return number, max(1, math.ceil((number + 1) * WINDOW_SECONDS - now))


class Reader:
    """One reader as the rate limit knows them: a salted hash, for one window.

    The counts live in the shared cache, or in this worker's memory while
    Redis is down (then each worker counts on its own).
    """

    def __init__(self, request):
        self.address = get_client_ip_address(request) or "unknown"
        self.window, self.retry_after = window_now()
        self.use(local_counts if shared_cache_down() else cache)

    def use(self, store):
        self.store = store
        salt = window_salt(store, self.window, self.retry_after)
        digest = hmac.new(salt.encode(), self.address.encode(), hashlib.sha256)
        self.key = f"responses:{self.window}:{digest.hexdigest()[:32]}"

    def may_send(self):
        """Count one attempt, a refused one too; whether it is within the limit."""
        return self.on_working_store(self.count_attempt) <= RESPONSES_PER_WINDOW

    def first_answer_to(self, task_key):
        """Whether this is the reader's first answer to the task in the window."""
        return self.on_working_store(lambda: self.mark_answered(task_key))

    def on_working_store(self, operation):
        result = operation()
        if self.store is cache and shared_cache_down():
            self.use(local_counts)  # Redis failed on the way: count here instead
            result = operation()
        return result

    def count_attempt(self):
        if self.store.add(self.key, 1, self.retry_after):
            return 1
        try:
            return self.store.incr(self.key)
        except ValueError:  # expired, or Redis failed, between the two calls
            self.store.add(self.key, 1, self.retry_after)
            return 1

    def mark_answered(self, task_key):
        task = hashlib.sha256(f"{self.key}|{task_key}".encode()).hexdigest()[:32]
        return self.store.add(f"responses:task:{task}", 1, self.retry_after)


def shared_cache_down():
    return getattr(cache, "is_down", False)


def window_salt(store, number, ttl):
    """A random salt for this window, shared by the workers while Redis is up."""
    key = f"responses:salt:{number}"
    store.add(key, secrets.token_hex(16), ttl)
    salt = store.get(key)
    if salt is None:  # Redis failed between the two calls
        return window_salt(local_counts, number, ttl)
    return salt


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
    transaction.on_commit(lambda: count_after_answer(edition.role))
    return response


def count_after_answer(role):
    """The answer is stored: a count that fails now is made at the next one.

    Whatever goes wrong in the count, the reader's answer is in and they are
    told so; the error is logged.
    """
    try:
        refresh_role(role, force=False, pending=True)
        prune_once_a_day()
    except Exception:
        logger.exception(
            "Counting the answers of %s failed; the next count will.", role
        )


def public_rules():
    """The figures the methodology page gives readers."""
    return {
        "threshold": PUBLIC_THRESHOLD,
        "interval": TALLY_INTERVAL // 60,
        "per_window": RESPONSES_PER_WINDOW,
        "retention_years": RETENTION_DAYS // 365,
        "hidden_days": HIDDEN_RETENTION_DAYS,
    }


def prune_once_a_day():
    """The first answer of a day deletes what is past its time (no cron job)."""
    if cache.add(f"responses:pruned:{timezone.localdate():%Y%m%d}", 1, 60 * 60 * 24):
        prune()


def prune(now=None):
    """Delete answers past their retention; recount the roles that lost some.

    Returns how many answers were deleted.
    """
    now = now or timezone.now()
    expired = TaskResponse.objects.filter(
        Q(created_at__lt=now - timezone.timedelta(days=RETENTION_DAYS))
        | Q(
            status=TaskResponse.Status.HIDDEN,
            created_at__lt=now - timezone.timedelta(days=HIDDEN_RETENTION_DAYS),
        )
    )
    roles = list(Role.objects.filter(pk__in=expired.values("role")))
    deleted, _ = expired.delete()
    for role in roles:
        refresh_role(role)
    return deleted


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
    # The counts and each task's words in one statement, so one snapshot:
    # answers stored meanwhile are in both or in neither.
    newest = visible.filter(task_key=OuterRef("task_key")).order_by(
        "-created_at", "-pk"
    )
    counts = visible.values("task_key").annotate(
        task_text=Subquery(newest.values("task_text")[:1]),
        responses=Count("pk"),
        **{
            answer.value: Count("pk", filter=Q(answer=answer.value))
            for answer in TaskResponse.Answer
        },
    )
    comments = approved_comments(visible)
    tallies = [
        TaskTally(
            role=role,
            task_key=row["task_key"],
            task_text=row["task_text"],
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
        # One count of a role at a time (an editor's and a reader's may meet).
        Role.objects.select_for_update().filter(pk=role.pk).exists()
        TaskTally.objects.filter(role=role).delete()
        TaskTally.objects.bulk_create(tallies)


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


# How a share reads after its percent, e.g. "61% say it doesn’t".
SHARE_PHRASES = {
    TaskResponse.Answer.AI_DOES: "say AI already does this in their job",
    TaskResponse.Answer.AI_DOESNT: "say it doesn’t",
    TaskResponse.Answer.NOT_MINE: "don’t do this task",
}


@dataclass(frozen=True)
class Share:
    answer: str
    count: int
    percent: int
    offset: int  # where its bar starts, in percent

    @property
    def phrase(self):
        return SHARE_PHRASES[self.answer]


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
    offsets = [sum(percents[:i]) for i in range(len(percents))]
    return [
        Share(answer.value, count, percent, offset)
        for (answer, count), percent, offset in zip(
            counts, percents, offsets, strict=True
        )
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
        comments=[
            comment | {"date": datetime.date.fromisoformat(comment["date"])}
            for comment in tally.comments
        ],
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
