"""Filters and tags that write figures the way the site prints them.

They only format values already on the page; none of them queries.
"""

import bisect
import json
import re
from textwrap import wrap

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from roles import evidence, scoring

register = template.Library()

# The characters json_script escapes, so data cannot close the script tag.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

register.filter("compact", scoring.compact_number)
register.filter("money", scoring.money)
register.filter("money_delta", scoring.money_delta)
register.filter("dateline", scoring.dateline)
register.filter("long_date", scoring.long_date)
register.filter("factor", scoring.factor)
register.filter("kicker", scoring.kicker)


@register.filter
def worker(role):
    """Who does the job, to follow "for" or "of": "an accountant", "chief executives".

    Editorial titles are singular and take a or an; the BLS titles of
    data-built files are plural and take none.
    """
    title = role.title.lower()
    if role.origin == role.Origin.DATASET:
        return title
    article = "an" if title[:1] in "aeiou" else "a"
    return f"{article} {title}"


@register.filter
def signed_pct(value):
    """A projected change as the tables print it: +7.1%, −25.9%, 0.0%, or —."""
    return "—" if value is None else evidence.signed_percent(value, places=1)


@register.filter
def band_of(score):
    return scoring.band(score)


@register.simple_tag
def horizon(edition):
    return scoring.horizon(edition.horizon_min_years, edition.horizon_max_years)


@register.simple_tag
def horizon_span(edition):
    return scoring.horizon_span(edition.horizon_min_years, edition.horizon_max_years)


@register.filter
def percent(value):
    """A number as an SVG length, "82.9%": always a dot, never localized."""
    return f"{scoring.factor(value)}%"


@register.simple_tag
def change_mark(value, unit=""):
    """▲1.2% / ▼0.4% / "no change", with the direction in words for screen readers."""
    if value is None:
        return ""
    if value == 0:
        return mark_safe('<span class="change flat">no change</span>')
    direction, glyph = ("up", "▲") if value > 0 else ("down", "▼")
    return format_html(
        '<span class="change {}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{} </span>{}{}</span>',
        direction,
        glyph,
        direction,
        scoring.factor(abs(value)),
        unit,
    )


# A role's title is set at 120px on a desktop and 54px on a phone; a long
# one steps down so it keeps to two lines at any desktop width, and on a
# phone to about six lines with its longest word inside the column. The
# steps are classes (site.css, "Role title sizes"): the CSP allows no inline
# style. Desktop: the longest title length (with its full stop) each step
# holds to two lines at 1200px, measured over every O*NET title with room
# to spare.
TITLE_DESKTOP_STEPS = (32, 42, 50, 60, 78, 92, 120)
# Phone: the share of the column's width the font size may take (the CSS
# multiplies the column by it), largest first; 0.154 is 54px at 390px.
TITLE_PHONE_FITS = (0.154, 0.14, 0.125, 0.11, 0.095, 0.08)
# Serif 600 caps and lower case run about half an em a character.
TITLE_EM_PER_CHAR = 0.5
TITLE_PHONE_LINES = 6
# Words break at spaces and dashes, not at a slash ("Career/Technical").
TITLE_WORD_BREAKS = re.compile(r"[\s\-\u2010-\u2015]+")


@register.filter
def title_scale(title):
    """The role title's size classes: "" for a short title, else e.g.
    "title-d3 title-p2" (desktop step 3, phone step 2)."""
    text = f"{title}."
    length = len(text)
    desktop = bisect.bisect_left(TITLE_DESKTOP_STEPS, length)
    longest_word = max(len(word) for word in TITLE_WORD_BREAKS.split(text))
    # Wrapping wastes about a sixth of each line.
    fit = min(
        1 / (TITLE_EM_PER_CHAR * longest_word),
        TITLE_PHONE_LINES / (TITLE_EM_PER_CHAR * 1.15 * length),
    )
    phone = next(
        (step for step, size in enumerate(TITLE_PHONE_FITS) if size <= fit + 1e-9),
        len(TITLE_PHONE_FITS) - 1,
    )
    classes = [
        f"title-d{desktop}" if desktop else "",
        f"title-p{phone}" if phone else "",
    ]
    return " ".join(c for c in classes if c)


@register.simple_tag
def risk_change(edition):
    """The index's change column: the risk's move since the role's previous
    public edition (EditionQuerySet.with_change), "—" for none, "new" for a
    first edition. The mark shows ▲3; a screen reader hears "up 3 since 2026
    Q4, from 65"."""
    if getattr(edition, "previous_risk", None) is None:
        return mark_safe(
            '<span class="change-none">new<span class="visually-hidden">: '
            "no earlier edition</span></span>"
        )
    since = format_html(
        '<span class="visually-hidden"> since {} Q{}, from {}</span>',
        edition.previous_year,
        edition.previous_quarter,
        edition.previous_risk,
    )
    change = edition.risk_score - edition.previous_risk
    if not change:
        return format_html(
            '<span class="change-none"><span aria-hidden="true">—</span>'
            '<span class="visually-hidden">no change</span>{}</span>',
            since,
        )
    return format_html("{}{}", change_mark(change), since)


PIP_HEIGHTS = (5, 8, 11, 14)


