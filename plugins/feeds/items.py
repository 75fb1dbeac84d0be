"""The feed model: plain values a feed is written from, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sitekit.urls import absolute

# The date of a feed with no items: fixed, so an empty feed still rebuilds byte-identical.
EMPTY_FEED_DATE = datetime(1970, 1, 1, tzinfo=UTC)

# Email clients show images at their width attribute; wider than this breaks the layout.
EMAIL_WIDTH = 600

MIME_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
KIND_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@dataclass(frozen=True)
class Image:
    """The post's card, as a feed carries it: every address absolute."""

    url: str
    width: int
    height: int
    type: str
    length: int
    alt: str

    @property
    def display_width(self) -> int:
        return min(self.width, EMAIL_WIDTH)

    @property
    def display_height(self) -> int:
        return round(self.height * self.display_width / self.width) if self.width else self.height


@dataclass(frozen=True)
class Item:
    """One post in a feed. ``id`` and ``published`` are fixed at first publication."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    image: Image | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """One feed (the site's or a topic's), in every format it is written in."""

    id: str
    title: str
    description: str
    home_url: str
    urls: dict[str, str]  # kind (rss, atom, json) -> the feed's own absolute address
    language: str
    author: str
    items: tuple[Item, ...]
    hub: str = ""

    @property
    def updated(self) -> datetime:
        """The newest change among the items: a rebuild alone never moves it."""
        return max((item.updated for item in self.items), default=EMPTY_FEED_DATE)


def image_from(share_image: dict | None, site_url: str) -> Image | None:
    """The share-graphics plugin's card (a dict, or absent) as a feed image."""
    if not share_image:
        return None
    return Image(
        url=absolute(site_url, share_image["url"]),
        width=int(share_image["width"]),
        height=int(share_image["height"]),
        type=str(share_image["type"]),
        length=int(share_image["length"]),
        alt=str(share_image.get("alt") or ""),
    )


def newest_first(items, limit: int | None = None) -> tuple[Item, ...]:
    """Newest first by first publication; the id breaks ties, so order never reshuffles."""
    ordered = sorted(items, key=lambda item: (-item.published.timestamp(), item.id))
    return tuple(ordered[:limit] if limit else ordered)
