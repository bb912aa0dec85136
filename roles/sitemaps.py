"""The sitemap: every public page, and only public ones."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from roles.models import DataRelease, Edition, EditionSkill, Sector, Skill


class SiteSitemap(Sitemap):
    """Absolute URLs on SITE_URL, whatever host the request came to."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class RoleSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Edition.objects.current().select_related("role").order_by("role__slug")

    def location(self, edition):
        return edition.role.get_absolute_url()

    def lastmod(self, edition):
        return edition.published_on


class SectorSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return (
            Sector.objects.filter(roles__editions__in=Edition.objects.current())
            .distinct()
            .order_by("slug")
        )


class SkillSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        public = EditionSkill.objects.filter(
            edition__in=Edition.objects.current()
        ).values("skill")
        return Skill.objects.filter(pk__in=public).order_by("slug")


class UpdatesSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        """Quarters with public editions or a public data release, newest first."""
        last = {
            (row["year"], row["quarter"]): row["last"]
            for row in Edition.objects.public()
            .values("year", "quarter")
            .annotate(last=Max("published_on"))
        }
        for release in DataRelease.objects.public():  # one may only retire roles
            key = (release.year, release.quarter)
            last[key] = max(filter(None, [last.get(key), release.published_on]))
        return [
            {"year": year, "quarter": quarter, "last": day}
            for (year, quarter), day in sorted(last.items(), reverse=True)
        ]

    def location(self, item):
        return reverse("roles:updates_quarter", args=[item["year"], item["quarter"]])

    def lastmod(self, item):
        return item["last"]


class PageSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return [
            "roles:index",
            "roles:map",
            "roles:sectors",
            "roles:skills",
            "roles:updates",
            "roles:quiz",
            "roles:methodology",
            "roles:toolkit",
            "roles:data",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "roles": RoleSitemap,
    "sectors": SectorSitemap,
    "skills": SkillSitemap,
    "updates": UpdatesSitemap,
}
