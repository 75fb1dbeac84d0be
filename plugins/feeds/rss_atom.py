"""RSS 2.0 and Atom 1.0 from the feed model, written by feedgen."""

from __future__ import annotations

import html

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .items import Feed, Item

ATOM_NS = "http://www.w3.org/2005/Atom"


class WebSubExtension(BaseExtension):
    """``<atom:link rel="hub">`` in an RSS channel: feedgen writes only the self link there."""

    def __init__(self):
        self.hub_url = ""

    def extend_rss(self, rss):
        if self.hub_url:
            channel = rss.find("channel")
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=self.hub_url, rel="hub")
        return rss


class EntryLinksExtension(BaseEntryExtension):
    """An Atom entry's links, with their rel, type and length.

    feedgen 1.0.0 drops every attribute but href from an entry's links (a loop
    variable is reused), which would turn the enclosure into a second alternate.
    """

    def __init__(self):
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry):
        for link in self.links:
            # Unqualified, like feedgen's own Atom elements: the root declares Atom as default.
            xml_elem("link", entry, **link)
        return entry


def _generator(feed: Feed, kind: str) -> FeedGenerator:
    fg = FeedGenerator()
    # Extensions before entries, so every entry gets them.
    fg.load_extension("media")
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("websub", WebSubExtension, None, atom=False, rss=True)
    fg.register_extension("entrylinks", BaseExtension, EntryLinksExtension, atom=True, rss=False)
    fg.id(feed.id)
    fg.title(feed.title)
    # feedgen's description() is subtitle(): RSS readers take it as HTML, Atom as text.
    fg.subtitle(html.escape(feed.description, quote=False) if kind == "rss" else feed.description)
    fg.language(feed.language)
    fg.author(name=feed.author)
    # The feed's dates come from its items: feedgen's default is the build time,
    # which would make every rebuild look like news.
    fg.updated(feed.updated)
    fg.link(href=feed.urls[kind], rel="self", type=_TYPES[kind])
    if feed.hub:
        fg.link(href=feed.hub, rel="hub")
        fg.websub.hub_url = feed.hub
    # Last: feedgen makes the last link the RSS channel's <link>.
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    for item in feed.items:
        # feedgen prepends by default; the items are already newest first.
        _entry(fg.add_entry(order="append"), item, kind)
    return fg


_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def _entry(entry, item: Item, kind: str) -> None:
    # id() also writes the RSS guid with isPermaLink="false": the id is not the address.
    entry.id(item.id)
    entry.title(item.title)
    image = item.image
    if kind == "rss":
        entry.link(href=item.url, rel="alternate", type="text/html")
        if image:
            entry.enclosure(url=image.url, length=str(image.length), type=image.type)
    else:
        entry.entrylinks.links.append({"rel": "alternate", "type": "text/html", "href": item.url})
        if image:
            entry.entrylinks.links.append(
                {"rel": "enclosure", "type": image.type, "length": str(image.length),
                 "href": image.url}
            )  # fmt: skip
    entry.published(item.published)
    entry.updated(item.updated)
    # Set before content(): RSS <description> holds the summary, content:encoded the rest.
    entry.summary(item.summary)
    if kind == "rss":
        # Readers take an RSS description as HTML: plain text must be escaped for that
        # (Atom's summary says type text and needs no more than XML escaping).
        entry.description(html.escape(item.summary, quote=False))
    entry.content(item.content_html, type="html")
    for author in item.authors:
        entry.author(name=author)
        entry.dc.dc_creator(author)
    for tag in item.tags:
        entry.category(term=tag)
    if image:
        entry.media.content(
            url=image.url,
            type=image.type,
            medium="image",
            width=str(image.width),
            height=str(image.height),
            fileSize=str(image.length),
            group=None,
        )


def rss(feed: Feed) -> bytes:
    """The feed as RSS 2.0 (with content:encoded, media:content and enclosure)."""
    return _generator(feed, "rss").rss_str(pretty=True)


def atom(feed: Feed) -> bytes:
    """The feed as Atom 1.0."""
    return _generator(feed, "atom").atom_str(pretty=True)
