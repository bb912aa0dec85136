"""Publishing editions: the checks, the state changes and their audit trail.

The admin's buttons and actions call these functions; each one runs in a
transaction, so a refused publish changes nothing.
"""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from roles import releases, scoring
from roles.caching import bump_content_version
from roles.models import (
    DataRelease,
    Edition,
    Role,
    Task,
)

PUBLISH_PERMISSION = "roles.publish_edition"


class PublishingError(Exception):
    """A publishing step was refused; `reasons` says every why."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def problems(edition):
    """Every reason the edition cannot be published yet (empty when it can)."""
    kinds = set(edition.tasks.values_list("kind", flat=True))
    return problems_with(
        edition,
        has_ai=Task.Kind.AI in kinds,
        has_human=Task.Kind.HUMAN in kinds,
        sources=edition.edition_sources.count(),
        from_data=edition.role.origin == Role.Origin.DATASET,
    )


def problems_with(edition, has_ai, has_human, sources, from_data=False):
    """The checks of `problems`, with the edition's contents already counted.

    A file built from data may have an empty column (none of its tasks is
    rated exposed, or all are): that is a finding, so it needs only a task.
    """
    reasons = []
    if not edition.has_factors:
        reasons.append(
            "Set all three factors: skill vulnerability, task automation and AI complementarity."
        )
    if from_data:
        if not (has_ai or has_human):
            reasons.append("The data gives the file no task.")
    else:
        for kind, present in ((Task.Kind.AI, has_ai), (Task.Kind.HUMAN, has_human)):
            if not present:
                reasons.append(f"Add at least one task to “{kind.label}”.")
    if not sources:
        reasons.append("Cite at least one source.")
    if not edition.headline.strip():
        reasons.append("Write the headline.")
    if not edition.brief.strip():
        reasons.append("Write the brief.")
    low, high = edition.horizon_min_years, edition.horizon_max_years
    if low is None or high is None:
        reasons.append("Set the horizon: the fewest and the most years.")
    elif low > high:
        reasons.append("The horizon must not end before it starts.")
    return reasons


def log(user, edition, message, action=CHANGE):
    if user is None:
        return  # a command replaying shipped releases: its output is the record
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[edition],
        action_flag=action,
        change_message=message,
        single_object=True,
    )


def publish(edition, user, on=None):
    """Publish (today) or schedule (a later day) an edition, after checking it."""
    on = on or timezone.localdate()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        reasons = problems(edition)
        if reasons:
            raise PublishingError(reasons)
        edition.status = Edition.Status.PUBLISHED
        edition.published_on = on
        edition.updated_by = user
        edition.save()
        scheduled = on > timezone.localdate()
        verb = "Scheduled for" if scheduled else "Published on"
        log(user, edition, f"{verb} {scoring.long_date(on)}.")
    return edition


def unpublish(edition, user):
    """Take an edition off the public site; it becomes a draft again."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != Edition.Status.PUBLISHED:
            raise PublishingError([f"{edition} is not published."])
        edition.status = Edition.Status.DRAFT
        edition.published_on = None
        edition.updated_by = user
        edition.save()
        log(user, edition, "Unpublished: back to draft.")
    return edition


def release_problems(release):
    """Every reason the release cannot be published, each naming its role."""
    editions = (
        Edition.objects.filter(release=release)
        .select_related("role")
        .annotate(
            ai_tasks=Count("tasks", filter=Q(tasks__kind=Task.Kind.AI), distinct=True),
            human_tasks=Count(
                "tasks", filter=Q(tasks__kind=Task.Kind.HUMAN), distinct=True
            ),
            sources=Count("edition_sources", distinct=True),
        )
        .order_by("role__title")
    )
    reasons = []
    for edition in editions:
        found = problems_with(
            edition,
            has_ai=edition.ai_tasks > 0,
            has_human=edition.human_tasks > 0,
            sources=edition.sources,
            from_data=True,
        )
        label = f"{edition.role.title} ({edition.role.soc_code})"
        reasons += [f"{label}: {reason}" for reason in found]
    return reasons


