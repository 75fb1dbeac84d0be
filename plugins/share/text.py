"""Fit share text to a network's limit without cutting a word or the link."""

from __future__ import annotations

from sitekit.text import shorten


def length(text: str) -> int:
    # Code points: never fewer than the graphemes a network counts, so a text
    # that fits by this measure fits by theirs.
    return len(text)


def fit(text: str, hashtags: tuple[str, ...], limit: int) -> str:
    """``text`` and the hashtags in at most ``limit`` characters.

    Hashtags go first when space runs out, then the text is shortened at a
    word boundary with an ellipsis.
    """
    tags = " ".join(f"#{tag}" for tag in hashtags)
    if tags and length(text) + 1 + length(tags) <= limit:
        return f"{text} {tags}"
    return shorten(text, limit, length)


def compose(text: str, hashtags: tuple[str, ...], url: str, limit: int) -> str:
    """Text, hashtags and the whole link, in at most ``limit`` characters."""
    return f"{fit(text, hashtags, limit - length(url) - 1)} {url}"
