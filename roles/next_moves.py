"""Where a reader could go next: related roles, and safer roles sharing their skills."""

from django.db.models import Count, F, OuterRef, Subquery

from roles.models import Edition, EditionSkill, RoleRelation

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
