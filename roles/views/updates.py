"""The updates: every quarter's releases, and each quarter's release notes."""

from django.http import Http404
from django.shortcuts import render

from roles import scoring
from roles.caching import public_cache
from roles.models import Edition, Role


@public_cache
def updates(request):
    """Every quarter with published editions, newest first."""
    rows = (
        Edition.objects.public()
        .with_previous()
        .values_list("year", "quarter", "previous_risk")
    )
    quarters = {}
    for year, quarter, previous_risk in rows:
        entry = quarters.setdefault(
            (year, quarter), {"year": year, "quarter": quarter, "new": 0, "revised": 0}
        )
        entry["revised" if previous_risk is not None else "new"] += 1
    ordered = [quarters[key] for key in sorted(quarters, reverse=True)]
    for entry in ordered:
        entry["label"] = f"{entry['year']} Q{entry['quarter']}"
    return render(request, "roles/updates.html", {"quarters": ordered})


@public_cache
def updates_quarter(request, year, quarter):
    """The quarter's release notes: band changes and the biggest movers first."""
    editions = list(
        Edition.objects.public()
        .filter(year=year, quarter=quarter)
        .with_role()
        .with_previous()
    )
    if not editions:
        raise Http404("No editions were published that quarter.")
    revised = [edition for edition in editions if edition.previous_risk is not None]
    for edition in revised:
        edition.risk_delta = edition.risk_score - edition.previous_risk
        edition.previous_band = scoring.band(edition.previous_risk)
        edition.band_changed = edition.previous_band != edition.band
    revised.sort(key=lambda e: (not e.band_changed, -abs(e.risk_delta), e.role.title))
    new = [edition for edition in editions if edition.previous_risk is None]
    context = {
        "label": f"{year} Q{quarter}",
        "year": year,
        "quarter": quarter,
        "revised": revised,
        "moved": sum(1 for edition in revised if edition.risk_delta),
        "band_changes": sum(1 for edition in revised if edition.band_changed),
        "new_editorial": sorted(
            (e for e in new if e.role.origin == Role.Origin.EDITORIAL),
            key=lambda e: e.role.title,
        ),
        "new_dataset": sum(1 for e in new if e.role.origin == Role.Origin.DATASET),
        "published_on": max(edition.published_on for edition in editions),
    }
    return render(request, "roles/updates_quarter.html", context)
