"""Pictures of a role's risk: the embeddable badge and the share card.

Both are drawn from the edition's score and band, with the site's own fonts,
so nothing is fetched at run time.
"""

import functools
import io
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from roles import scoring

FONTS = settings.BASE_DIR / "static" / "fonts"
SANS = FONTS / "inter-wght-subset.woff2"
SERIF = FONTS / "meter-serif-opsz-wght-subset.woff2"

PAPER = "#FAF8F3"
PAPER_2 = "#F2EEE6"
INK = "#16140F"
INK_3 = "#6B675E"
ACCENT = "#C23813"
RULE = "#DDD7CB"
EMPTY_PIP = "#D9D3C7"
BAND_COLOURS = {
    "low": ("#6F9089", "#E3EBE8"),
    "moderate": ("#D9A93C", "#F6EACB"),
    "high": ("#E0702E", "#F9DDCB"),
    "very-high": ("#B8260F", "#F4D2C8"),
}


@functools.cache
def font(path, size, weight, optical_size=None):
    face = ImageFont.truetype(str(path), size)
    axes = [weight] if optical_size is None else [weight, optical_size]
    face.set_variation_by_axes(axes)
    return face


def text_width(text, face):
    return face.getlength(text)


# The badge ----------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """The geometry of "AI risk | 68% · High", measured in Inter at 11 px."""

    label: str
    value: str
    band_slug: str
    pips: int
    height: int = 20
    padding: int = 7
    mark_width: int = 15

    @property
    def label_width(self):
        return round(text_width(self.label, font(SANS, 11, 600))) + 2 * self.padding

    @property
    def label_text_x(self):
        return self.padding + self.mark_width

    @property
    def value_text_width(self):
        return round(text_width(self.value, font(SANS, 11, 600)))

    @property
    def value_width(self):
        return self.value_text_width + 2 * self.padding

    @property
    def width(self):
        return self.label_width + self.mark_width + self.value_width

    @property
    def value_x(self):
        return self.label_width + self.mark_width

    @property
    def fill(self):
        return BAND_COLOURS[self.band_slug][0]

    @property
    def tint(self):
        return BAND_COLOURS[self.band_slug][1]

    @property
    def bars(self):
        """The four ascending bars of the band mark: (x, y, height, filled)."""
        return [
            (self.padding + 3 * i, 14 - 2 * (i + 1), 2 * (i + 1), i < self.pips)
            for i in range(4)
        ]

    @property
    def text(self):
        return f"{self.label} {self.value}"


def badge(edition):
    band = edition.band
    return Badge(
        label="AI risk",
        value=f"{edition.risk_score}% · {band.label}",
        band_slug=band.slug,
        pips=band.pips,
    )


# The share card -----------------------------------------------------------

CARD_SIZE = (1200, 630)
MARGIN = 72


def share_card_png(edition, site_host):
    """A 1200×630 PNG for link previews: title, risk, band and horizon."""
    image = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    band = edition.band
    width, height = CARD_SIZE

    draw_wordmark(draw, MARGIN, 56)
    draw.text(
        (width - MARGIN, 60),
        f"ROLE FILE · {edition.label}",
        font=font(SANS, 22, 600),
        fill=INK_3,
        anchor="ra",
    )
    draw.line((MARGIN, 112, width - MARGIN, 112), fill=INK, width=2)

    draw_pips(draw, MARGIN, 150, band.pips, BAND_COLOURS[band.slug][0], scale=3)
    draw.text(
        (MARGIN + 54, 150),
        f"{band.label.upper()} RISK",
        font=font(SANS, 24, 700),
        fill=ACCENT,
    )
    title_font, title_lines = fit_title(edition.role.title, width - 2 * MARGIN)
    draw.multiline_text(
        (MARGIN, 196), "\n".join(title_lines), font=title_font, fill=INK, spacing=6
    )

    risk_font = font(SERIF, 150, 500, 60)
    draw.text(
        (MARGIN, 560),
        f"{edition.risk_score}%",
        font=risk_font,
        fill=ACCENT,
        anchor="ls",
    )
    label_x = MARGIN + text_width(f"{edition.risk_score}%", risk_font) + 28
    draw.text((label_x, 470), "AI RISK", font=font(SANS, 22, 600), fill=INK_3)
    draw.text((label_x, 500), f"{band.label} band", font=font(SANS, 30, 600), fill=INK)
    horizon = scoring.horizon(edition.horizon_min_years, edition.horizon_max_years)
    if horizon:
        draw.text(
            (label_x, 540), f"Horizon {horizon}", font=font(SANS, 26, 400), fill=INK_3
        )

    draw_meter(draw, edition.risk_score, top=height - 34)
    draw.text(
        (width - MARGIN, 560),
        site_host,
        font=font(SANS, 22, 500),
        fill=INK_3,
        anchor="rs",
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def fit_title(title, max_width):
    """The biggest serif size at which the title fits on two lines."""
    for size in (96, 84, 72, 62, 54):
        face = font(SERIF, size, 600, 60)
        lines = wrap(title, face, max_width)
        if len(lines) <= 2:
            return face, lines
    return face, lines[:2]


def wrap(text, face, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, face) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def draw_wordmark(draw, x, y):
    face = font(SANS, 24, 700)
    draw.text((x, y), "TAKEOVER", font=face, fill=INK)
    x += text_width("TAKEOVER", face) + 10
    for i in range(4):
        bar = 8 + 5 * i
        draw.rectangle(
            (x + 8 * i, y + 26 - bar, x + 8 * i + 5, y + 26),
            fill=ACCENT if i == 3 else INK,
        )
    draw.text((x + 40, y), "METER", font=face, fill=INK)


def draw_pips(draw, x, y, filled, colour, scale):
    for i in range(4):
        bar = scale * 2 * (i + 1)
        left = x + i * scale * 4
        draw.rectangle(
            (left, y + 8 * scale - bar, left + 2 * scale, y + 8 * scale),
            fill=colour if i < filled else EMPTY_PIP,
        )


def draw_meter(draw, score, top):
    """The band scale along the foot of the card, marked at the score."""
    width = CARD_SIZE[0]
    x = 0
    for band in scoring.BANDS:
        span = width * band.span / 100
        draw.rectangle(
            (x, top, x + span, CARD_SIZE[1]), fill=BAND_COLOURS[band.slug][0]
        )
        x += span
    marker = width * score / 100
    draw.rectangle((marker - 4, top - 14, marker + 4, CARD_SIZE[1]), fill=INK)
