"""JSON Feed 1.1 from the feed model, as a plain dict (feedgen has no JSON Feed)."""

from __future__ import annotations

import json

from .items import Feed, Item

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(feed: Feed) -> dict:
    """The feed as a JSON Feed 1.1 document; optional keys only when they have a value.

    {
      "version": "https://jsonfeed.org/version/1.1",
      "title": "...", "home_page_url": "https://…/", "feed_url": "https://…/feed.json",
      "description": "...", "language": "en-GB", "authors": [{"name": "..."}],
      "hubs": [{"type": "WebSub", "url": "https://hub…"}],
      "items": [{"id": "urn:uuid:…", "url": "https://…", "title": "...",
                 "content_html": "...", "summary": "...", "image": "https://…png",
                 "date_published": "2026-…", "date_modified": "2026-…",
                 "authors": [{"name": "..."}], "tags": ["..."]}]
    }
    """
    document = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.urls["json"],
        "description": feed.description,
        "language": feed.language,
        "authors": [{"name": feed.author}],
    }
    if feed.hub:
        document["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    document["items"] = [_item(item) for item in feed.items]
    return document


def _item(item: Item) -> dict:
    entry = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
    }
    if item.image:
        entry["image"] = item.image.url
    entry["date_published"] = item.published.isoformat()
    entry["date_modified"] = item.updated.isoformat()
    if item.authors:
        entry["authors"] = [{"name": name} for name in item.authors]
    if item.tags:
        entry["tags"] = list(item.tags)
    return entry


def dumps(document: dict) -> str:
    """JSON text with <, > and & escaped, so no reader can mistake any of it for markup."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"
