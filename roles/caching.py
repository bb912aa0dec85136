"""Public pages from the shared cache, keyed on a content version and the day.

Every save or delete of editorial content bumps the version once its
transaction commits, so no reader sees a page from before a publish. The day is
in the key too, so a scheduled edition goes live at midnight without a cron
job. The version lives in the shared cache (Redis in production), never in one
process's memory, so every worker sees a bump at once.

Each worker also keeps its own copy of the pages it served lately, so a warm
page costs one small read of the version instead of moving the whole page out
of Redis; a copy is served only while its version is the shared one. Pages are
stored gzipped too, so a reader's browser gets compressed bytes without
compressing the page again on every request.
"""

import functools
import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

VERSION_KEY = "public-content-version"
# How long the server keeps a rendered page; a new version ends it sooner.
PAGE_TTL = 60 * 60
# Browsers revalidate every time (a 304 from the cache is cheap), so a
# reader's next view after a publish is the new page.
BROWSER_MAX_AGE = 0
# This worker's copies of the pages it served lately: at most a few tens of MB
# (the biggest pages, the sitemap and the API, are under 200 KB).
worker_copies = LocMemCache("worker-page-copies", {"OPTIONS": {"MAX_ENTRIES": 300}})


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


# Request headers a public view may vary on (htmx asks for a partial).
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")
CACHED_STATUSES = (200,)


@functools.cache
def release():
    """A digest of the code and templates, so a deploy never serves old pages.

    The same files give the same digest on every worker and machine.
    """
    digest = hashlib.md5(usedforsecurity=False)
    root = Path(settings.BASE_DIR)
    for pattern in ("templates/**/*.html", "roles/**/*.py"):
        for path in sorted(root.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def page_key(request):
    varies = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    path = hashlib.md5(
        f"{request.get_full_path()}|{varies}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"page:{release()}:{timezone.localdate():%Y%m%d}:{path}"


def public_cache(view=None, *, max_age=BROWSER_MAX_AGE):
    """Serve the view from the cache for readers; staff always get a fresh page.

    One round trip to the cache reads the content version and the page
    together; a page stored under an older version is rendered again.
    `max_age` is what browsers and proxies are told.
    """
    if view is None:
        return functools.partial(public_cache, max_age=max_age)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or is_staff_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        version = content_version()
        stored = stored_page(key, version)
        if stored is not None:
            response = from_stored(stored, request)
        else:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()  # e.g. the sitemap's: store its content
            if cacheable(response):
                stored = to_stored(version, response)
                cache.set(key, stored, PAGE_TTL)
                worker_copies.set(key, stored, PAGE_TTL)
                response = from_stored(stored, request)
        patch_cache_control(
            response, public=True, max_age=max_age, must_revalidate=not max_age
        )
        return response

    return wrapper


def cacheable(response):
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",")}
    return (
        response.status_code in CACHED_STATUSES
        and not response.streaming
        and not response.cookies
        and vary <= {"", *(name.lower() for name in VARY_HEADERS)}
        and "private" not in response.get("Cache-Control", "")
    )


def stored_page(key, version):
    """This worker's copy of the page, else the shared one; None if either is old."""
    stored = worker_copies.get(key)
    if stored is None or stored[0] != version:
        stored = cache.get(key)
        if stored is None or stored[0] != version:
            return None
        worker_copies.set(key, stored, PAGE_TTL)
    return stored


def to_stored(version, response):
    """The page as stored: its version, status, headers, body and gzipped body."""
    if not response.has_header("ETag"):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    compressed = compress_string(
        response.content, max_random_bytes=GZipMiddleware.max_random_bytes
    )
    if len(compressed) >= len(response.content):
        compressed = None
    return (
        version,
        response.status_code,
        list(response.items()),
        response.content,
        compressed,
    )


def from_stored(stored, request):
    """A response from the stored page, gzipped when the reader accepts it.

    It is what GZipMiddleware would have sent, which then leaves it alone.
    """
    _, status, headers, content, compressed = stored
    gzipped = compressed is not None and re_accepts_gzip.search(
        request.headers.get("Accept-Encoding", "")
    )
    response = HttpResponse(compressed if gzipped else content, status=status)
    for name, value in headers:
        response[name] = value
    patch_vary_headers(response, ("Accept-Encoding",))
    if gzipped:
        response["Content-Encoding"] = "gzip"
        if response["ETag"].startswith('"'):  # a strong ETag names other bytes
            response["ETag"] = f"W/{response['ETag']}"
    return response
