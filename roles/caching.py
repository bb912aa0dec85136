"""Public pages from the shared cache, keyed on a content version and the day.

Every save or delete of editorial content bumps the version once its
transaction commits, so no reader sees a page from before a publish. The day is
in the key too, so a scheduled edition goes live at midnight without a cron
job. The version lives in the shared cache (Redis in production), never in one
process's memory, so every worker sees a bump at once.
"""

import functools
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page

VERSION_KEY = "public-content-version"
# How long the server keeps a rendered page; the version ends it sooner.
PAGE_TTL = 60 * 60
# Browsers revalidate every time (a 304 from the cache is cheap), so a
# reader's next view after a publish is the new page.
BROWSER_MAX_AGE = 0


def content_version():
    return cache.get_or_set(VERSION_KEY, new_version, timeout=None)


def new_version():
    return uuid.uuid4().hex[:12]


def bump_content_version():
    cache.set(VERSION_KEY, new_version(), timeout=None)


def bump_on_commit(**kwargs):
    """Signal receiver: any change to public content ends the cached pages."""
    transaction.on_commit(bump_content_version)


def is_staff_request(request):
    # Only a request with a session cookie can be staff: readers without one
    # never touch the session, so responses don't vary on Cookie for them.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


def public_cache(view=None, *, max_age=BROWSER_MAX_AGE):
    """Serve the view from the cache for readers; staff always get a fresh page.

    `max_age` is what browsers and proxies are told; the server's copy lasts
    until the content version changes.
    """
    if view is None:
        return functools.partial(public_cache, max_age=max_age)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_staff_request(request):
            return view(request, *args, **kwargs)
        prefix = f"{content_version()}-{timezone.localdate():%Y%m%d}"
        response = cache_page(PAGE_TTL, key_prefix=prefix)(view)(
            request, *args, **kwargs
        )
        # cache_page tells browsers PAGE_TTL; they get max_age instead.
        del response["Expires"]
        del response["Cache-Control"]
        patch_cache_control(
            response, public=True, max_age=max_age, must_revalidate=not max_age
        )
        return response

    return wrapper
