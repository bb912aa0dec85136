"""Load test: readers' "In my job…" answers posted while role pages are read.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/responses_load.py

`make load-test-responses` loads a scratch database and runs this. It deletes
every response and tally in the database (a scratch one), serves the site
with gunicorn behind one trusted proxy (PROXY_COUNT=1), and drives it with wrk
and bench/responses_load.lua: 64 connections for 60 s, three requests in four
reading one of ROLES role pages, one in four posting an answer to one of the
role's tasks from a simulated reader (an X-Forwarded-For address), with a
valid CSRF cookie and token. A few readers answer so often that some answers
are refused (409 for a task answered again, 429 past the hourly limit).

Checks: no server errors (5xx), socket errors or other refusals (400, 403,
404); every accepted answer (303) stored as one row, and no row more; after
`refresh_stale()` the tallies count every row. Prints the figures and exits
non-zero if a check fails. Deletes the responses and tallies again at the end.
LOAD_SECONDS=10 shortens the run, for a quick try.
"""

import os
import re
import subprocess
import sys
import tempfile
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meter.settings")
os.environ.setdefault("SECRET_KEY", "load-test-only")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.middleware.csrf import (  # noqa: E402
    _get_new_csrf_string,
    _mask_cipher_secret,
)

from bench.pages import WORKERS, serve  # noqa: E402
from roles import responses  # noqa: E402
from roles.models import Edition, Role, TaskResponse, TaskTally  # noqa: E402

PORT = 8793
CONNECTIONS, THREADS = 64, 2
DURATION = int(os.environ.get("LOAD_SECONDS", 60))
ROLES = 50
SCRIPT = ROOT / "bench" / "responses_load.lua"
COMMENTS = [
    "We+use+it+for+first+drafts+only.",
    "Not+yet%2C+but+the+pilot+starts+in+spring.",
    "Our+team+stopped+doing+this+by+hand+last+year.",
]


def role_tasks():
    """ROLES public roles with tasks on their current file, and the tasks' ids."""
    picked = []
    for edition in Edition.objects.current().with_role().order_by("role__slug"):
        if edition.role.is_retired:
            continue
        tasks = list(edition.tasks.values_list("pk", flat=True))
        if tasks:
            picked.append((edition.role.slug, tasks))
        if len(picked) == ROLES:
            return picked
    return picked


def lua_data(roles):
    """The Lua file the wrk script reads: roles, a CSRF pair and comments."""
    secret = _get_new_csrf_string()
    lines = ["roles = {"]
    for slug, tasks in roles:
        lines.append(
            f'  {{ slug = "{slug}", tasks = {{ {", ".join(map(str, tasks))} }} }},'
        )
    lines += [
        "}",
        f'cookie = "{secret}"',
        f'token = "{_mask_cipher_secret(secret)}"',
        "comments = { " + ", ".join(f'"{c}"' for c in COMMENTS) + " }",
    ]
    return "\n".join(lines) + "\n"


def clear_responses():
    TaskResponse.objects.all().delete()
    TaskTally.objects.all().delete()
    Role.objects.update(tallied_at=None)


def run_wrk(base, data_path):
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "-s",
            str(SCRIPT),
            base,
            "--",
            data_path,
            str(DURATION),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses = Counter(
        {
            int(code): int(n)
            for code, n in re.findall(r"^status (\d+) (\d+)$", out, re.M)
        }
    )
    figures = dict(re.findall(r"^(\w+) ([\d.]+)$", out, re.M))
    return statuses, figures


def main():
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database loaded with the data."
        )
    cache.clear()
    clear_responses()
    before = TaskResponse.objects.count()
    roles = role_tasks()
    env = {
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
    }
    server = serve("meter.wsgi", PORT, env)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for slug, _ in roles:  # as a live site has them: in the cache
            urllib.request.urlopen(f"{base}/roles/{slug}/").read()
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as data:
            data.write(lua_data(roles))
            data.flush()
            statuses, figures = run_wrk(base, data.name)
    finally:
        server.terminate()
        server.wait()

    stored = TaskResponse.objects.count() - before
    responses.refresh_stale()
    tallies = TaskTally.objects.aggregate(n=Sum("responses"))["n"] or 0
    tally_rows = TaskTally.objects.count()
    clear_responses()

    accepted, answered, too_many = statuses[303], statuses[409], statuses[429]
    posts = accepted + answered + too_many + sum(statuses[c] for c in (400, 403, 404))
    refused = {c: n for c, n in statuses.items() if c in (400, 403, 404)}
    server_errors = sum(n for c, n in statuses.items() if c >= 500)
    other = {
        c: n
        for c, n in statuses.items()
        if c not in (200, 303, 400, 403, 404, 409, 429) and c < 500
    }
    socket_errors = int(figures["socket_errors"])
    timeouts = int(figures["timeouts"])
    seconds = float(figures["duration_s"])
    print(
        f"One instance ({WORKERS} sync workers) on PostgreSQL and Redis, behind "
        f"one trusted proxy; wrk {CONNECTIONS} connections for {DURATION} s, "
        f"{len(roles)} roles, reads and answers 3:1 (answers stop 5 s before the end)."
    )
    print(
        f"sent: reads {int(figures['sent_reads']):,}, "
        f"answers {int(figures['sent_posts']):,}"
    )
    print(
        f"requests {int(figures['requests']):,} ({int(figures['requests']) / seconds:,.0f}/s), "
        f"p99 {float(figures['p99_ms']):.1f} ms, max {float(figures['max_ms']):.1f} ms; "
        f"reads (200) {statuses[200]:,}, posts {posts:,} ({posts / seconds:,.0f}/s)"
    )
    print(
        f"posts: accepted (303) {accepted:,}, already answered (409) {answered:,}, "
        f"too many (429) {too_many:,}, refused {refused or 'none'}"
    )
    print(
        f"errors: 5xx {server_errors}, socket {socket_errors}, "
        f"timeouts (no answer within wrk's 2 s) {timeouts}, "
        f"other statuses {other or 'none'}"
    )
    print(f"rows stored {stored:,} (before {before}); accepted {accepted:,}")
    print(f"tallies after refresh_stale(): {tally_rows:,} rows counting {tallies:,}")
    ok = (
        not (server_errors or socket_errors or timeouts or refused or other)
        and accepted == stored
        and tallies == stored
        and statuses[200] > 0
        and accepted > 0
    )
    print("OK" if ok else "FAILED")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
