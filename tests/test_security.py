"""Production settings, security headers and the admin's defences."""

import importlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import clear_url_caches

from tests.test_guards import SAMPLE_PATHS

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_is_clean_with_the_documented_production_variables():
    env = os.environ | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "takeover-meter.example",
        "SITE_URL": "https://takeover-meter.example",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
    }
    # Set by the test run itself (the browser tests need it), never in production.
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_send_the_security_headers(client, medical_coder):
    response = client.get("/roles/medical-coder/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_is_enforced_and_remembered(client, settings, medical_coder):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/roles/medical-coder/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get("/roles/medical-coder/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("path", sorted(SAMPLE_PATHS.values()))
def test_no_page_has_inline_script_or_style(client, medical_coder, path):
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    for attributes in scripts:
        assert "src=" in attributes or 'type="application/ld+json"' in attributes
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.com", "right-password", is_staff=True
    )


def test_repeated_failed_logins_lock_the_admin(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": "wrong"},
        )
    assert response.status_code in (403, 429)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "right-password"},
    )
    assert response.status_code in (403, 429)
    assert client.get("/admin/").status_code == 302  # still not signed in


def test_a_good_login_is_not_locked(client, staff_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "right-password"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def moved_admin(settings):
    import meter.urls

    settings.ADMIN_URL = "backstage-7f3a/"
    clear_url_caches()
    importlib.reload(meter.urls)
    yield
    settings.ADMIN_URL = "admin/"
    clear_url_caches()
    importlib.reload(meter.urls)


def test_the_admin_url_is_configurable(client, moved_admin, db):
    assert client.get("/backstage-7f3a/").status_code == 302
    assert client.get("/admin/").status_code == 404
    robots = client.get("/robots.txt").content.decode()
    assert "backstage" not in robots
    assert "/admin/" not in robots


def test_the_policy_built_once_is_the_one_django_csp_builds(client, medical_coder):
    from csp.utils import build_policy

    assert client.get("/roles/medical-coder/")["Content-Security-Policy"] == (
        build_policy()
    )


def test_a_response_with_its_own_policy_still_gets_it(rf):
    from django.http import HttpResponse

    from roles.middleware import CSPMiddleware

    response = HttpResponse("<p>A page with an image from elsewhere.</p>")
    response._csp_update = {"img-src": ["https://images.example"]}
    middleware = CSPMiddleware(lambda request: response)
    request = rf.get("/")
    middleware.process_request(request)
    policy = middleware.process_response(request, response)["Content-Security-Policy"]
    assert "img-src 'self' data: https://images.example" in policy
