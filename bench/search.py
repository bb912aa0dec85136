"""Benchmark the role search: the function alone and the whole /search/ page.

    DATABASE_URL=postgres://... python bench/search.py [--repeat 50]

Runs against the configured database as it is (load it first with
load_editorial and import_dataset), through Django's test client, so it
measures the view, the query and the template, not the network. Prints the
median and 95th percentile per query, and over all queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meter.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from roles import search  # noqa: E402
from roles.models import Edition  # noqa: E402

QUERIES = [
    "nurse",
    "medical biller",
    "clinical coder",
    "truck",
    "software dev",
    "teacher",
    "plumber",
    "data entry",
]


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat
    roles = Edition.objects.current().count()
    print(f"{connection.vendor}, {roles} public roles, {repeat} runs per query (ms)")
    print(
        f"{'query':16} {'search median':>14} {'p95':>7} {'page median':>12} {'p95':>7}"
    )
    client = Client()
    all_search, all_page = [], []
    for query in QUERIES:
        run_search = timed(
            lambda q=query: list(
                search.search(Edition.objects.current().with_role(), q)[:25]
            ),
            repeat,
        )
        run_page = timed(lambda q=query: client.get("/search/", {"q": q}), repeat)
        all_search += run_search
        all_page += run_page
        print(
            f"{query:16} {statistics.median(run_search):14.1f} {percentile(run_search, 0.95):7.1f}"
            f" {statistics.median(run_page):12.1f} {percentile(run_page, 0.95):7.1f}"
        )
    print(
        f"{'all':16} {statistics.median(all_search):14.1f} {percentile(all_search, 0.95):7.1f}"
        f" {statistics.median(all_page):12.1f} {percentile(all_page, 0.95):7.1f}"
    )


if __name__ == "__main__":
    main()
