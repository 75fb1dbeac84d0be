"""The nothing-lost guarantee, checked on every publish: no published post goes missing.

Every published post must appear on exactly one page of the home listing, on each of
its topic pages, in the sitemap, in the search index, in the main feed (when it is
among the newest the feed holds) and in each of its topic feeds; no draft or scheduled
post may appear in any of them; no two posts may share an address. Read from the
finished output alone, so it checks what readers will get, not what the build meant.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from xml.etree import ElementTree

from pelican.urlwrappers import Tag

from .postbuild import Built, check, sitemap_addresses

CARD_LINK = re.compile(r'class="card__title"><a href="([^"]*)"')


def listing_pages(built: Built, base: str) -> list[str]:
    """The pages of one paginated listing: ``base`` (e.g. "" or "topics/vat/") and its /page/N/."""
    pages, number = [], 1
    while True:
        page = f"{base}index.html" if number == 1 else f"{base}page/{number}/index.html"
        if not built.exists(page):
            return pages
        pages.append(page)
        number += 1


def listed_addresses(built: Built, pages: list[str]) -> Counter:
    """How often each post address is linked as a card on these listing pages."""
    found: Counter = Counter()
    for page in pages:
        found.update(built.remembered("cards", page, lambda page=page: card_links(built, page)))
    return found


def card_links(built: Built, page: str) -> list[str]:
    """The post addresses one listing page links as cards, as output paths."""
    hrefs = CARD_LINK.findall(built.read(page))
    return [built.local_path(href.replace("&amp;", "&"), page) for href in hrefs]


def feed_addresses(built: Built, name: str) -> list[str]:
    """Item links of an RSS feed, in order, as output paths."""

    def find() -> list[str]:
        root = ElementTree.fromstring(built.read(name).encode("utf-8"))
        links = (item.findtext("link") or "" for item in root.iter("item"))
        return [built.local_path(link.strip(), name) for link in links if link.strip()]

    return built.remembered("feed", name, find)


def search_addresses(built: Built) -> set[str] | None:
    """Addresses in the Pagefind index (every part of it), or None when the site has none."""
    if not os.path.isdir(os.path.join(built.output, "pagefind", "fragment")):
        return None
    found = set()
    for part in sorted(os.listdir(built.output)):
        folder = os.path.join(built.output, part, "fragment")
        if not (part == "pagefind" or part.startswith("pagefind-")) or not os.path.isdir(folder):
            continue
        for name in os.listdir(folder):
            relative = f"{part}/fragment/{name}"
            found.add(
                built.remembered("search", relative, lambda r=relative: fragment_url(built, r))
            )
    return found


def fragment_url(built: Built, relative: str) -> str:
    """The address one Pagefind fragment (one indexed page) is for."""
    with open(os.path.join(built.output, relative), "rb") as file:
        data = gzip.decompress(file.read())
    return json.loads(data.removeprefix(b"pagefind_dcd"))["url"].lstrip("/")


def feed_settings(settings: dict) -> dict:
    """The settings with the feeds plugin's defaults, when the site uses that plugin."""
    if not any(str(name).endswith("feeds") for name in settings.get("PLUGINS", [])):
        return settings
    from feeds.settings import prepare  # the plugin's own defaults, not a copy of them

    return prepare(dict(settings))


def where_missing(built: Built) -> list[str]:
    settings = feed_settings(built.settings) if built.settings else {}
    # Newest first, as listings and feeds order them.
    listed = sorted(
        (i for i in built.items if i.kind == "article" and i.listed),
        key=lambda i: (-i.entry.date.timestamp(), i.path),
    )
    unpublished = {i.url for i in built.unpublished} | {i.url for i in built.items if not i.public}
    problems = []

    def lost(item, place: str) -> None:
        problems.append(f"{item.source} ({item.entry.title}) is missing from {place}")

    addresses = Counter(i.url for i in built.items if i.public)
    problems += [f"two posts share the address /{url}" for url, n in addresses.items() if n > 1]

    home = listed_addresses(built, listing_pages(built, ""))
    for item in listed:
        if home[item.url] != 1:
            where = "the home listing" if not home[item.url] else "the home listing (listed twice)"
            lost(item, where)

    topic_pages: dict[str, Counter] = {}
    for item in listed:
        for name in item.entry.tags:
            tag = Tag(name, settings) if settings else None
            base = tag.url if tag else ""
            if base not in topic_pages:
                topic_pages[base] = listed_addresses(built, listing_pages(built, base))
            if topic_pages[base][item.url] != 1:
                lost(item, f"its topic page /{base}")

    if built.exists("sitemap.xml"):
        locations, trouble = sitemap_addresses(built)
        problems += trouble
        in_sitemap = {built.local_path(url, "sitemap.xml") for url in locations}
        problems += [f"{i.source} ({i.entry.title}) is missing from the sitemap"
                     for i in listed if i.url not in in_sitemap]  # fmt: skip
        problems += [f"the sitemap lists unpublished /{url}" for url in in_sitemap & unpublished]

    searchable = search_addresses(built)
    if searchable is not None:
        problems += [f"{i.source} ({i.entry.title}) is missing from the search index"
                     for i in listed if i.url not in searchable]  # fmt: skip
        problems += [
            f"the search index holds unpublished /{url}" for url in searchable & unpublished
        ]

    limit = settings.get("FEEDS_MAX_ITEMS", 20)
    site_rss = settings.get("FEEDS_SITE_PATHS", {}).get("rss")
    if site_rss and built.exists(site_rss):
        problems += feed_problems(built, site_rss, listed[:limit], unpublished)
    topic_rss = settings.get("FEEDS_TOPIC_PATHS", {}).get("rss")
    if topic_rss and settings:
        by_topic: dict[str, list] = {}
        for item in listed:
            for name in item.entry.tags:
                by_topic.setdefault(Tag(name, settings).slug, []).append(item)
        for slug, items in sorted(by_topic.items()):
            name = topic_rss.format(slug=slug)
            if not built.exists(name):
                problems.append(f"the topic feed /{name} is missing")
                continue
            problems += feed_problems(built, name, items[:limit], unpublished)

    for page in listing_pages(built, ""):
        leaked = set(listed_addresses(built, [page])) & unpublished
        problems += [f"/{page} lists unpublished /{url}" for url in sorted(leaked)]
    return problems


def feed_problems(built: Built, name: str, expected: list, unpublished: set[str]) -> list[str]:
    present = feed_addresses(built, name)
    problems = [
        f"{i.source} ({i.entry.title}) is missing from the feed /{name}"
        for i in expected
        if i.url not in present
    ]
    problems += [f"the feed /{name} holds unpublished /{url}" for url in set(present) & unpublished]
    return problems


@check("nothing-lost")
def nothing_lost(built: Built) -> list[str]:
    """Every published post is in every place a reader looks for it; no draft is in any."""
    return where_missing(built)
