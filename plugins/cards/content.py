"""What a post's cards show: plain text chosen from the post, before any font is involved."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[A-Z0-9£$€])")
_OPENS_AFTER = " \t\n([{—–-/"


@dataclass(frozen=True)
class Shown:
    """The words on a post's cards, and the alternative text that says the same."""

    headline: str
    quoted: bool
    accent: str
    alt: str
    badge: str | None = None
    byline: str | None = None
    label: str | None = None
    kicker: str | None = None
    summary: str | None = None


def rebuttal(
    claim: str,
    claimant: str,
    verdict_label: str,
    verdict_colour: str,
    kicker: str | None,
    first_fact: str | None,
    facts_label: str,
) -> Shown:
    """A rebuttal's card: the verdict in words, the claim quoted, who said it, the facts."""
    # Quotation marks inside the claim become single ones, as inside any quotation.
    claim = typographic(unquote(claim)).replace("“", "‘").replace("”", "’")
    claimant = typographic(claimant)
    line = typographic(kicker) if kicker else first_sentence(typographic(first_fact or ""))
    alt = f"Verdict: {verdict_label}. {claimant} said: “{claim}”"
    if line:
        alt += f" {facts_label}: {line}"
    return Shown(
        headline=claim,
        quoted=True,
        accent=verdict_colour,
        alt=alt,
        badge=verdict_label,
        byline=claimant,
        label=facts_label if line else None,
        kicker=line or None,
    )


def update(
    title: str, summary: str | None, topic: str | None, accent: str, kicker: str | None
) -> Shown:
    """An update's card: its title (or the card's headline) and summary, under its topic."""
    title = typographic(title)
    below = typographic(kicker or summary or "") or None
    return Shown(
        headline=title,
        quoted=False,
        accent=accent,
        alt=sentences(title, below),
        badge=topic,
        summary=below,
    )


def unquote(text: str) -> str:
    """A claim typed inside quotation marks loses them: the card adds its own."""
    text = " ".join(text.split())
    pairs = {'"': '"', "“": "”", "'": "'", "‘": "’", "„": "“", "«": "»"}
    if len(text) > 2 and pairs.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as a typesetter would set them; '...' as an ellipsis."""
    text = " ".join(text.split()).replace("...", "…")
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        opening = before in _OPENS_AFTER or before in "“‘"
        if char == '"':
            out.append("“" if opening else "”")
        elif char == "'":
            out.append("‘" if opening and not _year(text, index) else "’")
        else:
            out.append(char)
    return "".join(out)


def _year(text: str, index: int) -> bool:
    """'90s and '24: an apostrophe standing for missing digits, not an opening quote."""
    return text[index + 1 : index + 3].isdigit()


def first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0] if text else ""


def sentences(first: str, second: str | None) -> str:
    """Two texts as one, with a full stop between them unless the first already ends one."""
    if not second:
        return first
    stop = "" if first.endswith((".", "!", "?", "…")) else "."
    return f"{first}{stop} {second}"