@register.simple_tag
def band_mark(band):
    """Four ascending bars, 1–4 filled: the band never relies on color alone."""
    if band is None:
        return ""
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="3" height="{}" class="{}"/>',
        (
            (index * 4, 14 - height, height, "on" if index < band.pips else "off")
            for index, height in enumerate(PIP_HEIGHTS)
        ),
    )
    return format_html(
        '<svg class="band-mark band-{}" width="15" height="14" viewBox="0 0 15 14" aria-hidden="true">{}</svg>',
        band.slug,
        bars,
    )


@register.filter
def band_named(slug):
    """The band of a slug ("high"), for a band_mark beside a band's name."""
    return next((band for band in scoring.BANDS if band.slug == slug), None)


@register.inclusion_tag("roles/_meter.html")
def meter(score, name):
    """The 0–100 meter: four band segments filled up to the score."""
    segments = []
    for band in scoring.BANDS:
        filled = min(max(score - band.low, 0), band.span)
        segments.append(
            {"band": band, "start": band.low, "width": band.span, "filled": filled}
        )
    # The label hangs off the pin toward the middle, so it never runs past an
    # end of the meter on a phone.
    if score < 35:
        anchor, offset = "start", -4
    elif score > 65:
        anchor, offset = "end", 4
    else:
        anchor, offset = "middle", 0
    return {
        "score": score,
        "name": name,
        "band": scoring.band(score),
        "segments": segments,
        "anchor": anchor,
        "offset": offset,
        "bands": scoring.BANDS,
        "labels": meter_labels(name),
    }


# The name over the meter's pin is never cut: a long one wraps, at most this
# many characters a line (about 8px each in its 11px capitals). The label
# hangs toward the middle, so a line has at least two thirds of the meter:
# 22 characters fit a 280px meter (a 320px phone), 48 a 600px one.
METER_NARROW_LINE = 22
METER_WIDE_LINE = 48
METER_NAME_TOP = 42  # the first line's baseline, under the score
METER_LINE_STEP = 14
METER_LABEL_GAP = 6  # from the last baseline to the top of the pin


def meter_labels(name):
    """The label's lines for a narrow and a wide meter (one label when they agree).

    Each is {"lines": [(text, y), ...], "height": px, "width": "narrow"/"wide"/""}.
    """
    variants = [
        (width, wrap(name, chars, break_long_words=False))
        for width, chars in (("narrow", METER_NARROW_LINE), ("wide", METER_WIDE_LINE))
    ]
    if variants[0][1] == variants[1][1]:
        variants = [("", variants[0][1])]
    labels = []
    for width, lines in variants:
        lines = lines or [""]
        last = METER_NAME_TOP + (len(lines) - 1) * METER_LINE_STEP
        labels.append(
            {
                "width": width,
                "lines": [
                    (line, METER_NAME_TOP + index * METER_LINE_STEP)
                    for index, line in enumerate(lines)
                ],
                "height": last + METER_LABEL_GAP,
            }
        )
    return labels


CHART_HEIGHT = 180
CHART_TOP, CHART_BOTTOM = 22, 150  # plot area, px from the top


@register.filter
def method_breaks(editions):
    """(before, after) pairs of editions, oldest first, whose methods differ."""
    return [
        (before, after)
        for before, after in zip(editions, editions[1:], strict=False)
        if before.method != after.method
    ]


@register.inclusion_tag("roles/_history_chart.html")
def history_chart(editions, viewed):
    """A step line of the risk across editions, oldest first; no JavaScript.

    x runs in percent of the width and y in pixels, so the chart stretches to
    any width without distorting its text.
    """
    scores = [edition.risk_score for edition in editions]
    low = max(0, (min(scores) - 5) // 5 * 5)
    high = min(100, -(-(max(scores) + 5) // 5) * 5)

    def y(score):
        return CHART_BOTTOM - (score - low) * (CHART_BOTTOM - CHART_TOP) / (high - low)

    count = len(editions)
    points = []
    for index, edition in enumerate(editions):
        x = 50 if count == 1 else 12 + index * 80 / (count - 1)
        points.append(
            {
                "edition": edition,
                "x": x,
                "y": y(edition.risk_score),
                "is_viewed": edition.pk == viewed.pk,
            }
        )
    steps = [
        {"x1": a["x"], "x2": b["x"], "y1": a["y"], "y2": b["y"]}
        for a, b in zip(points, points[1:], strict=False)
    ]
    # A dashed line where the method changed: the scores either side are not
    # computed the same way.
    x_of = {point["edition"].pk: point["x"] for point in points}
    breaks = [
        {"x": (x_of[before.pk] + x_of[after.pk]) / 2}
        for before, after in method_breaks(editions)
    ]
    thresholds = [
        {"band": band, "y": y(band.low)}
        for band in scoring.BANDS
        if band.low and low < band.low < high
    ]
    gridlines = [
        {"value": value, "y": y(value)} for value in range(int(low), int(high) + 1, 5)
    ]
    return {
        "points": points,
        "steps": steps,
        "breaks": breaks,
        "thresholds": thresholds,
        "gridlines": gridlines,
        "height": CHART_HEIGHT,
        "axis_y": CHART_BOTTOM + 20,
        "top": CHART_TOP,
    }


@register.filter
def json_ld(data):
    """A schema.org dictionary as a JSON-LD script, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),
    )
