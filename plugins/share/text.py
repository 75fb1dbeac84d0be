"""Fit share text to a network's limit without cutting a word or the link."""

from __future__ import annotations

ELLIPSIS = "…"


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
    return shorten_words(text, limit)


def compose(text: str, hashtags: tuple[str, ...], url: str, limit: int) -> str:
    """Text, hashtags and the whole link, in at most ``limit`` characters."""
    return f"{fit(text, hashtags, limit - length(url) - 1)} {url}"


def shorten_words(text: str, limit: int) -> str:
    if length(text) <= limit:
        return text
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        candidate = " ".join([*kept, word])
        if length(candidate) + length(ELLIPSIS) > limit:
            break
        kept.append(word)
    if not kept:
        # One word longer than the limit: the only case where a word is cut.
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return " ".join(kept).rstrip(" ,;:.-–—") + ELLIPSIS
