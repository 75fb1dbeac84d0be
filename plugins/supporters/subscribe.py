"""Every way to follow the team, as data for the subscribe page: feeds, topics, channels."""

from __future__ import annotations

from dataclasses import dataclass

# One line on what each kind of feed is for.
FEED_PURPOSES = {
    "rss": "For feed readers, and for email services that turn new posts into emails.",
    "atom": "The same posts for feed readers that prefer Atom.",
    "json": "The same posts as JSON Feed, for apps and developers.",
}


@dataclass(frozen=True)
class FeedOption:
    name: str  # "RSS", "Atom", "JSON Feed"
    path: str  # inside the site: {{ SITEURL }}/{{ path }}
    type: str  # MIME type
    purpose: str


@dataclass(frozen=True)
class TopicFeeds:
    name: str
    path: str  # the topic's own page
    feeds: tuple[FeedOption, ...]


@dataclass(frozen=True)
class Channel:
    name: str
    url: str
    description: str


@dataclass(frozen=True)
class SubscribeOptions:
    site_feeds: tuple[FeedOption, ...]
    topics: tuple[TopicFeeds, ...]
    channels: tuple[Channel, ...]


def _options(links) -> tuple[FeedOption, ...]:
    return tuple(
        FeedOption(link.name, link.path, link.type, FEED_PURPOSES.get(link.kind, ""))
        for link in links
    )


def subscribe_options(
    feed_links: dict | None, tags: dict, channels: list[dict]
) -> SubscribeOptions:
    """``feed_links`` as the feeds plugin puts it in the context (None when it is off);
    ``tags`` maps each topic's slug to its Tag (``name``, ``url``)."""
    feed_links = feed_links or {"site": [], "topics": {}}
    topics = [
        TopicFeeds(tags[slug].name, tags[slug].url, _options(links))
        for slug, links in feed_links["topics"].items()
        if slug in tags and links
    ]
    return SubscribeOptions(
        site_feeds=_options(feed_links["site"]),
        topics=tuple(sorted(topics, key=lambda topic: (topic.name.casefold(), topic.path))),
        channels=tuple(Channel(**channel) for channel in channels),
    )
