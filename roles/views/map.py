"""The exposure × outlook map: every current role's AI risk against its projected growth.

The chart is drawn on the server as one SVG, so it needs no script and is
cached like every public page. 784 points make a big page, so the markup is
kept lean: one <use> of a band's shape per point, coordinates rounded to a
tenth of a unit, and only the columns the chart and its table show are read.

Weight budget: with every current role (784 in the 2026 Q4 release) the page
stays under 380 KB of HTML and under 70 KB gzipped as the cache sends it; it
measured 351 KB and 60 KB. tests/test_map.py checks both on the shipped data.
"""

import math
from collections import Counter
from decimal import Decimal

from django.db.models import Max, Min, QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from roles import scoring
from roles.caching import public_cache
from roles.evidence import signed_percent
from roles.forms import IndexForm
from roles.models import Edition
from roles.views.common import bad_request

# The page's weight budget, in bytes, stated on the page and checked by the tests.
WEIGHT_BUDGET_GZIP = 70_000
WEIGHT_BUDGET_RAW = 380_000

# The chart's drawing, in SVG units (on a wide screen one unit is one pixel).
WIDTH, HEIGHT = 960, 600
LEFT, RIGHT, TOP, BOTTOM = 64, 940, 60, 536
# Point radii: area follows workers, down to a floor that stays visible and clickable.
MAX_RADIUS, MIN_RADIUS = 18.0, 2.5
# Shapes of equal area for equal workers, so no band looks bigger than another:
# a square's half side, a triangle's side and its centroid-to-apex height, a
# diamond's half diagonal, each for a circle of radius 1.
SQUARE_HALF = math.sqrt(math.pi) / 2
TRIANGLE_SIDE = math.sqrt(4 * math.pi / math.sqrt(3))
TRIANGLE_APEX = TRIANGLE_SIDE / math.sqrt(3)
DIAMOND_HALF = math.sqrt(math.pi / 2)
SHAPES = {
    "low": "circle",
    "moderate": "square",
    "high": "triangle",
    "very-high": "diamond",
}
FIELDS = (
    "role__slug",
    "role__title",
    "risk_score",
    "us_workers",
    "employment_change_pct",
    "all_occupations_change_pct",
    "annual_openings",
    "outlook_period",
)


@public_cache(reads=[IndexForm])
def exposure_map(request):
    form = IndexForm(request.GET)
    if not form.is_valid():
        return bad_request(request, form)
    form.label_suffix = ""  # the index's labels carry no colon either
    current = Edition.objects.current()
    rows = list(current.on_index(**form.filters).values(*FIELDS))
    # The scales come from every current role, not the filtered few, so a
    # filter never stretches the axes and points keep their place and size.
    extent = current.aggregate(
        low=Min("employment_change_pct"),
        high=Max("employment_change_pct"),
        most=Max("us_workers"),
    )
    plotted = [row for row in rows if left_out_reason(row) is None]
    left_out = [
        {**row, "url": role_url(row), "reason": left_out_reason(row)}
        for row in rows
        if left_out_reason(row) is not None
    ]
    chart = Chart(extent)
    points = [chart.point(row) for row in plotted]
    period = common_value(row["outlook_period"] for row in plotted)
    reference = common_value(row["all_occupations_change_pct"] for row in plotted)
    context = {
        "form": form,
        "active_filters": active_filters(form),
        "index_query": index_query(request),
        # The table lists the roles in the index's order; the chart draws the
        # biggest first, so small points stay on top and clickable.
        "points": points,
        "drawn": sorted(points, key=lambda point: -point["radius"]),
        "left_out": left_out,
        # Pairs, not the Counter: a template's `.items` on a Counter is its count of "items".
        "left_out_reasons": Counter(row["reason"] for row in left_out).most_common(),
        "total": len(rows),
        "period": period,
        "reference": chart.reference(reference),
        "axes": chart.axes(),
        "size_key": chart.size_key(),
        "bands": [
            {"band": band, "shape": SHAPES[band.slug], **chart.band_strip(band)}
            for band in scoring.BANDS
        ],
        "box": {
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": RIGHT,
            "top": TOP,
            "bottom": BOTTOM,
            "plot_height": BOTTOM - TOP,
        },
        "budget_kb": {
            "gzip": WEIGHT_BUDGET_GZIP // 1000,
            "raw": WEIGHT_BUDGET_RAW // 1000,
        },
        "canonical_path": reverse("roles:map"),
    }
    return render(request, "roles/map.html", context)


def left_out_reason(row):
    if row["risk_score"] is None:
        return "no AI risk score"
    if not row["outlook_period"] or row["employment_change_pct"] is None:
        return "no employment projection"
    return None


def role_url(row):
    return reverse("roles:detail", kwargs={"slug": row["role__slug"]})


def common_value(values):
    """The value most rows share (the period, the all-occupations change), or None."""
    counts = Counter(value for value in values if value not in (None, ""))
    return counts.most_common(1)[0][0] if counts else None


