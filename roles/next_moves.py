"""Where a reader could go next: related roles, and safer roles that are a real move.

Safer moves are computed by the data release (roles/dataset/moves.py) and
stored as RoleMove rows; the page keeps those whose current public edition is
lower-risk than the edition shown by the one rule (`is_safer`: at least
MIN_RISK_GAP points lower), so an editorial file with its own score is held
to the same rule. Where no move passes (or the release had none), the page
offers O*NET's related occupations that pass the same rule, labeled as such,
or nothing.
"""

from django.db.models import F, OuterRef, Q, Subquery

from roles.dataset.moves import MIN_RISK_GAP, is_safer
from roles.models import Edition, RoleMove, RoleRelation

RELATED_ROLES = 6
SAFER_ROLES = 3
# Pay is compared only on the same BLS measure, of the same year, for both.
BLS_MEAN_WAGE = "Mean annual wage, BLS OEWS"

__all__ = ["MIN_RISK_GAP", "lower_risk", "related_roles", "safer_roles"]


def related_roles(edition):
    """O*NET's related occupations, closest first; else the sector's biggest roles.

    One query whatever the data: the related roles' current editions come
    first (by O*NET's order), the sector's biggest after them; the sector's
    are kept only when the role has no related one to show.
    """
    relations = RoleRelation.objects.filter(role=edition.role_id).order_by()
    position = relations.filter(related=OuterRef("role")).values("position")[:1]
    nearby = list(
        Edition.objects.current()
        .with_role()
        .filter(
            Q(role__in=relations.values("related"))
            | Q(role__sector=edition.role.sector_id)
        )
        .exclude(role=edition.role_id)
        .annotate(position=Subquery(position))
        .order_by(
            F("position").asc(nulls_last=True),
            F("us_workers").desc(nulls_last=True),
            "role_id",
        )[:RELATED_ROLES]
    )
    related = [other for other in nearby if other.position is not None]
    return related or nearby


def safer_roles(edition, limit=SAFER_ROLES):
    """The role's safer moves whose current edition passes the rule, best first
    (the first `limit`, or all of them).

    Two queries whatever the size of the index: the role's moves, and the
    current public editions of their targets.
    """
    if edition.risk_score is None:
        return []
    moves = RoleMove.objects.filter(role=edition.role_id)
    targets = {
        other.role_id: other
        for other in Edition.objects.current()
        .with_role()
        .filter(role__in=moves.order_by().values("target"))
    }
    safer = []
    for move in moves.order_by("position", "pk"):
        other = targets.get(move.target_id)
        if other is not None and is_safer(edition.risk_score, other.risk_score):
            other.overlap, other.reason = move.overlap, move.reason
            safer.append(compared(edition, other))
    return safer[:limit]


def lower_risk(edition, related):
    """When no move passes: the related occupations that pass the same rule.

    They are O*NET's related occupations, not compared on skills; the page
    says so.
    """
    safer = [
        compared(edition, other)
        for other in related
        if is_safer(edition.risk_score, other.risk_score)
    ][:SAFER_ROLES]
    for other in safer:
        other.overlap, other.reason = None, ""
    return safer


def compared(edition, other):
    other.risk_gap = edition.risk_score - other.risk_score
    other.pay_gap = pay_gap(edition, other)
    return other


def same_pay_measure(edition, other):
    """Whether both figures are the BLS OEWS mean annual wage of the same year:
    an editors' own figure is never set against a BLS mean."""
    return (
        bool(edition.mean_salary and other.mean_salary)
        and edition.salary_note.startswith(BLS_MEAN_WAGE)
        and other.salary_note == edition.salary_note
    )


def pay_gap(edition, other):
    if same_pay_measure(edition, other):
        return other.mean_salary - edition.mean_salary
    return None