def publish_release(release, user, on=None):
    """Publish (or schedule) every edition of a data release at once, or none."""
    on = on or timezone.localdate()
    with transaction.atomic():
        release = move_release(release, user, to=DataRelease.Status.PUBLISHED, on=on)
        reasons = release_problems(release)
        if reasons:
            raise PublishingError(reasons)  # rolls the claim back
        releases.publish_roles(release)
        scheduled = on > timezone.localdate()
        verb = "Scheduled for" if scheduled else "Published on"
        log(user, release, f"{verb} {scoring.long_date(on)}.")
        # Bulk writes send no signals: one bump for the whole release.
        transaction.on_commit(bump_content_version)
    return release


def move_release(release, user, to, on):
    """Claim the release with one conditional UPDATE; its editions follow it.

    Only one of two concurrent requests finds the release in the state it
    leaves, so a release is published (or unpublished) once. Editions and
    releases share their two states.
    """
    leaving = (
        DataRelease.Status.DRAFT
        if to == DataRelease.Status.PUBLISHED
        else DataRelease.Status.PUBLISHED
    )
    claimed = DataRelease.objects.filter(pk=release.pk, status=leaving).update(
        status=to, published_on=on
    )
    if not claimed:
        state = "a draft" if leaving == DataRelease.Status.DRAFT else "published"
        raise PublishingError([f"The {release.label} release is not {state}."])
    Edition.objects.filter(release=release).update(
        status=to, published_on=on, updated_by=user, updated_at=timezone.now()
    )
    releases.touch_roles(release)
    release.refresh_from_db()
    return release


def unpublish_release(release, user):
    """Take a whole release off the site: the previous editions are current again."""
    with transaction.atomic():
        release = move_release(release, user, to=DataRelease.Status.DRAFT, on=None)
        releases.restore_roles(release)
        log(user, release, "Unpublished: back to draft.")
        transaction.on_commit(bump_content_version)
    return release


def draft_quarter(source, today=None):
    """The quarter after the source edition, or the current one if that is past."""
    following = releases.next_quarter(source.year, source.quarter)
    return max(following, releases.quarter_of(today or timezone.localdate()))


def start_next_quarter(role, user, take_over=True):
    """Copy the role's latest public edition into a new draft (see draft_quarter).

    On a data-built file, `take_over` makes it editorial: the data releases no
    longer touch it. Without it the draft is an editor's review: the file
    stays data-built, and what the editor writes survives later releases.
    Returns the draft and a note for the editor, or "" when there is none.
    """
    with transaction.atomic():
        role = Role.objects.select_for_update().get(pk=role.pk)
        editions = Edition.objects.filter(role=role).newest_first()
        source = editions.public().first() or editions.first()
        if source is None:
            raise PublishingError([f"{role} has no edition to start from."])
        year, quarter = draft_quarter(source)
        if editions.filter(year=year, quarter=quarter).exists():
            raise PublishingError(
                [f"{role} already has a {year} Q{quarter} edition: open it instead."]
            )
        draft = Edition.objects.create(
            role=role,
            year=year,
            quarter=quarter,
            status=Edition.Status.DRAFT,
            created_by=user,
            updated_by=user,
            generated=source.generated,
            **{field: getattr(source, field) for field in releases.copied_fields()},
        )
        releases.copy_contents(source, draft)
        if role.origin == Role.Origin.DATASET and take_over:
            role.origin = Role.Origin.EDITORIAL
            role.save(update_fields=["origin", "updated_at"])
        log(user, draft, f"Started from {source.label}.", action=ADDITION)
    note = ""
    if (year, quarter) != releases.next_quarter(source.year, source.quarter):
        note = (
            f"The last edition is {source.label}, so the draft is for the current "
            f"quarter, {draft.label}."
        )
    return draft, note


def audit_trail(edition, limit=20):
    """The admin log of an edition, newest first."""
    content_type = ContentType.objects.get_for_model(Edition)
    return LogEntry.objects.filter(
        content_type=content_type, object_id=str(edition.pk)
    ).select_related("user")[:limit]