class Chart:
    """Scales from data to SVG units: x is the risk score, y the projected change."""

    def __init__(self, extent):
        low = min(extent["low"] if extent["low"] is not None else 0, 0)
        high = max(extent["high"] if extent["high"] is not None else 0, 0)
        self.step = 10 if high - low <= 100 else 20
        self.low = math.floor(low / self.step) * self.step
        self.high = math.ceil(high / self.step) * self.step
        if self.high == self.low:
            self.high = self.low + self.step
        self.most = extent["most"] or 1

    def x(self, score):
        return LEFT + (RIGHT - LEFT) * float(score) / 100

    def y(self, change):
        share = (float(change) - self.low) / (self.high - self.low)
        return BOTTOM - (BOTTOM - TOP) * share

    def radius(self, workers):
        if not workers:
            return MIN_RADIUS
        return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(workers / self.most))

    def point(self, row):
        band = scoring.band(row["risk_score"])
        radius = self.radius(row["us_workers"])
        change = signed_percent(row["employment_change_pct"], places=1)
        workers = scoring.compact_number(row["us_workers"])
        openings = scoring.compact_number(row["annual_openings"])
        return {
            "url": role_url(row),
            "title": row["role__title"],
            "score": row["risk_score"],
            "band": band,
            "change": change,
            "workers": workers,
            "openings": openings,
            "label": (
                f"{row['role__title']}: AI risk {row['risk_score']} ({band.label}), "
                f"projected change {change}, {workers} US workers"
            ),
            "mark": mark(
                band.slug,
                self.x(row["risk_score"]),
                self.y(row["employment_change_pct"]),
                radius,
            ),
            "radius": radius,
        }

    def axes(self):
        x_ticks = [
            {"value": value, "at": rounded(self.x(value))}
            for value in range(0, 101, 10)
        ]
        y_ticks = [
            {
                "value": value,
                "label": signed_percent(Decimal(value), places=1).replace(".0", ""),
                "at": rounded(self.y(value)),
                "zero": value == 0,
            }
            for value in range(self.low, self.high + 1, self.step)
        ]
        return {"x": x_ticks, "y": y_ticks}

    def reference(self, change):
        if change is None or not self.low <= change <= self.high:
            return None
        return {
            "label": signed_percent(change, places=1),
            "at": rounded(self.y(change)),
        }

    def band_strip(self, band):
        start = self.x(band.low)
        return {
            "x": rounded(start),
            "width": rounded(self.x(band.low + band.span) - start),
        }

    def size_key(self):
        """Three reference sizes for the legend, from 100K to the largest role."""
        sizes = []
        for workers in (100_000, 1_000_000, self.most):
            if workers <= self.most and workers not in [s["workers"] for s in sizes]:
                radius = self.radius(workers)
                sizes.append(
                    {
                        "workers": workers,
                        "label": scoring.compact_number(workers),
                        "r": rounded(radius),
                        "box": math.ceil(2 * radius + 2),
                        "c": rounded(radius + 1),
                    }
                )
        return sizes


def mark(band, x, y, radius):
    """A band's shape centered on (x, y), with the area of a circle of this radius.

    Drawn at its size, not scaled from a symbol, so every edge is the same
    hairline whatever the mark's size.
    """
    if band == "low":
        return format_html(
            '<circle class="low" cx="{}" cy="{}" r="{}"/>',
            rounded(x),
            rounded(y),
            rounded(radius),
        )
    if band == "moderate":
        half = radius * SQUARE_HALF
        return format_html(
            '<rect class="moderate" x="{}" y="{}" width="{}" height="{}"/>',
            rounded(x - half),
            rounded(y - half),
            rounded(2 * half),
            rounded(2 * half),
        )
    if band == "high":  # a triangle on its base, centred on its centroid
        side = radius * TRIANGLE_SIDE
        return format_html(
            '<path class="high" d="M{} {}l{} {}h{}z"/>',
            rounded(x),
            rounded(y - radius * TRIANGLE_APEX),
            rounded(side / 2),
            rounded(side * math.sqrt(3) / 2),
            rounded(-side),
        )
    half = radius * DIAMOND_HALF
    return format_html(
        '<path class="{}" d="M{} {}l{} {} {} {} {} {}z"/>',
        band,
        rounded(x),
        rounded(y - half),
        rounded(half),
        rounded(half),
        rounded(-half),
        rounded(half),
        rounded(-half),
        rounded(-half),
    )


def rounded(value):
    """A tenth of a unit is finer than a screen pixel; "12.0" is written "12"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def active_filters(form):
    """The filters in use, named as the index names them, whatever fields the form has."""
    shown = []
    for name, value in form.cleaned_data.items():
        items = value if isinstance(value, (list, tuple, QuerySet)) else [value]
        items = [item for item in items if is_set(item)]
        if name == "page" or not items:
            continue
        field = form[name]
        label = "Search" if name == "q" else str(field.label or name.title())
        shown.append(
            {
                "label": label,
                "value": ", ".join(filter_text(field, item) for item in items),
            }
        )
    return shown


def is_set(value):
    # Not `value in (None, "", False)`: 0 == False, and a risk of 0 is a filter.
    return value is not None and value is not False and value != ""


def filter_text(field, value):
    if hasattr(value, "pk"):  # a model choice: its name, with no query for the rest
        return str(value)
    if value is True:
        return "yes"
    choices = getattr(field.field, "choices", None) or ()
    return str(dict(choices).get(value, value))


def index_query(request):
    """The same query string for the index, from its first page."""
    query = request.GET.copy()
    query.pop("page", None)
    return f"?{query.urlencode()}" if query else ""
