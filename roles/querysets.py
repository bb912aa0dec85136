from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone


class RoleQuerySet(models.QuerySet):
    def with_public_editions(self):
        """Roles that have at least one edition the public may see."""
        from roles.models import Edition

        return self.filter(pk__in=Edition.objects.public().values("role"))


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
        return self.public().filter(pk=Subquery(newest))

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

    def with_role(self):
        return self.select_related("role__sector")

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
                queryset=Resource.objects.order_by("kind", "title"),
                to_attr="toolkit",
            ),
        )
