"""The site's own middleware: a clean 503 without the database, a fast CSP."""

import logging
import threading
from time import monotonic

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30
# Faults of one kind this close together are one outage, logged once.
OUTAGE_QUIET_SECONDS = 60
# PostgreSQL's "read_only_sql_transaction": default_transaction_read_only, a
# hot standby, or a read-only transaction.
POSTGRES_READ_ONLY = "25006"


class DatabaseUnavailableMiddleware:
    """The 503 page when the database cannot be reached or does not take writes.

    Logged once per outage (per process), not once per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.last_fault = {}  # kind of fault: when it last happened
        self.lock = threading.Lock()

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        fault = database_fault(exception)
        if fault is None:
            return None
        if self.starts_an_outage(fault):
            logger.error("Database %s, serving 503 pages: %s", fault, exception)
        return unavailable_page(request)

    def starts_an_outage(self, fault):
        now = monotonic()
        with self.lock:
            last = self.last_fault.get(fault)
            self.last_fault[fault] = now
        return last is None or now - last > OUTAGE_QUIET_SECONDS


def unavailable_page(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def database_fault(exception):
    """Whether the error says the database is read-only or unavailable.

    Read from the driver's error code, not its message; None for other errors.
    """
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) == POSTGRES_READ_ONLY:
        return "read-only"
    if getattr(cause, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
        return "read-only"
    if isinstance(exception, (OperationalError, InterfaceError)):
        return "unavailable"
    return None


# What a view or template does to ask django-csp for a policy of its own.
OWN_POLICY_ATTRIBUTES = [
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
]


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp, with the site's one policy built once instead of per response.

    No view here changes the policy and no template asks for a nonce, so every
    response gets the same header; django-csp would build it anew each time,
    a quarter of a cached page's time. A response that does ask for a policy
    of its own, and any set-up this shortcut does not cover (a report-only
    policy, excluded prefixes, DEBUG's bare error pages), goes through
    django-csp as usual.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.site_policy = build_policy()
        self.plain_setup = not (
            settings.DEBUG
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy.get("EXCLUDE_URL_PREFIXES")
        )

    def process_response(self, request, response):
        if not self.plain_setup or self.asks_for_own_policy(request, response):
            return super().process_response(request, response)
        response.setdefault(HEADER, self.site_policy)
        # As django-csp does: a nonce asked for after this would not be sent.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def asks_for_own_policy(request, response):
        return getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in OWN_POLICY_ATTRIBUTES
        )


class RejectNulMiddleware:
    """A NUL byte anywhere in a request is a 400, before any view reads it.

    No page has a use for one, and PostgreSQL refuses it in any query: one
    check here covers every address, parameter and form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = nul_in(request)
        if reason:
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


def nul_in(request):
    """What holds a NUL character, said for the reader; None if nothing does."""
    if "\x00" in request.path:
        return "The address holds a NUL character, which no page can read."
    queries = [request.GET, request.POST] if request.method == "POST" else [request.GET]
    for query in queries:
        for name, values in query.lists():
            if "\x00" in name:
                return (
                    "A parameter's name holds a NUL character, which no page can read."
                )
            if any("\x00" in value for value in values):
                return f"The value of “{name}” holds a NUL character, which no page can read."
    return None


class DefaultCacheControlMiddleware:
    """Every response says how caches may keep it.

    Views that know set their own (public pages, the admin, the health
    check); anything else is checked with the server on every use, and an
    answer that sets a cookie or reports a server error is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            never_stored = response.cookies or response.status_code >= 500
            response["Cache-Control"] = "no-store" if never_stored else "no-cache"
        return response
