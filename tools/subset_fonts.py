"""Rebuild the subset web fonts in static/fonts/ from their upstream files.

Upstream: the `latin` woff2 builds in the Fontsource npm packages
@fontsource-variable/source-serif-4 5.3.1 and @fontsource-variable/inter
5.3.0 (Fontsource takes them from Google Fonts). The site shipped those files
unchanged until the subsets replaced them; the script fetches them again with
`npm pack` and checks their SHA-256 before it cuts anything.

What the subsets keep:

- the characters below (Basic Latin, all of Latin-1, the typographic
  punctuation, ↑ ↓ and −). The upstream files never had ← → ↗ ▲ ▼ ≥ α β γ,
  which the browser draws from the next font in the stack, as before;
- both variation axes: opsz (8-60, all of it) and wght, the latter cut to the
  400-700 the stylesheet uses (it asks for 400, 450, 500, 600 and 700), which
  drops the light masters. Outlines and advances inside that range match the
  upstream font to within a unit of rounding;
- the layout features a browser applies by default (kerning, ligatures,
  contextual alternates, marks) and tnum/lnum for
  `font-variant-numeric: lining-nums tabular-nums`. Fractions, numerators,
  denominators and proportional figures, which nothing asks for, go.

Names: Source Serif 4's copyright notice reserves the font name "Source"
(SIL OFL 1.1, Reserved Font Name), and a subset is a Modified Version, so the
subsets are renamed "Meter Serif" (copyright and licence entries kept). Inter
has no Reserved Font Name and keeps its name.

fontTools and brotli are not project dependencies: `make fonts` installs them
in a scratch virtualenv and runs this script with it.
"""

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"

UNICODES = [
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1: accented names, © ® ° · × § ¶ « » etc.
    0x131,  # ı
    0x152,  # Œ
    0x153,  # œ
    0x2009,  # thin space
    0x2013,  # –
    0x2014,  # —
    0x2018,  # ‘
    0x2019,  # ’
    0x201A,  # ‚
    0x201C,  # “
    0x201D,  # ”
    0x201E,  # „
    0x2022,  # •
    0x2026,  # …
    0x2039,  # ‹
    0x203A,  # ›
    0x20AC,  # €
    0x2122,  # ™
    0x2191,  # ↑
    0x2193,  # ↓
    0x2212,  # −
]
FEATURES = [
    # On by default in browsers.
    *("ccmp", "locl", "rvrn", "kern", "mark", "mkmk"),
    *("liga", "clig", "calt", "rlig", "rclt"),
    # font-variant-numeric: lining-nums tabular-nums
    *("lnum", "tnum"),
]
WEIGHTS = (400, 700)

PACKAGES = {
    "source-serif-4": "@fontsource-variable/source-serif-4@5.3.1",
    "inter": "@fontsource-variable/inter@5.3.0",
}
# upstream file -> (package, SHA-256, output file, new family name or None)
FILES = {
    "source-serif-4-latin-opsz-normal.woff2": (
        "source-serif-4",
        "f2ea9c12d2fe9bd3a9589b02ad2c0909da88f30938c91adc838c4f4098f9f9e0",
        "meter-serif-opsz-wght-subset.woff2",
        "Meter Serif",
    ),
    "source-serif-4-latin-wght-italic.woff2": (
        "source-serif-4",
        "b4f56ddc9873487f1c9a3ad5bbce31982fe89b951f57e4604f62b4c8a540fb19",
        "meter-serif-italic-wght-subset.woff2",
        "Meter Serif",
    ),
    "inter-latin-wght-normal.woff2": (
        "inter",
        "3100e775e8616cd2611beecfa23a4263d7037586789b43f035236a2e6fbd4c62",
        "inter-wght-subset.woff2",
        None,
    ),
}
NOTE = (
    "Subset of {original} for Takeover Meter (tools/subset_fonts.py): "
    "Latin-1 and punctuation, weights 400-700{axes}."
)


def fetch(workdir):
    """Unpack each npm package into workdir; return {package: files dir}."""
    dirs = {}
    for key, spec in PACKAGES.items():
        out = subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", str(workdir), spec],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        target = workdir / key
        with tarfile.open(workdir / out) as archive:
            archive.extractall(target, filter="data")
        dirs[key] = target / "package" / "files"
    return dirs


def rename(font, family):
    """Replace the Source Serif 4 family name everywhere it names the font."""
    name = font["name"]
    for record in name.names:
        if record.nameID == 0:  # the copyright notice stays as it is
            continue
        text = record.toUnicode()
        new = text.replace("Source Serif 4", family).replace(
            "SourceSerif4", family.replace(" ", "")
        )
        if new != text:
            record.string = new


def build(source, target, family):
    font = TTFont(source, recalcTimestamp=False)
    original = font["name"].getDebugName(4)
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    instancer.instantiateVariableFont(font, {"wght": WEIGHTS}, inplace=True)
    if family:
        rename(font, family)
    has_opsz = any(axis.axisTag == "opsz" for axis in font["fvar"].axes)
    axes = ", optical sizes 8-60" if has_opsz else ""
    font["name"].setName(NOTE.format(original=original, axes=axes), 10, 3, 1, 0x409)
    version = font["name"].getDebugName(5)
    font["name"].setName(f"{version}; subset", 5, 3, 1, 0x409)
    font.flavor = "woff2"
    font.save(target)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        dirs = fetch(Path(tmp))
        for upstream, (package, digest, output, family) in FILES.items():
            source = dirs[package] / upstream
            actual = hashlib.sha256(source.read_bytes()).hexdigest()
            if actual != digest:
                sys.exit(f"{upstream}: SHA-256 {actual}, expected {digest}")
            target = FONTS / output
            build(source, target, family)
            before, after = source.stat().st_size, target.stat().st_size
            print(f"{output}: {before:,} -> {after:,} bytes")


if __name__ == "__main__":
    main()
