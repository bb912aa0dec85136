"""The updates: every quarter's releases, and each quarter's release notes.

A quarter can hold a data release (the data-built files rebuilt from a new
vintage of the data, published together) and editorial editions published
one by one; both are listed, the release first.
"""

from django.http import Http404
from django.shortcuts import render

from roles import releases, scoring
from roles.caching import public_cache
from roles.feeds import RoleFeed, SectorFeed
from roles.models import DataRelease, Edition, Role
from roles.views.role_file import moved_or_404

MOVERS_LISTED = 3


@public_cache
def updates(request):
    """Every quarter with published editions, newest first, with its movers."""
    rows = (
        Edition.objects.public()
        .with_previous()
        .values_list(
            "year",
            "quarter",
            "risk_score",
            "previous_risk",
            "role__title",
            "role__slug",
        )
    )
    public_releases = {
        (release.year, release.quarter): release
        for release in DataRelease.objects.public()
    }
    quarters = {}
    for year, quarter, risk, previous_risk, title, slug in rows:
        entry = quarters.setdefault(
            (year, quarter),
            {"year": year, "quarter": quarter, "new": 0, "revised": 0, "moves": []},
        )
        entry["revised" if previous_risk is not None else "new"] += 1
        if previous_risk is not None and risk != previous_risk:
            entry["moves"].append((risk - previous_risk, title, slug))
    for key in public_releases:  # a release that only retired roles has notes too
        quarters.setdefault(
            key,
            {"year": key[0], "quarter": key[1], "new": 0, "revised": 0, "moves": []},
        )
    ordered = [quarters[key] for key in sorted(quarters, reverse=True)]
    for entry in ordered:
        entry["label"] = f"{entry['year']} Q{entry['quarter']}"
        entry["release"] = public_releases.get((entry["year"], entry["quarter"]))
        entry["movers"] = sorted(entry.pop("moves"), key=lambda m: (-abs(m[0]), m[1]))[
            :MOVERS_LISTED
        ]
    return render(request, "roles/updates.html", {"quarters": ordered})


@public_cache
def updates_quarter(request, year, quarter):
    """The quarter's release notes: the data release, then the editorial editions."""
    editions = list(
        Edition.objects.public()
        .filter(year=year, quarter=quarter)
        .with_role()
        .with_previous()
    )
    release = DataRelease.objects.public().filter(year=year, quarter=quarter).first()
    if not editions and release is None:
        raise Http404("Nothing was published that quarter.")
    for edition in editions:
        if edition.previous_risk is not None:
            edition.risk_delta = edition.risk_score - edition.previous_risk
            edition.previous_band = scoring.band(edition.previous_risk)
            edition.band_changed = edition.previous_band != edition.band
    release_id = release.pk if release else -1
    in_release = [e for e in editions if e.release_id == release_id]
    editorial = [e for e in editions if e.release_id != release_id]
    notes = release_notes(release, in_release)
    editorial_notes = release_notes(None, editorial)
    context = {
        "label": f"{year} Q{quarter}",
        "year": year,
        "quarter": quarter,
        "release": release,
        "release_notes": notes,
        "editorial": editorial_notes,
        "editorial_total": len(editorial_notes["revised"])
        + len(editorial_notes["new"]),
        "revised_total": len(notes["revised"]) + len(editorial_notes["revised"]),
        "published_on": max(
            [edition.published_on for edition in editions]
            + ([release.published_on] if release else [])
        ),
    }
    return render(request, "roles/updates_quarter.html", context)


def release_notes(release, editions):
    """Revised files (band changes and the biggest movers first) and new files."""
    revised = [edition for edition in editions if edition.previous_risk is not None]
    revised.sort(key=lambda e: (not e.band_changed, -abs(e.risk_delta), e.role.title))
    new = sorted(
        (edition for edition in editions if edition.previous_risk is None),
        key=lambda e: e.role.title,
    )
    retired = (
        list(
            Role.objects.filter(retired_in=release)
            .select_related("successor", "sector")
            .order_by("title")
        )
        if release
        else []
    )
    # A release revises hundreds of files at once: its table lists those whose
    # risk moved; editorial editions are few, and each is listed.
    listed = [e for e in revised if e.risk_delta] if release else revised
    # A release that changed the method and none of the data moved every file by
    # its method: the table says so in a word instead of each file's long note.
    method_only = bool(
        release and release.method_note and not release.counts.get("risk moved (data)")
    )
    return {
        "method": release.method if method_only else None,
        "summary": releases.release_summary(len(revised), len(new), len(retired)),
        "revised": revised,
        "listed": listed,
        "steady": len(revised) - len(listed),
        "moved": sum(1 for edition in revised if edition.risk_delta),
        "band_changes": sum(1 for edition in revised if edition.band_changed),
        "new": new,
        "new_editorial": [e for e in new if e.role.origin == Role.Origin.EDITORIAL],
        "new_dataset": [e for e in new if e.role.origin == Role.Origin.DATASET],
        "retired": retired,
    }


@public_cache
def role_feed(request, slug):
    """One role's Atom feed; a renamed role's old address moves to the new one."""
    try:
        return RoleFeed()(request, slug=slug)
    except Http404:
        return moved_or_404(request, slug)


sector_feed = public_cache(SectorFeed())
