"""Shortening text for a summary or a share: cut at a word, ended with an ellipsis."""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = "…"
# Left off the end of a shortened text, before its ellipsis.
TRAILING = " ,;:.-–—"


def shorten(text: str, limit: int, length: Callable[[str], int] = len) -> str:
    """``text`` in at most ``limit`` (by ``length``), whole words and an ellipsis; a word
    longer than the limit alone is cut."""
    if length(text) <= limit:
        return text
    kept: list[str] = []
    for word in text.split(" "):
        if length(" ".join([*kept, word])) + length(ELLIPSIS) > limit:
            break
        kept.append(word)
    if not kept:
        return text[: max(limit - 1, 0)] + ELLIPSIS
    return " ".join(kept).rstrip(TRAILING) + ELLIPSIS
