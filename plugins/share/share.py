"""Share links for every network, as plain links: no third-party code on the page."""

from __future__ import annotations

import logging
from functools import partial

from incremental import memo
from incremental.preview import post_previewed
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator
from sitekit.errors import SettingsError
from sitekit.settings import fill_defaults
from sitekit.urls import public_url  # shared links must be absolute

from .networks import NETWORKS, Shareable

logger = logging.getLogger(__name__)

# The links are made by this folder's code alone: a change to it is a change to every key.
CODE = memo.code_version(__file__)

DEFAULTS = {
    "SHARE_NETWORKS": [
        "whatsapp",
        "x",
        "facebook",
        "bluesky",
        "threads",
        "telegram",
        "linkedin",
        "reddit",
        "mastodon",
        "email",
    ],  # fmt: skip
    "SHARE_HASHTAGS": [],
    # Shown first, as large buttons; the others wait behind "More ways to share".
    "SHARE_PRIMARY": ["whatsapp", "x", "facebook", "email"],
}


def check_settings(pelican) -> None:
    settings = pelican.settings
    fill_defaults(settings, DEFAULTS)
    unknown = [key for key in settings["SHARE_NETWORKS"] if key not in NETWORKS]
    if unknown:
        raise SettingsError(
            f"SHARE_NETWORKS names unknown networks: {', '.join(unknown)}; "
            f"known: {', '.join(NETWORKS)}"
        )
    unknown = [key for key in settings["SHARE_PRIMARY"] if key not in NETWORKS]
    if unknown:
        raise SettingsError(
            f"settings: SHARE_PRIMARY names unknown networks: {', '.join(unknown)}; "
            f"known: {', '.join(NETWORKS)}"
        )
    bad = [tag for tag in settings["SHARE_HASHTAGS"] if not str(tag).isalnum()]
    if bad:
        raise SettingsError(f"SHARE_HASHTAGS must be words without '#' or spaces: {', '.join(bad)}")


def shareable(content, settings: dict) -> Shareable:
    return Shareable(
        title=content.title,
        text=getattr(content, "share_text", None) or content.title,
        url=public_url(settings, content.url),
        hashtags=tuple(settings["SHARE_HASHTAGS"]),
        facts=tuple(fact.text for fact in getattr(content, "facts", ())),
        site_url=settings["SITEURL"],
    )


def share_links(item: Shareable, networks: list[str]) -> list[dict]:
    """``[{network, label, url}]`` in the configured order."""
    return [
        {"network": key, "label": NETWORKS[key].label, "url": NETWORKS[key].link(item)}
        for key in networks
    ]


def set_share_links(article, settings: dict) -> None:
    item, networks = shareable(article, settings), tuple(settings["SHARE_NETWORKS"])
    article.share_links = memo.cached(
        "share-links", CODE, (item, networks), partial(share_links, item, networks)
    )
    article.share_url = public_url(settings, article.url)


def add_share_links(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    for article in [*articles.articles, *articles.hidden_articles, *articles.drafts]:
        set_share_links(article, articles.settings)


class MastodonPageGenerator(Generator):
    """The page that asks a reader for their Mastodon server and sends them there."""

    def generate_output(self, writer) -> None:
        if "mastodon" in self.settings["SHARE_NETWORKS"]:
            writer.write_file(
                "share/mastodon/index.html",
                self.get_template("share_mastodon"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
            )


def mastodon_page(pelican):
    return MastodonPageGenerator


def register():
    # Settings are checked before anything is read.
    signals.initialized.connect(check_settings)
    # Share links need each post's final address, pinned by the posts plugin in
    # this same signal (posts is listed before share in PLUGINS, so runs first).
    signals.all_generators_finalized.connect(add_share_links)
    # A post previewed alone by livereload (incremental/preview.py) gets its links again.
    post_previewed.connect(set_share_links)
    # The Mastodon helper page is an output file of its own.
    signals.get_generators.connect(mastodon_page)
