"""The card fonts: loading them once per process, what each can draw, and their hashes."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from functools import lru_cache

from fontTools.ttLib import TTFont
from PIL import ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "fonts")

# Characters that draw nothing but are not in every font's table: keeping them
# would cost nothing, but a font without them would show a box.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufe0e", "\ufe0f", "\u00ad"}


@lru_cache(maxsize=64)
def load(path: str, size: int) -> ImageFont.FreeTypeFont:
    """The font at one pixel size; kept, as layout asks for the same sizes again and again."""
    return ImageFont.truetype(path, size)


@lru_cache(maxsize=16)
def charset(path: str) -> frozenset[int]:
    """Every code point the font has a glyph for (its cmap), read without the outlines."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


@lru_cache(maxsize=16)
def file_hash(path: str) -> str:
    """The font file's content hash: a new font file draws every card again."""
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


@lru_cache(maxsize=65536)  # a post's texts are checked for both its cards; the imprint for all
def drawable(text: str, path: str) -> tuple[str, str]:
    """``text`` with what the font cannot draw left out, and what was left out.

    Text is composed first (NFC), so a 'w' followed by a combining circumflex
    is drawn as the font's own 'ŵ'. Whitespace of every kind becomes one space,
    and emoji joiners and variation selectors go with the emoji they bind.
    """
    covered = charset(path)
    kept, dropped = [], []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace():
            kept.append(" ")
        elif char in _INVISIBLE:
            continue
        elif ord(char) in covered and unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cn"):
            kept.append(char)
        else:
            dropped.append(char)
    return " ".join("".join(kept).split()), "".join(dropped)
