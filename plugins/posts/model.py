"""The content model: what a valid post holds once its front-matter is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Source:
    url: str
    title: str | None = None
    publisher: str | None = None
    date: date | None = None
    accessed: date | None = None
    archived_url: str | None = None


@dataclass(frozen=True)
class Fact:
    text: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Claim:
    """The opponent's statement a rebuttal answers."""

    text: str
    claimant: str
    date: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Correction:
    date: datetime
    note: str


@dataclass(frozen=True)
class Card:
    """Text for the share graphic when the title does not suit it."""

    headline: str | None = None
    kicker: str | None = None


@dataclass
class Post:
    """One valid post file, as the contract in docs/posts.md defines it."""

    title: str
    date: datetime
    body: str
    modified: datetime | None = None
    slug: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    status: str = "published"
    claim: Claim | None = None
    verdict: str | None = None
    facts: tuple[Fact, ...] = ()
    card: Card | None = None
    image: str | None = None
    share_text: str | None = None
    corrections: tuple[Correction, ...] = ()
    aliases: tuple[str, ...] = ()
    # The line of each top-level field, for problems found later (addresses).
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_rebuttal(self) -> bool:
        return self.claim is not None

    @property
    def last_modified(self) -> datetime | None:
        """The latest of ``modified`` and the corrections: a correction is a change."""
        dates = [c.date for c in self.corrections]
        if self.modified:
            dates.append(self.modified)
        # A correction dated by day alone reads as midnight; never before publication.
        return max(dates + [self.date]) if dates else None
