"""A role's images: the badge to embed and the link-preview share card."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseGone
from django.shortcuts import render

from roles import cards
from roles.caching import public_cache
from roles.models import Edition
from roles.views.open_data import open_data, public_editions_of
from roles.views.role_file import moved_or_404

BADGE_MAX_AGE = 3600
SHARE_CARD_TTL = 60 * 60 * 24 * 30  # the key changes with the edition anyway


def gone():
    """A retired role's badge is gone for good: no other site shows its old risk."""
    return HttpResponseGone(
        "This occupation left the data; its file is retired.",
        content_type="text/plain; charset=utf-8",
    )


def of_current_edition(view):
    """Call the view with the role's current edition; a retired role's card is gone."""

    @functools.wraps(view)
    def wrapper(request, slug):
        edition = Edition.objects.current_for(slug).with_role().first()
        if edition is None:
            return moved_or_404(request, slug)  # a renamed role's images move too
        if edition.risk_score is None:
            raise Http404("No public role has this address.")
        if edition.role.is_retired:
            return gone()
        return view(request, edition)

    return wrapper


@public_cache(max_age=BADGE_MAX_AGE)
@open_data(public_editions_of)
@of_current_edition
def badge(request, edition):
    """An SVG to embed: "AI risk 68% · High", linking readers back to the file."""
    return render(
        request,
        "roles/badge.svg",
        {"edition": edition, "badge": cards.badge(edition)},
        content_type="image/svg+xml",
    )


@public_cache(max_age=BADGE_MAX_AGE)
@open_data(public_editions_of)
@of_current_edition
def share_image(request, edition):
    """The role's link-preview card, drawn once per edition change and cached."""
    stamps = (
        edition.pk,
        edition.updated_at.isoformat(),
        edition.role.updated_at.isoformat(),
    )
    key = f"share-card:{settings.SITE_URL}:" + ":".join(map(str, stamps))
    png = cache.get(key)
    if png is None:
        png = cards.share_card_png(edition, urlsplit(settings.SITE_URL).netloc)
        cache.set(key, png, SHARE_CARD_TTL)
    return HttpResponse(png, content_type="image/png")
