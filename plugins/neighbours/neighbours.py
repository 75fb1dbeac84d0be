"""Newer and older post links: each published post knows its neighbours in the listing."""

from __future__ import annotations

from pelican import signals


def link_neighbours(articles: list) -> None:
    """``articles`` newest first, as the home page lists them."""
    for index, article in enumerate(articles):
        article.newer_article = articles[index - 1] if index > 0 else None
        article.older_article = articles[index + 1] if index + 1 < len(articles) else None


def on_articles(generator) -> None:
    link_neighbours(generator.articles)


def register():
    # The listing order is final here (ARTICLE_ORDER_BY applied; drafts excluded).
    signals.article_generator_finalized.connect(on_articles)
