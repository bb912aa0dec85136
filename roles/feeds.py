"""Atom feeds of published editions, newest first: the whole site, a role, a sector."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from roles.models import Edition, Role, Sector
from roles.opendata import absolute

FEED_ITEMS = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text, as editors write them.

    Django marks an Atom summary as HTML, so a feed reader would turn an
    editor's "<b>" into markup; as text it shows the characters typed.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class EditionFeed(Feed):
    """Public editions as Atom entries: risk, band and what changed."""

    feed_type = PlainTextAtomFeed
    author_name = "Takeover Meter editors"

    def editions(self, obj):
        """The public editions this feed follows (any order)."""
        return Edition.objects.public()

    def items(self, obj=None):
        return (
            self.editions(obj)
            .with_role()
            .with_previous()
            .order_by("-published_on", "-updated_at", "role__title")[:FEED_ITEMS]
        )

    def item_title(self, edition):
        band = edition.band.label if edition.band else "unscored"
        return (
            f"{edition.role.title}, {edition.label}: "
            f"AI risk {edition.risk_score}% ({band})"
        )

    def item_description(self, edition):
        return " ".join(
            part
            for part in (change_since(edition), edition.headline, edition.change_note)
            if part
        )

    def item_link(self, edition):
        return absolute(edition.get_absolute_url())

    def item_pubdate(self, edition):
        return timezone.make_aware(datetime.combine(edition.published_on, time.min))

    def item_updateddate(self, edition):
        # A scheduled edition is saved before it goes out: never "updated" earlier.
        return max(edition.updated_at, self.item_pubdate(edition))

    def item_categories(self, edition):
        return [edition.role.sector.name]


def change_since(edition):
    """The risk's move since the role's previous public edition, in words."""
    before = edition.previous_risk
    if before is None:
        return "The first edition of this role file."
    label = f"{edition.previous_year} Q{edition.previous_quarter}"
    change = edition.risk_score - before
    if not change:
        return f"Risk unchanged since {label} ({before})."
    direction = "Up" if change > 0 else "Down"
    points = abs(change)
    return (
        f"{direction} {points} point{pluralize(points)} since {label} (from {before})."
    )


class UpdatesFeed(EditionFeed):
    title = "Takeover Meter: role file updates"
    subtitle = "Each role file as it is published: its AI risk, band and what changed."

    def link(self):
        return absolute(reverse("roles:updates"))

    def feed_url(self):
        return absolute(reverse("roles:feed"))


class FollowFeed(EditionFeed):
    """The feed of one thing a reader follows: a role or a sector."""

    url_name = ""  # the feed's own address, by the followed thing's slug
    scope = ""  # what its entries are editions of, with {name}

    def name(self, obj):
        raise NotImplementedError

    def title(self, obj):
        return f"Takeover Meter: {self.name(obj)}"

    def subtitle(self, obj):
        scope = self.scope.format(name=self.name(obj))
        return f"Each new edition of {scope}: its AI risk, band and what changed."

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, args=[obj.slug]))


class RoleFeed(FollowFeed):
    url_name = "roles:role_feed"
    scope = "the {name} role file"

    def get_object(self, request, slug):
        # A role readers cannot see yet has no feed either.
        public = Role.objects.filter(pk__in=Edition.objects.public().values("role"))
        return get_object_or_404(public, slug=slug)

    def editions(self, role):
        return Edition.objects.public().filter(role=role)

    def name(self, role):
        return role.title


class SectorFeed(FollowFeed):
    url_name = "roles:sector_feed"
    scope = "a role file in {name}"

    def get_object(self, request, slug):
        return get_object_or_404(Sector, slug=slug)

    def editions(self, sector):
        return Edition.objects.public().filter(role__sector=sector)

    def name(self, sector):
        return sector.name
