"""Publishing editions: the checks, the state changes and their audit trail.

The admin's buttons and actions call these functions; each one runs in a
transaction, so a refused publish changes nothing.
"""

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from roles import scoring
from roles.models import Edition, EditionSkill, EditionSource, Role, Task

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
    reasons = []
    if not edition.has_factors:
        reasons.append(
            "Set all three factors: skill vulnerability, task automation and AI complementarity."
        )
    kinds = set(edition.tasks.values_list("kind", flat=True))
    for kind in Task.Kind:
        if kind not in kinds:
            reasons.append(f"Add at least one task to “{kind.label}”.")
    if not edition.edition_sources.exists():
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


def next_quarter(year, quarter):
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


# Everything an editor fills in travels to the next quarter's draft; the
# edition's identity, state, note for the quarter and audit fields do not.
NOT_COPIED = {"id", "role", "year", "quarter", "status", "published_on", "change_note"}


def copied_fields():
    return [
        field.name
        for field in Edition._meta.concrete_fields
        if field.editable and field.name not in NOT_COPIED
    ]


def start_next_quarter(role, user):
    """Copy the role's latest public edition into the next quarter as a draft.

    Starting a draft of a data-built file takes it over: it becomes
    editorial, and the import no longer touches it.
    """
    with transaction.atomic():
        role = Role.objects.select_for_update().get(pk=role.pk)
        editions = Edition.objects.filter(role=role).newest_first()
        source = editions.public().first() or editions.first()
        if source is None:
            raise PublishingError([f"{role} has no edition to start from."])
        year, quarter = next_quarter(source.year, source.quarter)
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
            **{field: getattr(source, field) for field in copied_fields()},
        )
        copy_contents(source, draft)
        if role.origin == Role.Origin.DATASET:
            role.origin = Role.Origin.EDITORIAL
            role.save(update_fields=["origin", "updated_at"])
        log(user, draft, f"Started from {source.label}.", action=ADDITION)
    return draft


def copy_contents(source, draft):
    Task.objects.bulk_create(
        Task(
            edition=draft,
            kind=task.kind,
            text=task.text,
            position=task.position,
            exposure=task.exposure,
            time_share=task.time_share,
        )
        for task in source.tasks.all()
    )
    EditionSkill.objects.bulk_create(
        EditionSkill(
            edition=draft,
            skill_id=item.skill_id,
            kind=item.kind,
            position=item.position,
        )
        for item in source.edition_skills.all()
    )
    EditionSource.objects.bulk_create(
        EditionSource(
            edition=draft,
            source_id=item.source_id,
            detail=item.detail,
            position=item.position,
        )
        for item in source.edition_sources.all()
    )


def audit_trail(edition, limit=20):
    """The admin log of an edition, newest first."""
    content_type = ContentType.objects.get_for_model(Edition)
    return LogEntry.objects.filter(
        content_type=content_type, object_id=str(edition.pk)
    ).select_related("user")[:limit]
