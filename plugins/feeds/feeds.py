"""Pelican glue for the feeds: settings, the generator that writes them, and register()."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import imagesize
from incremental import pages
from incremental.output_files import write_if_changed, write_keyed
from pelican import signals
from pelican.generators import Generator

from . import json_feed, rss_atom
from . import settings as feed_settings
from .content_html import (
    TEMPLATES,
    PostView,
    absolute_links,
    email_edition,
    item_content,
    sized_images,
    web_links,
)
from .content_html import environment as content_environment
from .items import KIND_NAMES, MIME_TYPES, Feed, Item, absolute, image_from, newest_first

logger = logging.getLogger(__name__)

# Fixed forever: a feed's own Atom id is a uuid5 name in this namespace, so it
# survives a change of domain just as the items' ids do.
FEED_ID_NAMESPACE = uuid.UUID("0c0e6f4e-8d0b-4f7e-9a55-6a1c2f9d4b3a")

WRITERS = {
    "rss": rss_atom.rss,
    "atom": rss_atom.atom,
    "json": lambda feed: json_feed.dumps(json_feed.json_feed(feed)).encode("utf-8"),
}


@dataclass(frozen=True)
class FeedLink:
    """One feed file as templates see it: ``{{ SITEURL }}/{{ link.path }}``."""

    kind: str
    path: str
    url: str  # absolute, as the feed itself states it

    @property
    def type(self) -> str:
        return MIME_TYPES[self.kind]

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


def prepare_settings(pelican) -> None:
    feed_settings.prepare(pelican.settings)


def feed_links(paths: dict[str, str], site_url: str, slug: str | None = None) -> list[FeedLink]:
    links = []
    for kind in feed_settings.KINDS:
        if kind in paths:
            path = paths[kind].format(slug=slug) if slug is not None else paths[kind]
            links.append(FeedLink(kind, path, absolute(site_url, path)))
    return links


def feed_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, name)}"


def first_published(article) -> datetime:
    """The first publication, as the ledger recorded it: it never moves."""
    recorded = getattr(article, "first_published", None)
    return datetime.fromisoformat(recorded) if recorded else article.date


def image_sizes(staticfiles, site_url: str) -> Callable[[str], tuple[int, int] | None]:
    """The size of the site's own image at an absolute address, read from its file."""
    files = {absolute(site_url, static.url): static.source_path for static in staticfiles}

    def size_of(url: str) -> tuple[int, int] | None:
        path = files.get(url)
        if not path:
            return None
        try:
            return imagesize.get(path)  # (-1, -1) when it is not an image it knows
        except OSError:
            return None

    return size_of


def post_view(article, site_url: str, settings: dict, size_of=lambda url: None) -> PostView:
    url = absolute(site_url, article.url)
    return PostView(
        title=article.title,
        url=url,
        body_html=sized_images(absolute_links(article.get_content(site_url), url), size_of),
        summary=article.summary,
        verdict=getattr(article, "verdict", None),
        claim=getattr(article, "claim", None),
        facts=tuple(getattr(article, "facts", ())),
        corrections=tuple(getattr(article, "corrections", ())),
        share_links=web_links(getattr(article, "share_links", None)),
        image=image_from(getattr(article, "share_image", None), site_url),
        imprint=settings.get("IMPRINT") or "",
        site_name=settings.get("SITENAME") or "",
    )


def item_for(article, view: PostView, settings: dict, env=None) -> Item:
    published = first_published(article)
    modified = getattr(article, "modified", None) or published
    return Item(
        id=article.feed_id,
        title=article.title,
        url=view.url,
        published=published,
        updated=max(modified, published),
        summary=article.summary,
        content_html=item_content(view, settings["DEFAULT_DATE_FORMAT"], env),
        image=view.image,
        tags=tuple(tag.name for tag in getattr(article, "tags", ())),
        authors=tuple(author.name for author in getattr(article, "authors", ())),
    )


def email_save_as(folder: str, url: str) -> str:
    """Where a post's email edition goes: its own address, inside the unlisted folder."""
    page = "index.html" if url.endswith("/") or not url else ""
    return f"{folder.strip('/')}/{url}{page}"


def _slugs(article) -> set[str]:
    return {tag.slug for tag in getattr(article, "tags", ())}


