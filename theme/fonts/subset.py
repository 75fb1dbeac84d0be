"""Make the site's web fonts: Inter (the cards' own copy) cut to the characters a site needs.

Run once, and again only when the cards' Inter or the character list changes; the
WOFF2 files it writes are committed beside it, so a build needs neither this script nor
brotli (fontTools is a requirement already, for the cards; brotli is for WOFF2 alone):

    .venv/bin/pip install brotli==1.2.1
    .venv/bin/python theme/fonts/subset.py

docs/brand.md says what the files hold and why.
"""

from __future__ import annotations

import os

from fontTools import subset

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "..", "..", "plugins", "cards", "fonts")
# Regular for text; SemiBold for headings, labels and <strong> (asked for at 600-700).
FACES = {"Inter-Regular.otf": "inter-regular.woff2", "Inter-SemiBold.otf": "inter-semibold.woff2"}
# Basic Latin and Latin-1 (£, €'s neighbours, é, ñ, ß), the letters Welsh adds (ŵ ŷ) and
# the few others Latin-1 lacks that English text meets (Œ œ Š š Ž ž Ÿ), general
# punctuation (dashes, curly quotes, ellipsis, bullet, ‰), €, ™, → and the minus sign.
# Any other character is drawn by the system font, glyph by glyph: measured, the whole
# of Latin Extended-A and currency block cost 8 KB a face more, on every first visit.
UNICODES = [
    *range(0x0020, 0x007F),
    *range(0x00A0, 0x0100),
    0x0152, 0x0153, 0x0160, 0x0161, 0x0174, 0x0175, 0x0176, 0x0177, 0x0178, 0x017D, 0x017E,
    *range(0x2010, 0x2028),
    *range(0x2030, 0x203B),
    0x20AC, 0x2122, 0x2192, 0x2212,
]  # fmt: skip


def make(source: str, target: str) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    # Kerning, ligatures and accents placed on letters; no hinting (phones ignore it), no
    # glyph names, and CFF without subroutines (WOFF2's Brotli packs it smaller): the two
    # faces are 27 KB, against 52 KB with Inter's contextual and figure features kept.
    options.layout_features = ["kern", "liga", "ccmp", "locl", "mark", "mkmk"]
    options.hinting = False
    options.glyph_names = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and the licence
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    subset.save_font(font, target, options)
    return os.path.getsize(target)


if __name__ == "__main__":
    for source, target in FACES.items():
        size = make(os.path.join(SHIPPED, source), os.path.join(HERE, target))
        print(f"theme/fonts/{target}: {size:,} bytes")
