"""Load test: two app servers on one PostgreSQL and one Redis, publishing under load.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/load.py

`make load-test` loads a scratch database and runs this. Two gunicorn
instances (ports 8791 and 8792) share the database and the cache, as app
servers behind a load balancer would. wrk loads instance A's Medical Coder
file with 64 connections for 60 s; meanwhile a publisher signs in to instance
B's admin and publishes a new edition. Then both instances must show the new
edition at once. Prints requests, errors and p99, and exits non-zero on any
error or stale page.
"""

import http.cookiejar
import os
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meter.settings")
os.environ.setdefault("SECRET_KEY", "load-test-only")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from bench.pages import WORKERS, serve, wrk  # noqa: E402
from roles import publishing  # noqa: E402
from roles.models import Edition, Role  # noqa: E402

PORTS = (8791, 8792)
PAGE = "/roles/medical-coder/"
CONNECTIONS, DURATION, PUBLISH_AFTER = 64, 60, 20
PUBLISHER = ("load-publisher", "load-test-password-1234")


def draft_to_publish(user):
    """A fresh draft of next quarter's Medical Coder file, as an editor starts one."""
    role = Role.objects.get(slug="medical-coder")
    current = Edition.objects.current_for("medical-coder").first()
    year, quarter = publishing.draft_quarter(current)
    Edition.objects.filter(role=role, year=year, quarter=quarter).delete()
    draft, _ = publishing.start_next_quarter(role, user)
    draft.headline = f"Load-test edition {year} Q{quarter}: published under load."
    draft.save()
    return draft


def publisher():
    user, _ = get_user_model().objects.get_or_create(
        username=PUBLISHER[0], defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(PUBLISHER[1])
    user.save()
    return user


def publish_through_admin(base, draft):
    """Sign in to the admin and press Publish, as a publisher would."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        token = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(fields | {"csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            f"{base}{path}", data=data, headers={"Referer": f"{base}{path}"}
        )
        return opener.open(request, timeout=30)

    opener.open(f"{base}/admin/login/", timeout=30).read()
    post(
        "/admin/login/?next=/admin/",
        {"username": PUBLISHER[0], "password": PUBLISHER[1], "next": "/admin/"},
    ).read()
    post(f"/admin/roles/edition/{draft.pk}/publish/", {"published_on": ""}).read()


def main():
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database loaded with the data."
        )
    cache.clear()
    draft = draft_to_publish(publisher())
    env = {
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    servers = [
        serve("meter.wsgi", port, env | {"SITE_URL": f"http://127.0.0.1:{port}"})
        for port in PORTS
    ]
    a, b = (f"http://127.0.0.1:{port}" for port in PORTS)
    try:
        before = urllib.request.urlopen(f"{a}{PAGE}").read().decode()
        assert draft.headline not in before
        timer = threading.Timer(PUBLISH_AFTER, publish_through_admin, args=(b, draft))
        timer.start()
        load = wrk(f"{a}{PAGE}", CONNECTIONS, f"{DURATION}s", warm_up=False)
        timer.join()
        stale = [
            base
            for base in (a, b)
            if draft.headline
            not in urllib.request.urlopen(f"{base}{PAGE}").read().decode()
        ]
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    draft.refresh_from_db()
    print(
        f"Two instances ({WORKERS} sync workers each) on one PostgreSQL and one Redis; "
        f"wrk {CONNECTIONS} connections for {DURATION} s on instance A's {PAGE}; "
        f"a publish through instance B's admin after {PUBLISH_AFTER} s."
    )
    print(f"requests {load.requests:,}, errors {load.errors}, p99 {load.p99_ms:.1f} ms")
    print(f"edition {draft.label} is {draft.get_status_display().lower()}; ", end="")
    print(f"stale pages after the publish: {stale or 'none'}")
    if load.errors or stale or draft.status != Edition.Status.PUBLISHED:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