class FeedsGenerator(Generator):
    """Writes the site's feeds, each topic's feeds and the email editions."""

    def generate_context(self):
        # Feed addresses only depend on the topics, which are known now, before any
        # page is written: the templates' discovery links use them.
        self.site_url = feed_settings.feeds_site_url(self.settings)
        self.topics = {}
        for article in self.context.get("articles", []):
            for tag in getattr(article, "tags", ()):
                self.topics.setdefault(tag.slug, tag)
        self.context["feed_links"] = {
            "site": feed_links(self.settings["FEEDS_SITE_PATHS"], self.site_url),
            "topics": {
                slug: feed_links(self.settings["FEEDS_TOPIC_PATHS"], self.site_url, slug)
                for slug in sorted(self.topics)
            },
        }

    def generate_output(self, writer):
        # Items are made here: post addresses are pinned after generate_context
        # (in all_generators_finalized), and a card is known by now when there is one.
        settings = self.settings
        size_of = image_sizes(self.context.get("staticfiles", []), self.site_url)
        articles = sorted(
            self.context.get("articles", []),
            key=lambda article: (-first_published(article).timestamp(), article.feed_id),
        )
        # The theme's templates (feed_item.html, email_edition.html), as the pages have them.
        env = content_environment(self.env.loader)
        folders = [*pages.loader_folders(self.env.loader), TEMPLATES]
        made = Made(self.context, self.output_path, folders)
        views: dict[int, PostView] = {}
        items: dict[int, Item] = {}

        def view_of(article) -> PostView:
            if id(article) not in views:
                views[id(article)] = post_view(article, self.site_url, settings, size_of)
            return views[id(article)]

        def items_of(chosen) -> tuple[Item, ...]:
            for article in chosen:
                if id(article) not in items:
                    items[id(article)] = item_for(article, view_of(article), settings, env)
            return newest_first([items[id(article)] for article in chosen])

        limit = settings["FEEDS_MAX_ITEMS"] or None
        links = self.context["feed_links"]
        self.write_feeds(
            made,
            links["site"],
            title=settings["SITENAME"],
            description=settings.get("SITE_DESCRIPTION") or settings["SITENAME"],
            home_url=absolute(self.site_url, ""),
            name="site",
            chosen=articles[:limit],
            items_of=items_of,
        )
        on_topic: dict[str, list] = {}
        for article in articles:  # newest first, as each topic's feed lists them
            for slug in _slugs(article):
                on_topic.setdefault(slug, []).append(article)
        for slug, topic_links in links["topics"].items():
            tag = self.topics[slug]
            tagged = on_topic.get(slug, [])
            self.write_feeds(
                made,
                topic_links,
                title=f"{settings['SITENAME']}: {tag.name}",
                description=f"Rebuttals and updates on {tag.name}.",
                home_url=absolute(self.site_url, tag.url),
                name=f"topic|{slug}",
                chosen=tagged[:limit],
                items_of=items_of,
            )
        if settings["FEEDS_EMAIL_EDITIONS"]:
            date_format = settings["DEFAULT_DATE_FORMAT"]
            for article in articles:
                path = email_save_as(settings["FEEDS_EMAIL_DIR"], article.url)
                made.write(
                    path,
                    ("email", made.of(article)),
                    lambda a=article: email_edition(view_of(a), date_format, env).encode("utf-8"),
                )

    def write_feeds(self, made, links, *, title, description, home_url, name, chosen, items_of):
        @functools.cache  # made once, for whichever of its formats are stale
        def feed() -> Feed:
            return Feed(
                id=feed_id(name),
                title=title,
                description=description,
                home_url=home_url,
                urls={link.kind: link.url for link in links},
                language=self.settings.get("DEFAULT_LANG") or "en",
                author=self.settings.get("AUTHOR") or self.settings["SITENAME"],
                items=items_of(chosen),
                hub=self.settings["FEEDS_HUB"],
            )

        # A feed is made only when a post it shows, or anything else it says, changed:
        # its items are the costly part.
        for link in links:
            made.write(
                link.path,
                ("feed", link.kind, name, title, description, home_url, *map(made.of, chosen)),
                lambda link=link: WRITERS[link.kind](feed()),
            )


class Made:
    """Files made from posts, skipped when what they are made from is unchanged.

    A file's key is the digest of the posts it shows (as the incremental plugin sees
    them: their source, address and every attribute plugins gave them), the site's code
    and settings, and the site's static files: their addresses and, as an email edition
    states them, their width and height (read from the file's header, whatever its date
    or length).
    """

    def __init__(self, context: dict, output_path: str, template_folders=()):
        self.context, self.output_path = context, output_path
        self.keys = pages.keys()
        # The theme's templates, which the plugins' code digest does not cover.
        self.templates = pages.files_digest(list(template_folders)) if self.keys else ""
        static = sorted(
            f"{item.source_path}:{item.url}:{_dimensions(item.source_path)}"
            for item in context.get("staticfiles", [])
        )
        self.static = hashlib.sha256("\n".join(static).encode()).hexdigest()

    def of(self, article) -> str:
        return self.keys.content(article, self.context) if self.keys else ""

    def write(self, relative: str, parts: tuple, make) -> None:
        if self.keys is None:  # built without the incremental plugin
            write_if_changed(os.path.join(self.output_path, relative), make())
            return
        # The key of the site (made_from) takes in the plugins' code and templates.
        key = self.keys.made_from(self.static, self.templates, *map(str, parts))
        write_keyed(self.output_path, relative, key, make)


def _dimensions(path: str) -> tuple[int, int]:
    try:
        return imagesize.get(path)  # (-1, -1) when it is not an image it knows
    except (OSError, ValueError):
        return (-1, -1)


def get_generators(pelican):
    return FeedsGenerator


def register():
    # Defaults and checks for FEEDS_* must be in place before anything is read.
    signals.initialized.connect(prepare_settings)
    # Feeds and email editions are output files of their own, from a generator.
    signals.get_generators.connect(get_generators)
