from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from roles.evidence import ABOUT_THE_SAME

# The index's horizon filter, on the start of the horizon.
HORIZON_FILTERS = {
    "near": {"horizon_min_years__lt": 5},
    "mid": {"horizon_min_years__gte": 5, "horizon_min_years__lte": 7},
    "far": {"horizon_min_years__gte": 8},
}
# The index's growth filter, on the BLS projected change in employment: against
# the change projected for all occupations (the edition's own figure) and zero.
# "Faster" is the role file's rule (roles.evidence.pace): at least ABOUT_THE_SAME
# points above all occupations. A role without a projection matches none.
GROWTH_FILTERS = {
    "faster": Q(
        employment_change_pct__gte=F("all_occupations_change_pct") + ABOUT_THE_SAME
    ),
    "growing": Q(employment_change_pct__gt=0),
    "declining": Q(employment_change_pct__lt=0),
}
# Observed AI use in its three states, never folded together: a measured value,
# a measured zero, and no data (the release had no row for the occupation). An
# edition built before the evidence (no source) is in none of them.
OBSERVED_FILTERS = {
    "seen": Q(observed_exposure__gt=0),
    "not-seen": Q(observed_exposure=0),
    "no-data": Q(observed_exposure__isnull=True) & ~Q(observed_source=""),
}
SORT_ORDERS = {
    "": [F("risk_score").desc(), "role__title"],
    "risk": [F("risk_score").desc(), "role__title"],
    "risk-asc": [F("risk_score").asc(), "role__title"],
    "name": ["role__title"],
    "workers": [F("us_workers").desc(nulls_last=True), "role__title"],
    "salary": [F("mean_salary").desc(nulls_last=True), "role__title"],
    # No figure goes last; a measured zero is a figure and sorts before it.
    "growth": [F("employment_change_pct").desc(nulls_last=True), "role__title"],
    "openings": [F("annual_openings").desc(nulls_last=True), "role__title"],
    "observed": [F("observed_exposure").desc(nulls_last=True), "role__title"],
    "change": [
        (F("risk_score") - F("previous_risk")).desc(nulls_last=True),
        F("risk_score").desc(),
        "role__title",
    ],
}


def is_public_now(status, published_on):
    """Published and dated today or earlier: the one rule for editions and releases."""
    return (
        status == "published"
        and published_on is not None
        and published_on <= timezone.localdate()
    )


class DataReleaseQuerySet(models.QuerySet):
    def public(self):
        return self.filter(
            status=self.model.Status.PUBLISHED, published_on__lte=timezone.localdate()
        )

    def drafts(self):
        return self.filter(status=self.model.Status.DRAFT)

    def newest_first(self):
        return self.order_by("-year", "-quarter")

    def latest_public(self):
        """The newest public release: the index's edition."""
        return self.public().newest_first().first()


class RoleQuerySet(models.QuerySet):
    def with_public_editions(self):
        """Roles that have at least one edition the public may see."""
        from roles.models import Edition

        return self.filter(pk__in=Edition.objects.public().values("role"))

    def retired(self):
        """Roles whose occupation left the data in a release that is now public."""
        from roles.models import DataRelease

        return self.filter(retired_in__in=DataRelease.objects.public().values("pk"))


