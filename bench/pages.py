"""Benchmark the public pages under gunicorn, beside Django's "hello world".

    DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/pages.py

`make bench` loads a scratch PostgreSQL database with the full data set and
runs this. It serves the site (DEBUG off, Redis cache) and the baseline page of
bench/baseline_site.py with the same gunicorn settings, loads each page with
wrk on 127.0.0.1, and measures a role file's first request after a publish.
The baseline is loaded again just before each page, and each page's ratio is
to that run: a shared machine's speed drifts by a tenth or more over the few
minutes the benchmark takes, and the pairs cancel that out.
The tables go to stdout and to bench/results/<date>-pages.md.
"""

import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meter.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from roles.models import Edition  # noqa: E402

PAGES = [
    ("/", "index"),
    ("/roles/medical-coder/", "role file"),
    ("/?band=high&sort=workers", "filtered index"),
    ("/search/?q=nurse", "search"),
    ("/api/roles.json", "API, all roles"),
    ("/sitemap.xml", "sitemap"),
]
SITE_PORT, BASELINE_PORT = 8781, 8782
CONNECTIONS, THREADS, DURATION = 32, 2, "10s"
# gunicorn's rule of thumb: two sync workers per core, plus one.
WORKERS = 2 * (os.cpu_count() or 1) + 1
COLD_RUNS = 25
# What a browser sends: the site answers it with the gzipped copy it stored.
BROWSER_HEADERS = ("Accept-Encoding: gzip, deflate, br",)
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def serve(app, port, extra_env):
    env = os.environ | extra_env
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app} did not start on port {port}")


@dataclass(frozen=True)
class Load:
    requests: int
    per_second: float
    p99_ms: float
    errors: int


def wrk(url, connections=CONNECTIONS, duration=DURATION, warm_up=True, headers=()):
    """Load one URL with wrk; errors count socket errors and non-2xx/3xx answers."""
    header_args = [arg for header in headers for arg in ("-H", header)]
    if warm_up:
        subprocess.run(
            ["wrk", "-t2", "-c8", "-d2s", *header_args, url],
            capture_output=True,
            check=True,
        )
    out = subprocess.run(
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{connections}",
            f"-d{duration}",
            "--latency",
            *header_args,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p99_ms=float(value) * UNITS_MS[unit],
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def cold_role_file(url):
    """Median and worst time of a role file's first request after a publish."""
    edition = Edition.objects.current().get(role__slug="medical-coder")
    timings = []
    for _ in range(COLD_RUNS):
        edition.save()  # as a publish does: the version is bumped on commit
        start = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def load_table(rows):
    """One row a page, with the baseline run just before it and the ratio."""
    lines = [
        "| page | requests/s | p99 ms | errors | baseline requests/s | × baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, base, load in rows:
        lines.append(
            f"| {name} | {load.per_second:,.0f} | {load.p99_ms:.1f} | {load.errors} "
            f"| {base.per_second:,.0f} | {load.per_second / base.per_second:.2f} |"
        )
    return lines


def machine_facts():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return [
        f"{os.cpu_count()} cores, {cpu}",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Django {django.get_version()}",
        f"PostgreSQL {postgres}, Redis cache ({settings.CACHES['default']['LOCATION']})",
        f"gunicorn, {WORKERS} sync workers per site; wrk {THREADS} threads, "
        f"{CONNECTIONS} connections, {DURATION} per page "
        f"({(wrk_version.stdout or wrk_version.stderr).split()[1]})",
        f"{Edition.objects.current().count()} public roles",
    ]


def main():
    if connection.vendor != "postgresql":
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database loaded with the data."
        )
    cache.clear()
    site_env = {
        "DEBUG": "0",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{SITE_PORT}",
        "LOG_LEVEL": "WARNING",
    }
    site = serve("meter.wsgi", SITE_PORT, site_env)
    baseline = serve("bench.baseline_site:application", BASELINE_PORT, {})
    baseline_url = f"http://127.0.0.1:{BASELINE_PORT}/"
    try:
        plain, browser = [], []
        for path, name in PAGES:
            url = f"http://127.0.0.1:{SITE_PORT}{path}"
            label = f"{name} `{path}`"
            plain.append((label, wrk(baseline_url), wrk(url)))
            browser.append(
                (label, wrk(baseline_url), wrk(url, headers=BROWSER_HEADERS))
            )
        cold_median, cold_worst = cold_role_file(
            f"http://127.0.0.1:{SITE_PORT}/roles/medical-coder/"
        )
    finally:
        site.terminate()
        baseline.terminate()
        site.wait()
        baseline.wait()

    baselines = [base for _, base, _ in plain + browser]
    lines = [
        f"Baseline, Django hello world (10 KB), over its {len(baselines)} runs: "
        f"{min(b.per_second for b in baselines):,.0f} to "
        f"{max(b.per_second for b in baselines):,.0f} requests/s, p99 "
        f"{max(b.p99_ms for b in baselines):.1f} ms at worst, "
        f"{sum(b.errors for b in baselines)} errors.",
        "",
        *load_table(plain),
        "",
        "As a browser asks (`Accept-Encoding: gzip, deflate, br`): the site "
        "answers gzipped, the baseline (no GZipMiddleware in a new project) "
        "does not.",
        "",
        *load_table(browser),
        "",
        f"Cold role file (first request after a publish, {COLD_RUNS} runs): "
        f"median {cold_median:.1f} ms, worst {cold_worst:.1f} ms.",
    ]
    table = "\n".join(lines)
    report = "\n".join(
        [
            f"# Page benchmark, {date.today():%Y-%m-%d}",
            "",
            *[f"- {fact}" for fact in machine_facts()],
            "",
            table,
            "",
        ]
    )
    out = ROOT / "bench" / "results" / f"{date.today():%Y-%m-%d}-pages.md"
    out.write_text(report)
    print(report)
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
