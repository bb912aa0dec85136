"""The site's own middleware: a clean 503 without the database, a fast CSP."""

import logging

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable: %s", exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


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