class EditionQuerySet(models.QuerySet):
    def public(self):
        # A date, not a datetime: a scheduled edition goes live on its day
        # without a cron job.
        return self.filter(
            status=self.model.Status.PUBLISHED, published_on__lte=timezone.localdate()
        )

    def for_role(self, slug):
        return self.filter(role__slug=slug)

    def newest_first(self):
        return self.order_by("-year", "-quarter")

    def current(self):
        """The newest public edition of each role, one row per role."""
        newest = (
            self.model.objects.public()
            .filter(role=OuterRef("role"))
            .newest_first()
            .values("pk")[:1]
        )
        from roles.models import Role

        retired = Role.objects.retired()
        return (
            self.public()
            .exclude(role__in=retired.values("pk"))
            .filter(pk=Subquery(newest))
        )

    def current_for(self, slug):
        """One role's newest public edition first: current() without its subquery."""
        return self.public().for_role(slug).newest_first()

    def on_index(
        self,
        q="",
        sector=None,
        band="",
        origin="",
        horizon="",
        min_risk=None,
        max_risk=None,
        growth="",
        observed="",
        sort="",
    ):
        """The index's rows: searched, filtered and sorted from whitelisted values."""
        from roles import scoring, search

        editions = self.with_role()
        if sector is not None:
            editions = editions.filter(role__sector=sector)
        if band:
            chosen = next(item for item in scoring.BANDS if item.slug == band)
            editions = editions.filter(
                risk_score__gte=chosen.low, risk_score__lte=chosen.high
            )
        if origin:
            editions = editions.filter(role__origin=origin)
        if horizon:
            editions = editions.filter(**HORIZON_FILTERS[horizon])
        if min_risk is not None:
            editions = editions.filter(risk_score__gte=min_risk)
        if max_risk is not None:
            editions = editions.filter(risk_score__lte=max_risk)
        if growth:
            editions = editions.filter(GROWTH_FILTERS[growth])
        if observed:
            editions = editions.filter(OBSERVED_FILTERS[observed])
        if q and not sort:
            return search.search(editions, q)  # best matches first
        if q:
            editions = search.search(editions, q)
        if sort == "change":
            editions = editions.with_previous()
        return editions.order_by(*SORT_ORDERS[sort])

    def with_previous(self):
        """Annotate the risk and quarter of the role's public edition before this one."""
        earlier = (
            self.model.objects.public()
            .filter(role=OuterRef("role"))
            .filter(
                Q(year__lt=OuterRef("year"))
                | Q(year=OuterRef("year"), quarter__lt=OuterRef("quarter"))
            )
            .newest_first()
        )
        return self.annotate(
            previous_risk=Subquery(earlier.values("risk_score")[:1]),
            previous_year=Subquery(earlier.values("year")[:1]),
            previous_quarter=Subquery(earlier.values("quarter")[:1]),
        )

    def with_change(self):
        """with_previous(), once: what the index's change column reads.

        Subqueries in the same query, so the column costs no query of its own.
        """
        if "previous_risk" in self.query.annotations:  # sorted by the change
            return self
        return self.with_previous()

    def with_role(self):
        # The retirement comes along: a retired role's pages answer differently.
        return self.select_related(
            "role__sector", "role__retired_in", "role__successor"
        )

    def with_contents(self):
        """Everything a role file shows, in a fixed number of queries."""
        from roles.models import (
            AlternateTitle,
            EditionSkill,
            EditionSource,
            Resource,
            Task,
        )

        return self.with_role().prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.order_by("position", "pk"),
                to_attr="ordered_tasks",
            ),
            Prefetch(
                "edition_skills",
                queryset=EditionSkill.objects.select_related("skill").order_by(
                    "position", "pk"
                ),
                to_attr="ordered_skills",
            ),
            Prefetch(
                "edition_sources",
                queryset=EditionSource.objects.select_related("source").order_by(
                    "position", "pk"
                ),
                to_attr="ordered_sources",
            ),
            Prefetch(
                "role__alternate_titles",
                queryset=AlternateTitle.objects.order_by("position", "title"),
                to_attr="ordered_alternate_titles",
            ),
            Prefetch(
                "role__resources",
                # Those made for few roles first: the role's own tools lead.
                queryset=Resource.objects.annotate(reach=Count("roles")).order_by(
                    "reach", "kind", "title"
                ),
                to_attr="toolkit",
            ),
        )

    def with_european_titles(self):
        """The handful of ESCO preferred labels the role file shows: one query.

        Apart from with_contents, which compare and the API share: only the
        role file prints these names.
        """
        from roles.evidence import EUROPEAN_TITLES_SHOWN
        from roles.models import EscoTitle

        return self.prefetch_related(
            Prefetch(
                "role__esco_titles",
                queryset=EscoTitle.objects.filter(preferred=True).order_by(
                    "position", "pk"
                )[:EUROPEAN_TITLES_SHOWN],
                to_attr="european_titles",
            )
        )
