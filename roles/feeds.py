"""The Atom feed of published editions, newest first."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from roles.models import Edition
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


class UpdatesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "Takeover Meter: role file updates"
    subtitle = "Each role file as it is published: its AI risk, band and what changed."
    author_name = "Takeover Meter editors"

    def link(self):
        return absolute(reverse("roles:updates"))

    def feed_url(self):
        return absolute(reverse("roles:feed"))

    def items(self):
        return (
            Edition.objects.public()
            .with_role()
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
            part for part in (edition.headline, edition.change_note) if part
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
