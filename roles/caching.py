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
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)
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


@dataclass(frozen=True)
class Scope:
    """Some pages that change on their own too, e.g. a role's with its tallies.

    Their version is the site's and the scope's together: bump_scope ends
    these pages only. A scope may carry a mark of work that is due (its
    `due_key`), read in the same round trip as the versions and handed to
    `refresh`, which answers whether it changed the scope.
    """

    name: str
    due_key: str | None = None
    refresh: Callable[[str, object], bool] | None = None

    @property
    def version_key(self):
        return f"scope-version:{self.name}"


def content_version(scope=None):
    if scope is None:
        return cache.get_or_set(VERSION_KEY, new_version, timeout=None)
    keys = [VERSION_KEY, scope.version_key, scope.due_key]
    found = cache.get_many([key for key in keys if key])
    due = found.get(scope.due_key) if scope.due_key else None
    if due is not None and scope.refresh and scope.refresh(scope.name, due):
        found = cache.get_many(keys[:2])
    missing = {key: new_version() for key in keys[:2] if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
    versions = found | missing
    return f"{versions[VERSION_KEY]}.{versions[scope.version_key]}"


def bump_scope(name):
    """The scope's pages changed: end them, and no others."""
    cache.set(Scope(name).version_key, new_version(), timeout=None)


def new_version():
    return uuid.uuid4().hex[:12]


def bump_content_version():
    """Public content changed: end the cached pages and move the validators on."""
    from roles.models import ContentStamp

    now = timezone.now()
    if not ContentStamp.objects.filter(pk=1).update(changed_at=now):
        ContentStamp.objects.create(pk=1, changed_at=now)
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
    """A digest of the code, the templates and the static files' names.

    A deploy that changes any of them, the CSS alone included, never serves a
    page of the old one. The same files give the same digest on every worker
    and machine.
    """
    digest = hashlib.md5(usedforsecurity=False)
    root = Path(settings.BASE_DIR)
    for pattern in ("templates/**/*", "roles/**/*.py"):
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                digest.update(path.read_bytes())
    digest.update(static_manifest().encode())
    return digest.hexdigest()[:10]


def static_manifest():
    """The hashed static names pages link to ("" where names are not hashed)."""
    read_manifest = getattr(staticfiles_storage, "read_manifest", None)
    return (read_manifest() or "") if read_manifest else ""


def query_names(reads):
    """One pattern for the query parameters a view reads: form fields or patterns."""
    names = []
    for item in reads:
        if isinstance(item, type) and issubclass(item, forms.BaseForm):
            names += [re.escape(name) for name in item.base_fields]
        else:
            names.append(item)
    return re.compile("|".join(f"(?:{name})" for name in names) or "(?!)")


def read_query(request, pattern):
    """The view's own parameters, in a stable order; the rest are dropped.

    A parameter no view reads (`?utm_source=…`, `?zz=<random>`) neither makes
    a page of its own in the cache nor shows in the page's links.
    """
    query = QueryDict(mutable=True)
    for name in sorted(request.GET):
        if pattern.fullmatch(name):
            query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    return query


def page_key(request):
    varies = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
    query = urlencode(list(request.GET.lists()), doseq=True)
    path = hashlib.md5(
        f"{request.path}?{query}|{varies}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"page:{release()}:{timezone.localdate():%Y%m%d}:{path}"


def public_cache(view=None, *, max_age=BROWSER_MAX_AGE, reads=(), scope=None):
    """Serve the view from the cache for readers; staff always get a fresh page.

    One round trip to the cache reads the content version and the page
    together; a page stored under an older version is rendered again.
    `max_age` is what browsers and proxies are told about a good answer;
    `reads` names the query parameters the view reads (form classes or name
    patterns): readers' others are dropped before the view sees them.
    `scope(**kwargs)` gives the Scope of the view's pages, if they have one.
    """
    if view is None:
        return functools.partial(
            public_cache, max_age=max_age, reads=reads, scope=scope
        )
    own_query = query_names(reads)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if is_staff_request(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)  # a preview is nobody else's
            return response
        request.GET = read_query(request, own_query)
        key = page_key(request)
        version = content_version(scope(**kwargs) if scope else None)
        stored = stored_page(key, version)
        if stored is not None:
            response = from_stored(stored, request)
        else:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()  # e.g. the sitemap's: store its content
            # With the cache down there is nowhere to keep the page.
            if cacheable(response) and not getattr(cache, "is_down", False):
                stored = to_stored(version, response)
                cache.set(key, stored, PAGE_TTL)
                worker_copies.set(key, stored, PAGE_TTL)
                response = from_stored(stored, request)
        tell_caches(response, max_age)
        return response

    return wrapper


def tell_caches(response, max_age):
    """A good answer may be kept `max_age` seconds; an error is never kept.

    A 404 kept by a shared cache would hide a role published a minute later.
    """
    if response.status_code in (200, 304):
        directives = {"public": True, "max_age": max_age}
        if not max_age:
            directives["must_revalidate"] = True
        patch_cache_control(response, **directives)
    else:
        patch_cache_control(response, no_cache=True)


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
